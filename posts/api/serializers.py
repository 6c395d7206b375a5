"""Posts, comments and hashtags as the API shows them, and the write requests.

Output serializers read what the selectors attached (bodies, reactions,
viewer flags) and never query per row. The context carries `viewer` and
`moderated` (board ids the viewer moderates; None for staff), which decide
whether an anonymous author's real name is shown.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from boards.models import Board
from media_uploads.api.serializers import ImageSizesSerializer
from media_uploads.selectors import upload_sizes
from posts.anonymity import pseudonym
from posts.models import Comment, Post, Visibility

EXCERPT_LENGTH = 200
_datetime = serializers.DateTimeField().to_representation


class AuthorSerializer(serializers.Serializer):
    username = serializers.CharField(
        allow_null=True,
        help_text="Null for an anonymous author (unless you are that author "
        "or moderate the board).",
    )
    nickname = serializers.CharField(
        help_text="Name to show; the pseudonym if anonymous."
    )
    avatar_url = serializers.CharField(allow_null=True)
    avatar_thumbnail_url = serializers.CharField(allow_null=True)
    anonymous = serializers.BooleanField()


class BoardRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Board
        fields = ["slug", "name", "icon"]
        read_only_fields = fields


class ReactionsSerializer(serializers.Serializer):
    counts = serializers.DictField(
        child=serializers.IntegerField(), help_text="{emoji: count}, in set order."
    )
    mine = serializers.CharField(allow_null=True, help_text="Your reaction, or null.")


class PostImageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    sizes = ImageSizesSerializer()


def _can_reveal(context: dict, author_id: int, board_id: int) -> bool:
    viewer = context.get("viewer")
    if viewer is not None and viewer.is_authenticated and viewer.pk == author_id:
        return True
    moderated = context.get("moderated", set())
    return moderated is None or board_id in moderated


def author_data(
    context: dict, *, user, anonymous: bool, post_id: int, board_id: int
) -> dict:
    if anonymous:
        revealed = _can_reveal(context, user.pk, board_id)
        return {
            "username": user.username if revealed else None,
            "nickname": pseudonym(post_id=post_id, user_id=user.pk),
            "avatar_url": None,
            "avatar_thumbnail_url": None,
            "anonymous": True,
        }
    return {
        "username": user.username,
        "nickname": user.display_name,
        "avatar_url": user.avatar_url,
        "avatar_thumbnail_url": user.avatar_thumbnail_url,
        "anonymous": False,
    }


class PostSummarySerializer(serializers.ModelSerializer):
    """A post in a list: no body, an excerpt of its text."""

    board = BoardRefSerializer(read_only=True)
    author = serializers.SerializerMethodField()
    hashtags = serializers.SerializerMethodField()
    excerpt = serializers.SerializerMethodField(
        help_text="The start of the Markdown source, as plain text."
    )
    edited = serializers.SerializerMethodField()

    class Meta:
        model = Post
        fields = [
            "id",
            "board",
            "title",
            "excerpt",
            "author",
            "hashtags",
            "comment_count",
            "reaction_count",
            "view_count",
            "pinned",
            "locked",
            "anonymous",
            "edited",
            "created_at",
            "edited_at",
            "last_activity_at",
        ]
        read_only_fields = fields

    def to_representation(self, post: Post) -> dict:
        # Built by hand: DRF's field-by-field walk was a third of a list's time.
        board = post.board
        return {
            "id": post.pk,
            "board": {"slug": board.slug, "name": board.name, "icon": board.icon},
            "title": post.title,
            "excerpt": self.get_excerpt(post),
            "author": self.get_author(post),
            "hashtags": self.get_hashtags(post),
            "comment_count": post.comment_count,
            "reaction_count": post.reaction_count,
            "view_count": post.view_count,
            "pinned": post.pinned,
            "locked": post.locked,
            "anonymous": post.anonymous,
            "edited": post.edited_at is not None,
            "created_at": _datetime(post.created_at),
            "edited_at": _datetime(post.edited_at),
            "last_activity_at": _datetime(post.last_activity_at),
        }

    @extend_schema_field(AuthorSerializer)
    def get_author(self, post: Post) -> dict:
        return author_data(
            self.context,
            user=post.author,
            anonymous=post.anonymous,
            post_id=post.pk,
            board_id=post.board_id,
        )

    def get_hashtags(self, post: Post) -> list[str]:
        names = getattr(post, "hashtag_names", None)
        return names if names is not None else [t.name for t in post.hashtags.all()]

    def get_excerpt(self, post: Post) -> str:
        version = getattr(post, "body_version", None)
        if version is None:
            return ""
        text = " ".join(version.body.split())
        return text[:EXCERPT_LENGTH]

    def get_edited(self, post: Post) -> bool:
        return post.edited_at is not None


class PostDetailSerializer(PostSummarySerializer):
    """One post with its body, images, reactions and your bookmark/follow state."""

    body = serializers.SerializerMethodField(help_text="Markdown source.")
    body_html = serializers.SerializerMethodField(help_text="Sanitised HTML.")
    images = serializers.SerializerMethodField()
    reactions = serializers.SerializerMethodField()
    is_bookmarked = serializers.BooleanField(read_only=True)
    is_following = serializers.BooleanField(read_only=True)
    is_hidden = serializers.SerializerMethodField(
        help_text="Hidden by a moderator (only moderators see such a post)."
    )
    can_edit = serializers.SerializerMethodField()

    class Meta(PostSummarySerializer.Meta):
        fields = [
            *PostSummarySerializer.Meta.fields,
            "body",
            "body_html",
            "images",
            "reactions",
            "is_bookmarked",
            "is_following",
            "is_hidden",
            "can_edit",
        ]
        read_only_fields = fields

    def to_representation(self, post: Post) -> dict:
        data = super().to_representation(post)
        data.update(
            body=self.get_body(post),
            body_html=self.get_body_html(post),
            images=self.get_images(post),
            reactions=self.get_reactions(post),
            is_bookmarked=post.is_bookmarked,
            is_following=post.is_following,
            is_hidden=self.get_is_hidden(post),
            can_edit=self.get_can_edit(post),
        )
        return data

    def get_body(self, post: Post) -> str:
        version = getattr(post, "body_version", None)
        return version.body if version else ""

    def get_body_html(self, post: Post) -> str:
        version = getattr(post, "body_version", None)
        return version.body_html if version else ""

    @extend_schema_field(PostImageSerializer(many=True))
    def get_images(self, post: Post) -> list[dict]:
        request = self.context.get("request")
        return [
            {"id": upload.pk, "sizes": upload_sizes(upload=upload, request=request)}
            for upload in post.images.all()
        ]

    @extend_schema_field(ReactionsSerializer)
    def get_reactions(self, post: Post) -> dict:
        return {"counts": post.reaction_counts, "mine": post.viewer_reaction}

    def get_is_hidden(self, post: Post) -> bool:
        return post.status == Visibility.HIDDEN

    def get_can_edit(self, post: Post) -> bool:
        viewer = self.context.get("viewer")
        return bool(viewer and viewer.is_authenticated and viewer.pk == post.author_id)


class BodyVersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="1 is the first version.")
    title = serializers.CharField()
    body = serializers.CharField()
    body_html = serializers.CharField()
    created_at = serializers.DateTimeField()


class CommentSerializer(serializers.ModelSerializer):
    """A comment; a deleted or hidden floor keeps its number and nothing else."""

    status = serializers.SerializerMethodField(
        help_text="`published`, or `removed` for a deleted or hidden floor."
    )
    author = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField()
    body_html = serializers.SerializerMethodField()
    reactions = serializers.SerializerMethodField()
    reaction_count = serializers.SerializerMethodField()
    post_id = serializers.IntegerField(read_only=True)
    parent_id = serializers.IntegerField(read_only=True, allow_null=True)
    can_edit = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = [
            "id",
            "post_id",
            "floor",
            "parent_id",
            "status",
            "author",
            "body",
            "body_html",
            "reaction_count",
            "reactions",
            "reply_count",
            "created_at",
            "edited_at",
            "can_edit",
        ]
        read_only_fields = fields

    def to_representation(self, comment: Comment) -> dict:
        return {
            "id": comment.pk,
            "post_id": comment.post_id,
            "floor": comment.floor,
            "parent_id": comment.parent_id,
            "status": self.get_status(comment),
            "author": self.get_author(comment),
            "body": self.get_body(comment),
            "body_html": self.get_body_html(comment),
            "reaction_count": self.get_reaction_count(comment),
            "reactions": self.get_reactions(comment),
            "reply_count": comment.reply_count,
            "created_at": _datetime(comment.created_at),
            "edited_at": _datetime(comment.edited_at),
            "can_edit": self.get_can_edit(comment),
        }

    def _visible(self, comment: Comment) -> bool:
        return comment.status == Visibility.PUBLISHED

    def get_status(self, comment: Comment) -> str:
        return "published" if self._visible(comment) else "removed"

    @extend_schema_field(AuthorSerializer(allow_null=True))
    def get_author(self, comment: Comment) -> dict | None:
        if not self._visible(comment):
            return None
        return author_data(
            self.context,
            user=comment.author,
            anonymous=comment.anonymous,
            post_id=comment.post_id,
            board_id=self.context["board_id"],
        )

    def get_body(self, comment: Comment) -> str:
        return comment.body if self._visible(comment) else ""

    def get_body_html(self, comment: Comment) -> str:
        return comment.body_html if self._visible(comment) else ""

    def get_reaction_count(self, comment: Comment) -> int:
        return comment.reaction_count if self._visible(comment) else 0

    @extend_schema_field(ReactionsSerializer)
    def get_reactions(self, comment: Comment) -> dict:
        if not self._visible(comment):
            return {"counts": {}, "mine": None}
        return {
            "counts": getattr(comment, "reaction_counts", {}),
            "mine": getattr(comment, "viewer_reaction", None),
        }

    def get_can_edit(self, comment: Comment) -> bool:
        viewer = self.context.get("viewer")
        return bool(
            self._visible(comment)
            and viewer
            and viewer.is_authenticated
            and viewer.pk == comment.author_id
        )


class FloorSerializer(CommentSerializer):
    """A top-level comment with its published replies."""

    replies = serializers.SerializerMethodField()

    class Meta(CommentSerializer.Meta):
        fields = [*CommentSerializer.Meta.fields, "replies"]
        read_only_fields = fields

    def to_representation(self, comment: Comment) -> dict:
        data = super().to_representation(comment)
        data["replies"] = self.get_replies(comment)
        return data

    @extend_schema_field(CommentSerializer(many=True))
    def get_replies(self, comment: Comment) -> list[dict]:
        replies = getattr(comment, "visible_replies", [])
        serializer = CommentSerializer(context=self.context)
        return [serializer.to_representation(reply) for reply in replies]


class HashtagSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="Normalised: case folded, NFKC.")
    post_count = serializers.IntegerField(help_text="Published posts with it.")


# --- requests ------------------------------------------------------------------


class PostCreateSerializer(serializers.Serializer):
    board = serializers.SlugRelatedField(
        slug_field="slug", queryset=Board.objects.all(), help_text="The board's slug."
    )
    title = serializers.CharField(allow_blank=True, trim_whitespace=False)
    body = serializers.CharField(
        allow_blank=True, trim_whitespace=False, help_text="Markdown."
    )
    anonymous = serializers.BooleanField(default=False)
    image_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        default=list,
        help_text="Ids of images you uploaded (POST /api/v1/images).",
    )


class PostEditSerializer(serializers.Serializer):
    title = serializers.CharField(
        allow_blank=True, trim_whitespace=False, required=False
    )
    body = serializers.CharField(
        allow_blank=True, trim_whitespace=False, required=False
    )
    image_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        required=False,
        help_text="The full new list; leave out to keep the images.",
    )


class CommentCreateSerializer(serializers.Serializer):
    body = serializers.CharField(
        allow_blank=True, trim_whitespace=False, help_text="Markdown."
    )
    parent_id = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=2**63 - 1,
        help_text="Reply to this floor (top-level comment).",
    )
    anonymous = serializers.BooleanField(default=False)


class CommentEditSerializer(serializers.Serializer):
    body = serializers.CharField(allow_blank=True, trim_whitespace=False)


class ReactionRequestSerializer(serializers.Serializer):
    emoji = serializers.CharField(help_text="One of the configured emoji.")


class ReportRequestSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, trim_whitespace=False)


class StateSerializer(serializers.Serializer):
    on = serializers.BooleanField()


class PostModerateSerializer(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=["hide", "unhide", "lock", "unlock", "pin", "unpin", "move"]
    )
    board = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Board.objects.all(),
        required=False,
        help_text="Target board of `move`.",
    )


class CommentModerateSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["hide", "unhide"])

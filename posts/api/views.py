"""Posts, comments, reactions, bookmarks, follows, reports and hashtags over the API.

Views are thin: they parse the request, call posts.services / posts.moderation
and render with posts.api.serializers. Refusals are KaigonErrors raised by the
services; the API's exception handler answers them in the one error shape.
Lists are page-numbered (`page`, `page_size` up to 100) and run a fixed
number of queries per page.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import get_language
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from accounts.selectors import user_active_get
from boards.selectors import board_get
from kaigon.pagination import NumberedPagination
from posts import moderation, read_cache, selectors, services
from posts.api.serializers import (
    BodyVersionSerializer,
    CommentCreateSerializer,
    CommentEditSerializer,
    CommentModerateSerializer,
    CommentSerializer,
    FloorSerializer,
    HashtagSerializer,
    PostCreateSerializer,
    PostDetailSerializer,
    PostEditSerializer,
    PostModerateSerializer,
    PostSummarySerializer,
    ReactionRequestSerializer,
    ReportRequestSerializer,
    StateSerializer,
)
from posts.models import Comment, Post
from posts.repository import body_latest


def _viewer(request: Request) -> User | None:
    return request.user if request.user.is_authenticated else None


def forum_context(request: Request, **extra) -> dict:
    viewer = _viewer(request)
    return {
        "request": request,
        "viewer": viewer,
        "moderated": selectors.viewer_moderates(viewer),
        **extra,
    }


def post_detail_data(request: Request, post: Post) -> dict:
    """The post with everything its page shows, for this viewer."""
    viewer = _viewer(request)
    selectors.attach_bodies([post])
    selectors.attach_reactions([post], viewer)
    selectors.attach_viewer_flags([post], viewer)
    return PostDetailSerializer(post, context=forum_context(request)).data


def _answer_name(request: Request) -> str:
    """What a cached answer for signed-out readers is stored under."""
    return f"{request.build_absolute_uri()} {get_language()}"


def _post_for(request: Request, post_id: int, *, details: bool = False) -> Post:
    return selectors.post_get_for_viewer(
        post_id=post_id, viewer=_viewer(request), details=details
    )


# --- lists of posts ------------------------------------------------------------


class KnownCount:
    """A queryset whose length is already known from a maintained counter.

    The paginator asks `count()`; the board's `post_count` (kept equal to a
    recount by the services) answers it without a COUNT query.
    """

    def __init__(self, queryset: QuerySet[Post], count: int) -> None:
        self.queryset = queryset
        self.known_count = count

    def count(self) -> int:
        return self.known_count

    def __len__(self) -> int:
        return self.known_count

    def __getitem__(self, index):
        return self.queryset[index]


class PostListBase(GenericAPIView):
    """A page of posts with their excerpts: bodies in one document query."""

    serializer_class = PostSummarySerializer
    pagination_class = NumberedPagination

    def posts(self) -> QuerySet[Post] | KnownCount:
        """The posts to page through; each list view names its own."""
        raise NotImplementedError

    def get(self, request: Request, *args, **kwargs) -> Response:
        page = self.paginate_queryset(self.posts())
        selectors.attach_bodies(page)
        selectors.attach_hashtags(page)
        data = PostSummarySerializer(page, many=True, context=forum_context(request))
        return self.get_paginated_response(data.data)


SORT_PARAMETER = OpenApiParameter(
    "sort",
    str,
    enum=list(selectors.PostSort.CHOICES),
    description="`activity` (default; latest comment first), `newest`, or "
    "`top_week` (most reactions in the last 7 days). Pinned posts come first.",
)


@extend_schema(tags=["posts"])
class BoardPostListView(PostListBase):
    @extend_schema(
        operation_id="boards_posts_list",
        summary="A board's posts",
        parameters=[SORT_PARAMETER],
        auth=[],
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        if request.user.is_authenticated:
            return super().get(request, *args, **kwargs)
        return Response(
            read_cache.board_read(
                slug=kwargs["slug"],
                answer=_answer_name(request),
                build=lambda: super(BoardPostListView, self).get(request).data,
            )
        )

    def posts(self) -> KnownCount:
        sort = self.request.query_params.get("sort", selectors.PostSort.ACTIVITY)
        if sort not in selectors.PostSort.CHOICES:
            sort = selectors.PostSort.ACTIVITY
        board = board_get(slug=self.kwargs["slug"])
        posts = selectors.post_list(
            viewer=_viewer(self.request), board=board, sort=sort
        )
        return KnownCount(posts, board.post_count)


@extend_schema(tags=["posts"])
class HashtagPostListView(PostListBase):
    @extend_schema(
        operation_id="hashtags_posts_list",
        summary="Posts with a hashtag",
        auth=[],
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    def posts(self) -> QuerySet[Post]:
        hashtag = selectors.hashtag_get(name=self.kwargs["tag"])
        return selectors.post_list(
            viewer=_viewer(self.request),
            hashtag=hashtag,
            sort=selectors.PostSort.NEWEST,
        )


@extend_schema(tags=["posts"])
class UserPostListView(PostListBase):
    @extend_schema(
        operation_id="users_posts_list",
        summary="A member's posts",
        description="Anonymous posts are listed only to their author.",
        auth=[],
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    def posts(self) -> QuerySet[Post]:
        author = user_active_get(username=self.kwargs["username"])
        return selectors.user_post_list(author=author, viewer=_viewer(self.request))


@extend_schema(tags=["posts"])
class BookmarkListView(PostListBase):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="me_bookmarks_list", summary="My bookmarks (收藏)")
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    def posts(self) -> QuerySet[Post]:
        return selectors.bookmark_list(user=self.request.user)


# --- one post ------------------------------------------------------------------


@extend_schema(tags=["posts"])
class PostCreateView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="posts_create",
        summary="Start a post",
        description="Refused with 403 `board_archived`, `board_moderators_only` "
        "or `member_suspended`; 400 with `fields` for an empty or over-long "
        "title or body, an image that is not yours (`image_not_allowed`) or "
        "anonymity where the board does not allow it.",
        request=PostCreateSerializer,
        responses={201: PostDetailSerializer, 403: OpenApiResponse()},
    )
    def post(self, request: Request) -> Response:
        incoming = PostCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        post = services.post_create(author=request.user, **incoming.validated_data)
        post = _post_for(request, post.pk, details=True)
        return Response(post_detail_data(request, post), status=status.HTTP_201_CREATED)


@extend_schema(tags=["posts"])
class PostDetailView(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(
        operation_id="posts_retrieve",
        summary="One post, with its body",
        responses={200: PostDetailSerializer},
    )
    def get(self, request: Request, post_id: int) -> Response:
        if request.user.is_authenticated:
            post = _post_for(request, post_id, details=True)
            services.post_view_record(post=post)
            return Response(post_detail_data(request, post))

        built = []

        def build() -> dict:
            post = _post_for(request, post_id, details=True)
            services.post_view_record(post=post)
            built.append(post)
            return post_detail_data(request, post)

        data = read_cache.post_read(
            post_id=post_id, answer=_answer_name(request), build=build
        )
        if not built:  # served from the cache: the view still counts
            services.post_view_record(post=Post(pk=post_id))
        return Response(data)

    @extend_schema(
        operation_id="posts_partial_update",
        summary="Edit my post",
        description="Each edit keeps the previous version (see `history`).",
        request=PostEditSerializer,
        responses={200: PostDetailSerializer, 403: OpenApiResponse()},
    )
    def patch(self, request: Request, post_id: int) -> Response:
        post = _post_for(request, post_id)
        incoming = PostEditSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        changes = incoming.validated_data
        if "title" not in changes or "body" not in changes:
            current = body_latest(post_id=post.pk)
            changes.setdefault("title", post.title)
            changes.setdefault("body", current.body if current else "")
        services.post_edit(
            post=post,
            editor=request.user,
            title=changes["title"],
            body=changes["body"],
            image_ids=changes.get("image_ids"),
        )
        return Response(
            post_detail_data(request, _post_for(request, post_id, details=True))
        )

    @extend_schema(
        operation_id="posts_destroy",
        summary="Delete my post",
        responses={204: None, 403: OpenApiResponse()},
    )
    def delete(self, request: Request, post_id: int) -> Response:
        services.post_delete(post=_post_for(request, post_id), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["posts"])
class PostHistoryView(APIView):
    @extend_schema(
        operation_id="posts_history",
        summary="Every version of a post, newest first",
        responses={200: BodyVersionSerializer(many=True)},
        auth=[],
    )
    def get(self, request: Request, post_id: int) -> Response:
        post = _post_for(request, post_id)
        versions = selectors.post_history(post=post)
        return Response(
            BodyVersionSerializer(
                [version.__dict__ for version in versions], many=True
            ).data
        )


def _reaction_response(request: Request, target: Post | Comment) -> Response:
    [target] = selectors.attach_reactions([target], _viewer(request))
    target.refresh_from_db(fields=["reaction_count"])
    return Response(
        {
            "reaction_count": target.reaction_count,
            "counts": target.reaction_counts,
            "mine": target.viewer_reaction,
        }
    )


REACTION_RESPONSE = {
    200: OpenApiResponse(
        description="`{reaction_count, counts: {emoji: n}, mine}` after the change."
    )
}


class ReactionViewBase(APIView):
    permission_classes = [IsAuthenticated]

    def target(self, request: Request, pk: int) -> Post | Comment:
        """The post or comment being reacted to; each subclass finds its own."""
        raise NotImplementedError

    def put(self, request: Request, pk: int) -> Response:
        incoming = ReactionRequestSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        target = self.target(request, pk)
        services.reaction_set(
            user=request.user, target=target, emoji=incoming.validated_data["emoji"]
        )
        return _reaction_response(request, target)

    def delete(self, request: Request, pk: int) -> Response:
        target = self.target(request, pk)
        services.reaction_remove(user=request.user, target=target)
        return _reaction_response(request, target)


@extend_schema(
    tags=["posts"], request=ReactionRequestSerializer, responses=REACTION_RESPONSE
)
class PostReactionView(ReactionViewBase):
    def target(self, request: Request, pk: int) -> Post:
        return _post_for(request, pk)

    @extend_schema(operation_id="posts_reaction_set", summary="React to a post")
    def put(self, request: Request, pk: int) -> Response:
        return super().put(request, pk)

    @extend_schema(
        operation_id="posts_reaction_remove",
        summary="Take my reaction back",
        request=None,
    )
    def delete(self, request: Request, pk: int) -> Response:
        return super().delete(request, pk)


@extend_schema(
    tags=["comments"], request=ReactionRequestSerializer, responses=REACTION_RESPONSE
)
class CommentReactionView(ReactionViewBase):
    def target(self, request: Request, pk: int) -> Comment:
        return selectors.comment_get_for_viewer(comment_id=pk, viewer=_viewer(request))

    @extend_schema(operation_id="comments_reaction_set", summary="React to a comment")
    def put(self, request: Request, pk: int) -> Response:
        return super().put(request, pk)

    @extend_schema(
        operation_id="comments_reaction_remove",
        summary="Take my reaction back",
        request=None,
    )
    def delete(self, request: Request, pk: int) -> Response:
        return super().delete(request, pk)


class PostStateViewBase(APIView):
    """PUT turns a per-member switch on, DELETE turns it off."""

    permission_classes = [IsAuthenticated]
    service = staticmethod(services.bookmark_set)

    def put(self, request: Request, pk: int) -> Response:
        on = self.service(user=request.user, post=_post_for(request, pk), on=True)
        return Response({"on": on})

    def delete(self, request: Request, pk: int) -> Response:
        on = self.service(user=request.user, post=_post_for(request, pk), on=False)
        return Response({"on": on})


@extend_schema(tags=["posts"], request=None, responses={200: StateSerializer})
class PostBookmarkView(PostStateViewBase):
    service = staticmethod(services.bookmark_set)

    @extend_schema(operation_id="posts_bookmark_set", summary="Bookmark (收藏) a post")
    def put(self, request: Request, pk: int) -> Response:
        return super().put(request, pk)

    @extend_schema(operation_id="posts_bookmark_remove", summary="Drop the bookmark")
    def delete(self, request: Request, pk: int) -> Response:
        return super().delete(request, pk)


@extend_schema(tags=["posts"], request=None, responses={200: StateSerializer})
class PostFollowView(PostStateViewBase):
    service = staticmethod(services.post_follow_set)

    @extend_schema(operation_id="posts_follow_set", summary="Follow (追蹤) a post")
    def put(self, request: Request, pk: int) -> Response:
        return super().put(request, pk)

    @extend_schema(operation_id="posts_follow_remove", summary="Stop following")
    def delete(self, request: Request, pk: int) -> Response:
        return super().delete(request, pk)


REPORT_RESPONSE = {201: OpenApiResponse(description="`{id, status}` of the report.")}


@extend_schema(tags=["posts"])
class PostReportView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="posts_report",
        summary="Report (檢舉) a post to the moderators",
        request=ReportRequestSerializer,
        responses=REPORT_RESPONSE,
    )
    def post(self, request: Request, pk: int) -> Response:
        incoming = ReportRequestSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        report = moderation.report_create(
            reporter=request.user,
            target=_post_for(request, pk),
            reason=incoming.validated_data["reason"],
        )
        return Response(
            {"id": report.pk, "status": report.status}, status=status.HTTP_201_CREATED
        )


@extend_schema(tags=["comments"])
class CommentReportView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="comments_report",
        summary="Report (檢舉) a comment to the moderators",
        request=ReportRequestSerializer,
        responses=REPORT_RESPONSE,
    )
    def post(self, request: Request, pk: int) -> Response:
        incoming = ReportRequestSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        comment = selectors.comment_get_for_viewer(
            comment_id=pk, viewer=_viewer(request)
        )
        report = moderation.report_create(
            reporter=request.user,
            target=comment,
            reason=incoming.validated_data["reason"],
        )
        return Response(
            {"id": report.pk, "status": report.status}, status=status.HTTP_201_CREATED
        )


@extend_schema(tags=["moderation"])
class PostModerateView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="posts_moderate",
        summary="Hide, lock, pin or move a post (board moderators)",
        request=PostModerateSerializer,
        responses={200: PostDetailSerializer, 403: OpenApiResponse()},
    )
    def post(self, request: Request, pk: int) -> Response:
        incoming = PostModerateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        moderation.post_moderate(
            post=_post_for(request, pk),
            moderator=request.user,
            action=incoming.validated_data["action"],
            to_board=incoming.validated_data.get("board"),
        )
        return Response(post_detail_data(request, _post_for(request, pk, details=True)))


@extend_schema(tags=["moderation"])
class CommentModerateView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="comments_moderate",
        summary="Hide or unhide a comment (board moderators)",
        request=CommentModerateSerializer,
        responses={
            200: OpenApiResponse(description="`{status}`"),
            403: OpenApiResponse(),
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        incoming = CommentModerateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        comment = moderation.comment_moderate(
            comment=selectors.comment_get(comment_id=pk),
            moderator=request.user,
            action=incoming.validated_data["action"],
        )
        return Response({"status": comment.status})


# --- comments ------------------------------------------------------------------


def _comment_data(request: Request, comment: Comment) -> dict:
    selectors.attach_reactions([comment], _viewer(request))
    context = forum_context(request, board_id=comment.post.board_id)
    return CommentSerializer(comment, context=context).data


@extend_schema(tags=["comments"])
class PostCommentListView(GenericAPIView):
    serializer_class = FloorSerializer
    pagination_class = NumberedPagination
    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(
        operation_id="posts_comments_list",
        summary="A post's floors with their replies",
        description="Floors in order, B1 first; a deleted or hidden floor "
        "stays in place with `status: removed` and no author or text.",
        auth=[],
    )
    def get(self, request: Request, post_id: int) -> Response:
        if request.user.is_authenticated:
            return self.floors_page(request, post_id)
        return Response(
            read_cache.post_read(
                post_id=post_id,
                answer=_answer_name(request),
                build=lambda: self.floors_page(request, post_id).data,
            )
        )

    def floors_page(self, request: Request, post_id: int) -> Response:
        post = _post_for(request, post_id)
        viewer = _viewer(request)
        floors = self.paginate_queryset(selectors.comment_list(post=post))
        selectors.attach_reactions(floors, viewer)
        selectors.attach_replies(floors, viewer)
        context = forum_context(request, board_id=post.board_id)
        data = FloorSerializer(floors, many=True, context=context).data
        return self.get_paginated_response(data)

    @extend_schema(
        operation_id="posts_comments_create",
        summary="Comment on a post, or reply to a floor",
        description="409 `post_locked` on a locked post; 400 `reply_too_deep` "
        "for a reply to a reply.",
        request=CommentCreateSerializer,
        responses={201: CommentSerializer, 403: OpenApiResponse()},
    )
    def post(self, request: Request, post_id: int) -> Response:
        incoming = CommentCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        post = _post_for(request, post_id)
        parent_id = incoming.validated_data.get("parent_id")
        parent = (
            selectors.comment_get(comment_id=parent_id, post=post)
            if parent_id is not None
            else None
        )
        comment = services.comment_create(
            post=post,
            author=request.user,
            body=incoming.validated_data["body"],
            parent=parent,
            anonymous=incoming.validated_data["anonymous"],
        )
        return Response(_comment_data(request, comment), status=status.HTTP_201_CREATED)


@extend_schema(tags=["comments"])
class CommentDetailView(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    def _comment(self, request: Request, pk: int) -> Comment:
        return selectors.comment_get_for_viewer(comment_id=pk, viewer=_viewer(request))

    @extend_schema(
        operation_id="comments_retrieve",
        summary="One comment",
        responses={200: CommentSerializer},
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(_comment_data(request, self._comment(request, pk)))

    @extend_schema(
        operation_id="comments_partial_update",
        summary="Edit my comment",
        request=CommentEditSerializer,
        responses={200: CommentSerializer, 403: OpenApiResponse()},
    )
    def patch(self, request: Request, pk: int) -> Response:
        incoming = CommentEditSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        comment = services.comment_edit(
            comment=self._comment(request, pk),
            editor=request.user,
            body=incoming.validated_data["body"],
        )
        return Response(_comment_data(request, comment))

    @extend_schema(
        operation_id="comments_destroy",
        summary="Delete my comment",
        responses={204: None, 403: OpenApiResponse()},
    )
    def delete(self, request: Request, pk: int) -> Response:
        services.comment_delete(comment=self._comment(request, pk), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- hashtags --------------------------------------------------------------------


@extend_schema(tags=["posts"])
class HashtagAutocompleteView(APIView):
    @extend_schema(
        operation_id="hashtags_list",
        summary="Hashtags starting with a prefix",
        parameters=[
            OpenApiParameter(
                "prefix", str, required=True, description="With or without `#`."
            )
        ],
        responses={200: HashtagSerializer(many=True)},
        auth=[],
    )
    def get(self, request: Request) -> Response:
        tags = selectors.hashtag_autocomplete(
            prefix=request.query_params.get("prefix", "")
        )
        return Response(HashtagSerializer(tags, many=True).data)

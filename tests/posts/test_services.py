from datetime import timedelta

import pytest
from django.utils import timezone

from boards.exceptions import BoardArchived, BoardPostingRestricted
from boards.models import Board, PostingRule
from kaigon.docstore import POST_BODIES, get_docstore
from kaigon.errors import PermissionDenied
from media_uploads.services import upload_create
from posts import moderation, repository, selectors, services
from posts.exceptions import (
    AnonymousNotAllowed,
    CommentNotFound,
    ForumInvalid,
    ImageNotAllowed,
    MemberSuspended,
    NotAuthor,
    NotModerator,
    PostLocked,
    PostNotFound,
    ReactionNotAllowed,
    ReplyTooDeep,
)
from posts.models import (
    Comment,
    Hashtag,
    ModerationLog,
    Post,
    PostFollow,
    PostReaction,
    Report,
    ReportResolution,
    Suspension,
    Visibility,
)
from tests.boards.factories import BoardFactory
from tests.factories import UserFactory
from tests.media_uploads.files import png, upload_file
from tests.posts.factories import make_comment, make_post

pytestmark = pytest.mark.django_db


def body_versions(post: Post) -> int:
    return len(get_docstore().collection(POST_BODIES).range(str(post.pk)))


def assert_nothing_stored() -> None:
    assert Post.objects.count() == 0
    assert Hashtag.objects.count() == 0
    assert PostFollow.objects.count() == 0


def make_upload(owner):
    return upload_create(owner=owner, file=upload_file(png(), "a.png", "image/png"))


# --- posts ---------------------------------------------------------------------


def test_post_create_stores_body_hashtags_follow_and_counts(user, board):
    post = services.post_create(
        author=user,
        board=board,
        title="Lunch #台北美食",
        body="Try **this** #Django and #DJANGO and #ＣＡＦÉ",
    )

    body = repository.body_latest(post_id=post.pk)
    assert body.body == "Try **this** #Django and #DJANGO and #ＣＡＦÉ"
    assert "<strong>this</strong>" in body.body_html
    assert sorted(post.hashtags.values_list("name", flat=True)) == sorted(
        ["台北美食", "django", "café"]
    )
    assert PostFollow.objects.filter(user=user, post=post).exists()
    board.refresh_from_db()
    assert board.post_count == 1
    assert board.last_activity_at is not None


@pytest.mark.parametrize(
    ("title", "body", "field"),
    [
        ("", "body", "title"),
        ("   ", "body", "title"),
        ("x" * 151, "body", "title"),
        ("Title", "", "body"),
        ("Title", "y" * 20001, "body"),
    ],
)
def test_post_create_refuses_bad_input_and_stores_nothing(
    user, board, title, body, field
):
    with pytest.raises(ForumInvalid) as caught:
        services.post_create(author=user, board=board, title=title, body=body)

    assert field in caught.value.fields
    assert caught.value.status == 400
    assert_nothing_stored()


def test_post_create_refuses_an_image_of_someone_else(user, other_user, board):
    theirs = make_upload(other_user)

    with pytest.raises(ImageNotAllowed) as caught:
        services.post_create(
            author=user, board=board, title="T", body="B", image_ids=[theirs.pk]
        )

    assert "image_ids" in caught.value.fields
    assert_nothing_stored()
    theirs.refresh_from_db()
    assert not theirs.is_attached


def test_post_create_attaches_own_images(user, board):
    mine = make_upload(user)

    post = services.post_create(
        author=user, board=board, title="T", body="B", image_ids=[str(mine.pk)]
    )

    assert list(post.images.all()) == [mine]
    mine.refresh_from_db()
    assert mine.is_attached


def test_posting_to_an_archived_board_is_refused(user):
    board = BoardFactory(archived=True)
    with pytest.raises(BoardArchived):
        make_post(author=user, board=board)
    assert_nothing_stored()


def test_only_moderators_post_on_a_moderators_only_board(user, moderator, board):
    board.posting_rule = PostingRule.MODERATORS
    board.save()

    with pytest.raises(BoardPostingRestricted):
        make_post(author=user, board=board)
    assert_nothing_stored()
    make_post(author=moderator, board=board)


def test_anonymous_post_needs_a_board_that_allows_it(user, board):
    with pytest.raises(AnonymousNotAllowed):
        make_post(author=user, board=board, anonymous=True)
    board.anonymous_allowed = True
    board.save()
    assert make_post(author=user, board=board, anonymous=True).anonymous


def test_edit_keeps_every_version_and_updates_hashtags(user, post):
    services.post_edit(post=post, editor=user, title="Better", body="New #Python")

    history = selectors.post_history(post=post)
    assert [version.body for version in history] == ["New #Python", "Hi #Django"]
    assert [version.title for version in history] == ["Better", "First post"]
    post.refresh_from_db()
    assert post.edited_at is not None
    assert list(post.hashtags.values_list("name", flat=True)) == ["python"]


def test_non_author_cannot_edit_or_delete(post, other_user, moderator):
    for actor in (other_user, moderator):
        with pytest.raises(NotAuthor):
            services.post_edit(post=post, editor=actor, title="Mine", body="now")
        with pytest.raises(NotAuthor):
            services.post_delete(post=post, actor=actor)
    post.refresh_from_db()
    assert post.title == "First post"
    assert post.status == Visibility.PUBLISHED
    assert body_versions(post) == 1


def test_delete_removes_the_post_from_lists_and_counts(user, board, post):
    services.post_delete(post=post, actor=user)

    assert list(selectors.post_list(board=board)) == []
    with pytest.raises(PostNotFound):
        selectors.post_get_for_viewer(post_id=post.pk, viewer=user)
    board.refresh_from_db()
    assert board.post_count == 0
    assert selectors.hashtag_autocomplete(prefix="dj") == []


# --- suspension ------------------------------------------------------------------


def test_suspended_member_cannot_post_comment_or_react_and_is_told_why(
    user, other_user, board
):
    post = make_post(author=other_user, board=board)
    Suspension.objects.create(
        user=user, until=timezone.now() + timedelta(days=3), reason="spam links"
    )
    attempts = [
        lambda: make_post(author=user, board=board),
        lambda: make_comment(post=post, author=user),
        lambda: services.reaction_set(user=user, target=post, emoji="👍"),
    ]
    for attempt in attempts:
        with pytest.raises(MemberSuspended) as caught:
            attempt()
        assert "spam links" in caught.value.message
        assert caught.value.status == 403
    assert Post.objects.count() == 1
    assert Comment.objects.count() == 0
    assert PostReaction.objects.count() == 0


def test_an_expired_suspension_no_longer_applies(user, board):
    Suspension.objects.create(
        user=user, until=timezone.now() - timedelta(minutes=1), reason="old"
    )
    make_post(author=user, board=board)


# --- comments ------------------------------------------------------------------


def test_floors_never_renumber_after_a_delete(post, other_user):
    first = make_comment(post=post, author=other_user)
    second = make_comment(post=post, author=other_user)
    services.comment_delete(comment=second, actor=other_user)
    third = make_comment(post=post, author=other_user)

    assert (first.floor, second.floor, third.floor) == (1, 2, 3)
    post.refresh_from_db()
    assert post.comment_count == 2
    floors = list(selectors.comment_list(post=post))
    assert [floor.floor for floor in floors] == [1, 2, 3]
    assert floors[1].status == Visibility.DELETED


def test_replies_are_one_level_deep(post, other_user, user):
    floor = make_comment(post=post, author=other_user)
    reply = make_comment(post=post, author=user, parent=floor)

    assert reply.floor is None
    floor.refresh_from_db()
    assert floor.reply_count == 1
    with pytest.raises(ReplyTooDeep) as caught:
        make_comment(post=post, author=other_user, parent=reply)
    assert "parent" in caught.value.fields
    assert Comment.objects.count() == 2


def test_reply_to_a_comment_of_another_post_is_refused(user, board, post):
    elsewhere = make_comment(post=make_post(board=board))
    with pytest.raises(CommentNotFound):
        make_comment(post=post, parent=elsewhere)


@pytest.mark.parametrize("body", ["", "   ", "z" * 5001])
def test_bad_comment_body_is_refused(post, body):
    with pytest.raises(ForumInvalid):
        make_comment(post=post, body=body)
    assert Comment.objects.count() == 0


def test_locked_post_takes_no_comments_except_from_moderators(
    post, other_user, moderator
):
    moderation.post_moderate(post=post, moderator=moderator, action="lock")

    with pytest.raises(PostLocked) as caught:
        make_comment(post=post, author=other_user)
    assert caught.value.status == 409
    assert Comment.objects.count() == 0
    make_comment(post=post, author=moderator)


def test_comment_on_an_archived_boards_post_is_refused(post, board, other_user):
    Board.objects.filter(pk=board.pk).update(archived=True)
    post.refresh_from_db()
    with pytest.raises(BoardArchived):
        make_comment(post=post, author=other_user)


def test_only_the_author_edits_or_deletes_a_comment(post, user, other_user):
    comment = make_comment(post=post, author=other_user, body="first")
    with pytest.raises(NotAuthor):
        services.comment_edit(comment=comment, editor=user, body="hacked")
    with pytest.raises(NotAuthor):
        services.comment_delete(comment=comment, actor=user)

    services.comment_edit(comment=comment, editor=other_user, body="second *try*")
    comment.refresh_from_db()
    assert comment.body == "second *try*"
    assert "<em>try</em>" in comment.body_html
    assert comment.edited_at is not None


def test_anonymous_author_keeps_the_pseudonym_in_their_thread(user, other_user):
    board = BoardFactory(anonymous_allowed=True)
    post = make_post(author=user, board=board, anonymous=True)

    own = make_comment(post=post, author=user)
    theirs = make_comment(post=post, author=other_user)

    assert own.anonymous
    assert not theirs.anonymous


# --- reactions -------------------------------------------------------------------


def test_one_reaction_per_member_changeable_and_removable(post, other_user, user):
    services.reaction_set(user=other_user, target=post, emoji="👍")
    services.reaction_set(user=other_user, target=post, emoji="❤️")
    services.reaction_set(user=user, target=post, emoji="❤️")

    post.refresh_from_db()
    assert post.reaction_count == 2
    [summary] = selectors.attach_reactions([post], other_user)
    assert summary.reaction_counts == {"❤️": 2}
    assert summary.viewer_reaction == "❤️"

    assert services.reaction_remove(user=other_user, target=post)
    assert not services.reaction_remove(user=other_user, target=post)
    post.refresh_from_db()
    assert post.reaction_count == 1


def test_reaction_outside_the_set_is_refused(post, other_user, settings):
    settings.KAIGON_REACTION_EMOJI = ["👍"]
    with pytest.raises(ReactionNotAllowed) as caught:
        services.reaction_set(user=other_user, target=post, emoji="❤️")
    assert "emoji" in caught.value.fields
    assert PostReaction.objects.count() == 0


def test_reaction_on_a_comment(post, user, other_user):
    comment = make_comment(post=post, author=other_user)
    services.reaction_set(user=user, target=comment, emoji="😂")
    comment.refresh_from_db()
    assert comment.reaction_count == 1


def test_no_reaction_on_hidden_content(post, moderator, other_user):
    moderation.post_moderate(post=post, moderator=moderator, action="hide")
    with pytest.raises(PostNotFound):
        services.reaction_set(user=other_user, target=post, emoji="👍")


# --- bookmarks, follows, reports, moderation -----------------------------------


def test_bookmarks_list_only_visible_posts(user, other_user, board, moderator):
    kept = make_post(author=other_user, board=board)
    hidden = make_post(author=other_user, board=board)
    services.bookmark_set(user=user, post=kept, on=True)
    services.bookmark_set(user=user, post=hidden, on=True)
    moderation.post_moderate(post=hidden, moderator=moderator, action="hide")

    assert list(selectors.bookmark_list(user=user)) == [kept]
    services.bookmark_set(user=user, post=kept, on=False)
    assert list(selectors.bookmark_list(user=user)) == []


def test_only_moderators_moderate(post, other_user):
    for action in ("hide", "lock", "pin"):
        with pytest.raises(NotModerator):
            moderation.post_moderate(post=post, moderator=other_user, action=action)
    assert ModerationLog.objects.count() == 0


def test_moderation_actions_are_logged_and_counted(post, board, moderator):
    moderation.post_moderate(post=post, moderator=moderator, action="pin")
    moderation.post_moderate(post=post, moderator=moderator, action="hide")
    board.refresh_from_db()
    assert board.post_count == 0
    moderation.post_moderate(post=post, moderator=moderator, action="unhide")
    board.refresh_from_db()
    assert board.post_count == 1
    assert list(
        ModerationLog.objects.order_by("pk").values_list("action", flat=True)
    ) == ["pin", "hide", "unhide"]


def test_move_keeps_both_boards_counts(post, board, moderator):
    other_board = BoardFactory()
    other_board.moderators.add(moderator)
    moderation.post_moderate(
        post=post, moderator=moderator, action="move", to_board=other_board
    )
    board.refresh_from_db()
    other_board.refresh_from_db()
    assert (board.post_count, other_board.post_count) == (0, 1)
    assert list(selectors.post_list(board=other_board)) == [post]


def test_report_resolved_by_hiding_hides_the_comment(post, user, other_user, moderator):
    comment = make_comment(post=post, author=other_user, body="rude")
    report = moderation.report_create(reporter=user, target=comment, reason="rude")
    again = moderation.report_create(reporter=user, target=comment, reason="rude!")
    assert again == report

    with pytest.raises(NotModerator):
        moderation.report_resolve(
            report=report, moderator=other_user, resolution=ReportResolution.HIDDEN
        )
    moderation.report_resolve(
        report=report, moderator=moderator, resolution=ReportResolution.HIDDEN
    )

    comment.refresh_from_db()
    assert comment.status == Visibility.HIDDEN
    post.refresh_from_db()
    assert post.comment_count == 0
    report.refresh_from_db()
    assert (report.status, report.resolution) == ("resolved", "hidden")
    assert ModerationLog.objects.get().report == report


def test_report_needs_a_reason(post, user):
    with pytest.raises(ForumInvalid):
        moderation.report_create(reporter=user, target=post, reason="  ")
    assert Report.objects.count() == 0


def test_hashtags_of_hidden_posts_do_not_show(user, board, moderator):
    post = make_post(author=user, board=board, body="#secretstuff")
    assert [tag.name for tag in selectors.hashtag_autocomplete(prefix="Secret")] == [
        "secretstuff"
    ]
    moderation.post_moderate(post=post, moderator=moderator, action="hide")
    assert selectors.hashtag_autocomplete(prefix="secret") == []


def test_profile_never_lists_anonymous_posts_to_others(user, other_user):
    board = BoardFactory(anonymous_allowed=True)
    named = make_post(author=user, board=board)
    hidden_name = make_post(author=user, board=board, anonymous=True)

    assert list(selectors.user_post_list(author=user, viewer=other_user)) == [named]
    assert set(selectors.user_post_list(author=user, viewer=user)) == {
        named,
        hidden_name,
    }
    assert list(selectors.user_post_list(author=user, viewer=None)) == [named]


def test_member_suspend_is_for_staff(user, other_user):
    until = timezone.now() + timedelta(days=1)
    with pytest.raises(PermissionDenied):
        moderation.member_suspend(user=user, until=until, reason="x", actor=other_user)
    staff = UserFactory(is_staff=True)
    moderation.member_suspend(user=user, until=until, reason="flood", actor=staff)
    assert selectors.suspension_active(user=user).reason == "flood"

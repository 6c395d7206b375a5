"""Writing pages and actions: each works as a plain form and through htmx."""

import pytest

from boards.models import BoardSubscription, PostingRule
from media_uploads import services as upload_services
from posts import moderation
from posts.models import Bookmark, Comment, Post, PostFollow, PostReaction, Report
from tests.boards.factories import BoardFactory
from tests.factories import UserFactory
from tests.forum_pages.conftest import client_for
from tests.media_uploads import files
from tests.posts.factories import make_comment, make_post

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def make_upload(*, owner):
    data = files.upload_file(files.jpeg(), "a.jpg", "image/jpeg")
    return upload_services.upload_create(owner=owner, file=data)


def test_new_post_is_stored_and_opens(member_client, other_user, board):
    response = member_client.post(
        "/b/talk/new/", {"title": "Hello there", "body": "Text with #Tag"}
    )

    post = Post.objects.get(title="Hello there")
    assert response.status_code == 302
    assert response["Location"] == f"/p/{post.pk}/"
    assert post.author == other_user
    assert list(post.hashtags.values_list("name", flat=True)) == ["tag"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "", "body": "text"}, "This field is required."),
        ({"title": "x" * 151, "body": "text"}, "at most 150 characters"),
        ({"title": "Title", "body": "   "}, "This field is required."),
        ({"title": "Title", "body": "x" * 20001}, "at most 20000 characters"),
        ({"title": "Title", "body": "b", "image_ids": "1,x"}, "images are invalid"),
    ],
)
def test_bad_post_input_shows_errors_and_stores_nothing(
    member_client, board, data, message
):
    response = member_client.post("/b/talk/new/", data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Post.objects.exists()


def test_someone_elses_image_is_refused_on_the_form(member_client, board, user):
    upload = make_upload(owner=user)

    response = member_client.post(
        "/b/talk/new/", {"title": "T", "body": "b", "image_ids": str(upload.pk)}
    )

    assert response.status_code == 400
    assert "is not one you uploaded" in response.content.decode()
    assert not Post.objects.exists()


def test_own_image_is_attached_and_shown(member_client, other_user, board):
    upload = make_upload(owner=other_user)

    member_client.post(
        "/b/talk/new/", {"title": "Pic", "body": "b", "image_ids": str(upload.pk)}
    )
    post = Post.objects.get()
    page = member_client.get(f"/p/{post.pk}/").content.decode()

    assert list(post.images.all()) == [upload]
    assert 'class="post-images"' in page


@pytest.mark.parametrize("rule", ["archived", "moderators"])
def test_closed_board_refuses_new_posts(member_client, board, rule):
    if rule == "archived":
        board.archived = True
    else:
        board.posting_rule = PostingRule.MODERATORS
    board.save()

    page = member_client.get("/b/talk/new/").content.decode()
    response = member_client.post("/b/talk/new/", {"title": "T", "body": "b"})

    assert "<textarea" not in page
    assert response.status_code == 403
    assert not Post.objects.exists()


def test_new_post_needs_login(client, board):
    response = client.post("/b/talk/new/", {"title": "T", "body": "b"})
    assert response.status_code == 302 and "/login" in response["Location"]
    assert not Post.objects.exists()


def test_anonymous_choice_only_where_allowed(member_client, board):
    assert 'name="anonymous"' not in member_client.get("/b/talk/new/").content.decode()
    board.anonymous_allowed = True
    board.save()
    assert 'name="anonymous"' in member_client.get("/b/talk/new/").content.decode()


def test_author_edits_and_others_cannot(author_client, member_client, post):
    assert member_client.get(f"/p/{post.pk}/edit/").status_code == 403
    refused = member_client.post(
        f"/p/{post.pk}/edit/", {"title": "Hacked", "body": "x"}
    )
    assert refused.status_code == 403

    form = author_client.get(f"/p/{post.pk}/edit/").content.decode()
    assert "Hi #Django" in form
    author_client.post(f"/p/{post.pk}/edit/", {"title": "Better", "body": "New"})
    post.refresh_from_db()
    assert post.title == "Better" and post.edited_at is not None


def test_delete_asks_first_then_deletes(author_client, post):
    confirm = author_client.get(f"/p/{post.pk}/delete/")
    assert "Delete this post?" in confirm.content.decode()
    post.refresh_from_db()
    assert post.is_visible

    response = author_client.post(f"/p/{post.pk}/delete/")

    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == "deleted"
    assert author_client.get(f"/p/{post.pk}/").status_code == 404


def test_others_cannot_delete(member_client, post):
    assert member_client.get(f"/p/{post.pk}/delete/").status_code == 403
    response = member_client.post(f"/p/{post.pk}/delete/", follow=True)
    post.refresh_from_db()
    assert post.is_visible
    assert "Only the author can do that." in response.content.decode()


def test_preview_renders_sanitised_markdown(member_client):
    response = member_client.post(
        "/posts/preview", {"body": "**bold** <script>x</script> #Tag"}, **HTMX
    )
    html = response.content.decode()

    assert "<strong>bold</strong>" in html
    assert "<script>" not in html
    assert 'href="/tags/tag/"' in html


# --- comments ----------------------------------------------------------------


def test_comment_without_javascript_redirects_to_it(member_client, post):
    response = member_client.post(f"/p/{post.pk}/comments", {"body": "Nice!"})

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/p/{post.pk}/#comment-{comment.pk}"
    assert comment.floor == 1


def test_comment_with_htmx_returns_the_comment_and_a_fresh_form(member_client, post):
    response = member_client.post(f"/p/{post.pk}/comments", {"body": "Nice!"}, **HTMX)
    html = response.content.decode()

    assert response.status_code == 200
    assert 'hx-swap-oob="beforeend:#comment-list"' in html
    assert ">B1</a>" in html and "Nice!" in html
    assert 'id="comment-form-top"' in html
    assert '<h2 id="comments-title" hx-swap-oob="true">1 comment</h2>' in html


def test_reply_with_htmx_lands_under_its_floor(member_client, post):
    floor = make_comment(post=post)

    response = member_client.post(
        f"/p/{post.pk}/comments", {"body": "Agreed", "parent": floor.pk}, **HTMX
    )

    assert f'hx-swap-oob="beforeend:#replies-{floor.pk}"' in response.content.decode()
    assert Comment.objects.get(body="Agreed").parent == floor


def test_empty_comment_is_an_error_and_stores_nothing(member_client, post):
    plain = member_client.post(f"/p/{post.pk}/comments", {"body": ""})
    htmx = member_client.post(f"/p/{post.pk}/comments", {"body": " "}, **HTMX)

    assert plain.status_code == 400
    assert "This field is required." in htmx.content.decode()
    assert not Comment.objects.exists()


def test_reply_to_a_reply_is_refused(member_client, post):
    floor = make_comment(post=post)
    reply = make_comment(post=post, parent=floor)

    response = member_client.post(
        f"/p/{post.pk}/comments", {"body": "deep", "parent": reply.pk}
    )

    assert response.status_code == 400
    assert "not to a reply" in response.content.decode()
    assert ">deep</textarea>" in response.content.decode()  # the text is kept
    assert not Comment.objects.filter(body="deep").exists()


def test_locked_post_refuses_comments(member_client, moderator, post):
    moderation.post_moderate(post=post, moderator=moderator, action="lock")

    page = member_client.get(f"/p/{post.pk}/").content.decode()
    response = member_client.post(f"/p/{post.pk}/comments", {"body": "late"})

    assert "This post is locked" in page
    assert response.status_code == 400
    assert "locked" in response.content.decode()
    assert not Comment.objects.exists()


def test_comment_edit_and_delete_by_author_only(member_client, other_user, post):
    comment = make_comment(post=post, author=other_user, body="typo")
    stranger = client_for(UserFactory())

    assert stranger.get(f"/c/{comment.pk}/edit/").status_code == 403
    member_client.post(f"/c/{comment.pk}/edit/", {"body": "fixed"})
    comment.refresh_from_db()
    assert comment.body == "fixed"

    stranger.post(f"/c/{comment.pk}/delete/")
    comment.refresh_from_db()
    assert comment.is_visible
    member_client.post(f"/c/{comment.pk}/delete/")
    comment.refresh_from_db()
    assert comment.status == "deleted"


# --- reactions, bookmarks, follows, subscriptions ------------------------------


def test_react_change_and_remove_without_javascript(member_client, other_user, post):
    url = f"/p/{post.pk}/reaction"
    assert member_client.post(url, {"emoji": "👍"}).status_code == 302
    member_client.post(url, {"emoji": "❤️"})
    assert PostReaction.objects.get(user=other_user).emoji == "❤️"

    member_client.post(url, {"emoji": "❤️", "remove": "1"})
    assert not PostReaction.objects.exists()


def test_react_with_htmx_returns_the_bar(member_client, post):
    response = member_client.post(f"/p/{post.pk}/reaction", {"emoji": "😂"}, **HTMX)
    html = response.content.decode()

    assert f'id="reactions-post-{post.pk}"' in html
    assert 'aria-pressed="true"' in html and '<span class="count">1</span>' in html


def test_reaction_outside_the_set_is_refused(member_client, post):
    plain = member_client.post(f"/p/{post.pk}/reaction", {"emoji": "🍕"})
    htmx = member_client.post(f"/p/{post.pk}/reaction", {"emoji": "🍕"}, **HTMX)

    assert plain.status_code == 302
    assert "one of the offered emoji" in htmx.content.decode()
    assert htmx["HX-Retarget"] == "#forum-messages"
    assert not PostReaction.objects.exists()


def test_comment_reaction_with_htmx(member_client, post):
    comment = make_comment(post=post)
    response = member_client.post(f"/c/{comment.pk}/reaction", {"emoji": "👍"}, **HTMX)
    assert f'id="reactions-comment-{comment.pk}"' in response.content.decode()
    assert comment.reactions.count() == 1


def test_bookmark_and_follow_toggle(member_client, other_user, post):
    member_client.post(f"/p/{post.pk}/bookmark", {"on": "1"})
    assert Bookmark.objects.filter(user=other_user, post=post).exists()
    response = member_client.post(f"/p/{post.pk}/bookmark", {"on": "0"}, **HTMX)
    assert "☆ Bookmark" in response.content.decode()
    assert not Bookmark.objects.exists()

    response = member_client.post(f"/p/{post.pk}/follow", {"on": "1"}, **HTMX)
    assert "Following" in response.content.decode()
    assert PostFollow.objects.filter(user=other_user, post=post).exists()


def test_actions_need_login(client, post):
    for url in ("reaction", "bookmark", "follow", "comments"):
        response = client.post(f"/p/{post.pk}/{url}", {"emoji": "👍", "on": "1"})
        assert response.status_code == 302 and "/login" in response["Location"]
    assert not PostReaction.objects.exists() and not Bookmark.objects.exists()


def test_subscribe_to_a_board(member_client, other_user, board):
    response = member_client.post("/b/talk/subscription", {"on": "1"}, **HTMX)
    assert "Subscribed" in response.content.decode()
    assert BoardSubscription.objects.filter(user=other_user, board=board).exists()

    member_client.post("/b/talk/subscription", {"on": "0"})
    assert not BoardSubscription.objects.exists()


# --- reports and moderation -----------------------------------------------------


def test_report_a_post_and_a_comment(member_client, post):
    comment = make_comment(post=post)
    empty = member_client.post(f"/p/{post.pk}/report/", {"reason": ""})
    assert empty.status_code == 400
    assert not Report.objects.exists()

    member_client.post(f"/p/{post.pk}/report/", {"reason": "Spam"})
    member_client.post(f"/c/{comment.pk}/report/", {"reason": "Rude"})

    assert set(Report.objects.values_list("reason", "comment_id")) == {
        ("Spam", None),
        ("Rude", comment.pk),
    }


def test_moderator_hides_and_pins_from_the_post_page(moderator, member_client, post):
    mod = client_for(moderator)
    mod.post(f"/p/{post.pk}/moderate", {"action": "pin"})
    post.refresh_from_db()
    assert post.pinned

    refused = member_client.post(f"/p/{post.pk}/moderate", {"action": "hide"})
    assert refused.status_code == 302
    post.refresh_from_db()
    assert post.is_visible

    mod.post(f"/p/{post.pk}/moderate", {"action": "hide"})
    post.refresh_from_db()
    assert post.status == "hidden"
    assert "Unhide" in mod.get(f"/p/{post.pk}/").content.decode()


def test_moderator_hides_a_comment_others_cannot(moderator, member_client, post):
    comment = make_comment(post=post, body="Rude words")

    member_client.post(f"/c/{comment.pk}/moderate", {"action": "hide"})
    comment.refresh_from_db()
    assert comment.is_visible
    assert "Rude words" in member_client.get(f"/p/{post.pk}/").content.decode()

    client_for(moderator).post(f"/c/{comment.pk}/moderate", {"action": "hide"})
    comment.refresh_from_db()
    assert comment.status == "hidden"
    assert "Rude words" not in member_client.get(f"/p/{post.pk}/").content.decode()

    as_moderator = client_for(moderator).get(f"/p/{post.pk}/").content.decode()
    assert 'value="unhide"' in as_moderator
    client_for(moderator).post(f"/c/{comment.pk}/moderate", {"action": "unhide"})
    comment.refresh_from_db()
    assert comment.is_visible


def test_comment_anonymously_where_allowed(member_client, other_user, board, post):
    page = member_client.get(f"/p/{post.pk}/").content.decode()
    assert 'name="anonymous"' not in page
    board.anonymous_allowed = True
    board.save()

    member_client.post(f"/p/{post.pk}/comments", {"body": "psst", "anonymous": "on"})
    page = client_for(UserFactory()).get(f"/p/{post.pk}/").content.decode()

    assert Comment.objects.get().anonymous
    byline = page.split("psst")[0].split(">B1</a>")[-1]
    assert "Anonymous " in byline
    assert other_user.display_name not in byline


def test_edit_keeps_unticked_images_out(author_client, user, board):
    first, second = make_upload(owner=user), make_upload(owner=user)
    post = make_post(author=user, board=board, image_ids=[first.pk, second.pk])
    form = author_client.get(f"/p/{post.pk}/edit/").content.decode()
    assert form.count('name="keep_images"') == 2

    author_client.post(
        f"/p/{post.pk}/edit/",
        {"title": "T", "body": "b", "keep_images": [second.pk], "image_ids": ""},
    )

    assert list(post.images.all()) == [second]


def test_actions_never_redirect_off_site(member_client, post):
    evil = member_client.post(
        f"/p/{post.pk}/bookmark",
        {"on": "1", "next": "https://evil.example/"},
        HTTP_REFERER="https://evil.example/page",
    )
    home = member_client.post(f"/p/{post.pk}/bookmark", {"on": "0", "next": "/"})

    assert evil["Location"] == f"/p/{post.pk}/"
    assert home["Location"] == "/"


def test_staff_moves_a_post_to_another_board(post, board):
    staff = UserFactory(is_staff=True)
    target = BoardFactory(slug="elsewhere", name="Elsewhere")
    page = client_for(staff).get(f"/p/{post.pk}/").content.decode()
    assert '<option value="elsewhere">Elsewhere</option>' in page

    client_for(staff).post(
        f"/p/{post.pk}/moderate", {"action": "move", "board": "elsewhere"}
    )

    post.refresh_from_db()
    assert post.board == target

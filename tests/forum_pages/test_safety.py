"""Hidden and deleted content never shows; script payloads stay inert; lists
run a fixed number of queries whatever their length."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boards.services import board_subscribe
from posts import moderation, services
from tests.boards.factories import BoardFactory
from tests.factories import UserFactory
from tests.forum_pages.conftest import client_for
from tests.kaigon.test_pages import _assert_csp_safe
from tests.posts.factories import make_comment, make_post

pytestmark = pytest.mark.django_db

PAYLOAD = '<script>alert(1)</script><img src=x onerror=alert(2)>"><svg onload=alert(3)>'


def _pages(post, author, tag="secret"):
    return [
        "/",
        "/boards/",
        f"/b/{post.board.slug}/",
        f"/b/{post.board.slug}/?sort=newest",
        f"/b/{post.board.slug}/?sort=top_week",
        f"/tags/{tag}/",
        "/me/bookmarks/",
        f"/u/{author.username}",
    ]


@pytest.mark.parametrize("how", ["hidden", "deleted"])
def test_hidden_or_deleted_post_leaks_nowhere(how, board, moderator):
    author = UserFactory(username="postwriter")
    reader = UserFactory()
    post = make_post(author=author, board=board, title="Vanishing", body="Gone #secret")
    make_post(author=author, board=board, title="Stays", body="Here #secret")
    services.bookmark_set(user=reader, post=post, on=True)
    board_subscribe(board=board, user=reader)
    if how == "hidden":
        moderation.post_moderate(post=post, moderator=moderator, action="hide")
    else:
        services.post_delete(post=post, actor=author)

    for client in (client_for(reader), client_for(author)):
        for url in _pages(post, author):
            page = client.get(url).content.decode()
            assert "Vanishing" not in page, url
        assert client.get(f"/p/{post.pk}/").status_code == 404
        assert client.get(f"/p/{post.pk}/history/").status_code == 404
    assert "1 post" in client_for(reader).get("/boards/").content.decode()


@pytest.mark.parametrize("how", ["hidden", "deleted"])
def test_hidden_or_deleted_comment_is_a_placeholder(how, post, moderator):
    writer = UserFactory(username="commentwriter")
    comment = make_comment(post=post, author=writer, body="Unwanted words")
    make_comment(post=post, author=writer, body="reply words", parent=comment)
    if how == "hidden":
        moderation.comment_moderate(comment=comment, moderator=moderator, action="hide")
    else:
        services.comment_delete(comment=comment, actor=writer)

    page = client_for(UserFactory()).get(f"/p/{post.pk}/").content.decode()

    assert "Unwanted words" not in page
    assert ">B1</a>" in page  # the floor keeps its number
    assert "This comment was" in page
    assert "commentwriter" in page  # the visible reply still shows its author
    floor = page.split(f'id="comment-{comment.pk}"')[1].split('class="replies"')[0]
    assert "commentwriter" not in floor


def test_script_payloads_are_inert_in_every_user_field(client, moderator):
    board = BoardFactory(
        slug="evil", name=f"Board {PAYLOAD}", description=f"About {PAYLOAD}"
    )
    author = UserFactory(username="xss", nickname=f"Nick {PAYLOAD}")
    post = make_post(
        author=author,
        board=board,
        title=f"Title {PAYLOAD} #xss",
        body=f"Body {PAYLOAD} [x](javascript:alert(4)) #xss",
    )
    floor = make_comment(post=post, author=author, body=f"Comment {PAYLOAD}")
    make_comment(post=post, author=author, body=f"Reply {PAYLOAD}", parent=floor)
    services.post_edit(post=post, editor=author, title=post.title, body="Edited")
    moderation.report_create(reporter=moderator, target=post, reason=PAYLOAD)
    board_subscribe(board=board, user=author)
    services.bookmark_set(user=author, post=post, on=True)

    urls = [
        "/",
        "/boards/",
        "/b/evil/",
        f"/p/{post.pk}/",
        f"/p/{post.pk}/history/",
        "/tags/xss/",
        "/u/xss",
        "/me/bookmarks/",
        f"/p/{post.pk}/edit/",
        "/tags/%3Cscript%3Ealert(1)%3C%2Fscript%3E/",
    ]
    for viewer in (client, client_for(author), client_for(moderator)):
        for url in urls:
            response = viewer.get(url)
            if response.status_code == 302:
                continue
            page = response.content.decode()
            assert "<script>alert" not in page, url
            assert not re.search(r"<(img|svg)[^>]*\son\w+=", page), url
            assert 'href="javascript:' not in page, url


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _fill(board, author, reader, start, count):
    for number in range(start, start + count):
        post = make_post(
            author=UserFactory(), board=board, title=f"P{number}", body="b #many"
        )
        services.bookmark_set(user=reader, post=post, on=True)
        services.reaction_set(user=reader, target=post, emoji="👍")
        own = make_post(author=author, board=board, title=f"Own {number}", body="b")
        services.reaction_set(user=reader, target=own, emoji="😂")


@pytest.mark.parametrize(
    "url",
    ["/b/talk/", "/b/talk/?sort=top_week", "/me/bookmarks/", "/tags/many/", "/u/me"],
)
def test_lists_run_a_fixed_number_of_queries(url, board, django_assert_max_num_queries):
    author = UserFactory(username="me")
    reader = UserFactory()
    client = client_for(reader)
    _fill(board, author, reader, 0, 2)
    few = _count_queries(client, url)
    _fill(board, author, reader, 2, 8)

    with django_assert_max_num_queries(few):
        client.get(url)
    assert few <= 16


def test_post_page_runs_a_fixed_number_of_queries(
    post, board, django_assert_max_num_queries
):
    reader = UserFactory()
    client = client_for(reader)

    def add_floors(count):
        for _ in range(count):
            floor = make_comment(post=post, author=UserFactory())
            reply = make_comment(post=post, author=UserFactory(), parent=floor)
            services.reaction_set(user=reader, target=floor, emoji="👍")
            services.reaction_set(user=reader, target=reply, emoji="❤️")

    add_floors(2)
    few = _count_queries(client, f"/p/{post.pk}/")
    add_floors(8)

    with django_assert_max_num_queries(few):
        client.get(f"/p/{post.pk}/")
    assert few <= 30


def test_forum_pages_have_no_inline_script_style_or_handlers(post, moderator):
    comment = make_comment(post=post, body="**hi**")
    client = client_for(moderator)
    urls = [
        *_pages(post, post.author, tag="django"),
        f"/p/{post.pk}/",
        f"/p/{post.pk}/history/",
        f"/p/{post.pk}/report/",
        f"/c/{comment.pk}/report/",
        f"/b/{post.board.slug}/new/",
    ]
    for url in urls:
        _assert_csp_safe(client.get(url).content.decode())
    author = client_for(post.author)
    for url in (f"/p/{post.pk}/edit/", f"/p/{post.pk}/delete/"):
        _assert_csp_safe(author.get(url).content.decode())

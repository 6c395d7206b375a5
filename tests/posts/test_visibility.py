"""Hidden and deleted content leaks through no API surface; payloads stay inert."""

import json
from html.parser import HTMLParser

import pytest

from posts import moderation, services
from tests.boards.factories import BoardFactory
from tests.posts.conftest import client_for
from tests.posts.factories import make_comment, make_post

pytestmark = pytest.mark.django_db

API = "/api/v1"
SECRET = "zanzibarsecret"


def remove_post(how: str, post, moderator) -> None:
    if how == "hidden":
        moderation.post_moderate(post=post, moderator=moderator, action="hide")
    else:
        services.post_delete(post=post, actor=post.author)


def remove_comment(how: str, comment, moderator) -> None:
    if how == "hidden":
        moderation.comment_moderate(comment=comment, moderator=moderator, action="hide")
    else:
        services.comment_delete(comment=comment, actor=comment.author)


@pytest.mark.parametrize("how", ["hidden", "deleted"])
def test_removed_post_is_on_no_surface(how, user, other_user, board, moderator):
    post = make_post(
        author=user, board=board, title=f"{SECRET} title", body=f"#{SECRET} body"
    )
    services.bookmark_set(user=other_user, post=post, on=True)
    remove_post(how, post, moderator)
    reader = client_for(other_user)

    surfaces = [
        f"{API}/boards",
        f"{API}/boards/talk",
        f"{API}/boards/talk/posts",
        f"{API}/boards/talk/posts?sort=newest",
        f"{API}/boards/talk/posts?sort=top_week",
        f"{API}/hashtags?prefix={SECRET[:4]}",
        f"{API}/users/{user.username}/posts",
        f"{API}/me/bookmarks",
    ]
    for url in surfaces:
        response = reader.get(url)
        assert response.status_code == 200, url
        assert SECRET not in response.content.decode(), url
    assert json.loads(reader.get(f"{API}/boards/talk").content)["post_count"] == 0
    for url in [
        f"{API}/posts/{post.pk}",
        f"{API}/posts/{post.pk}/history",
        f"{API}/posts/{post.pk}/comments",
        f"{API}/hashtags/{SECRET}/posts",
    ]:
        response = reader.get(url)
        assert response.status_code == 404, url
        assert SECRET not in response.content.decode(), url
    for method, url in [
        ("put", f"{API}/posts/{post.pk}/reaction"),
        ("put", f"{API}/posts/{post.pk}/bookmark"),
        ("post", f"{API}/posts/{post.pk}/comments"),
        ("post", f"{API}/posts/{post.pk}/report"),
    ]:
        response = getattr(reader, method)(
            url, {"emoji": "👍", "body": "x", "reason": "x"}, format="json"
        )
        assert response.status_code == 404, url


@pytest.mark.parametrize("how", ["hidden", "deleted"])
def test_removed_comment_keeps_its_floor_and_nothing_else(
    how, user, other_user, post, moderator
):
    comment = make_comment(post=post, author=other_user, body=f"{SECRET} words")
    reply = make_comment(post=post, author=user, parent=comment, body="ok")
    services.reaction_set(user=user, target=comment, emoji="👍")
    remove_comment(how, comment, moderator)
    reader = client_for(user)

    listing = reader.get(f"{API}/posts/{post.pk}/comments")
    assert SECRET not in listing.content.decode()
    assert other_user.username not in listing.content.decode()
    [floor] = listing.json()["results"]
    assert floor["floor"] == 1
    assert floor["status"] == "removed"
    assert (floor["author"], floor["body"], floor["body_html"]) == (None, "", "")
    assert floor["reactions"] == {"counts": {}, "mine": None}
    assert floor["reaction_count"] == 0
    assert [r["id"] for r in floor["replies"]] == [reply.pk]
    assert reader.get(f"{API}/posts/{post.pk}").json()["comment_count"] == 1
    response = reader.get(f"{API}/comments/{comment.pk}")
    assert response.status_code == 404
    response = reader.put(
        f"{API}/comments/{comment.pk}/reaction", {"emoji": "👍"}, format="json"
    )
    assert response.status_code == 404
    response = reader.post(
        f"{API}/posts/{post.pk}/comments",
        {"body": "reply", "parent_id": comment.pk},
        format="json",
    )
    assert response.status_code == 404


def test_removed_reply_is_left_out(user, other_user, post, moderator):
    floor = make_comment(post=post, author=user)
    reply = make_comment(post=post, author=other_user, parent=floor, body=SECRET)
    moderation.comment_moderate(comment=reply, moderator=moderator, action="hide")

    listing = client_for(user).get(f"{API}/posts/{post.pk}/comments")
    assert SECRET not in listing.content.decode()
    assert listing.json()["results"][0]["reply_count"] == 0


PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="javascript:alert(1)" onclick="alert(1)">x</a>',
    "#<script>alert(1)</script>",
    "<svg/onload=alert(1)>",
]


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def assert_inert(html: str) -> None:
    """No script-capable element, event handler or script/data link in `html`."""
    parser = _Elements()
    parser.feed(html)
    for tag, attrs in parser.elements:
        assert tag not in {"script", "svg", "iframe", "object", "embed", "style"}
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        for name in ("href", "src"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("javascript:", "data:")), (tag, attrs)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_script_payloads_stay_inert_in_rendered_html(
    payload, user, other_user, moderator
):
    board = BoardFactory(slug="xss", name=payload, description=payload)
    post = make_post(author=user, board=board, title=payload, body=payload)
    make_comment(post=post, author=other_user, body=payload)
    moderation.report_create(reporter=other_user, target=post, reason=payload)
    reader = client_for(other_user)

    detail = reader.get(f"{API}/posts/{post.pk}").json()
    assert_inert(detail["body_html"])
    assert detail["title"] == payload  # JSON text, for the client to escape
    [floor] = reader.get(f"{API}/posts/{post.pk}/comments").json()["results"]
    assert_inert(floor["body_html"])
    for version in reader.get(f"{API}/posts/{post.pk}/history").json():
        assert_inert(version["body_html"])
    assert reader.get(f"{API}/boards/xss").json()["name"] == payload


def test_hashtag_with_markup_is_not_a_tag(user, board, api_client):
    make_post(author=user, board=board, body="#<b>bold</b> #ok")
    tags = api_client.get(f"{API}/hashtags", {"prefix": "<"}).json()
    assert tags == []

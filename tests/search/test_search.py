"""What search shows: only what a member may see, kept current by the services."""

import json

import pytest
from django.core.management import call_command

from posts import moderation, services
from search.models import PostToken
from search.services import post_index_update
from tests.boards.factories import BoardFactory
from tests.factories import UserFactory
from tests.posts.factories import make_comment, make_post

pytestmark = pytest.mark.django_db

API = "/api/v1/search/"


def search(client, q, **params):
    response = client.get(API, {"q": q, **params})
    assert response.status_code == 200, response.content
    return response.json()


def post_ids(data):
    return [item["id"] for item in data["results"]]


@pytest.fixture
def staff(db):
    return UserFactory(username="staffer", is_staff=True)


@pytest.mark.parametrize("how", ["hidden", "deleted"])
def test_removed_post_leaves_results_counts_and_tags(how, client, user, staff):
    post = make_post(author=user, title="秘密基地", body="zanzibar #secrettag")
    assert post_ids(search(client, "zanzibar")) == [post.pk]
    if how == "hidden":
        moderation.post_moderate(post=post, moderator=staff, action="hide")
    else:
        services.post_delete(post=post, actor=user)
    data = search(client, "zanzibar")
    assert data["results"] == [] and data["counts"]["posts"] == 0
    assert search(client, "secrettag", type="tags")["counts"]["tags"] == 0
    suggest = client.get(API + "suggest/", {"q": "secret"}).json()
    assert suggest["tags"] == []
    assert "秘密基地" not in client.get("/search/", {"q": "zanzibar"}).text


def test_unhidden_post_comes_back(client, user, staff):
    post = make_post(author=user, title="Unhide me", body="quokka")
    moderation.post_moderate(post=post, moderator=staff, action="hide")
    moderation.post_moderate(post=post, moderator=staff, action="unhide")
    assert post_ids(search(client, "quokka")) == [post.pk]


def test_edit_is_findable_at_once(client, user):
    post = make_post(author=user, title="Old title", body="nothing yet")
    services.post_edit(post=post, editor=user, title="New 標題", body="platypus")
    assert post_ids(search(client, "platypus")) == [post.pk]
    assert post_ids(search(client, "標題")) == [post.pk]
    assert search(client, "nothing")["results"] == []


def test_comments_match_only_when_asked_and_only_visible_ones(client, user, staff):
    post = make_post(author=user, title="Thread", body="body")
    comment = make_comment(post=post, body="wombat in a comment")
    assert search(client, "wombat")["results"] == []
    assert post_ids(search(client, "wombat", comments="1")) == [post.pk]
    moderation.comment_moderate(comment=comment, moderator=staff, action="hide")
    assert search(client, "wombat", comments="1")["results"] == []


def test_moved_post_follows_its_board_filter(client, user, staff):
    old, new = BoardFactory(slug="old"), BoardFactory(slug="new")
    post = make_post(author=user, board=old, title="Moving", body="narwhal")
    moderation.post_moderate(post=post, moderator=staff, action="move", to_board=new)
    assert search(client, "narwhal", board="old")["results"] == []
    assert post_ids(search(client, "narwhal", board="new")) == [post.pk]


def test_deactivated_member_and_their_posts_disappear(client, user):
    user.nickname = "Axolotl"
    user.save()
    make_post(author=user, title="By axolotl", body="capybara")
    assert search(client, "axolotl", type="users")["counts"]["users"] == 1
    user.is_active = False
    user.save()
    assert search(client, "capybara")["counts"]["posts"] == 0
    assert search(client, "axolotl", type="users")["results"] == []
    assert client.get(API + "suggest/", {"q": "axol"}).json()["users"] == []


def test_anonymous_post_never_shows_its_author(client, user):
    board = BoardFactory(slug="anon", anonymous_allowed=True)
    make_post(author=user, board=board, title="匿名", body="mongoose", anonymous=True)
    data = search(client, "mongoose")
    assert data["results"][0]["author"] is None
    assert user.username not in json.dumps(data)
    assert user.username not in client.get("/search/", {"q": "mongoose"}).text
    assert search(client, "mongoose", author=user.username)["counts"]["posts"] == 0


def test_snippet_is_escaped_with_matches_marked(client, user):
    make_post(author=user, title="<b>bold</b>", body="<script>alert(1)</script> 台北")
    hit = search(client, "台北")["results"][0]
    assert "<script>" not in hit["snippet_html"]
    assert "&lt;script&gt;" in hit["snippet_html"]
    assert "<mark>台北</mark>" in hit["snippet_html"]
    page = client.get("/search/", {"q": "台北"}).text
    assert "<script>alert(1)" not in page and "<mark>台北</mark>" in page


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"unclosed',
        "*",
        "a*",
        "-x",
        "NEAR(a b)",
        "MATCH",
        "a OR b",
        "()",
        "'",
        "'; DROP TABLE posts_post; --",
        "%_",
        "\\",
        "#",
        "@",
        "x" * 500,
    ],
)
def test_operators_are_plain_text(client, user, query):
    make_post(author=user, title="NEAR and MATCH", body="plain words")
    assert client.get(API, {"q": query}).status_code == 200
    assert client.get(API + "suggest/", {"q": query}).status_code == 200
    assert client.get("/search/", {"q": query}).status_code == 200


def test_near_and_match_are_searched_as_words(client, user):
    post = make_post(author=user, title="NEAR and MATCH", body="plain words")
    assert post_ids(search(client, "near match")) == [post.pk]


def test_filters_by_author_board_and_dates(client, user, other_user):
    board = BoardFactory(slug="filters")
    mine = make_post(author=user, board=board, title="ibex one", body="x")
    make_post(author=other_user, title="ibex two", body="x")
    assert post_ids(search(client, "ibex", author=user.username)) == [mine.pk]
    assert post_ids(search(client, "ibex", board="filters")) == [mine.pk]
    day = mine.created_at.date().isoformat()
    assert search(client, "ibex", date_from=day, date_to=day)["counts"]["posts"] == 2
    assert search(client, "ibex", date_to="2000-01-01")["counts"]["posts"] == 0


def test_unknown_filter_is_a_400_with_the_field(client):
    response = client.get(API, {"q": "x", "board": "nope", "date_from": "soon"})
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert set(fields) == {"board", "date_from"}


def test_title_match_ranks_above_body_match(client, user):
    in_body = make_post(author=user, title="Other", body="pangolin facts")
    in_title = make_post(author=user, title="Pangolin", body="facts")
    assert post_ids(search(client, "pangolin")) == [in_title.pk, in_body.pk]


def test_tabs_count_every_kind(client, user):
    BoardFactory(slug="tapir-board", name="Tapir 論壇", description="貘")
    user.nickname = "tapir fan"
    user.save()
    make_post(author=user, title="Tapir", body="#tapirs")
    counts = search(client, "tapir")["counts"]
    assert counts == {"posts": 1, "users": 1, "tags": 1, "boards": 1}
    assert search(client, "貘", type="boards")["results"][0]["slug"] == "tapir-board"
    page = client.get("/search/", {"q": "tapir", "type": "users"})
    assert "tapir fan" in page.text


def test_suggest_members_tags_and_boards(client, user):
    user.nickname = "臺灣人"
    user.save()
    BoardFactory(slug="tw", name="台湾")
    make_post(author=user, title="x", body="#台灣小吃")
    data = client.get(API + "suggest/", {"q": "台湾"}).json()
    assert [u["username"] for u in data["users"]] == [user.username]
    assert [t["name"] for t in data["tags"]] == ["台灣小吃"]
    assert [b["slug"] for b in data["boards"]] == ["tw"]


def test_reindex_command_rebuilds_the_index(user, capsys):
    post = make_post(author=user, title="Rebuild", body="okapi")
    PostToken.objects.all().delete()
    call_command("search_reindex")
    assert PostToken.objects.filter(post=post, token="okapi").exists()
    assert "rows" in capsys.readouterr().out


def test_index_update_of_a_missing_post_clears_its_rows(user):
    post = make_post(author=user, title="Gone", body="x")
    post_index_update(post_id=post.pk)
    assert PostToken.objects.filter(post=post).exists()
    services.post_delete(post=post, actor=user)
    assert not PostToken.objects.filter(post=post).exists()


def test_header_has_the_live_search_box(client):
    page = client.get("/search/").text
    assert 'data-suggest-url="/api/v1/search/suggest/"' in page
    assert "search/suggest" in page and "coming soon" not in page


def test_search_appears_in_the_openapi_schema(client):
    schema = client.get("/api/schema/").content.decode()
    assert "/api/v1/search/:" in schema and "/api/v1/search/suggest/:" in schema


def test_reactivated_member_posts_return(client, user):
    make_post(author=user, title="Back again", body="echidna")
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert search(client, "echidna")["counts"]["posts"] == 0
    user.is_active = True
    user.save(update_fields=["is_active"])
    assert search(client, "echidna")["counts"]["posts"] == 1


def test_huge_result_sets_rank_the_newest_and_say_so(client, user, monkeypatch):
    monkeypatch.setattr("search.selectors.CANDIDATE_LIMIT", 2)
    posts = [make_post(author=user, title=f"quagga {n}", body="x") for n in range(3)]
    data = search(client, "quagga")
    assert data["counts"]["posts"] == 2 and data["posts_count_is_lower_bound"]
    assert sorted(post_ids(data)) == sorted(p.pk for p in posts[1:])
    assert "2+" in client.get("/search/", {"q": "quagga"}).text

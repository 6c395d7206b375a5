import pytest
from rest_framework.test import APIClient

from notifications.models import Notification
from tests.factories import UserFactory
from tests.notifications.factories import notify_comment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fake_posts")]

URL = "/api/v1/notifications/"


def test_inbox_needs_a_signed_in_member(api_client):
    assert api_client.get(URL).status_code in {401, 403}


def test_inbox_lists_my_notifications_latest_first(user, other_user, user_api_client):
    notify_comment(recipient=user, actor=other_user, post_id=1, title="First")
    notify_comment(recipient=user, actor=other_user, post_id=2, title="Second")
    notify_comment(recipient=other_user, actor=user, post_id=3, title="Not mine")

    body = user_api_client.get(URL).json()

    assert [entry["text"] for entry in body["results"]] == [
        f"{other_user.display_name} commented on your post “Second”",
        f"{other_user.display_name} commented on your post “First”",
    ]
    first = body["results"][0]
    assert first["url"] == "/posts/2"
    assert first["target"] == {"type": "post", "id": 2}
    assert first["actors"][0]["username"] == other_user.username
    assert first["is_read"] is False


def test_unread_filter_and_cursor_pages(user, other_user, user_api_client):
    for post_id in range(1, 6):
        notify_comment(recipient=user, actor=other_user, post_id=post_id)
    Notification.objects.filter(target_id=1).update(read_at="2026-01-01T00:00Z")

    page = user_api_client.get(URL, {"unread": "1", "page_size": 2}).json()
    seen = [entry["target"]["id"] for entry in page["results"]]
    while page["next"]:
        page = user_api_client.get(page["next"]).json()
        seen += [entry["target"]["id"] for entry in page["results"]]

    assert seen == [5, 4, 3, 2]


def test_inbox_queries_do_not_grow_with_entries(
    user, user_api_client, django_assert_max_num_queries
):
    for post_id in range(1, 21):
        notify_comment(recipient=user, actor=UserFactory(), post_id=post_id)

    with django_assert_max_num_queries(6):
        assert len(user_api_client.get(URL).json()["results"]) == 20


def test_unread_count_and_mark_read(user, other_user, user_api_client):
    mine = notify_comment(recipient=user, actor=other_user, post_id=1)
    notify_comment(recipient=user, actor=other_user, post_id=2)
    theirs = notify_comment(recipient=other_user, actor=user, post_id=3)

    assert user_api_client.get(f"{URL}unread-count").json() == {"unread_count": 2}
    answer = user_api_client.post(
        f"{URL}read", {"ids": [mine.pk, theirs.pk]}, format="json"
    )

    assert answer.json() == {"unread_count": 1}
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_mark_read_without_ids_is_a_400(user_api_client):
    answer = user_api_client.post(f"{URL}read", {"ids": []}, format="json")

    assert answer.status_code == 400
    assert "ids" in answer.json()["error"]["fields"]


def test_mark_all_read(user, other_user, user_api_client):
    notify_comment(recipient=user, actor=other_user, post_id=1)

    assert user_api_client.post(f"{URL}read-all").json() == {"unread_count": 0}
    assert user_api_client.get(f"{URL}unread-count").json() == {"unread_count": 0}


def test_inbox_text_follows_the_requested_language(user, other_user):
    notify_comment(recipient=user, actor=other_user, title="Tea")
    client = APIClient(HTTP_ACCEPT_LANGUAGE="zh-hant")
    client.force_authenticate(user)

    [entry] = client.get(URL).json()["results"]

    assert "Tea" in entry["text"] and "commented" not in entry["text"]

import re

import pytest

from notifications.selectors import notification_unread_count
from tests.notifications.factories import notify_comment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fake_posts")]


def test_bell_shows_the_unread_count_on_every_page(client, user, other_user):
    notify_comment(recipient=user, actor=other_user, post_id=1)
    notify_comment(recipient=user, actor=other_user, post_id=2)
    client.force_login(user)

    page = client.get("/").content.decode()

    assert "data-notification-bell" in page
    assert re.search(r"data-unread-count\s*>2</span>", page)


def test_inbox_page_lists_entries_and_opening_one_marks_it_read(
    client, user, other_user
):
    notification = notify_comment(recipient=user, actor=other_user, title="Tea")
    client.force_login(user)

    page = client.get("/notifications/").content.decode()
    assert "commented on your post “Tea”" in page

    answer = client.get(f"/notifications/{notification.pk}/")

    assert answer.status_code == 302
    assert answer["Location"] == "/posts/1"
    notification.refresh_from_db()
    assert notification.is_read


def test_someone_elses_notification_cannot_be_opened(client, user, other_user):
    notification = notify_comment(recipient=other_user, actor=user)
    client.force_login(user)

    assert client.get(f"/notifications/{notification.pk}/").status_code == 404
    notification.refresh_from_db()
    assert not notification.is_read


def test_mark_all_read_page(client, user, other_user):
    notify_comment(recipient=user, actor=other_user)
    client.force_login(user)

    client.post("/notifications/read-all")

    assert notification_unread_count(user=user) == 0
    assert (
        "Nothing here yet." in client.get("/notifications/?unread=1").content.decode()
    )


def test_inbox_page_needs_a_login(client):
    answer = client.get("/notifications/")

    assert answer.status_code == 302
    assert "login" in answer["Location"]

from datetime import timedelta

import pytest
from django.utils import timezone

from boards.models import Board
from posts import moderation
from posts.models import ModerationLog, Report, Suspension, Visibility
from tests.factories import UserFactory
from tests.posts.factories import make_comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="boss", is_staff=True, is_superuser=True))
    return client


def test_staff_create_a_board_with_moderators(admin_client, user):
    response = admin_client.post(
        "/admin/boards/board/add/",
        {
            "name": "Cats",
            "slug": "cats",
            "icon": "🐱",
            "description": "",
            "order": 5,
            "posting_rule": "everyone",
            "moderators": [user.pk],
        },
    )
    assert response.status_code == 302, response.content
    assert list(Board.objects.get(slug="cats").moderators.all()) == [user]


def test_report_queue_shows_open_reports_and_resolves_them(
    admin_client, post, other_user
):
    comment = make_comment(post=post, author=other_user, body="rude words")
    spam = moderation.report_create(reporter=post.author, target=comment, reason="x")
    fine = moderation.report_create(reporter=other_user, target=post, reason="meh")
    done = moderation.report_create(reporter=other_user, target=comment, reason="y")
    Report.objects.filter(pk=done.pk).update(status="resolved")

    page = admin_client.get("/admin/posts/report/")
    assert page.status_code == 200
    assert list(page.context["cl"].queryset) == [spam, fine]

    admin_client.post(
        "/admin/posts/report/",
        {"action": "report_hidden", "_selected_action": [spam.pk]},
    )
    admin_client.post(
        "/admin/posts/report/",
        {"action": "report_dismissed", "_selected_action": [fine.pk]},
    )

    comment.refresh_from_db()
    assert comment.status == Visibility.HIDDEN
    post.refresh_from_db()
    assert post.status == Visibility.PUBLISHED
    assert set(Report.objects.values_list("resolution", flat=True)) == {
        "hidden",
        "dismissed",
        "",
    }
    assert list(
        ModerationLog.objects.order_by("pk").values_list("action", flat=True)
    ) == ["hide", "dismiss_report"]
    assert admin_client.get("/admin/posts/moderationlog/").status_code == 200


def test_post_actions_hide_and_lock_through_the_service(admin_client, post, board):
    admin_client.post(
        "/admin/posts/post/", {"action": "post_hide", "_selected_action": [post.pk]}
    )
    admin_client.post(
        "/admin/posts/post/", {"action": "post_lock", "_selected_action": [post.pk]}
    )
    post.refresh_from_db()
    board.refresh_from_db()
    assert (post.status, post.locked, board.post_count) == ("hidden", True, 0)
    assert ModerationLog.objects.count() == 2


def test_suspending_a_member_is_logged(admin_client, user):
    until = timezone.localtime() + timedelta(days=3)
    response = admin_client.post(
        "/admin/posts/suspension/add/",
        {
            "user": user.pk,
            "until_0": until.strftime("%Y-%m-%d"),
            "until_1": until.strftime("%H:%M:%S"),
            "reason": "spam",
        },
    )
    assert response.status_code == 302, response.content
    assert Suspension.objects.get().created_by.username == "boss"
    assert ModerationLog.objects.get().action == "suspend"

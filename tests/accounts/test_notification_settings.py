import pytest
from django.urls import reverse

from accounts.errors import UnknownNotificationKind
from accounts.models import NotificationKind, NotificationSetting, User
from accounts.selectors import (
    notification_enabled,
    notification_settings_get,
    users_with_notification_enabled,
)
from accounts.services import notification_settings_update
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ALL_KINDS = {
    "chat_message",
    "comment",
    "reaction",
    "followed_user_post",
    "new_follower",
    "followed_post_comment",
    "mention",
}


def test_every_kind_is_on_by_default(user):
    assert notification_settings_get(user=user) == dict.fromkeys(ALL_KINDS, True)
    for kind in NotificationKind:
        assert notification_enabled(user=user, kind=kind) is True


def test_turning_a_kind_off_affects_only_that_kind_and_that_user(user, other_user):
    notification_settings_update(user=user, changes={NotificationKind.REACTION: False})

    assert notification_enabled(user=user, kind=NotificationKind.REACTION) is False
    assert notification_enabled(user=user, kind=NotificationKind.COMMENT) is True
    assert notification_enabled(user=other_user, kind=NotificationKind.REACTION)


def test_turning_a_kind_back_on_keeps_one_row(user):
    notification_settings_update(user=user, changes={"new_follower": False})
    notification_settings_update(user=user, changes={"new_follower": True})

    assert notification_enabled(user=user, kind="new_follower") is True
    assert NotificationSetting.objects.filter(user=user).count() == 1


def test_unknown_kind_is_rejected_by_the_service(user):
    with pytest.raises(UnknownNotificationKind):
        notification_settings_update(user=user, changes={"spam": False})


def test_recipients_filter_drops_those_who_turned_the_kind_off():
    quiet, loud, other_kind_off = UserFactory.create_batch(3)
    notification_settings_update(user=quiet, changes={"followed_user_post": False})
    notification_settings_update(user=other_kind_off, changes={"reaction": False})
    users = User.objects.filter(pk__in=[quiet.pk, loud.pk, other_kind_off.pk])

    wanted = users_with_notification_enabled(users=users, kind="followed_user_post")

    assert set(wanted) == {loud, other_kind_off}


# --- API -------------------------------------------------------------------

URL = "/api/v1/me/notification-settings"


def test_api_lists_every_switch(user_api_client):
    response = user_api_client.get(URL)

    assert response.status_code == 200
    assert response.json() == dict.fromkeys(ALL_KINDS, True)


def test_api_patch_changes_only_the_sent_switches(user_api_client, user):
    response = user_api_client.patch(
        URL, {"chat_message": False, "reaction": False}, format="json"
    )

    assert response.status_code == 200
    expected = dict.fromkeys(ALL_KINDS, True) | {
        "chat_message": False,
        "reaction": False,
    }
    assert response.json() == expected
    assert notification_settings_get(user=user) == expected


def test_api_patch_rejects_unknown_kind(user_api_client, user):
    response = user_api_client.patch(URL, {"spam": False}, format="json")

    assert response.status_code == 400
    assert "spam" in response.json()["error"]["fields"]
    assert not NotificationSetting.objects.exists()


def test_api_patch_rejects_a_non_boolean(user_api_client):
    response = user_api_client.patch(URL, {"comment": "perhaps"}, format="json")

    assert response.status_code == 400
    assert "comment" in response.json()["error"]["fields"]
    assert not NotificationSetting.objects.exists()


@pytest.mark.parametrize("method", ["get", "patch"])
def test_api_needs_login(api_client, method):
    response = getattr(api_client, method)(URL, {"comment": False}, format="json")

    assert response.status_code == 401
    assert not NotificationSetting.objects.exists()


def test_api_patch_changes_only_the_requesters_settings(
    user_api_client, user, other_user
):
    user_api_client.patch(
        URL,
        {"comment": False, "user": other_user.pk, "user_id": other_user.pk},
        format="json",
    )

    assert notification_settings_get(user=other_user) == dict.fromkeys(ALL_KINDS, True)


# --- Page ------------------------------------------------------------------


def test_page_shows_one_switch_per_kind_checked_by_default(client, user):
    client.force_login(user)

    response = client.get(reverse("accounts:settings-notifications"))

    assert response.status_code == 200
    html = response.content.decode()
    for kind in NotificationKind:
        assert f'name="{kind.value}"' in html
        assert str(kind.label) in html
    assert html.count("checked") == len(NotificationKind)


def test_page_saves_unchecked_switches_as_off(client, user):
    client.force_login(user)

    response = client.post(
        reverse("accounts:settings-notifications"),
        {"chat_message": "on", "comment": "on", "new_follower": "on"},
    )

    assert response.status_code == 302
    assert notification_settings_get(user=user) == {
        "chat_message": True,
        "comment": True,
        "reaction": False,
        "followed_user_post": False,
        "new_follower": True,
        "followed_post_comment": False,
        "mention": False,
    }
    page = client.get(reverse("accounts:settings-notifications")).content.decode()
    assert page.count("checked") == 3


def test_page_redirects_anonymous_to_login(client):
    response = client.get(reverse("accounts:settings-notifications"))

    assert response.status_code == 302
    assert "next=/settings/notifications" in response["Location"]


def test_anonymous_post_changes_nothing(client):
    response = client.post(reverse("accounts:settings-notifications"), {})

    assert response.status_code == 302
    assert not NotificationSetting.objects.exists()


def test_notification_settings_are_listed_in_admin(client, user):
    admin = UserFactory(is_staff=True, is_superuser=True)
    notification_settings_update(user=user, changes={"reaction": False})
    client.force_login(admin)

    response = client.get("/admin/accounts/notificationsetting/")

    assert response.status_code == 200
    assert user.username in response.content.decode()

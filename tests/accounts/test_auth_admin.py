"""Moderators see logged-in devices in the admin and can sign them out."""

import pytest

from accounts.auth.models import RefreshFamily
from tests.accounts.auth_helpers import bearer, logged_in_client, verified_user
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_admin_lists_devices_and_signs_one_out(client):
    member = verified_user()
    _api, tokens = logged_in_client(member)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    listing = client.get("/admin/accounts/refreshfamily/")
    assert listing.status_code == 200
    assert member.username in listing.content.decode()

    family = RefreshFamily.objects.get(user=member)
    response = client.post(
        "/admin/accounts/refreshfamily/",
        {"action": "revoke", "_selected_action": [str(family.pk)]},
    )

    assert response.status_code == 302
    assert bearer(tokens["access"]).get("/api/v1/auth/devices").status_code == 401


def test_admin_is_titled_kaigon_with_one_accounts_section(admin_client):
    html = admin_client.get("/admin/").content.decode()

    assert "<title>Site administration | Kaigon</title>" in html
    assert "Kaigon administration" in html
    assert html.count(">Accounts</a>") == 1

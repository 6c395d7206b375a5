import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_users_once_and_reports_progress(capsys):
    call_command("seed_demo")
    first_output = capsys.readouterr().out
    users_after_first = get_user_model().objects.count()
    call_command("seed_demo")
    second_output = capsys.readouterr().out

    assert users_after_first >= 5
    assert get_user_model().objects.count() == users_after_first
    assert "[users 1/" in first_output
    assert "new of" in second_output and "Demo data ready: 0 new" in second_output
    assert get_user_model().objects.filter(nickname__contains="小美").exists()
    assert get_user_model().objects.get(username="admin").is_superuser
    mei = get_user_model().objects.get(username="mei")
    assert mei.following_links.count() == 2
    assert mei.follower_links.count() == 2


def test_demo_users_can_log_in_through_the_api_without_verifying(client):
    from rest_framework.test import APIClient

    from kaigon.management.commands.seed_demo import DEMO_PASSWORD
    from tests.accounts.auth_helpers import api_login

    call_command("seed_demo")
    response = api_login(APIClient(), "mei", DEMO_PASSWORD)
    assert response.status_code == 200, response.content
    assert response.json()["access"]


def test_seed_demo_refuses_production_settings(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("seed_demo")

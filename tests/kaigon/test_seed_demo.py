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


def test_seed_demo_refuses_production_settings(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("seed_demo")

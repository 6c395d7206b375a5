import types

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_users_once_and_prints_one_line_per_step(capsys):
    call_command("seed_demo")
    first_output = capsys.readouterr().out
    users_after_first = get_user_model().objects.count()
    call_command("seed_demo")
    second_output = capsys.readouterr().out

    assert first_output.splitlines() == [
        "accounts: 5 new of 5 users; log in as admin (or mei, jun, alice, bob) "
        "with kaigon-demo-password",
        "accounts: 5 new of 5 follows",
        "boards: 5 new of 5",
        "posts: 7 new of 7, with comments and reactions",
        "chat: room '週末登山 Weekend hikers', 6 new messages",
        "chat: room 'Kaigon 開發 dev', 3 new messages",
        "chat: mei ↔ jun, 3 new messages",
        "chat: alice ↔ bob, 2 new messages",
        "Demo data ready.",
    ]
    assert second_output.splitlines()[:2] == [
        "accounts: 0 new of 5 users; log in as admin (or mei, jun, alice, bob) "
        "with kaigon-demo-password",
        "accounts: 0 new of 5 follows",
    ]
    assert users_after_first == 5
    assert get_user_model().objects.count() == users_after_first
    assert get_user_model().objects.filter(nickname__contains="小美").exists()
    assert get_user_model().objects.get(username="admin").is_superuser
    mei = get_user_model().objects.get(username="mei")
    assert mei.following_links.count() == 2
    assert mei.follower_links.count() == 2


def test_seed_demo_runs_each_apps_demo_module_in_installed_apps_order(
    capsys, monkeypatch
):
    from django.apps import apps

    import kaigon.management.commands.seed_demo as seed_demo

    real_import = seed_demo.import_module
    seeded = []

    def fake_import(name):
        if name == "media_uploads.demo":
            return types.SimpleNamespace(
                seed=lambda *, report: (seeded.append(name), report("uploads: ok"))
            )
        return real_import(name)

    real_has = seed_demo.module_has_submodule
    monkeypatch.setattr(seed_demo, "import_module", fake_import)
    monkeypatch.setattr(
        seed_demo,
        "module_has_submodule",
        lambda module, name: (
            module is apps.get_app_config("media_uploads").module
            or real_has(module, name)
        ),
    )

    call_command("seed_demo")

    lines = capsys.readouterr().out.splitlines()
    assert seeded == ["media_uploads.demo"]
    assert lines.index("uploads: ok") > lines.index("accounts: 5 new of 5 follows")


def test_demo_users_can_log_in_through_the_api_without_verifying(client):
    from rest_framework.test import APIClient

    from accounts.demo import DEMO_PASSWORD
    from tests.accounts.auth_helpers import api_login

    call_command("seed_demo")
    response = api_login(APIClient(), "mei", DEMO_PASSWORD)
    assert response.status_code == 200, response.content
    assert response.json()["access"]


def test_seed_demo_refuses_production_settings(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("seed_demo")

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "forum.example.com",
}


def run_manage(
    *args: str, env: dict[str, str], tmp_path: Path
) -> subprocess.CompletedProcess:
    full_env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "AWS_", "MEDIA_CDN"))
    }
    full_env.update(env)
    full_env["KAIGON_VAR_DIR"] = str(tmp_path / "var")
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


SHOW_SECURITY = (
    "import json; from django.conf import settings as s; print(json.dumps({"
    "'production': s.PRODUCTION, 'session_secure': s.SESSION_COOKIE_SECURE, "
    "'csrf_secure': s.CSRF_COOKIE_SECURE, 'hsts': s.SECURE_HSTS_SECONDS, "
    "'ssl_redirect': s.SECURE_SSL_REDIRECT, 'debug': s.DEBUG}))"
)


def test_deploy_check_passes_with_production_environment(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env=PRODUCTION_ENV,
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_environment_turns_on_https_only_cookies_and_hsts(tmp_path):
    result = run_manage(
        "shell", "-c", SHOW_SECURITY, env=PRODUCTION_ENV, tmp_path=tmp_path
    )
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout.strip().splitlines()[-1])
    assert shown == {
        "production": True,
        "session_secure": True,
        "csrf_secure": True,
        "hsts": 31536000,
        "ssl_redirect": True,
        "debug": False,
    }


def test_embedded_defaults_keep_plain_http_working_with_debug_off(tmp_path):
    result = run_manage("shell", "-c", SHOW_SECURITY, env={}, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout.strip().splitlines()[-1])
    assert shown["production"] is False
    assert shown["debug"] is False
    assert shown["session_secure"] is False
    assert shown["ssl_redirect"] is False


def test_debug_flag_means_not_production_even_with_secrets(tmp_path):
    env = {**PRODUCTION_ENV, "DJANGO_DEBUG": "true"}
    result = run_manage("shell", "-c", SHOW_SECURITY, env=env, tmp_path=tmp_path)
    shown = json.loads(result.stdout.strip().splitlines()[-1])
    assert shown["production"] is False
    assert shown["debug"] is True


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration(tmp_path):
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


SHOW_KEY = "from django.conf import settings as s; print(s.SECRET_KEY)"


def test_real_host_without_a_secret_key_refuses_to_start(tmp_path):
    env = {"DJANGO_ALLOWED_HOSTS": "forum.example.com"}
    result = run_manage("shell", "-c", SHOW_KEY, env=env, tmp_path=tmp_path)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_embedded_key_is_random_kept_under_var_and_not_in_the_source(tmp_path):
    first = run_manage("shell", "-c", SHOW_KEY, env={}, tmp_path=tmp_path)
    second = run_manage("shell", "-c", SHOW_KEY, env={}, tmp_path=tmp_path)
    elsewhere = run_manage("shell", "-c", SHOW_KEY, env={}, tmp_path=tmp_path / "b")

    key = first.stdout.strip().splitlines()[-1]
    assert first.returncode == 0, first.stderr
    assert key == second.stdout.strip().splitlines()[-1]
    assert key != elsewhere.stdout.strip().splitlines()[-1]
    assert (tmp_path / "var" / "secret_key").read_text().strip() == key
    assert key not in (ROOT / "kaigon" / "settings.py").read_text()

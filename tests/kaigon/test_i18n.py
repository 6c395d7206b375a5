"""Interface language: English and Traditional Chinese (zh-Hant).

The compiled catalogues are committed (so `make run` needs no gettext); these
tests fail when a .mo is stale or a source string lacks a translation. Fix
either with `make messages`, then translate the new entries in
locale/zh_Hant/LC_MESSAGES/*.po and run `make messages` again.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

from tests.availability import missing

LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "zh_Hant" / "LC_MESSAGES"
PO_FILES = sorted(LOCALE_DIR.glob("*.po"))
# The same selection `make messages` scans.
IGNORED_IN_COPY = shutil.ignore_patterns(
    ".git",
    ".venv",
    "var",
    "build",
    "node_modules",
    "__pycache__",
    "*.pyc",
    ".ruff_cache",
    ".pytest_cache",
    "*.mo",
)
MAKEMESSAGES_RUNS = [
    ["--ignore", ".venv/*", "--ignore", "var/*", "--ignore", "build/*"],
    [
        "--domain",
        "djangojs",
        "--ignore",
        ".venv/*",
        "--ignore",
        "var/*",
        "--ignore",
        "static/vendor/*",
        "--ignore",
        "build/*",
    ],
]


def _translations(entries) -> dict[tuple[str, str], object]:
    table = {}
    for entry in entries:
        if not entry.msgid or entry.obsolete or "fuzzy" in entry.flags:
            continue
        if entry.msgid_plural:
            forms = {int(k): v for k, v in entry.msgstr_plural.items() if v}
            if forms:
                table[(entry.msgctxt or "", entry.msgid)] = forms
        elif entry.msgstr:
            table[(entry.msgctxt or "", entry.msgid)] = entry.msgstr
    return table


def test_there_is_a_traditional_chinese_catalogue():
    assert LOCALE_DIR / "django.po" in PO_FILES


@pytest.mark.parametrize("po_path", PO_FILES, ids=lambda path: path.name)
def test_committed_mo_matches_its_po(po_path):
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run `make messages`"
    po = polib.pofile(str(po_path))

    expected = _translations(po)
    compiled = _translations(polib.mofile(str(mo_path)))

    stale = sorted(
        key[1]
        for key in expected.keys() | compiled.keys()
        if expected.get(key) != compiled.get(key)
    )
    assert not stale, f"{mo_path.name} is stale, run `make messages`: {stale[:10]}"
    assert not po.metadata_is_fuzzy, "the catalogue header is fuzzy"
    assert "charset=UTF-8" in po.metadata["Content-Type"]


def test_every_interface_string_is_translated(tmp_path):
    for tool in ("xgettext", "msgmerge", "msguniq", "msgattrib"):
        if shutil.which(tool) is None:
            missing("gettext", "apt-get install gettext")
    project = tmp_path / "project"
    shutil.copytree(settings.BASE_DIR, project, ignore=IGNORED_IN_COPY)
    environment = {
        **os.environ,
        "KAIGON_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_SETTINGS_MODULE": "kaigon.settings",
    }
    for extra in MAKEMESSAGES_RUNS:
        result = subprocess.run(
            [
                sys.executable,
                "manage.py",
                "makemessages",
                "--locale",
                "zh_Hant",
                "--no-obsolete",
                *extra,
            ],
            cwd=project,
            env=environment,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, result.stderr

    problems = []
    for po_path in sorted(project.glob("**/locale/zh_Hant/LC_MESSAGES/*.po")):
        po = polib.pofile(str(po_path))
        name = po_path.relative_to(project)
        problems += [
            f"{name}: untranslated {e.msgid!r}" for e in po.untranslated_entries()
        ]
        problems += [f"{name}: fuzzy {e.msgid!r}" for e in po.fuzzy_entries()]
    assert not problems, (
        "Run `make messages`, translate these in locale/zh_Hant, and run it "
        "again:\n" + "\n".join(problems)
    )


def _home_heading(response) -> str:
    html = response.content.decode()
    start = html.index("<h1>") + len("<h1>")
    return html[start : html.index("</h1>", start)].strip()


@pytest.mark.django_db
@pytest.mark.parametrize("accept_language", ["zh-Hant", "zh-TW,zh;q=0.9,en;q=0.8"])
def test_browser_asking_for_traditional_chinese_gets_it(client, accept_language):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)

    assert _home_heading(response) == "歡迎來到 Kaigon"
    assert '<html lang="zh-hant">' in response.content.decode()
    assert response["Content-Language"] == "zh-hant"


@pytest.mark.django_db
def test_other_languages_get_english(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")

    assert _home_heading(response) == "Welcome to Kaigon"
    assert '<html lang="en">' in response.content.decode()


@pytest.mark.django_db
def test_language_switcher_sets_a_cookie_that_sticks(client):
    response = client.post("/i18n/setlang/", {"language": "zh-hant", "next": "/"})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hant"
    # The cookie wins over the browser's language, on every later page.
    later = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert _home_heading(later) == "歡迎來到 Kaigon"
    assert re.search(
        r'<option value="zh-hant"[^>]*\bselected\b', later.content.decode()
    )

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert _home_heading(client.get("/", HTTP_ACCEPT_LANGUAGE="zh-TW")) == (
        "Welcome to Kaigon"
    )


@pytest.mark.django_db
def test_language_switcher_never_redirects_off_site(client):
    response = client.post(
        "/i18n/setlang/", {"language": "zh-hant", "next": "https://evil.example/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_language_switcher_ignores_unknown_languages(client):
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})

    assert _home_heading(client.get("/", HTTP_ACCEPT_LANGUAGE="en")) == (
        "Welcome to Kaigon"
    )

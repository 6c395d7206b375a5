"""Build the overrides of allauth's strings from allauth's own catalogues.

Our glossary (docs/glossary.md) says one word per concept; allauth says
"Sign In"/"email" in English and 您/帳戶/Email in zh-Hant. Run this after
upgrading allauth, then `make messages`:

    .venv/bin/python locale-overrides/build.py
"""

import re
from pathlib import Path

import allauth
import polib

ALLAUTH_LOCALE = Path(allauth.__file__).parent / "locale"
HERE = Path(__file__).parent
PLACEHOLDER = re.compile(r"(%\([^)]*\)[sd]|\{\{[^}]*\}\}|\{[^}]*\})")

ENGLISH = [
    (r"\bSign In\b", "Log in"),
    (r"\bSign in\b", "Log in"),
    (r"\bsign in\b", "log in"),
    (r"\bSign Out\b", "Log out"),
    (r"\bSign out\b", "Log out"),
    (r"\bsign out\b", "log out"),
    (r"\bsigned in\b", "logged in"),
    (r"\bsigned out\b", "logged out"),
    (r"\bEmail\b", "E-mail"),
    (r"\bemail\b", "e-mail"),
    (r"\bEmails\b", "E-mails"),
    (r"\bemails\b", "e-mails"),
]
CHINESE = [
    ("您", "你"),
    ("帳戶", "帳號"),
    ("電郵", "電子郵件"),
    ("Email 地址", "電子郵件地址"),
    ("Email", "電子郵件"),
    ("E-mail", "電子郵件"),
    ("email", "電子郵件"),
]


def _outside_placeholders(text: str, change) -> str:
    parts = PLACEHOLDER.split(text)
    return "".join(p if PLACEHOLDER.fullmatch(p) else change(p) for p in parts)


def _english(text: str) -> str:
    def change(part: str) -> str:
        for pattern, new in ENGLISH:
            part = re.sub(pattern, new, part)
        return part

    return _outside_placeholders(text, change)


def _chinese(text: str) -> str:
    def change(part: str) -> str:
        for old, new in CHINESE:
            part = part.replace(old, new)
        return part

    return _outside_placeholders(text, change)


def build(language: str, source: str | None, change) -> None:
    original = polib.pofile(
        str(ALLAUTH_LOCALE / (source or "en") / "LC_MESSAGES/django.po")
    )
    out = polib.POFile()
    out.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Language": language,
        "Plural-Forms": original.metadata.get(
            "Plural-Forms", "nplurals=2; plural=(n != 1);"
        ),
    }
    for entry in original:
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        if source is None:  # English: the msgid is the text
            single, plural = entry.msgid, entry.msgid_plural
        else:
            if not entry.translated():
                continue
            single = entry.msgstr
            plural = None
        new = polib.POEntry(msgid=entry.msgid, msgctxt=entry.msgctxt, flags=entry.flags)
        if entry.msgid_plural:
            new.msgid_plural = entry.msgid_plural
            if source is None:
                forms = {0: change(single), 1: change(plural)}
            else:
                forms = {k: change(v) for k, v in entry.msgstr_plural.items()}
            originals = (
                {0: single, 1: plural} if source is None else entry.msgstr_plural
            )
            if forms == dict(originals):
                continue
            new.msgstr_plural = forms
        else:
            changed = change(single)
            if changed == single:
                continue
            new.msgstr = changed
        out.append(new)
    target = HERE / language / "LC_MESSAGES"
    target.mkdir(parents=True, exist_ok=True)
    out.save(str(target / "django.po"))
    out.save_as_mofile(str(target / "django.mo"))
    print(language, len(out), "overrides")


if __name__ == "__main__":
    build("en", None, _english)
    build("zh_Hant", "zh_Hant", _chinese)

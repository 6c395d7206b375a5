"""Captchas (django-simple-captcha's CaptchaStore), shared by pages and API.

A captcha is identified by its hashkey for its whole life: refreshing it puts a
new code behind the same key, a right answer consumes it, and it expires
CAPTCHA_TIMEOUT minutes after it was last refreshed.
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from captcha.conf import settings as captcha_settings
from captcha.models import CaptchaStore
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string

from accounts.errors import CaptchaExpired, CaptchaRequired, CaptchaWrong

# Capitals without look-alikes (I/J/L, O/Q, U/V/W).
LEGIBLE_LETTERS = "ABCDEFGHKMNPRSTXYZ"


def legible_challenge() -> tuple[str, str]:
    """CAPTCHA_CHALLENGE_FUNCT: (shown, expected answer); answers ignore case."""
    code = "".join(
        secrets.choice(LEGIBLE_LETTERS) for _ in range(captcha_settings.CAPTCHA_LENGTH)
    )
    return code, code.lower()


@dataclass(frozen=True)
class CaptchaChallenge:
    key: str
    image_url: str
    expires_at: datetime.datetime


def _expiry() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(
        minutes=int(captcha_settings.CAPTCHA_TIMEOUT)
    )


def captcha_image_url(*, key: str) -> str:
    # The version parameter changes on every refresh so no cache serves the old code.
    return f"{reverse('captcha-image', kwargs={'key': key})}?v={get_random_string(8)}"


def _challenge(store: CaptchaStore) -> CaptchaChallenge:
    return CaptchaChallenge(
        key=store.hashkey,
        image_url=captcha_image_url(key=store.hashkey),
        expires_at=store.expiration,
    )


def captcha_create() -> CaptchaChallenge:
    """A new captcha: its key, image URL and expiry."""
    key = CaptchaStore.generate_key()
    return _challenge(CaptchaStore.objects.get(hashkey=key))


@transaction.atomic
def captcha_refresh(*, key: str) -> CaptchaChallenge:
    """Put a new code behind the same key (and restart its expiry)."""
    store = CaptchaStore.objects.select_for_update().filter(hashkey=key).first()
    if store is None or store.expiration <= timezone.now():
        raise CaptchaExpired(field="captcha_key")
    challenge, response = captcha_settings.get_challenge()()
    store.challenge = challenge
    store.response = response
    store.expiration = _expiry()
    store.save()
    return _challenge(store)


def captcha_verify(*, key: str, answer: str) -> None:
    """Consume the captcha if `answer` is right; raise a CaptchaInvalid if not.

    A wrong answer puts a new code behind the key, so each code gets one guess.
    """
    answer = (answer or "").strip().lower()
    now = timezone.now()
    if not key or not answer:
        raise CaptchaRequired()
    consumed, _rows = CaptchaStore.objects.filter(
        hashkey=key, response=answer, expiration__gt=now
    ).delete()
    if consumed:
        return
    store = CaptchaStore.objects.filter(hashkey=key).first()
    if store is None or store.expiration <= now:
        raise CaptchaExpired()
    captcha_refresh(key=key)
    raise CaptchaWrong()

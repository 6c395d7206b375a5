"""Stable pseudonyms for anonymous posting: one per member per post.

Derived, not stored: a keyed hash of (post, member) so the same person keeps
the same name throughout a thread, a different one in the next thread, and
nobody can compute it without the secret key.
"""

import hashlib
import hmac

from django.conf import settings
from django.utils.translation import gettext as _

_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def pseudonym_code(*, post_id: int, user_id: int) -> str:
    key = hashlib.sha256(b"posts.pseudonym:" + settings.SECRET_KEY.encode()).digest()
    digest = hmac.new(key, f"{post_id}:{user_id}".encode(), hashlib.sha256).digest()
    return "".join(_ALPHABET[byte % len(_ALPHABET)] for byte in digest[:4])


def pseudonym(*, post_id: int, user_id: int) -> str:
    """What others see instead of the name, e.g. "Anonymous K7QD"."""
    return _("Anonymous %(code)s") % {
        "code": pseudonym_code(post_id=post_id, user_id=user_id)
    }

"""Rate limits through allauth's cache-backed limiter, answered with Retry-After.

The rates are allauth's ACCOUNT_RATE_LIMITS (plus `captcha`), so the pages and
the API count against the same buckets.
"""

from __future__ import annotations

import math
import time

from allauth.account import app_settings as account_settings
from allauth.core.internal import ratelimit as allauth_ratelimit
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext as _
from rest_framework.exceptions import Throttled

APP = "allauth.account"


def _config() -> dict[str, str]:
    return {**account_settings.RATE_LIMITS, **settings.KAIGON_RATE_LIMITS}


def retry_after_seconds(
    request: HttpRequest, *, action: str, key: str | None = None, user=None
) -> int:
    """Seconds until every exhausted bucket of `action` lets one more request in."""
    now = time.time()
    wait = 0.0
    for rate in allauth_ratelimit.get_rates(app=APP, action=action, config=_config()):
        if rate.per == "key" and key is None:
            continue
        if rate.per == "user" and user is None and not request.user.is_authenticated:
            continue
        cache_key = allauth_ratelimit.get_cache_key(
            request, app=APP, action=action, rate=rate, key=key, user=user
        )
        history = [ts for ts in cache.get(cache_key, []) if ts > now - rate.duration]
        if len(history) >= rate.amount:
            wait = max(wait, history[rate.amount - 1] + rate.duration - now)
    return max(1, math.ceil(wait))


def rate_limit_consume(
    request: HttpRequest,
    *,
    action: str,
    key: str | None = None,
    user=None,
    dry_run: bool = False,
) -> None:
    """Count one attempt of `action`; raise DRF's Throttled (429) when over."""
    usage = allauth_ratelimit.consume(
        request,
        app=APP,
        action=action,
        config=_config(),
        key=key.lower() if key else None,
        user=user,
        dry_run=dry_run,
        limit_get=True,
    )
    if usage is None:
        wait = retry_after_seconds(
            request, action=action, key=key.lower() if key else None, user=user
        )
        raise Throttled(
            wait=wait, detail=_("Too many attempts; try again in a moment.")
        )


def page_retry_after_seconds(request: HttpRequest) -> int:
    """For allauth's pages, which do not say which limit hit: the longest wait."""
    waits = [
        retry_after_seconds(request, action=action)
        for action in _config()
        if any(
            rate.per == "ip"
            for rate in allauth_ratelimit.get_rates(
                app=APP, action=action, config=_config()
            )
        )
    ]
    return max([*waits, 1])

"""One rate limiter for the API, the pages and socket frames.

It is allauth's limiter: allauth's own pages (login, signup, reset, ...)
count in its cache buckets, and our API views name the same actions, so a
page and the API share one budget per action. Rates are written the allauth
way ("20/m/ip", "5/5m/key", "60/h/user"): ACCOUNT_RATE_LIMITS for allauth's
actions, KAIGON_RATE_LIMITS for the others. Over the limit, `RateLimited` is
raised with `retry_after`; each surface answers it in its own way (API 429 +
Retry-After, the styled 429 page, a socket `rate_limited` error).

`LocalRateLimit` applies the same rule to something that lives in one process
only, a socket connection's frames, without a cache round trip per frame.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from allauth.account import app_settings as account_settings
from allauth.core.internal import ratelimit as allauth_ratelimit
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from kaigon.errors import RateLimited

APP = "allauth.account"

RateLimitedFactory = Callable[[int], RateLimited]


def rate_limit_rates() -> dict[str, str]:
    """Every action's rates: allauth's, then ours."""
    return {**account_settings.RATE_LIMITS, **settings.KAIGON_RATE_LIMITS}


def _config(action: str, rates: str | None) -> dict[str, str]:
    return {action: rates} if rates is not None else rate_limit_rates()


def _retry_after(
    request: HttpRequest | None,
    *,
    action: str,
    config: dict[str, str],
    key: str | None,
    user: Any,
) -> int:
    """Seconds until every exhausted bucket of `action` lets one more in."""
    now = time.time()
    wait = 0.0
    for rate in allauth_ratelimit.get_rates(app=APP, action=action, config=config):
        if rate.per == "key" and key is None:
            continue
        if (
            rate.per == "user"
            and user is None
            and not (request is not None and request.user.is_authenticated)
        ):
            continue
        cache_key = allauth_ratelimit.get_cache_key(
            request, app=APP, action=action, rate=rate, key=key, user=user
        )
        history = [ts for ts in cache.get(cache_key, []) if ts > now - rate.duration]
        if len(history) >= rate.amount:
            wait = max(wait, history[rate.amount - 1] + rate.duration - now)
    return max(1, int(wait + 0.999))


def rate_limit_consume(
    request: HttpRequest | None,
    *,
    action: str,
    key: str | None = None,
    user: Any = None,
    rates: str | None = None,
    dry_run: bool = False,
    error: RateLimitedFactory = lambda wait: RateLimited(retry_after=wait),
) -> None:
    """Count one attempt of `action`; raise RateLimited when over its rates.

    `rates` overrides the configured ones (for a limit read from another
    setting). Without a request only "/key" and "/user" rates can apply.
    `error` builds the refusal from the seconds to wait (a domain message).
    """
    key = key.lower() if key else None
    config = _config(action, rates)
    usage = allauth_ratelimit.consume(
        request,
        app=APP,
        action=action,
        config=config,
        key=key,
        user=user,
        dry_run=dry_run,
        limit_get=True,
    )
    if usage is None:
        raise error(
            _retry_after(request, action=action, config=config, key=key, user=user)
        )


def rate_limit_page_wait(request: HttpRequest) -> int:
    """For allauth's pages, which do not say which limit hit: the longest wait."""
    config = rate_limit_rates()
    waits = [
        _retry_after(request, action=action, config=config, key=None, user=None)
        for action in config
        if any(
            rate.per == "ip"
            for rate in allauth_ratelimit.get_rates(
                app=APP, action=action, config=config
            )
        )
    ]
    return max([*waits, 1])


class LocalRateLimit:
    """The same sliding-window rule, kept in memory for one object's lifetime."""

    def __init__(self, rate: str) -> None:
        self.rate = allauth_ratelimit.parse_rate(rate)
        self._history: list[float] = []

    def consume(self, message: Any = None) -> None:
        """Count one hit; raise RateLimited (with `message`) when over the rate."""
        now = time.monotonic()
        allowed, self._history = allauth_ratelimit.apply_rate(
            self._history, now, self.rate
        )
        if not allowed:
            oldest = self._history[self.rate.amount - 1]
            raise RateLimited(message, retry_after=oldest + self.rate.duration - now)

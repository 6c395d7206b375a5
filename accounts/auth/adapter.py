"""allauth adapters: Kaigon's tweaks to allauth's account and social flows."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.userkit import filter_users_by_email
from allauth.core.internal import ratelimit as allauth_ratelimit
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.contrib.sites.shortcuts import get_current_site
from django.http import HttpRequest

from accounts.models import User
from kaigon.api import is_api_path
from kaigon.ratelimit import APP, rate_limit_consume, rate_limit_rates

LOGIN_FAILED = "login_failed"
# Set on the request by the login form once its captcha is solved.
CAPTCHA_SOLVED_ATTR = "kaigon_captcha_solved"


def user_for_login(login: str) -> User | None:
    """The account a typed login (e-mail address or username) names, if any."""
    login = login.strip()
    if "@" in login:
        users = filter_users_by_email(login, is_active=None, prefer_verified=True)
        return users[0] if users else None
    return User.objects.filter(username__iexact=login).first()


def _split_rates(rates: str) -> tuple[str, str]:
    """("10/m/ip", "5/5m/key") out of "10/m/ip,5/5m/key"."""
    parts = [part.strip() for part in rates.split(",") if part.strip()]
    per_ip = ",".join(p for p in parts if not p.endswith("/key"))
    per_key = ",".join(p for p in parts if p.endswith("/key"))
    return per_ip, per_key


class AccountAdapter(DefaultAccountAdapter):
    def add_message(self, request: HttpRequest, *args, **kwargs) -> None:
        # API clients read JSON answers; flash messages would pile up unseen.
        if request is not None and is_api_path(getattr(request, "path", "")):
            return
        super().add_message(request, *args, **kwargs)

    def _get_login_attempts_cache_key(
        self, request: HttpRequest, **credentials: Any
    ) -> str:
        # Keyed on the account, so its username and e-mail share one budget.
        login = str(credentials.get("email", credentials.get("username", "")))
        user = user_for_login(login)
        account = f"user:{user.pk}" if user else login.strip().lower()
        return f"{get_current_site(request).domain}:{account}"

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        """Count a login attempt: per IP (a hard limit) and per account.

        An account over its limit is not refused yet: a stranger's wrong
        guesses must not lock its owner out, so the right password with a
        solved captcha still gets in; a wrong one is answered 429.
        """
        key = self._get_login_attempts_cache_key(request, **credentials)
        per_ip, per_key = _split_rates(rate_limit_rates().get(LOGIN_FAILED) or "")
        usage = allauth_ratelimit.RateLimitUsage(usage=[])
        if per_ip:
            ip_usage = allauth_ratelimit.consume(
                request, app=APP, action=LOGIN_FAILED, config={LOGIN_FAILED: per_ip}
            )
            if ip_usage is None:
                rate_limit_consume(
                    request, action=LOGIN_FAILED, rates=per_ip, dry_run=True
                )
            else:
                usage.usage += ip_usage.usage
        self._locked_bucket: tuple[str, str] | None = None
        if per_key:
            key_usage = allauth_ratelimit.consume(
                request,
                app=APP,
                action=LOGIN_FAILED,
                config={LOGIN_FAILED: per_key},
                key=key,
            )
            if key_usage is None:
                self._locked_bucket = (key, per_key)
                if not getattr(request, CAPTCHA_SOLVED_ATTR, False):
                    self._raise_account_locked(request)
            else:
                usage.usage += key_usage.usage
        self._login_failed_rl_usage = usage

    def _raise_account_locked(self, request: HttpRequest) -> None:
        assert self._locked_bucket is not None
        key, per_key = self._locked_bucket
        # Raises RateLimited with the seconds until the account's bucket opens.
        rate_limit_consume(
            request, action=LOGIN_FAILED, key=key, rates=per_key, dry_run=True
        )

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        if getattr(self, "_locked_bucket", None):
            self._raise_account_locked(request)
        super().authentication_failed(request, **credentials)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def populate_user(self, request: HttpRequest, sociallogin, data: dict):
        user = super().populate_user(request, sociallogin, data)
        extra = getattr(sociallogin.account, "extra_data", None) or {}
        full = " ".join(filter(None, [data.get("first_name"), data.get("last_name")]))
        name = (extra.get("name") or data.get("name") or full or "").strip()
        if name and not user.nickname:
            user.nickname = name[:50]
        return user

"""allauth adapters: Kaigon's tweaks to allauth's account and social flows."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.http import HttpRequest

from kaigon.api import is_api_path


class AccountAdapter(DefaultAccountAdapter):
    def add_message(self, request: HttpRequest, *args, **kwargs) -> None:
        # API clients read JSON answers; flash messages would pile up unseen.
        if request is not None and is_api_path(getattr(request, "path", "")):
            return
        super().add_message(request, *args, **kwargs)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def populate_user(self, request: HttpRequest, sociallogin, data: dict):
        user = super().populate_user(request, sociallogin, data)
        extra = getattr(sociallogin.account, "extra_data", None) or {}
        full = " ".join(filter(None, [data.get("first_name"), data.get("last_name")]))
        name = (extra.get("name") or data.get("name") or full or "").strip()
        if name and not user.nickname:
            user.nickname = name[:50]
        return user

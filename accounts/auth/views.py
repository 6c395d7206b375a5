"""HTML pages of the auth half: the security settings page and the 429 page.

Login, signup, verification, reset, password and e-mail change and Google are
allauth's own pages under /accounts/ (with our forms and templates).
"""

from __future__ import annotations

from allauth.account.views import confirm_email as allauth_confirm_email
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.auth.google import google_accounts as google_accounts_of
from accounts.auth.google import google_disconnect
from accounts.auth.services import (
    device_list,
    device_revoke,
    email_address_of_key,
    user_logout_everywhere,
)
from accounts.errors import GoogleError
from kaigon.errors import RateLimited
from kaigon.ratelimit import rate_limit_page_wait
from kaigon.views import error_response


def rate_limited(
    request: HttpRequest, exception: Exception | None = None
) -> HttpResponse:
    """handler429: allauth's pages refused by its limiter, answered like ours."""
    return error_response(
        request, RateLimited(retry_after=rate_limit_page_wait(request))
    )


def confirm_email(request: HttpRequest, key: str) -> HttpResponse:
    """allauth's confirmation page, except that a link used before says so."""
    address = email_address_of_key(key=key)
    if address is not None and address.verified:
        messages.info(request, _("This e-mail address is already verified."))
        if request.user.is_authenticated:
            return redirect("accounts:settings-profile")
        return redirect("account_login")
    return allauth_confirm_email(request, key=key)


@login_required
def settings_security(request: HttpRequest) -> HttpResponse:
    devices = device_list(
        user=request.user, current_session_key=request.session.session_key
    )
    google_accounts = google_accounts_of(user=request.user)
    return render(
        request,
        "accounts/settings_security.html",
        {"devices": devices, "google_accounts": google_accounts},
    )


@login_required
@require_POST
def settings_device_revoke(request: HttpRequest, device_id: str) -> HttpResponse:
    if not device_revoke(user=request.user, device_id=device_id):
        raise Http404
    messages.success(request, _("That device was logged out."))
    return redirect("accounts:settings-security")


@login_required
@require_POST
def settings_logout_everywhere(request: HttpRequest) -> HttpResponse:
    user_logout_everywhere(user=request.user)
    logout(request)
    messages.success(request, _("You were logged out on every device."))
    return redirect("account_login")


@login_required
@require_POST
def settings_google_unlink(request: HttpRequest) -> HttpResponse:
    try:
        google_disconnect(request=request, user=request.user)
    except GoogleError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Google is no longer linked to your account."))
    return redirect("accounts:settings-security")

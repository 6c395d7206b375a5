"""HTML pages of the auth half: the security settings page and the 429 page.

Login, signup, verification, reset, password and e-mail change and Google are
allauth's own pages under /accounts/ (with our forms and templates).
"""

from __future__ import annotations

from allauth.socialaccount.models import SocialAccount
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.auth_services import device_list, device_revoke, user_logout_everywhere
from accounts.ratelimits import page_retry_after_seconds
from kaigon.api import api_error_response, is_api_path


def rate_limited(
    request: HttpRequest, exception: Exception | None = None
) -> HttpResponse:
    wait = page_retry_after_seconds(request)
    if is_api_path(request.path):
        response = api_error_response(
            429, "throttled", _("Too many attempts; try again in a moment.")
        )
    else:
        response = render(
            request, "accounts/rate_limited.html", {"retry_after": wait}, status=429
        )
    response["Retry-After"] = str(wait)
    return response


@login_required
def settings_security(request: HttpRequest) -> HttpResponse:
    devices = device_list(
        user=request.user, current_session_key=request.session.session_key
    )
    google_accounts = SocialAccount.objects.filter(user=request.user, provider="google")
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
    messages.success(request, _("That device was signed out."))
    return redirect("accounts:settings-security")


@login_required
@require_POST
def settings_logout_everywhere(request: HttpRequest) -> HttpResponse:
    user_logout_everywhere(user=request.user)
    logout(request)
    messages.success(request, _("You were signed out on every device."))
    return redirect("account_login")

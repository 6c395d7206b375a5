from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.urls import NoReverseMatch

# The browser opens its one live socket here (see static/js/live.js).
LIVE_SOCKET_PATH = "/ws/"


def _first_url(*names: str) -> str:
    """The URL of the first name that resolves, or "" (then the link is hidden)."""
    for name in names:
        try:
            return resolve_url(name)
        except NoReverseMatch:
            continue
    return ""


def site(request: HttpRequest) -> dict:
    # Every page, the 404 and 500 pages included, renders with these, so a
    # URL name that is missing must hide a link rather than fail the page.
    return {
        "google_login_enabled": bool(settings.GOOGLE_CLIENT_ID),
        "login_url": _first_url(settings.LOGIN_URL),
        "signup_url": _first_url("account_signup"),
        "logout_url": _first_url("account_logout", "admin:logout"),
        "live_socket_path": LIVE_SOCKET_PATH,
    }

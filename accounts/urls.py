"""HTML pages of accounts (namespace "accounts")."""

from django.urls import path
from django.views.generic import RedirectView

from accounts import views
from accounts.auth import views as auth_views

app_name = "accounts"
_to_security = RedirectView.as_view(pattern_name="accounts:settings-security")

urlpatterns = [
    # Before allauth's own URLs, which these replace.
    path(
        "accounts/confirm-email/<str:key>/",
        auth_views.confirm_email,
        name="confirm-email",
    ),
    # allauth's own lists of sessions and linked accounts: one page has both.
    path("accounts/sessions/", _to_security, name="allauth-sessions"),
    path("accounts/3rdparty/", _to_security, name="allauth-connections"),
    path("settings/profile", views.settings_profile, name="settings-profile"),
    path(
        "settings/notifications",
        views.settings_notifications,
        name="settings-notifications",
    ),
    path("settings/security", auth_views.settings_security, name="settings-security"),
    path(
        "settings/security/devices/<str:device_id>/revoke",
        auth_views.settings_device_revoke,
        name="settings-device-revoke",
    ),
    path(
        "settings/security/logout-everywhere",
        auth_views.settings_logout_everywhere,
        name="settings-logout-everywhere",
    ),
    path(
        "settings/security/google/unlink",
        auth_views.settings_google_unlink,
        name="settings-google-unlink",
    ),
    path("u/<str:username>", views.profile_detail, name="profile"),
    path("u/<str:username>/follow", views.profile_follow, name="follow"),
    path("u/<str:username>/unfollow", views.profile_unfollow, name="unfollow"),
    path("u/<str:username>/followers", views.profile_followers, name="followers"),
    path("u/<str:username>/following", views.profile_following, name="following"),
]

from django.urls import path

from accounts.api import auth_views, profiles
from accounts.api.tickets import ws_ticket

urlpatterns: list = [
    path("me", profiles.MeView.as_view(), name="me"),
    path(
        "me/notification-settings",
        profiles.NotificationSettingsView.as_view(),
        name="me-notification-settings",
    ),
    path("users/<str:username>", profiles.UserProfileView.as_view(), name="user"),
    path(
        "users/<str:username>/follow",
        profiles.UserFollowView.as_view(),
        name="user-follow",
    ),
    path(
        "users/<str:username>/followers",
        profiles.UserFollowersView.as_view(),
        name="user-followers",
    ),
    path(
        "users/<str:username>/following",
        profiles.UserFollowingView.as_view(),
        name="user-following",
    ),
    path("auth/ws-ticket", ws_ticket, name="auth-ws-ticket"),
    *[
        path(f"auth/{route}", view.as_view(), name=f"auth-{name}")
        for route, view, name in [
            ("captcha", auth_views.CaptchaView, "captcha"),
            (
                "captcha/<str:key>/refresh",
                auth_views.CaptchaRefreshView,
                "captcha-refresh",
            ),
            ("signup", auth_views.SignupView, "signup"),
            ("email/verify", auth_views.EmailVerifyView, "email-verify"),
            (
                "email/verify/resend",
                auth_views.EmailVerifyResendView,
                "email-verify-resend",
            ),
            ("email/change", auth_views.EmailChangeView, "email-change"),
            ("login", auth_views.LoginView, "login"),
            ("token/refresh", auth_views.TokenRefreshView, "token-refresh"),
            ("logout", auth_views.LogoutView, "logout"),
            ("logout-all", auth_views.LogoutAllView, "logout-all"),
            ("password/reset", auth_views.PasswordResetView, "password-reset"),
            (
                "password/reset/confirm",
                auth_views.PasswordResetConfirmView,
                "password-reset-confirm",
            ),
            ("password/change", auth_views.PasswordChangeView, "password-change"),
            ("google", auth_views.GoogleLoginView, "google"),
            ("google/connect", auth_views.GoogleConnectView, "google-connect"),
            ("devices", auth_views.DeviceListView, "devices"),
            ("devices/<str:device_id>", auth_views.DeviceDetailView, "device"),
        ]
    ],
]

from django.urls import path

from accounts.api import profiles
from accounts.api.auth import captcha, devices, google, passwords, session, signup
from accounts.api.auth.tickets import ws_ticket

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
            ("captcha", captcha.CaptchaView, "captcha"),
            (
                "captcha/<str:key>/refresh",
                captcha.CaptchaRefreshView,
                "captcha-refresh",
            ),
            ("signup", signup.SignupView, "signup"),
            ("email/verify", signup.EmailVerifyView, "email-verify"),
            (
                "email/verify/resend",
                signup.EmailVerifyResendView,
                "email-verify-resend",
            ),
            ("email/change", signup.EmailChangeView, "email-change"),
            ("login", session.LoginView, "login"),
            ("token/refresh", session.TokenRefreshView, "token-refresh"),
            ("logout", session.LogoutView, "logout"),
            ("logout-all", session.LogoutAllView, "logout-all"),
            ("password/reset", passwords.PasswordResetView, "password-reset"),
            (
                "password/reset/confirm",
                passwords.PasswordResetConfirmView,
                "password-reset-confirm",
            ),
            ("password/change", passwords.PasswordChangeView, "password-change"),
            ("google", google.GoogleLoginView, "google"),
            ("google/connect", google.GoogleConnectView, "google-connect"),
            ("devices", devices.DeviceListView, "devices"),
            ("devices/<str:device_id>", devices.DeviceDetailView, "device"),
        ]
    ],
]

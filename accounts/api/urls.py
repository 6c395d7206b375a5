from django.urls import path  # noqa: F401

from accounts.api import profiles

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
]

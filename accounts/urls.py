"""HTML pages of accounts (namespace "accounts")."""

from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("settings/profile", views.settings_profile, name="settings-profile"),
    path(
        "settings/notifications",
        views.settings_notifications,
        name="settings-notifications",
    ),
    path("u/<str:username>", views.profile_detail, name="profile"),
    path("u/<str:username>/follow", views.profile_follow, name="follow"),
    path("u/<str:username>/unfollow", views.profile_unfollow, name="unfollow"),
    path("u/<str:username>/followers", views.profile_followers, name="followers"),
    path("u/<str:username>/following", views.profile_following, name="following"),
]

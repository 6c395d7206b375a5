from django.urls import path

from notifications.api import views

urlpatterns: list = [
    path(
        "notifications/",
        views.NotificationListView.as_view(),
        name="notifications",
    ),
    path(
        "notifications/unread-count",
        views.UnreadCountView.as_view(),
        name="notifications-unread-count",
    ),
    path("notifications/read", views.MarkReadView.as_view(), name="notifications-read"),
    path(
        "notifications/read-all",
        views.MarkAllReadView.as_view(),
        name="notifications-read-all",
    ),
]

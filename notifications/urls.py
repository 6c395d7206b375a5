"""HTML pages of the inbox (namespace "notifications")."""

from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("read-all", views.mark_all_read, name="read-all"),
    path("<int:notification_id>/", views.open_notification, name="open"),
    path("email", views.mail_settings, name="mail-settings"),
    path("unsubscribe/<str:token>", views.unsubscribe, name="unsubscribe"),
]

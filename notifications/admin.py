from django.contrib import admin

from notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only: entries are raised and read through notifications.services."""

    list_display = [
        "recipient",
        "kind",
        "target_type",
        "target_id",
        "count",
        "updated_at",
        "read_at",
    ]
    list_filter = ["kind", "target_type"]
    search_fields = ["recipient__username"]
    list_select_related = ["recipient"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

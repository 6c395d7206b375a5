from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from kaigon.docstore.models import StoredDocument


@admin.register(StoredDocument)
class StoredDocumentAdmin(admin.ModelAdmin):
    """Read-only: documents change only through the apps' services."""

    list_display = ("collection", "partition", "seq", "created_at", "deleted_at")
    list_filter = ("collection",)
    search_fields = ("=partition", "=idempotency_key")
    ordering = ("collection", "partition", "-seq")
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: Model | None = None
    ) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: Model | None = None
    ) -> bool:
        return False

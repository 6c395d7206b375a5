from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from boards.models import Board, BoardSubscription


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    """Staff create and edit boards and name each board's moderators."""

    list_display = (
        "name",
        "slug",
        "icon",
        "order",
        "posting_rule",
        "anonymous_allowed",
        "archived",
        "post_count",
        "last_activity_at",
    )
    list_editable = ("order",)
    list_filter = ("posting_rule", "anonymous_allowed", "archived")
    search_fields = ("name", "slug", "description")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("moderators",)
    readonly_fields = ("post_count", "last_activity_at", "created_at")
    fields = (
        "name",
        "slug",
        "icon",
        "description",
        "order",
        "posting_rule",
        "anonymous_allowed",
        "archived",
        "moderators",
        "post_count",
        "last_activity_at",
        "created_at",
    )

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        # Posts keep their board (PROTECT); archive a board instead.
        return False


@admin.register(BoardSubscription)
class BoardSubscriptionAdmin(admin.ModelAdmin):
    list_display = ("user", "board", "created_at")
    list_select_related = ("user", "board")
    list_filter = ("board",)
    search_fields = ("user__username",)
    readonly_fields = ("user", "board", "created_at")

    def get_queryset(self, request: HttpRequest) -> QuerySet[BoardSubscription]:
        return super().get_queryset(request).select_related("user", "board")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

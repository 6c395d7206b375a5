"""Rooms and their members in admin; messages are in the document store
(visible read-only under "Stored documents")."""

from django.contrib import admin

from chat.models import ChatPreference, Membership, Room


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ("user", "role", "nickname", "last_read_seq", "joined_at")
    readonly_fields = ("last_read_seq", "joined_at")
    raw_id_fields = ("user",)


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "__str__",
        "kind",
        "created_by",
        "created_at",
        "last_message_at",
    )
    list_filter = ("kind", "created_at")
    search_fields = ("name", "memberships__user__username")
    raw_id_fields = ("avatar", "created_by")
    readonly_fields = ("direct_key", "created_at", "last_message_at")
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("id", "room", "user", "role", "last_read_seq", "archived")
    list_filter = ("role", "archived", "pinned")
    search_fields = ("user__username", "room__name")
    raw_id_fields = ("room", "user")
    list_select_related = ("room", "user")


@admin.register(ChatPreference)
class ChatPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "who_may_message")
    list_filter = ("who_may_message",)
    search_fields = ("user__username",)
    raw_id_fields = ("user",)

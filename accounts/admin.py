from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.auth.models import RefreshFamily
from accounts.models import Follow, NotificationSetting, User

admin.site.site_header = _("Kaigon administration")
admin.site.site_title = "Kaigon"
admin.site.index_title = _("Site administration")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = (
        "username",
        "email",
        "nickname",
        "is_active",
        "is_staff",
        "date_joined",
    )
    search_fields = ("username", "email", "nickname")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Profile"), {"fields": ("nickname", "bio")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "email", "password1", "password2"),
            },
        ),
    )


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ("follower", "followee", "created_at")
    list_select_related = ("follower", "followee")
    search_fields = ("follower__username", "followee__username")
    raw_id_fields = ("follower", "followee")


@admin.register(NotificationSetting)
class NotificationSettingAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "enabled", "updated_at")
    list_select_related = ("user",)
    list_filter = ("kind", "enabled")
    search_fields = ("user__username",)
    raw_id_fields = ("user",)


@admin.register(RefreshFamily)
class RefreshFamilyAdmin(admin.ModelAdmin):
    """Signed-in app devices; moderators can see and revoke them."""

    list_display = (
        "user",
        "user_agent",
        "ip",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
        "revoke_reason",
    )
    list_select_related = ("user",)
    list_filter = ("revoke_reason",)
    search_fields = ("user__username", "user__email", "ip")
    raw_id_fields = ("user",)
    readonly_fields = ("current_jti", "created_at", "last_used_at", "expires_at")
    actions = ["revoke"]

    @admin.action(description=_("Sign the selected devices out"))
    def revoke(self, request, queryset) -> None:
        from accounts.auth.models import RevokeReason
        from accounts.auth.tokens import refresh_family_revoke

        for family in queryset:
            refresh_family_revoke(family=family, reason=RevokeReason.REVOKED)

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import Follow, NotificationSetting, User


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

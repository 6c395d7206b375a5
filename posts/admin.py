"""Moderation in admin: every change goes through posts.moderation, which logs it.

Posts and comments are read-only here (their text belongs to their authors);
actions hide, lock, pin them. The report queue opens on the open reports and
resolves them by hiding the content or dismissing the report.
"""

from collections.abc import Callable

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kaigon.errors import KaigonError
from posts import moderation
from posts.models import (
    Comment,
    Hashtag,
    ModerationAction,
    ModerationLog,
    Post,
    Report,
    ReportResolution,
    ReportStatus,
    Suspension,
)


def _run_each(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet,
    service: Callable,
) -> None:
    """Apply `service` to each row; report how many went through and each refusal."""
    done = 0
    for obj in queryset:
        try:
            service(obj)
        except KaigonError as error:
            modeladmin.message_user(request, f"{obj}: {error.message}", messages.ERROR)
        else:
            done += 1
    if done:
        modeladmin.message_user(
            request,
            ngettext("%(count)d item updated.", "%(count)d items updated.", done)
            % {"count": done},
            messages.SUCCESS,
        )


def _post_action(action: str, description: str):
    @admin.action(description=description)
    def run(modeladmin, request, queryset):
        _run_each(
            modeladmin,
            request,
            queryset,
            lambda post: moderation.post_moderate(
                post=post, moderator=request.user, action=action
            ),
        )

    run.__name__ = f"post_{action}"
    return run


def _comment_action(action: str, description: str):
    @admin.action(description=description)
    def run(modeladmin, request, queryset):
        _run_each(
            modeladmin,
            request,
            queryset,
            lambda comment: moderation.comment_moderate(
                comment=comment, moderator=request.user, action=action
            ),
        )

    run.__name__ = f"comment_{action}"
    return run


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Post)
class PostAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "title",
        "board",
        "author",
        "status",
        "pinned",
        "locked",
        "anonymous",
        "comment_count",
        "reaction_count",
        "view_count",
        "created_at",
    )
    list_display_links = ("id", "title")
    list_filter = ("status", "board", "pinned", "locked", "anonymous")
    list_select_related = ("board", "author")
    search_fields = ("title", "author__username")
    ordering = ("-id",)
    actions = [
        _post_action(ModerationAction.HIDE, _("Hide selected posts")),
        _post_action(ModerationAction.UNHIDE, _("Unhide selected posts")),
        _post_action(ModerationAction.LOCK, _("Lock selected posts")),
        _post_action(ModerationAction.UNLOCK, _("Unlock selected posts")),
        _post_action(ModerationAction.PIN, _("Pin selected posts")),
        _post_action(ModerationAction.UNPIN, _("Unpin selected posts")),
    ]


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ("id", "post", "floor", "author", "status", "body", "created_at")
    list_filter = ("status",)
    list_select_related = ("post", "author")
    search_fields = ("body", "author__username")
    ordering = ("-id",)
    actions = [
        _comment_action(ModerationAction.HIDE, _("Hide selected comments")),
        _comment_action(ModerationAction.UNHIDE, _("Unhide selected comments")),
    ]


class ReportStatusFilter(admin.SimpleListFilter):
    """Open reports unless asked otherwise: the admin page is the queue."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [*ReportStatus.choices, ("all", _("All"))]

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            yield {
                "selected": (self.value() or ReportStatus.OPEN) == value,
                "query_string": changelist.get_query_string(
                    {self.parameter_name: value}
                ),
                "display": label,
            }

    def queryset(self, request, queryset):
        value = self.value() or ReportStatus.OPEN
        return queryset if value == "all" else queryset.filter(status=value)


def _resolve(resolution: str, description: str):
    @admin.action(description=description)
    def run(modeladmin, request, queryset):
        _run_each(
            modeladmin,
            request,
            queryset.filter(status=ReportStatus.OPEN),
            lambda report: moderation.report_resolve(
                report=report, moderator=request.user, resolution=resolution
            ),
        )

    run.__name__ = f"report_{resolution}"
    return run


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "created_at",
        "reporter",
        "post",
        "comment",
        "reason",
        "status",
        "resolution",
        "resolved_by",
    )
    list_filter = (ReportStatusFilter, "resolution")
    list_select_related = ("reporter", "post", "comment", "resolved_by")
    search_fields = ("reason", "reporter__username", "post__title")
    ordering = ("id",)
    actions = [
        _resolve(ReportResolution.HIDDEN, _("Hide the reported content")),
        _resolve(ReportResolution.DISMISSED, _("Dismiss the reports")),
    ]


@admin.register(ModerationLog)
class ModerationLogAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "moderator",
        "action",
        "post",
        "comment",
        "report",
        "target_user",
        "details",
    )
    list_filter = ("action",)
    list_select_related = ("moderator", "post", "comment", "report", "target_user")
    search_fields = ("moderator__username", "post__title", "details")


@admin.register(Suspension)
class SuspensionAdmin(admin.ModelAdmin):
    """Suspend a member until a date; the service checks staff and logs it."""

    list_display = ("user", "until", "reason", "created_by", "created_at")
    list_select_related = ("user", "created_by")
    search_fields = ("user__username", "reason")
    autocomplete_fields = ("user",)
    fields = ("user", "until", "reason")

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change) -> None:
        obj.pk = moderation.member_suspend(
            user=obj.user, until=obj.until, reason=obj.reason, actor=request.user
        ).pk


@admin.register(Hashtag)
class HashtagAdmin(ReadOnlyAdmin):
    list_display = ("name", "created_at")
    search_fields = ("name",)

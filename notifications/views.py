"""The inbox page; every change goes through notifications.services."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from notifications import selectors, services
from notifications.models import Notification

PAGE_SIZE = 50


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    notifications = list(
        selectors.notification_list(user=request.user, unread_only=unread_only)[
            :PAGE_SIZE
        ]
    )
    entries = [
        {
            "notification": notification,
            "text": selectors.notification_text(notification),
        }
        for notification in notifications
    ]
    return render(
        request,
        "notifications/inbox.html",
        {"entries": entries, "unread_only": unread_only},
    )


@login_required
def open_notification(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark the entry read and go where it leads (a link, so it opens in tabs)."""
    notification = Notification.objects.filter(
        pk=notification_id, recipient=request.user
    ).first()
    if notification is None:
        raise Http404("No such notification.")
    services.notification_mark_read(
        user=request.user, notification_ids=[notification.pk]
    )
    return redirect(selectors.notification_url(notification))


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    services.notification_mark_all_read(user=request.user)
    return redirect("notifications:inbox")

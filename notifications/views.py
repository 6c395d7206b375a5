"""The inbox page; every change goes through notifications.services."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import NotificationKind, User
from notifications import selectors, services
from notifications.mail import unsubscribe_token_read
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


class MailSettingsForm(forms.Form):
    """One checkbox per kind: e-mail me about it when I was offline."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in NotificationKind.choices:
            self.fields[kind] = forms.BooleanField(label=label, required=False)


@login_required
def mail_settings(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = MailSettingsForm(request.POST)
        if form.is_valid():
            for kind, enabled in form.cleaned_data.items():
                services.mail_setting_set(user=request.user, kind=kind, enabled=enabled)
            messages.success(request, _("Your e-mail choices are saved."))
            return redirect("notifications:mail-settings")
    else:
        form = MailSettingsForm(initial=selectors.mail_settings_get(user=request.user))
    return render(request, "notifications/mail_settings.html", {"form": form})


# The signed token is the credential: no login, and mail clients' one-click
# POST (RFC 8058) carries no CSRF token.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    found = unsubscribe_token_read(token)
    user = found and User.objects.filter(pk=found[0], is_active=True).first()
    if not found or user is None:
        raise Http404("Unknown unsubscribe link.")
    kind = NotificationKind(found[1])
    done = request.method == "POST"
    if done:
        services.mail_setting_set(user=user, kind=kind, enabled=False)
    return render(
        request,
        "notifications/unsubscribe.html",
        {"kind_label": kind.label, "done": done},
    )

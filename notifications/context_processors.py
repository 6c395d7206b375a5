from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from notifications.selectors import notification_unread_count


def unread_notifications(request: HttpRequest) -> dict:
    """The header bell's count; queried only by pages that show it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "notification_unread_count": SimpleLazyObject(
            lambda: notification_unread_count(user=user)
        )
    }

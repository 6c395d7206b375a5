"""The inbox over the JSON API (docs/api.md, "Notifications").

GET /api/v1/notifications/ (?unread=1), GET /api/v1/notifications/unread-count,
POST /api/v1/notifications/read (ids), POST /api/v1/notifications/read-all.
Everything acts on the requesting member's own inbox only.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.generics import ListAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kaigon.pagination import DefaultCursorPagination
from notifications import selectors, services
from notifications.api.serializers import (
    MarkReadSerializer,
    NotificationSerializer,
    UnreadCountSerializer,
)


class InboxPagination(DefaultCursorPagination):
    ordering = ("-updated_at", "-pk")


@extend_schema_view(
    get=extend_schema(
        operation_id="notifications_list",
        summary="My notifications",
        description="Latest activity first; cursor pagination. `unread=1` "
        "lists only unread ones.",
        parameters=[OpenApiParameter("unread", OpenApiTypes.BOOL)],
        tags=["notifications"],
    )
)
class NotificationListView(ListAPIView):
    serializer_class = NotificationSerializer
    permission_classes = [IsAuthenticated]
    pagination_class = InboxPagination

    def get_queryset(self):
        unread = self.request.query_params.get("unread", "") in {"1", "true", "yes"}
        return selectors.notification_list(user=self.request.user, unread_only=unread)


class UnreadCountView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="notifications_unread_count",
        summary="How many notifications are unread",
        responses=UnreadCountSerializer,
        tags=["notifications"],
    )
    def get(self, request: Request) -> Response:
        count = selectors.notification_unread_count(user=request.user)
        return Response({"unread_count": count})


class MarkReadView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="notifications_mark_read",
        summary="Mark some notifications read",
        description="Ids that are not yours or already read are ignored. "
        "Your other devices hear `notification.read`.",
        request=MarkReadSerializer,
        responses=UnreadCountSerializer,
        tags=["notifications"],
    )
    def post(self, request: Request) -> Response:
        serializer = MarkReadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        unread = services.notification_mark_read(
            user=request.user, notification_ids=serializer.validated_data["ids"]
        )
        return Response({"unread_count": unread})


class MarkAllReadView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="notifications_mark_all_read",
        summary="Mark every notification read",
        request=None,
        responses=UnreadCountSerializer,
        tags=["notifications"],
    )
    def post(self, request: Request) -> Response:
        services.notification_mark_all_read(user=request.user)
        return Response({"unread_count": 0})

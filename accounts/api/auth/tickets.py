"""POST /api/v1/auth/ws-ticket: a one-time ticket to open the WebSocket."""

from urllib.parse import urlencode

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import UserRateThrottle
from rest_framework.views import APIView

from accounts.auth.tickets import ws_ticket_issue, ws_ticket_ttl_seconds
from accounts.models import User

WS_PATH = "/ws/"


class WsTicketRateThrottle(UserRateThrottle):
    """Per-user limit on tickets; override with the "ws_ticket" throttle rate.

    A client needs one ticket per (re)connect, so a generous per-minute budget
    covers reconnect storms while stopping a loop that mints tickets.
    """

    scope = "ws_ticket"
    default_rate = "30/min"

    def get_rate(self) -> str:
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
        return str(rate or self.default_rate)


class WsTicketSerializer(serializers.Serializer):
    ticket = serializers.CharField(help_text="One-time ticket; use it once.")
    expires_in = serializers.IntegerField(help_text="Seconds the ticket stays valid.")
    url = serializers.CharField(help_text="Path to open, ticket included.")


class WsTicketView(APIView):
    permission_classes = [IsAuthenticated]
    throttle_classes = [WsTicketRateThrottle]

    @extend_schema(
        operation_id="auth_ws_ticket_create",
        summary="Get a one-time WebSocket ticket",
        description=(
            "Returns a ticket that opens one WebSocket at /ws/?ticket=... as the "
            "calling user. It is valid for `expires_in` seconds and works once. "
            "Clients without the session cookie (mobile apps) use it; see "
            "docs/realtime.md."
        ),
        request=None,
        responses={
            200: WsTicketSerializer,
            403: OpenApiResponse(description="Session without a valid CSRF token."),
            429: OpenApiResponse(description="Too many tickets requested."),
        },
        tags=["auth"],
    )
    def post(self, request: Request) -> Response:
        user = request.user
        assert isinstance(user, User)  # IsAuthenticated
        ticket = ws_ticket_issue(user=user)
        body = WsTicketSerializer(
            {
                "ticket": ticket,
                "expires_in": ws_ticket_ttl_seconds(),
                "url": f"{WS_PATH}?{urlencode({'ticket': ticket})}",
            }
        ).data
        response = Response(body, status=status.HTTP_200_OK)
        response["Cache-Control"] = "no-store"
        return response


ws_ticket = WsTicketView.as_view()

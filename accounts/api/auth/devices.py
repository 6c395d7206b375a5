"""My logged-in devices (API clients and browser sessions), and signing one out."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.auth import serializers as s
from accounts.api.auth.common import current_family_id
from accounts.auth.services import device_list, device_revoke
from kaigon.errors import NotFound


class DeviceListView(APIView):
    permission_classes = [IsAuthenticated]
    pagination_class = None

    @extend_schema(responses={200: s.DeviceSerializer(many=True)})
    def get(self, request: Request) -> Response:
        """Logged-in devices (API) and browser sessions (web) of my account."""
        devices = device_list(
            user=request.user,
            current_family_id=current_family_id(request),
            current_session_key=request._request.session.session_key,
        )
        return Response(s.DeviceSerializer(devices, many=True).data)


class DeviceDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, device_id: str) -> Response:
        """Sign one of my devices out."""
        if not device_revoke(user=request.user, device_id=device_id):
            raise NotFound(_("You have no such device."))
        return Response(status=status.HTTP_204_NO_CONTENT)

from django.urls import path
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from kaigon.health import run_health_checks


@extend_schema(
    responses=inline_serializer(
        "HealthStatus",
        {
            "status": serializers.CharField(),
            "checks": serializers.DictField(child=serializers.CharField()),
        },
    ),
    auth=[],
)
@api_view(["GET"])
@permission_classes([AllowAny])
def health(request: Request) -> Response:
    """The state of the database, cache, channel layer and document store."""
    report = run_health_checks()
    return Response(report.as_dict(), status=report.status_code)


urlpatterns = [path("health", health, name="health")]

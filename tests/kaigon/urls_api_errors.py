"""A few views that fail on purpose, to test the API error shape."""

from django.http import Http404
from django.urls import include, path
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView


class NameSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=5)


class ValidatingView(APIView):
    authentication_classes = []
    permission_classes = []

    def post(self, request):
        serializer = NameSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(serializer.validated_data)


class BrokenView(APIView):
    authentication_classes = []
    permission_classes = []

    def get(self, request):
        raise RuntimeError("secret internal detail")


class MissingView(APIView):
    authentication_classes = []
    permission_classes = []

    def get(self, request):
        raise Http404("No such thing")


class TwoPerMinuteThrottle(AnonRateThrottle):
    rate = "2/min"


class ThrottledView(APIView):
    authentication_classes = []
    permission_classes = []
    throttle_classes = [TwoPerMinuteThrottle]

    def get(self, request):
        return Response({"ok": True})


urlpatterns = [
    path("api/v1/test/validate", ValidatingView.as_view()),
    path("api/v1/test/broken", BrokenView.as_view()),
    path("api/v1/test/throttled", ThrottledView.as_view()),
    path("api/v1/test/missing", MissingView.as_view()),
    path("", include("kaigon.urls")),
]

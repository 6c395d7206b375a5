"""A few views that fail on purpose, to test the error shape of API and pages."""

from django import forms
from django.http import Http404, HttpResponse
from django.urls import include, path
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from kaigon.errors import Conflict, InvalidInput, KaigonError
from kaigon.forms import form_add_error
from kaigon.ratelimit import rate_limit_consume


class BoardArchived(Conflict):
    code = "test_board_archived"
    default_message = "The board %(board)s is archived."


def post_create(*, board: str, title: str) -> None:
    """A service: it refuses the way every service does."""
    if not title:
        raise InvalidInput(fields={"title": ["Give the post a title."]})
    raise BoardArchived(params={"board": board})


def limited_action(request) -> None:
    rate_limit_consume(request, action="test_action", rates="2/m/ip")


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


class ServiceView(APIView):
    authentication_classes = []
    permission_classes = []

    def post(self, request):
        post_create(board="news", title=request.data.get("title", ""))
        return Response({"ok": True})


class LimitedView(APIView):
    authentication_classes = []
    permission_classes = []
    throttle_classes = []

    def post(self, request):
        limited_action(request._request)
        return Response({"ok": True})


def service_page(request):
    post_create(board="news", title=request.GET.get("title", ""))


def limited_page(request):
    limited_action(request)
    return HttpResponse("ok")


class PostForm(forms.Form):
    title = forms.CharField(required=False)


def form_page(request):
    form = PostForm(request.GET)
    if form.is_valid():
        try:
            post_create(board="news", title=form.cleaned_data["title"])
        except KaigonError as error:
            form_add_error(form, error)
    return HttpResponse(form.as_p())


urlpatterns = [
    path("api/v1/test/service", ServiceView.as_view()),
    path("api/v1/test/limited", LimitedView.as_view()),
    path("test/service", service_page),
    path("test/limited", limited_page),
    path("test/form", form_page),
    path("api/v1/test/validate", ValidatingView.as_view()),
    path("api/v1/test/broken", BrokenView.as_view()),
    path("api/v1/test/throttled", ThrottledView.as_view()),
    path("api/v1/test/missing", MissingView.as_view()),
    path("", include("kaigon.urls")),
]

"""The benchmark's baseline: a DRF endpoint answering a constant 20-item list.

It runs through the same middleware, authentication, permission, throttling
and JSON renderer as the forum endpoints, so the forum's cost over it is the
cost of real data (queries, document store, serialisation).
"""

from django.urls import include, path
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

ITEMS = [
    {
        "id": n,
        "title": f"Static item {n} 靜態",
        "excerpt": "Constant text, no database.",
        "comment_count": n,
    }
    for n in range(20)
]


class StaticListView(APIView):
    permission_classes = [AllowAny]

    def get(self, request: Request) -> Response:
        return Response({"count": 20, "next": None, "previous": None, "results": ITEMS})


urlpatterns = [
    path("api/v1/bench/static", StaticListView.as_view()),
    path("", include("kaigon.urls")),
]

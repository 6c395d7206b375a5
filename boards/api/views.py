"""Boards over the JSON API.

GET /api/v1/boards, GET /api/v1/boards/<slug>,
POST/DELETE /api/v1/boards/<slug>/subscribe. A board's posts are served by
posts.api (GET /api/v1/boards/<slug>/posts).
"""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from boards import selectors, services
from boards.models import Board


class BoardSerializer(serializers.ModelSerializer):
    is_subscribed = serializers.BooleanField(
        read_only=True, help_text="Whether you subscribe to it."
    )
    can_post = serializers.SerializerMethodField(
        help_text="Whether you may start a post here now."
    )

    class Meta:
        model = Board
        fields = [
            "slug",
            "name",
            "description",
            "icon",
            "order",
            "posting_rule",
            "anonymous_allowed",
            "archived",
            "post_count",
            "last_activity_at",
            "is_subscribed",
            "can_post",
        ]
        read_only_fields = fields

    def get_can_post(self, board: Board) -> bool:
        request = self.context["request"]
        if "moderated" not in self.context:
            self.context["moderated"] = selectors.moderated_board_ids(user=request.user)
        return selectors.board_can_post(
            board=board, user=request.user, moderated=self.context["moderated"]
        )


class SubscriptionSerializer(serializers.Serializer):
    is_subscribed = serializers.BooleanField()


@extend_schema(tags=["boards"])
class BoardListView(APIView):
    @extend_schema(
        operation_id="boards_list",
        summary="Every board, in display order",
        responses={200: BoardSerializer(many=True)},
        auth=[],
    )
    def get(self, request: Request) -> Response:
        boards = selectors.board_list(viewer=request.user)
        return Response(
            BoardSerializer(boards, many=True, context={"request": request}).data
        )


@extend_schema(tags=["boards"])
class BoardDetailView(APIView):
    @extend_schema(
        operation_id="boards_retrieve",
        summary="One board",
        responses={200: BoardSerializer},
        auth=[],
    )
    def get(self, request: Request, slug: str) -> Response:
        board = selectors.board_get(slug=slug, viewer=request.user)
        return Response(BoardSerializer(board, context={"request": request}).data)


@extend_schema(tags=["boards"])
class BoardSubscribeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="boards_subscribe",
        summary="Subscribe to a board",
        request=None,
        responses={200: SubscriptionSerializer, 401: OpenApiResponse()},
    )
    def post(self, request: Request, slug: str) -> Response:
        board = selectors.board_get(slug=slug)
        services.board_subscribe(board=board, user=request.user)
        return Response({"is_subscribed": True})

    @extend_schema(
        operation_id="boards_unsubscribe",
        summary="Stop subscribing to a board",
        responses={200: SubscriptionSerializer, 401: OpenApiResponse()},
    )
    def delete(self, request: Request, slug: str) -> Response:
        board = selectors.board_get(slug=slug)
        services.board_unsubscribe(board=board, user=request.user)
        return Response({"is_subscribed": False})

"""GET /api/v1/feed/: the following feed, cursor-paginated (docs/api.md)."""

from drf_spectacular.utils import extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from kaigon.pagination import DefaultCursorPagination
from posts import selectors
from posts.api.serializers import PostSummarySerializer
from posts.api.views import forum_context


@extend_schema(tags=["posts"])
class FeedView(GenericAPIView):
    serializer_class = PostSummarySerializer
    permission_classes = [IsAuthenticated]
    pagination_class = DefaultCursorPagination

    @extend_schema(
        operation_id="feed_list",
        summary="My following feed",
        description="Published posts by members I follow (not their anonymous "
        "ones) and in boards I subscribe to, newest first; cursor pagination.",
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(selectors.post_list_feed(user=request.user))
        selectors.attach_bodies(page)
        selectors.attach_hashtags(page)
        data = PostSummarySerializer(page, many=True, context=forum_context(request))
        return self.get_paginated_response(data.data)

"""Search over the API: the page's search and the header's suggestions."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from boards.models import Board
from kaigon.errors import InvalidInput
from posts.anonymity import pseudonym
from posts.models import Hashtag
from search.api.serializers import SearchResponseSerializer, SuggestResponseSerializer
from search.forms import SearchForm
from search.selectors import PostHit, SearchType, search_run, search_suggest


def _member(user: User) -> dict[str, Any]:
    return {
        "username": user.username,
        "display_name": user.display_name,
        "url": reverse("accounts:profile", args=[user.username]),
    }


def _board(board: Board) -> dict[str, Any]:
    return {
        "slug": board.slug,
        "name": board.name,
        "icon": board.icon,
        "description": board.description,
        "url": reverse("posts:board", args=[board.slug]),
    }


def _tag(tag: Hashtag) -> dict[str, Any]:
    return {
        "name": tag.name,
        "post_count": tag.post_count,
        "url": reverse("posts:tag", args=[tag.name]),
    }


def _hit(hit: PostHit) -> dict[str, Any]:
    post = hit.post
    name = (
        pseudonym(post_id=post.pk, user_id=post.author_id)
        if post.anonymous
        else post.author.display_name
    )
    return {
        "id": post.pk,
        "title": post.title,
        "title_html": str(hit.title_html),
        "snippet_html": str(hit.snippet),
        "board": _board(post.board),
        "author": None if post.anonymous else _member(post.author),
        "display_name": name,
        "created_at": post.created_at.isoformat(),
        "comment_count": post.comment_count,
    }


_PARAMETERS = [
    OpenApiParameter("q", str, description="The words to look for."),
    OpenApiParameter("type", str, enum=[t.value for t in SearchType]),
    OpenApiParameter("board", str, description="Posts: a board's slug."),
    OpenApiParameter("author", str, description="Posts: an author's username."),
    OpenApiParameter("date_from", str, description="Posts: from day (YYYY-MM-DD)."),
    OpenApiParameter("date_to", str, description="Posts: to day, included."),
    OpenApiParameter("comments", bool, description="Posts: match comments too."),
    OpenApiParameter("page", int),
]


class SearchView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="search",
        parameters=_PARAMETERS,
        responses=SearchResponseSerializer,
    )
    def get(self, request: Request) -> Response:
        """Posts, members, tags or boards, with the count of each kind."""
        form = SearchForm(request.query_params)
        if not form.is_valid():
            raise InvalidInput(fields=form.errors)
        page = form.cleaned_data["page"] or 1
        result = search_run(
            query=form.cleaned_data["q"],
            type=form.search_type(),
            filters=form.filters(),
            viewer=request.user if request.user.is_authenticated else None,
            page=page,
        )
        results = (
            [_hit(hit) for hit in result.posts]
            + [_member(user) for user in result.users]
            + [_tag(tag) for tag in result.tags]
            + [_board(board) for board in result.boards]
        )
        return Response(
            {
                "query": form.cleaned_data["q"],
                "type": result.type.value,
                "page": page,
                "has_next": result.has_next,
                "counts": result.counts,
                "posts_count_is_lower_bound": result.posts_capped,
                "results": results,
            }
        )


class SuggestView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="search_suggest",
        parameters=[OpenApiParameter("q", str, description="What is typed so far.")],
        responses=SuggestResponseSerializer,
    )
    def get(self, request: Request) -> Response:
        """Members, tags and boards for the header box as the user types."""
        suggestions = search_suggest(query=request.query_params.get("q", ""))
        return Response(
            {
                "users": [_member(user) for user in suggestions.users],
                "tags": [_tag(tag) for tag in suggestions.tags],
                "boards": [_board(board) for board in suggestions.boards],
            }
        )

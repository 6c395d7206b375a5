"""Reads of search: posts through the token index, members, tags and boards.

Only what every member may see comes back: published posts of active members
(an author filter leaves anonymous posts out, as profiles do), active members,
tags in use by published posts, and boards.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache, cached_property

import opencc
from django.db.models import Count, F, Max, Q, QuerySet, Sum
from django.utils.safestring import SafeString

from accounts.models import User
from boards.models import Board
from posts import repository
from posts.markdown import normalize_hashtag
from posts.models import Hashtag, Post, Visibility
from search.models import Field, PostToken, day_number
from search.text import highlight, is_latin_word, normalize, query_terms

QUERY_MAX_LENGTH = 200
SUGGEST_LIMIT = 5
# One point of weight is worth this many days of age in the ranking.
DAYS_PER_WEIGHT = 60
# Posts ranked at most per query: beyond it, the newest holding the rarest word.
CANDIDATE_LIMIT = 1000


class SearchType(StrEnum):
    POSTS = "posts"
    USERS = "users"
    TAGS = "tags"
    BOARDS = "boards"


@dataclass(frozen=True)
class PostFilters:
    board: Board | None = None
    author: User | None = None
    date_from: date | None = None
    date_to: date | None = None
    comments: bool = False


@dataclass
class PostHit:
    post: Post
    title_html: SafeString
    snippet: SafeString


@cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def _spellings(text: str) -> set[str]:
    """The text as typed, in simplified, in OpenCC's and in Taiwan's traditional
    characters (臺灣 / 台灣): names and tags are matched as stored, unsegmented."""
    folded = text.casefold()
    spellings = {folded, normalize(text)}
    spellings |= {_converter(c).convert(folded) for c in ("s2t", "s2tw")}
    # OpenCC writes 臺; Taiwan mostly writes 台 (台灣, 台北).
    spellings |= {spelling.replace("臺", "台") for spelling in spellings}
    return spellings - {""}


# --- posts ---------------------------------------------------------------------


def _edits(word: str) -> set[str]:
    letters = string.ascii_lowercase
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return (
        {a + b[1:] for a, b in splits if b}
        | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
        | {a + c + b[1:] for a, b in splits if b for c in letters}
        | {a + c + b for a, b in splits for c in letters}
    )


def _corrected(terms: list[str], fields: list[int]) -> list[str]:
    """Latin terms the index lacks become their most used neighbour one edit away."""
    result = []
    for term in terms:
        if (
            not is_latin_word(term)
            or len(term) < 4
            or PostToken.objects.filter(token=term, field__in=fields).exists()
        ):
            result.append(term)
            continue
        best = (
            PostToken.objects.filter(token__in=_edits(term), field__in=fields)
            .values("token")
            .annotate(uses=Count("post_id"))
            .order_by("-uses", "token")
            .first()
        )
        result.append(best["token"] if best else term)
    return result


def _visible_posts(*, filters: PostFilters, viewer: User | None) -> Q:
    # The index holds published posts of active members only (search.services
    # keeps it so in the services' transactions): no join unless a filter asks.
    q = Q()
    if filters.board is not None:
        q &= Q(post__board=filters.board)
    if filters.author is not None:
        q &= Q(post__author=filters.author)
        if viewer is None or viewer.pk != filters.author.pk:
            q &= Q(post__anonymous=False)
    if filters.date_from is not None:
        q &= Q(day__gte=day_number(filters.date_from))
    if filters.date_to is not None:
        q &= Q(day__lte=day_number(filters.date_to))
    return q


@dataclass(frozen=True)
class PostQuery:
    """A planned post search: its tokens and the posts worth ranking."""

    terms: list[str]
    fields: list[int]
    # The posts holding the query's rarest token (the newest CANDIDATE_LIMIT
    # when there are more: then `capped`, and the count is a lower bound).
    candidates: list[int]
    capped: bool

    @cached_property
    def ranked(self) -> list[int]:
        return _ranked(self)


def _candidates(
    *, terms: list[str], fields: list[int], where: Q
) -> tuple[list[int], bool]:
    smallest: list[int] | None = None
    for term in terms:
        rows = (
            PostToken.objects.filter(where, token=term, field__in=fields)
            .order_by("-post_id")
            .values_list("post_id", flat=True)
        )
        ids = list(dict.fromkeys(rows[: CANDIDATE_LIMIT * 2]))
        if smallest is None or len(ids) < len(smallest):
            smallest = ids
        if not smallest:
            break
    ids = smallest or []
    return ids[:CANDIDATE_LIMIT], len(ids) > CANDIDATE_LIMIT


def post_query(*, query: str, filters: PostFilters, viewer: User | None) -> PostQuery:
    """Plan a post search: tokens (typos corrected where the index can) and the
    candidates, so no query ever ranks more than CANDIDATE_LIMIT posts."""
    fields: list[int] = [Field.TITLE, Field.BODY, Field.HASHTAG]
    if filters.comments:
        fields.append(Field.COMMENT)
    where = _visible_posts(filters=filters, viewer=viewer)
    terms = query_terms(query[:QUERY_MAX_LENGTH])
    terms = list(dict.fromkeys(_corrected(terms, fields)))
    if not terms:
        return PostQuery(terms=[], fields=fields, candidates=[], capped=False)
    candidates, capped = _candidates(terms=terms, fields=fields, where=where)
    return PostQuery(terms=terms, fields=fields, candidates=candidates, capped=capped)


def _post_matches(plan: PostQuery) -> QuerySet:
    return (
        PostToken.objects.filter(
            token__in=plan.terms, post_id__in=plan.candidates, field__in=plan.fields
        )
        .values("post_id")
        .annotate(
            hits=Count("token", distinct=True),
            rank=Sum("weight") * DAYS_PER_WEIGHT + Max("day"),
        )
        .filter(hits=len(plan.terms))
    )


def _ranked(plan: PostQuery) -> list[int]:
    """Ids of every matching candidate, best first: one query serves the count
    and any page (at most CANDIDATE_LIMIT small rows)."""
    if not plan.candidates:
        return []
    return list(
        _post_matches(plan)
        .order_by("-rank", "-post_id")
        .values_list("post_id", flat=True)
    )


def post_search_count(plan: PostQuery) -> int:
    """How many posts match (at least this many when `plan.capped`)."""
    return len(plan.ranked)


def post_search(plan: PostQuery, *, offset: int = 0, limit: int = 20) -> list[PostHit]:
    """Matching posts, best first (relevance, then freshness), with snippets."""
    terms = plan.terms
    page = plan.ranked[offset : offset + limit]
    if not page:
        return []
    # Boards by a second query: joined, MariaDB drives the plan from the small
    # boards table and scans each board's posts (15 ms against 4 ms here).
    posts = (
        Post.objects.select_related("author")
        .prefetch_related("board")
        .filter(status=Visibility.PUBLISHED, author__is_active=True)
        .in_bulk(page)
    )
    bodies = repository.body_latest_many(post_ids=page)
    hits = []
    for post_id in page:
        post = posts.get(post_id)
        if post is None:  # changed since the index saw it; never shown
            continue
        body = bodies.get(post_id)
        hits.append(
            PostHit(
                post=post,
                title_html=highlight(post.title, terms, length=200),
                snippet=highlight(body.body if body else "", terms),
            )
        )
    return hits


# --- members, tags, boards ------------------------------------------------------


def _members(query: str) -> QuerySet[User]:
    q = Q()
    for spelling in _spellings(query.strip().lstrip("@")):
        q |= Q(username__icontains=spelling) | Q(nickname__icontains=spelling)
    if not q:
        return User.objects.none()
    return User.objects.filter(q, is_active=True)


def user_search(*, query: str) -> QuerySet[User]:
    """Active members whose username or nickname contains the query."""
    return _members(query[:QUERY_MAX_LENGTH]).order_by(F("username").asc(), "pk")


def _tags(query: str) -> QuerySet[Hashtag]:
    prefixes = {normalize_hashtag(s) for s in _spellings(query.strip().lstrip("#"))} - {
        ""
    }
    q = Q(pk__in=[])
    for prefix in prefixes:
        q |= Q(name__startswith=prefix)
    return (
        Hashtag.objects.filter(q)
        .annotate(
            post_count=Count(
                "posts",
                filter=Q(
                    posts__status=Visibility.PUBLISHED,
                    posts__author__is_active=True,
                ),
            )
        )
        .filter(post_count__gt=0)
    )


def tag_search(*, query: str) -> QuerySet[Hashtag]:
    """Tags starting with the query, most used first."""
    return _tags(query[:QUERY_MAX_LENGTH]).order_by(  # type: ignore[misc]
        "-post_count", "name"
    )


def board_search(*, query: str) -> list[Board]:
    """Boards whose name or description holds every word of the query."""
    words = [w for w in normalize(query[:QUERY_MAX_LENGTH]).split() if w]
    if not words:
        return []
    boards = []
    for board in Board.objects.all():
        name = normalize(board.name)
        text = name + " " + normalize(board.description)
        if all(word in text for word in words):
            boards.append((not all(word in name for word in words), board))
    return [board for _in_name, board in sorted(boards, key=lambda pair: pair[0])]


@dataclass
class Suggestions:
    users: list[User]
    tags: list[Hashtag]
    boards: list[Board]


def search_suggest(*, query: str, limit: int = SUGGEST_LIMIT) -> Suggestions:
    """What the header box offers while typing: members, tags, boards."""
    query = query.strip()[:QUERY_MAX_LENGTH]
    if not query:
        return Suggestions(users=[], tags=[], boards=[])
    return Suggestions(
        users=list(user_search(query=query)[:limit]),
        tags=list(tag_search(query=query)[:limit]),
        boards=board_search(query=query)[:limit],
    )


@dataclass
class SearchResult:
    type: SearchType
    counts: dict[str, int]
    posts: list[PostHit]
    users: list[User]
    tags: list[Hashtag]
    boards: list[Board]
    has_next: bool
    # More posts match than were ranked: the posts count is a lower bound.
    posts_capped: bool


def search_run(
    *,
    query: str,
    type: SearchType,
    filters: PostFilters,
    viewer: User | None,
    page: int = 1,
    page_size: int = 20,
) -> SearchResult:
    """One search: the counts of every tab and one page of the chosen one."""
    query = query.strip()[:QUERY_MAX_LENGTH]
    plan = post_query(query=query, filters=filters, viewer=viewer)
    users = user_search(query=query)
    tags = tag_search(query=query)
    boards = board_search(query=query)
    counts = {
        SearchType.POSTS: post_search_count(plan),
        SearchType.USERS: users.count(),
        SearchType.TAGS: tags.count(),
        SearchType.BOARDS: len(boards),
    }
    offset = (page - 1) * page_size
    result = SearchResult(
        type=type,
        counts={str(k): v for k, v in counts.items()},
        posts=[],
        users=[],
        tags=[],
        boards=[],
        has_next=counts[type] > offset + page_size,
        posts_capped=plan.capped,
    )
    if type == SearchType.POSTS:
        result.posts = post_search(plan, offset=offset, limit=page_size)
    elif type == SearchType.USERS:
        result.users = list(users[offset : offset + page_size])
    elif type == SearchType.TAGS:
        result.tags = list(tags[offset : offset + page_size])
    else:
        result.boards = boards[offset : offset + page_size]
    return result

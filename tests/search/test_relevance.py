"""Each query of the relevance set finds its posts in the top 5 (SQLite and MariaDB)."""

import pytest

from search.selectors import PostFilters, post_query, post_search
from tests.search.relevance import QUERIES

pytestmark = pytest.mark.django_db

_results: dict[str, bool] = {}


def top5(query: str) -> list[int]:
    plan = post_query(query=query, filters=PostFilters(), viewer=None)
    hits = post_search(plan, limit=5)
    return [hit.post.pk for hit in hits]


@pytest.mark.parametrize(("query", "expected"), QUERIES, ids=[q for q, _e in QUERIES])
def test_query_finds_its_posts_in_top_5(corpus, query, expected):
    found = top5(query)
    ok = all(corpus[key] in found for key in expected)
    _results[query] = ok
    assert ok, f"{query!r}: expected {expected}, got {found}"


def test_relevance_score(corpus, capsys):
    """Prints the fraction of the set that passes (run with -s to see it)."""
    passed = sum(
        all(corpus[key] in top5(query) for key in expected)
        for query, expected in QUERIES
    )
    score = passed / len(QUERIES)
    with capsys.disabled():
        print(f"\nsearch relevance: {passed}/{len(QUERIES)} = {score:.2f}")
    assert len(QUERIES) >= 40
    assert score == 1.0

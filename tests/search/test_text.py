"""Indexed text and queries reach the same tokens."""

import pytest

from search.text import highlight, index_tokens, query_terms


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("台北美食", "台北的美食推薦"),
        ("台湾美食", "台灣美食"),
        ("台灣美食", "台湾美食"),
        ("CAFÉ", "the cafe"),
        ("recommendations", "I recommend it"),
        ("Django 教學", "django 教学"),
        ("人民", "中華人民共和國"),
    ],
)
def test_every_query_token_is_in_the_text(query, text):
    assert set(query_terms(query)) <= set(index_tokens(text))


def test_a_tag_in_a_query_is_one_term_its_words_are_indexed_with_it():
    # Every post holding the tag holds its words: the query needs only the tag.
    assert query_terms("#台北美食 Django") == ["#台北美食", "django"]
    assert {"#台北美食", "台北", "美食"} <= set(index_tokens("#台北美食"))


def test_operators_are_words_or_nothing():
    assert query_terms('"NEAR" (a*) -b MATCH') == ["near", "a", "b", "match"]
    assert query_terms('"*-()') == []


def test_highlight_marks_traditional_text_for_a_simplified_query():
    html = highlight("<b>台灣</b>的美食", query_terms("台湾美食"))
    assert html == "&lt;b&gt;<mark>台灣</mark>&lt;/b&gt;的<mark>美食</mark>"


def test_highlight_cuts_long_text_around_the_first_match():
    html = highlight("x " * 200 + "needle", ["needl"], length=40)
    assert html.startswith("…") and "<mark>needle</mark>" in html

"""Text to search tokens: indexed text and queries go through the same steps.

NFKC, case folding, accents stripped, traditional Chinese converted to
simplified (OpenCC t2s: jieba's dictionary is simplified, so segmentation is
best there), Chinese runs segmented by jieba's dictionary (no HMM, so a query
and a post cut an unknown word the same way: into single characters), Latin
words stemmed by Snowball (English). See docs/decisions.md, "Search".
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import cache, lru_cache

import jieba
import opencc
import snowballstemmer
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

TOKEN_MAX_LENGTH = 64
HASHTAG_PREFIX = "#"

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
_CJK_RUN = re.compile(f"[{_CJK}]+")
# A hashtag, a run of Chinese characters, or a word of letters and digits.
_PIECE = re.compile(rf"#\w+|[{_CJK}]+|[^\W_{_CJK}]+")

jieba.setLogLevel(logging.WARNING)


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@cache
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("english")


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalize(text: str) -> str:
    """One script and case: `台灣 Café` and `台湾 cafe` give the same string."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _strip_accents(text)
    return _t2s().convert(text) if _CJK_RUN.search(text) else text


@lru_cache(maxsize=4096)
def _stem(word: str) -> str:
    return _stemmer().stemWord(word)


def _cjk_words(run: str, *, for_index: bool) -> list[str]:
    if for_index:
        # Every dictionary word inside longer ones too (中华人民共和国 → 人民 …).
        return [w for w in jieba.cut_for_search(run, HMM=False) if w.strip()]
    return [w for w in jieba.cut(run, HMM=False) if w.strip()]


def _tokens(text: str, *, for_index: bool) -> list[str]:
    tokens: list[str] = []
    for piece in _PIECE.findall(normalize(text)):
        if piece.startswith(HASHTAG_PREFIX):
            tag = piece[: TOKEN_MAX_LENGTH - 1]
            tokens.append(tag)
            if for_index:
                # The tag's words count as words of the text too. A query
                # needs only the tag: every post holding it holds its words.
                tokens.extend(_tokens(tag[1:], for_index=True))
        elif _CJK_RUN.fullmatch(piece):
            tokens.extend(_cjk_words(piece, for_index=for_index))
        else:
            tokens.append(_stem(piece))
    return [token[:TOKEN_MAX_LENGTH] for token in tokens]


def index_tokens(text: str) -> Counter[str]:
    """Tokens of a text to index, with how often each occurs."""
    return Counter(_tokens(text, for_index=True))


def hashtag_token(name: str) -> str:
    return (HASHTAG_PREFIX + normalize(name))[:TOKEN_MAX_LENGTH]


def query_terms(query: str) -> list[str]:
    """Distinct tokens a query asks for; operators and quotes are plain text."""
    return list(dict.fromkeys(_tokens(query, for_index=False)))


def is_latin_word(token: str) -> bool:
    return token.isascii() and token.isalpha()


# --- highlighting ----------------------------------------------------------------


def _normalized_with_origins(text: str) -> tuple[str, list[int]]:
    """The normalised text, and for each of its characters the original index."""
    converter = _t2s()
    chars: list[str] = []
    origins: list[int] = []
    for index, char in enumerate(text):
        folded = _strip_accents(unicodedata.normalize("NFKC", char).casefold())
        if _CJK_RUN.fullmatch(folded):
            folded = converter.convert(folded)
        chars.append(folded)
        origins.extend([index] * len(folded))
    return "".join(chars), origins


def _match_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    words = sorted(
        {t.lstrip(HASHTAG_PREFIX) for t in terms if t.lstrip(HASHTAG_PREFIX)},
        key=len,
        reverse=True,
    )
    if not words:
        return []
    normalized, origins = _normalized_with_origins(text)
    # A stem matches the start of a word: `recommend` in `recommendations`.
    pattern = re.compile(
        "|".join(
            rf"{re.escape(w)}[a-z]*" if is_latin_word(w) else re.escape(w)
            for w in words
        )
    )
    spans = []
    for match in pattern.finditer(normalized):
        if match.end() > match.start():
            start = origins[match.start()]
            spans.append((start, origins[match.end() - 1] + 1))
    return spans


def highlight(text: str, terms: Iterable[str], *, length: int = 160) -> SafeString:
    """An escaped excerpt of `text` around the first match, matches in <mark>."""
    text = " ".join(text.split())
    spans = _match_spans(text, terms)
    start = max(0, spans[0][0] - length // 4) if spans else 0
    end = min(len(text), start + length)
    parts = ["…" if start > 0 else ""]
    cursor = start
    for span_start, span_end in spans:
        if span_start < cursor or span_end > end:
            continue
        parts.append(escape(text[cursor:span_start]))
        parts.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    parts.append(escape(text[cursor:end]))
    if end < len(text):
        parts.append("…")
    return mark_safe("".join(parts))

"""Markdown for posts and comments: render to safe HTML, find the hashtags.

markdown-it-py parses CommonMark (plus tables, strikethrough and bare links)
with raw HTML turned off, so `<script>` typed in a post is shown as text; nh3
then sanitises the output against an allowlist as a second wall. `#tag` in
plain text (not in code or links) becomes a link to the tag page.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from urllib.parse import urlsplit

import nh3
from django.conf import settings
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.html import escape
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from posts.models import HASHTAG_MAX_LENGTH

EXTERNAL_REL = "nofollow ugc noopener"

# `#` + word characters of any script; not after a word character, `#`, `/` or
# `&` (so `C#`, `##x`, `a/#b` and `&#1;` are no tags), and not digits only.
_HASHTAG_RE = re.compile(r"(?<![\w#/&])#(\w+)")

_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "s",
    "del", "code", "pre", "blockquote", "ul", "ol", "li", "a", "img",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"}}


def normalize_hashtag(tag: str) -> str:
    """The stored form of a tag: NFKC (full-width letters), case folded."""
    return unicodedata.normalize("NFKC", tag).casefold()


def _valid_tag(tag: str) -> bool:
    return len(tag) <= HASHTAG_MAX_LENGTH and not tag.isdigit()


def hashtag_url(tag: str) -> str:
    return reverse("posts:tag", kwargs={"tag": normalize_hashtag(tag)})


@cache
def _image_prefixes() -> tuple[str, ...]:
    prefixes = {settings.MEDIA_URL}
    # With S3 (or a CDN domain) files are served from the storage's own origin.
    storage_root = default_storage.url("k")[:-1]
    if storage_root.startswith(("https://", "http://")):
        prefixes.add(storage_root)
    return tuple(p for p in prefixes if p and not p.startswith("//"))


def image_allowed(src: str) -> bool:
    """Only our own uploads: a post cannot make readers' browsers call out."""
    return src.startswith(_image_prefixes()) and ".." not in src


def _is_external(href: str) -> bool:
    parts = urlsplit(href)
    return bool(parts.scheme or parts.netloc)


def _hashtag_rule(state: StateCore) -> None:
    """Split text tokens outside links into text + hashtag links."""
    found: list[str] = state.env.setdefault("hashtags", [])
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children: list[Token] = []
        link_depth = 0
        for token in block.children:
            if token.type == "link_open":
                link_depth += 1
            elif token.type == "link_close":
                link_depth -= 1
            if token.type != "text" or link_depth or "#" not in token.content:
                children.append(token)
                continue
            children.extend(_split_hashtags(token, found))
        block.children = children


def _split_hashtags(token: Token, found: list[str]) -> list[Token]:
    out: list[Token] = []
    text = token.content
    pos = 0
    for match in _HASHTAG_RE.finditer(text):
        tag = match.group(1)
        if not _valid_tag(tag):
            continue
        if match.start() > pos:
            out.append(_text(text[pos : match.start()], token.level))
        found.append(normalize_hashtag(tag))
        link = Token("link_open", "a", 1, level=token.level)
        link.attrs = {"href": hashtag_url(tag), "class": "hashtag"}
        out.extend(
            [link, _text(match.group(0), token.level + 1), Token("link_close", "a", -1)]
        )
        pos = match.end()
    if pos < len(text):
        out.append(_text(text[pos:], token.level))
    return out


def _text(content: str, level: int) -> Token:
    token = Token("text", "", 0, level=level)
    token.content = content
    return token


class _Renderer(RendererHTML):
    def link_open(
        self, tokens: list[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        token = tokens[idx]
        if _is_external(str(token.attrGet("href") or "")):
            token.attrSet("rel", EXTERNAL_REL)
        return self.renderToken(tokens, idx, options, env)

    def image(
        self, tokens: list[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        token = tokens[idx]
        if image_allowed(str(token.attrGet("src") or "")):
            return super().image(tokens, idx, options, env)
        # A foreign image shows its description, never loads.
        return self.renderInlineAsText(token.children or [], options, env)


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src" and not image_allowed(value):
        return None
    return value


@cache
def _parser() -> MarkdownIt:
    md = MarkdownIt(
        "commonmark",
        {"html": False, "linkify": True, "typographer": False},
        renderer_cls=_Renderer,
    )
    md.enable(["linkify", "table", "strikethrough"])
    md.core.ruler.push("hashtag", _hashtag_rule)
    return md


@cache
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=_TAGS,
        clean_content_tags={"script", "style"},
        attributes=_ATTRIBUTES,
        attribute_filter=_filter_attribute,
        tag_attribute_values={"a": {"rel": {EXTERNAL_REL}}},
        allowed_classes={"a": {"hashtag"}},
        link_rel=None,
        url_schemes={"http", "https", "mailto"},
        strip_comments=True,
    )


def render_markdown(text: str) -> str:
    """Sanitised HTML for a post or comment body, hashtags linked."""
    return _cleaner().clean(_parser().render(text, {}))


def render_title(title: str) -> str:
    """A title as safe HTML: escaped, its hashtags linked (no Markdown)."""
    parts: list[str] = []
    pos = 0
    for match in _HASHTAG_RE.finditer(title):
        if not _valid_tag(match.group(1)):
            continue
        parts.append(escape(title[pos : match.start()]))
        parts.append(
            f'<a href="{escape(hashtag_url(match.group(1)))}" class="hashtag">'
            f"{escape(match.group(0))}</a>"
        )
        pos = match.end()
    parts.append(escape(title[pos:]))
    return "".join(parts)


def extract_hashtags(text: str) -> list[str]:
    """The normalised tags in `text`, each once, in order of appearance."""
    env: dict = {}
    _parser().parse(text, env)
    return list(dict.fromkeys(env.get("hashtags", [])))

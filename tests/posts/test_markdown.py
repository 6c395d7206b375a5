"""Rendering Markdown bodies safely, and finding their hashtags."""

import re

import pytest

from posts.markdown import (
    HASHTAG_MAX_LENGTH,
    extract_hashtags,
    render_markdown,
    render_title,
)

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java&#09;script:alert(1))",
    "<javascript:alert(1)>",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](data:image/png;base64,iVBORw0KGgo=)",
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    "<style>body{display:none}</style>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<iframe src="https://evil.example"></iframe>',
    "[x](vbscript:msgbox(1))",
    '![x](/media/a.png" onerror="alert(1))',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
]


def _has_active_content(html: str) -> bool:
    lowered = html.lower()
    tags = re.findall(r"<[^>]+>", lowered)
    return any(
        re.search(r"\son\w+\s*=|javascript:|vbscript:|data:|style\s*=", tag)
        or re.match(r"<(script|svg|style|iframe|math)", tag)
        for tag in tags
    )


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_script_payloads_render_inert(payload):
    html = render_markdown(payload)

    assert not _has_active_content(html), html


def test_raw_html_is_shown_as_text():
    assert render_markdown("<b>bold</b>") == "<p>&lt;b&gt;bold&lt;/b&gt;</p>\n"


def test_commonmark_tables_and_strikethrough():
    html = render_markdown(
        "**b** _i_ ~~gone~~ `code`\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    )

    assert "<strong>b</strong>" in html
    assert "<em>i</em>" in html
    assert "<s>gone</s>" in html
    assert "<code>code</code>" in html
    assert "<td>1</td>" in html


def test_external_links_get_nofollow_and_internal_do_not():
    html = render_markdown("[out](https://example.com/x) [in](/boards/)")

    assert '<a href="https://example.com/x" rel="nofollow ugc noopener">out</a>' in html
    assert '<a href="/boards/">in</a>' in html


def test_bare_urls_become_external_links():
    html = render_markdown("see https://example.com/page")

    assert 'href="https://example.com/page" rel="nofollow ugc noopener"' in html


def test_images_from_our_media_are_kept(settings):
    html = render_markdown("![cat](/media/uploads/cat.webp)")

    assert '<img src="/media/uploads/cat.webp" alt="cat">' in html


def test_foreign_images_show_their_description_only():
    html = render_markdown("![tracking pixel](https://evil.example/p.gif)")

    assert "<img" not in html
    assert "tracking pixel" in html


def test_hashtags_become_tag_links_in_any_script():
    html = render_markdown("我愛 #台北美食 and #Django!")

    assert '<a href="/tags/%E5%8F%B0%E5%8C%97%E7%BE%8E%E9%A3%9F/"' in html
    assert 'class="hashtag">#台北美食</a>' in html
    assert '<a href="/tags/django/" class="hashtag">#Django</a>!' in html


@pytest.mark.parametrize(
    "text",
    [
        "`#notatag`",
        "```\n#notatag\n```",
        "    #indented_code",
        "[#notatag](https://example.com)",
        "https://example.com/page#notatag",
        "C#notatag",
        "##notatag",
        "issue #123",
    ],
)
def test_no_hashtag_in_code_links_urls_or_words(text):
    assert extract_hashtags(text) == []
    assert 'class="hashtag"' not in render_markdown(text)


def test_heading_is_not_a_hashtag_but_tags_inside_it_are():
    html = render_markdown("# Title with #news")

    assert html.startswith("<h1>Title with <a")
    assert extract_hashtags("# Title with #news") == ["news"]


def test_extract_hashtags_normalises_dedupes_and_keeps_order():
    full_width = "\uff24\uff2a\uff21\uff2e\uff27\uff2f"  # DJANGO
    text = f"#Django #台北美食 #django #{full_width} #python_3 #Python_3"

    assert extract_hashtags(text) == ["django", "台北美食", "python_3"]


def test_overlong_hashtags_are_ignored():
    long_tag = "a" * (HASHTAG_MAX_LENGTH + 1)

    assert extract_hashtags(f"#{long_tag} #ok") == ["ok"]
    assert 'class="hashtag"' in render_markdown(f"#{'a' * HASHTAG_MAX_LENGTH}")


def test_hashtag_payload_stays_inert():
    html = render_markdown('#tag"><script>alert(1)</script>')

    assert "<script>" not in html
    assert extract_hashtags('#tag"><script>') == ["tag"]


def test_titles_are_escaped_with_hashtags_linked():
    html = render_title('<b>Best</b> #牛肉麵 in "town" C#x')

    assert html == (
        "&lt;b&gt;Best&lt;/b&gt; "
        '<a href="/tags/%E7%89%9B%E8%82%89%E9%BA%B5/" class="hashtag">#牛肉麵</a>'
        " in &quot;town&quot; C#x"
    )

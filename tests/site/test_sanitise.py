"""Contributor Markdown is sanitised once: nothing active survives, ordinary text is kept."""

from __future__ import annotations

import time

import pytest

from builder.site.sanitise import ALLOWED_TAGS, render_markdown
from tests.support.html_scan import active_content, elements


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[x](javascript:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x]( javascript:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "![remote](https://example.org/pixel.png)",
        "<iframe src='https://example.org'></iframe>",
        "<style>body{display:none}</style>",
        '<a href="https://example.org" onclick="alert(1)">x</a>',
        "<div>\n<script>alert(1)</script>\n</div>",
        "<!-- comment --><svg onload=alert(1)>",
    ],
)
def test_active_content_never_survives(text: str) -> None:
    html = str(render_markdown(text))
    assert active_content(html) == []
    for tag, attrs in elements(html):
        assert tag in ALLOWED_TAGS
        assert all(v.startswith("https://") for k, v in attrs.items() if k == "href"), html


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("[report](https://example.org/r)", 'href="https://example.org/r"'),
        ("**bold** and *italics*", "<strong>bold</strong> and <em>italics</em>"),
        ("- one\n- two", "<li>one</li>"),
        ("Tom & Jerry <3", "Tom &amp; Jerry &lt;3"),
    ],
)
def test_ordinary_markdown_is_kept(text: str, kept: str) -> None:
    assert kept in str(render_markdown(text))


@pytest.mark.parametrize(
    "target", ["http://example.org", "//example.org/x", "/etc/passwd", "../secret", "mailto:a@b.c"]
)
def test_links_are_https_only(target: str) -> None:
    html = str(render_markdown(f"[x]({target})"))
    assert "href" not in html
    assert "x" in html


def test_links_are_marked_as_user_content() -> None:
    assert 'rel="nofollow noopener noreferrer ugc"' in str(render_markdown("<https://example.org>"))


def test_raw_html_shows_as_text() -> None:
    assert "&lt;b&gt;hi&lt;/b&gt;" in str(render_markdown("<b>hi</b>"))


@pytest.mark.parametrize(
    "text", ["x " + "[" * 4900, "[a" * 2500, "![" * 2500, "[x][" * 1250, "[a](b" * 1000]
)
def test_bracket_floods_render_quickly_as_text(text: str) -> None:
    started = time.perf_counter()
    html = str(render_markdown(text))
    assert time.perf_counter() - started < 2
    assert "<a " not in html and "[" in html

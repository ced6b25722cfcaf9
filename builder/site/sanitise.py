"""The one place where contributor text is made safe for HTML and for scripts.

Jinja escapes every other value (autoescape is on). The Markdown description is rendered
with raw HTML switched off and then sanitised with nh3 against an explicit allow-list. Data
for scripts is JSON that cannot close its <script> element.
"""

from __future__ import annotations

import html
import json
from functools import cache, lru_cache

import markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "a", "b", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "i", "li", "ol", "p",
    "pre", "strong", "ul",
}  # fmt: skip
LINK_REL = "nofollow noopener noreferrer ugc"
_SCRIPT_ESCAPES = {
    "<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029",
}  # fmt: skip
MAX_BRACKETS = 200


@cache
def _markdown() -> markdown.Markdown:
    """One converter, reset before each use: building one costs more than converting a text."""
    converter = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    converter.preprocessors.deregister("html_block")
    for name in ("html", "automail"):
        converter.inlinePatterns.deregister(name)
    return converter


@cache
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes={"a": {"href", "title"}},
        url_schemes={"https"},
        url_relative="deny",
        link_rel=LINK_REL,
    )


def sanitise_html(html_text: str) -> str:
    """Keep only the allowed tags and attributes, and https links."""
    return _cleaner().clean(html_text)


@lru_cache(maxsize=20_000)
def render_markdown(text: str) -> Markup:
    """Contributor Markdown to safe HTML: no raw HTML, https links only, no images. Kept in
    memory: a worker builds several languages, and each shows the same description.

    Python-Markdown's link search grows with the square of unmatched '[' (4,900 of them take
    five seconds), so past MAX_BRACKETS every '[' is shown as text and the text has no links."""
    if text.count("[") > MAX_BRACKETS:
        text = text.replace("[", "\\[")
    return Markup(sanitise_html(_markdown().reset().convert(text)))


def plain_text(text: str) -> str:
    """Text for a place that prints HTML as it is, such as the theme's <title> and metadata."""
    return html.escape(text)


def script_json(value: object, indent: int | None = None) -> str:
    """JSON that stays data inside a <script> element or a .js file, and that a feed reader
    sniffing for markup finds none in: no `<`, `>` or `&` is left as it is."""
    separators = None if indent else (",", ":")
    text = json.dumps(value, ensure_ascii=False, indent=indent, separators=separators)
    for character, escape in _SCRIPT_ESCAPES.items():
        text = text.replace(character, escape)
    return text

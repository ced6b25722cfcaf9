"""Render the atlas into page bodies (HTML) with our own Jinja environment.

This is the one place where contributor text meets HTML: Jinja escapes every value
(autoescape is on), and the Markdown description is rendered with raw HTML switched off and
then sanitised with nh3. Page titles and descriptions leave this module already escaped,
because the theme's templates print them as they are.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache

import markdown
import nh3
from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context
from markupsafe import Markup

from builder.model import Atlas, Initiative
from builder.vocabularies import Category, Country

IMAGES_URI = "assets/pictures"
RTL_LANGUAGES = {"ar", "arc", "ckb", "dv", "fa", "he", "ps", "sd", "ug", "ur", "yi"}
RTL_SCRIPTS = {"Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm", "Rohg"}
LTR_SCRIPTS = {"Latn", "Cyrl"}
ALLOWED_TAGS = {
    "a", "b", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "i", "li", "ol", "p",
    "pre", "strong", "ul",
}  # fmt: skip
LINK_REL = "nofollow noopener noreferrer ugc"
_SCRIPT_ESCAPES = {
    "<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029",
}  # fmt: skip
LIST_LIMIT = 1000
MAX_BRACKETS = 200
FULL_TEXT_LIMIT = 2000
PAGE_SIZE = 60


@dataclass(frozen=True)
class Rendered:
    """A page body ready for the site: `title` and `description` are HTML-escaped text."""

    uri: str
    title: str
    description: str
    html: str
    full_width: bool = False


@dataclass(frozen=True)
class ImageSize:
    name: str
    width: int
    height: int


PictureSizes = dict[str, tuple[ImageSize, ...]]


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


def render_markdown(text: str) -> Markup:
    """Contributor Markdown to safe HTML: no raw HTML, https links only, no images.

    Python-Markdown's link search grows with the square of unmatched '[' (4,900 of them take
    five seconds), so past MAX_BRACKETS every '[' is shown as text and the text has no links."""
    if text.count("[") > MAX_BRACKETS:
        text = text.replace("[", "\\[")
    return Markup(sanitise_html(_markdown().reset().convert(text)))


def script_json(value: object) -> str:
    """JSON that stays data inside a <script> element or a .js file."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for character, escape in _SCRIPT_ESCAPES.items():
        text = text.replace(character, escape)
    return text


def counted(count: int, one: str, many: str) -> Markup:
    """'<strong>1</strong> country' or '<strong>3</strong> countries'."""
    return Markup("<strong>{}</strong> {}").format(count, one if count == 1 else many)


def page_uri(kind: str, name: str = "index") -> str:
    return f"{kind}/{name}.md" if kind else f"{name}.md"


def initiative_uri(initiative: Initiative) -> str:
    return page_uri("initiatives", initiative.slug)


def category_uri(category: Category, number: int = 1) -> str:
    return page_uri("categories", category.id + (f"-{number}" if number > 1 else ""))


def country_uri(country: Country, number: int = 1) -> str:
    return page_uri("countries", country.code.lower() + (f"-{number}" if number > 1 else ""))


def paginated(members: tuple[Initiative, ...], uri: Callable[[int], str]) -> Iterator[dict]:
    """Long lists of cards split into pages, so that no page grows with the atlas."""
    count = max(1, -(-len(members) // PAGE_SIZE))
    pager = [uri(number) for number in range(1, count + 1)]
    for number in range(1, count + 1):
        chunk = members[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
        yield {"members": chunk, "total": len(members), "number": number, "pager": pager}


def relative_url(here: str, target: str) -> str:
    """A link from the page built from `here` to `target`, both site paths ('.md' for pages)."""
    return root_of(here) + site_path(target)


def root_of(here: str) -> str:
    """From a page to the site's root: '' at the top, '../' one folder down."""
    return "../" * here.count("/")


def site_path(target: str) -> str:
    return target.removesuffix(".md") + ".html" if target.endswith(".md") else target


@pass_context
def url(context: Context, target: str) -> str:
    """In a template: a link from the page being rendered to `target`."""
    return context["root"] + site_path(target)


def is_rtl(language: str) -> bool:
    """Right-to-left by the script subtag when there is one (pa-Arab, ku-Latn), else by language."""
    parts = language.split("-")
    scripts = {part for part in parts[1:] if len(part) == 4}
    if scripts & RTL_SCRIPTS:
        return True
    return not scripts & LTR_SCRIPTS and parts[0] in RTL_LANGUAGES


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("builder", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(
        initiative_uri=initiative_uri,
        category_uri=category_uri,
        country_uri=country_uri,
        url=url,
        is_rtl=is_rtl,
    )
    env.filters["markdown"] = render_markdown
    env.filters["counted"] = counted
    return env


def _render(template: str, here: str, **context: object) -> str:
    return environment().get_template(template).render(here=here, root=root_of(here), **context)


def _page(
    uri: str, title: str, description: str, template: str, full_width=False, **context: object
) -> Rendered:
    body = _render(template, uri, **context)
    return Rendered(uri, html.escape(title), html.escape(description), body, full_width)


def render_pages(
    atlas: Atlas, sizes: PictureSizes, full_text_limit: int = FULL_TEXT_LIMIT
) -> Iterator[Rendered]:
    """Every generated page: initiatives, categories and their index, countries.

    Above `full_text_limit` initiatives, search indexes titles, summaries and categories but
    not descriptions, so that the index stays small enough to load on a phone."""
    vocab = atlas.vocabularies
    common = {
        "atlas": atlas,
        "vocab": vocab,
        "sizes": sizes,
        "images_uri": IMAGES_URI,
        "full_text": len(atlas.initiatives) <= full_text_limit,
    }
    for initiative in atlas.initiatives:
        yield _page(
            initiative_uri(initiative),
            initiative.title,
            initiative.summary,
            "initiative.html",
            initiative=initiative,
            **common,
        )
    for category in vocab.categories.values():
        members = atlas.in_category(category.id)
        for part in paginated(members, lambda n, c=category: category_uri(c, n)):
            yield _page(
                part["pager"][part["number"] - 1],
                category.title,
                category.description,
                "category.html",
                category=category,
                **part,
                **common,
            )
    yield _page(
        page_uri("categories"),
        "Categories",
        "Solidarity initiatives by theme, each linked to human rights.",
        "categories.html",
        **common,
    )
    for country in atlas.countries:
        members = atlas.in_country(country.code)
        for part in paginated(members, lambda n, c=country: country_uri(c, n)):
            yield _page(
                part["pager"][part["number"] - 1],
                country.name,
                f"Solidarity initiatives in {country.name}.",
                "country.html",
                country=country,
                **part,
                **common,
            )
    yield _page(
        page_uri("", "map"),
        "Map",
        "Every initiative on a map, by category.",
        "map.html",
        full_width=True,
        **common,
    )
    yield _page(
        page_uri("", "list"),
        "List of initiatives",
        "Every initiative by main category: the text alternative to the map.",
        "list.html",
        groups=main_category_groups(atlas),
        limit=LIST_LIMIT,
        **common,
    )
    yield _page(
        page_uri("", "countries"),
        "Countries",
        "Solidarity initiatives by country and region.",
        "countries.html",
        **common,
    )


def main_category_groups(atlas: Atlas) -> list[tuple[Category, tuple[Initiative, ...]]]:
    """Initiatives grouped by their first category, as the map's legend counts them."""
    groups = []
    for category in atlas.vocabularies.categories.values():
        members = tuple(i for i in atlas.initiatives if i.categories[0].id == category.id)
        if members:
            groups.append((category, members))
    return groups


def render_home(atlas: Atlas, sizes: PictureSizes, newest: int = 6) -> str:
    """The generated part of the hand-written home page: totals and the newest initiatives."""
    return _render(
        "home.html",
        "index.md",
        atlas=atlas,
        vocab=atlas.vocabularies,
        sizes=sizes,
        images_uri=IMAGES_URI,
        newest=atlas.newest[:newest],
    )

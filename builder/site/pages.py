"""Render the atlas into page bodies (HTML) with our own Jinja environment.

Jinja escapes every value (autoescape is on); the Markdown description goes through
`sanitise.render_markdown`. Page titles and descriptions leave this module already escaped,
because the theme's templates print them as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache, partial
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context
from markupsafe import Markup

from builder.data.model import Atlas, Initiative
from builder.data.vocabularies import Category
from builder.site import urls
from builder.site.i18n import direction
from builder.site.pictures import PictureSizes
from builder.site.record import PublicRecord
from builder.site.sanitise import plain_text, render_markdown

LIST_LIMIT = 1000
PAGE_SIZE = 60


@dataclass(frozen=True)
class Rendered:
    """A page body ready for the site: `title` and `description` are HTML-escaped text."""

    uri: str
    title: str
    description: str
    html: str
    full_width: bool = False


def counted(count: int, one: str, many: str) -> Markup:
    """'<strong>1</strong> country' or '<strong>3</strong> countries'."""
    return Markup("<strong>{}</strong> {}").format(count, one if count == 1 else many)


def paginated(
    members: tuple[Initiative, ...], uri: Callable[[int], str]
) -> Iterator[dict[str, Any]]:
    """Long lists of cards split into pages, so that no page grows with the atlas."""
    count = max(1, -(-len(members) // PAGE_SIZE))
    pager = [uri(number) for number in range(1, count + 1)]
    for number in range(1, count + 1):
        chunk = members[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
        yield {"members": chunk, "total": len(members), "number": number, "pager": pager}


@pass_context
def url(context: Context, target: str) -> str:
    """In a template: a link from the page being rendered to `target`."""
    return urls.relative(context["here"], target)


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("builder.site", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(url=url, urls=urls, direction=direction)
    env.filters["markdown"] = render_markdown
    env.filters["counted"] = counted
    return env


def render(template: str, here: str, **context: object) -> str:
    return environment().get_template(template).render(here=here, **context)


def _page(
    uri: str,
    title: str,
    description: str,
    template: str,
    full_width: bool = False,
    **context: object,
) -> Rendered:
    body = render(template, uri, **context)
    return Rendered(uri, plain_text(title), plain_text(description), body, full_width)


def render_pages(
    atlas: Atlas,
    records: Mapping[str, PublicRecord],
    sizes: PictureSizes,
    full_text: bool,
) -> Iterator[Rendered]:
    """Every generated page: initiatives, categories and their index, countries, map, list.

    Without `full_text`, search indexes titles, summaries and categories but not
    descriptions, so that the index stays small enough to load on a phone."""
    vocab = atlas.vocabularies
    common: dict[str, Any] = {"atlas": atlas, "vocab": vocab, "sizes": sizes, "full_text": full_text}
    for initiative in atlas.initiatives:
        record = records[initiative.slug]
        yield _page(
            urls.initiative(initiative.slug),
            record["title"],
            record["summary"],
            "initiative.html",
            initiative=initiative,
            **common,
        )
    for category in vocab.categories.values():
        members = atlas.in_category(category.id)
        for part in paginated(members, partial(urls.category, category.id)):
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
        urls.CATEGORIES,
        "Categories",
        "Solidarity initiatives by theme, each linked to human rights.",
        "categories.html",
        **common,
    )
    for country in atlas.countries:
        members = atlas.in_country(country.code)
        for part in paginated(members, partial(urls.country, country.code)):
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
        urls.MAP,
        "Map",
        "Every initiative on a map, by category.",
        "map.html",
        full_width=True,
        **common,
    )
    yield _page(
        urls.LIST,
        "List of initiatives",
        "Every initiative by main category: the text alternative to the map.",
        "list.html",
        groups=main_category_groups(atlas),
        limit=LIST_LIMIT,
        **common,
    )
    yield _page(
        urls.COUNTRIES,
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
    return render(
        "home.html",
        urls.HOME,
        atlas=atlas,
        vocab=atlas.vocabularies,
        sizes=sizes,
        newest=atlas.newest[:newest],
    )

"""Render the atlas into page bodies (HTML) with our own Jinja environment, one per language.

Jinja escapes every value (autoescape is on); the Markdown description goes through
`sanitise.render_markdown`. Page titles and descriptions leave this module already escaped,
because the theme's templates print them as they are. Every string a reader sees is a
gettext message (`{% trans %}` and `_()` in templates, `gettext` here).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache, partial
from typing import Any

import unicodedata

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context
from markupsafe import Markup

from builder.data.i18n import (
    SITE_LANGUAGES,
    autonym,
    direction,
    format_number,
    format_partial_date,
    language_name,
    translations,
)
from builder.data.model import Atlas, Initiative
from builder.data.vocabularies import Category, Country, Label
from builder.site import urls
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


@dataclass(frozen=True)
class Build:
    """What every page of one language build shares."""

    language: str
    shared_root: str = ""
    """From the language's root to the shared folders: '' or '../' (see urls)."""


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
    build: Build = context["build"]
    return urls.relative(context["here"], target, build.shared_root)


@pass_context
def local(context: Context, label: Label) -> str:
    """A vocabulary label in the language of the page."""
    return label.get(context["build"].language)


@pass_context
def number(context: Context, value: int) -> str:
    return format_number(value, context["build"].language)


@pass_context
def partial_date(context: Context, value: str) -> str:
    return format_partial_date(value, context["build"].language)


@pass_context
def name_of_language(context: Context, tag: str) -> str:
    return language_name(tag, context["build"].language)


def strong(value: object) -> Markup:
    """A number to stand out inside a translated sentence."""
    return Markup("<strong>{}</strong>").format(value)


@pass_context
def country_name(context: Context, country: Country) -> str:
    return country.name(context["build"].language)


def sort_key(text: str) -> str:
    """Alphabetical order that ignores case and accents (Écosse among the E)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def environment(language: str) -> Environment:
    env = Environment(
        loader=PackageLoader("builder.site", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(translations(language), newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(url=url, urls=urls, direction=direction)
    env.filters.update(
        markdown=render_markdown,
        local=local,
        number=number,
        partial_date=partial_date,
        language_name=name_of_language,
        country_name=country_name,
        strong=strong,
    )
    return env


def render(template: str, here: str, build: Build, **context: object) -> str:
    env = environment(build.language)
    return env.get_template(template).render(here=here, build=build, **context)


def _page(
    uri: str,
    title: str,
    description: str,
    template: str,
    build: Build,
    full_width: bool = False,
    **context: object,
) -> Rendered:
    body = render(template, uri, build, **context)
    return Rendered(uri, plain_text(title), plain_text(description), body, full_width)


def render_pages(
    atlas: Atlas,
    records: Mapping[str, PublicRecord],
    sizes: PictureSizes,
    full_text: bool,
    build: Build,
) -> Iterator[Rendered]:
    """Every generated page in one language: initiatives, categories and their index,
    countries, the map and the list.

    Without `full_text`, search indexes titles, summaries and categories but not
    descriptions, so that the index stays small enough to load on a phone."""
    gettext = translations(build.language).gettext
    language = build.language
    vocab = atlas.vocabularies
    common: dict[str, Any] = {"atlas": atlas, "vocab": vocab, "sizes": sizes, "full_text": full_text}
    for initiative in atlas.initiatives:
        shown = initiative.text_for(language)
        yield _page(
            urls.initiative(initiative.slug),
            shown.title,
            shown.summary,
            "initiative.html",
            build,
            initiative=initiative,
            **common,
        )
    for category in vocab.categories.values():
        members = atlas.in_category(category.id)
        for part in paginated(members, partial(urls.category, category.id)):
            yield _page(
                part["pager"][part["number"] - 1],
                category.title.get(language),
                category.description.get(language),
                "category.html",
                build,
                category=category,
                **part,
                **common,
            )
    yield _page(
        urls.CATEGORIES,
        gettext("Categories"),
        gettext("Solidarity initiatives by theme, each linked to human rights."),
        "categories.html",
        build,
        **common,
    )
    for country in atlas.countries:
        members = atlas.in_country(country.code)
        name = country.name(language)
        for part in paginated(members, partial(urls.country, country.code)):
            yield _page(
                part["pager"][part["number"] - 1],
                name,
                gettext("Solidarity initiatives in %(country)s.") % {"country": name},
                "country.html",
                build,
                country=country,
                **part,
                **common,
            )
    yield _page(
        urls.MAP,
        gettext("Map"),
        gettext("Every initiative on a map, by category."),
        "map.html",
        build,
        full_width=True,
        **common,
    )
    yield _page(
        urls.LIST,
        gettext("List of initiatives"),
        gettext("Every initiative by main category: the text alternative to the map."),
        "list.html",
        build,
        groups=main_category_groups(atlas),
        limit=LIST_LIMIT,
        **common,
    )
    yield _page(
        urls.COUNTRIES,
        gettext("Countries"),
        gettext("Solidarity initiatives by country and region."),
        "countries.html",
        build,
        regions=countries_by_region(atlas, language),
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


def countries_by_region(atlas: Atlas, language: str) -> list[tuple[str, list[Country]]]:
    """Countries with initiatives, by region, each in alphabetical order in `language`."""
    regions: dict[str, list[Country]] = {}
    for country in atlas.countries:
        regions.setdefault(country.region.get(language), []).append(country)
    return [
        (region, sorted(members, key=lambda c: sort_key(c.name(language))))
        for region, members in sorted(regions.items(), key=lambda item: sort_key(item[0]))
    ]


def language_links(here: str, language: str) -> list[dict[str, object]]:
    """The same page in every site language, for the language switch and hreflang links."""
    return [
        {
            "code": code,
            "name": autonym(code),
            "href": urls.in_language(here, language, code),
            "current": code == language,
        }
        for code in SITE_LANGUAGES
    ]


def render_home(atlas: Atlas, sizes: PictureSizes, build: Build, newest: int = 6) -> str:
    """The generated part of the hand-written home page: totals and the newest initiatives."""
    return render(
        "home.html",
        urls.HOME,
        build,
        atlas=atlas,
        vocab=atlas.vocabularies,
        sizes=sizes,
        newest=atlas.newest[:newest],
        languages=language_links(urls.HOME, build.language),
    )

"""Render the atlas into page bodies (HTML) with our own Jinja environment, one per language.

Jinja escapes every value (autoescape is on); the Markdown description goes through
`sanitise.render_markdown`. Page titles and descriptions leave this module already escaped,
because the theme's templates print them as they are. Every string a reader sees is a
gettext message (`{% trans %}` and `_()` in templates, `gettext` here).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache, partial
from typing import Any

import unicodedata

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context
from markupsafe import Markup, escape

from builder.data.i18n import (
    SITE_LANGUAGES,
    autonym,
    direction,
    format_number,
    format_partial_date,
    language_name,
    translations,
)
from builder.data.model import Atlas, Initiative, Text
from builder.data.vocabularies import Category, Country, Label
from builder.site import urls
from builder.site.charts import Bar, bar_chart
from builder.site.icons import inline_icon
from builder.site.matching import Matcher
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
    repo_url: str = ""
    """The atlas's repository, for links to its files and its issue forms."""
    site_url: str = ""
    """Where the site is published, for addresses used outside it (feeds, embed snippets)."""
    bundles: tuple[str, ...] = ()
    """The kinds of offline copy this build's site will offer: 'zip', 'zim'."""


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


@pass_context
def country_names(context: Context, countries: Iterable[Country]) -> Markup:
    """Country names in the page's language, joined as the language joins a list."""
    return _joined_names(tuple(countries), context["build"].language)


@lru_cache(maxsize=4096)
def _joined_names(countries: tuple[Country, ...], language: str) -> Markup:
    return list_separator(language).join(country.name(language) for country in countries)


@cache
def list_separator(language: str) -> Markup:
    """How the language joins the items of a list (', ' '، ' '、'), as a template prints it."""
    return Markup(translations(language).pgettext("list separator", ", "))


def text_attrs(text: Text) -> Markup:
    """The language and direction of a contributor's text, for the element that holds it."""
    return _language_attributes(text.language)


@lru_cache(maxsize=1024)
def _language_attributes(language: str) -> Markup:
    return Markup(f' lang="{escape(language)}" dir="{direction(language)}"')


@pass_context
def label_list(context: Context, ids: Iterable[str], labels: Mapping[str, Any]) -> Markup:
    """The labels of the vocabulary terms `ids` found in `labels`, in the page's language,
    joined as the language joins a list."""
    language = context["build"].language
    return list_separator(language).join(labels[i].title.get(language) for i in ids if i in labels)


def fragment_memo() -> Callable[..., Markup]:
    """`{% call once(kind, id) %}...{% endcall %}`: a piece of HTML that many pages of one
    render repeat (an initiative's card), rendered once for each folder it is linked from.
    The key must name everything the piece shows besides the build and the pictures."""
    kept: dict[tuple[str, ...], Markup] = {}

    @pass_context
    def once(context: Context, *key: str, caller: Callable[[], str]) -> Markup:
        full = (*key, posixpath.dirname(context["here"]))
        if full not in kept:
            kept[full] = Markup(caller())
        return kept[full]

    return once


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
    env.globals.update(
        url=url,
        urls=urls,
        direction=direction,
        country_names=country_names,
        text_attrs=text_attrs,
        label_list=label_list,
    )
    env.filters.update(
        markdown=render_markdown,
        local=local,
        number=number,
        partial_date=partial_date,
        language_name=name_of_language,
        country_name=country_name,
        strong=strong,
        icon=inline_icon,
    )
    return env


def render(template: str, here: str, build: Build, **context: object) -> str:
    env = environment(build.language)
    context.setdefault("once", fragment_memo())
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
    """Every generated page in one language.

    Without `full_text`, search indexes titles, summaries and categories but not
    descriptions, so that the index stays small enough to load on a phone."""
    common: dict[str, Any] = {
        "atlas": atlas,
        "vocab": atlas.vocabularies,
        "sizes": sizes,
        "full_text": full_text,
        "once": fragment_memo(),
    }
    yield from initiative_pages(atlas, build, common)
    yield from member_pages(atlas, build, common)
    yield from overview_pages(atlas, build, common)


def initiative_pages(atlas: Atlas, build: Build, common: dict[str, Any]) -> Iterator[Rendered]:
    matcher = Matcher(atlas)
    for initiative in atlas.initiatives:
        shown = initiative.text_for(build.language)
        yield _page(
            urls.initiative(initiative.slug),
            shown.title,
            shown.summary,
            "initiative.html",
            build,
            initiative=initiative,
            connections=matcher.connections(initiative),
            introduction=urls.introduction(build.repo_url, initiative.slug),
            suggest=urls.suggest_change(build.repo_url, initiative.slug),
            **common,
        )


def _members(
    members: tuple[Initiative, ...],
    uri: Callable[[int], str],
    title: str,
    description: str,
    build: Build,
    common: dict[str, Any],
    **context: Any,
) -> Iterator[Rendered]:
    """The pages of one list of initiatives (a category's, a country's ...), split when long."""
    for part in paginated(members, uri):
        uri_of_part = part["pager"][part["number"] - 1]
        yield _page(uri_of_part, title, description, "members.html", build, **part, **context, **common)


@dataclass(frozen=True)
class Embed:
    """What a partner website pastes to show one of the atlas's maps."""

    src: str
    title: str


def _embed(build: Build, title: str) -> Callable[[str], Embed | None]:
    """Snippets for maps of this build's site, named `title`; none without a site address."""

    def snippet(target: str) -> Embed | None:
        if not build.site_url:
            return None
        return Embed(urls.absolute(build.site_url, build.language, target), title)

    return snippet


def member_pages(atlas: Atlas, build: Build, common: dict[str, Any]) -> Iterator[Rendered]:
    """A page of initiatives for each category, country, article, goal and kind of help."""
    gettext = translations(build.language).gettext
    language = build.language
    vocab = atlas.vocabularies
    for category in vocab.categories.values():
        title = gettext("Solidarity Atlas: %(name)s") % {"name": category.title.get(language)}
        yield from _members(
            atlas.in_category(category.id),
            partial(urls.category, category.id),
            category.title.get(language),
            category.description.get(language),
            build,
            common,
            kind="category",
            category=category,
            embed=_embed(build, title)(urls.world_map(category=category.id)),
        )
    for country in atlas.countries:
        name = country.name(language)
        title = gettext("Solidarity Atlas: %(name)s") % {"name": name}
        yield from _members(
            atlas.in_country(country.code),
            partial(urls.country, country.code),
            name,
            gettext("Solidarity initiatives in %(country)s.") % {"country": name},
            build,
            common,
            kind="country",
            country=country,
            embed=_embed(build, title)(urls.world_map(country=country.code)),
        )
    for number, label in vocab.udhr.items():
        yield from _members(
            atlas.with_right(number),
            partial(urls.article, number),
            gettext("UDHR article %(number)s: %(title)s")
            % {"number": format_number(number, language), "title": label.get(language)},
            gettext("Solidarity initiatives that defend this right."),
            build,
            common,
            kind="article",
            article=number,
        )
    for number, label in vocab.sdgs.items():
        yield from _members(
            atlas.with_goal(number),
            partial(urls.goal, number),
            gettext("SDG %(number)s: %(title)s")
            % {"number": format_number(number, language), "title": label.get(language)},
            gettext("Solidarity initiatives that work towards this goal."),
            build,
            common,
            kind="goal",
            goal=number,
        )
    for term in vocab.help.values():
        offering, seeking = atlas.offering(term.id), atlas.seeking(term.id)
        yield from _members(
            offering,
            partial(urls.help_type, term.id),
            term.title.get(language),
            term.description.get(language),
            build,
            common,
            kind="help",
            help=term,
            seeking=seeking,
        )


def overview_pages(atlas: Atlas, build: Build, common: dict[str, Any]) -> Iterator[Rendered]:
    """The indexes and the pages that look at the whole atlas."""
    gettext = translations(build.language).gettext
    pages: list[tuple[str, str, str, str, dict[str, Any]]] = [
        (urls.CATEGORIES, gettext("Categories"),
         gettext("Solidarity initiatives by theme, each linked to human rights."),
         "categories.html", {}),
        (urls.COUNTRIES, gettext("Countries"),
         gettext("Solidarity initiatives by country and region."),
         "countries.html", {"regions": countries_by_region(atlas, build.language)}),
        (urls.MAP, gettext("Map"), gettext("Every initiative on a map, by category."),
         "map.html", {}),
        (urls.LIST, gettext("List of initiatives"),
         gettext("Every initiative, with filters: the text alternative to the map."),
         "list.html", {"groups": main_category_groups(atlas), "limit": LIST_LIMIT,
                       "regions": countries_by_region(atlas, build.language)}),
        (urls.RIGHTS, gettext("Rights"),
         gettext("Solidarity initiatives by the article of the Universal Declaration of Human "
                 "Rights they defend."),
         "rights.html", {}),
        (urls.GOALS, gettext("Goals"),
         gettext("Solidarity initiatives by the Sustainable Development Goal they work towards."),
         "goals.html", {}),
        (urls.CALLS, gettext("Calls for solidarity"),
         gettext("What initiatives ask for now, until a date."),
         "calls.html", {}),
        (urls.CONNECT, gettext("Who offers what"),
         gettext("Kinds of help, and the initiatives that offer and seek each."),
         "connect.html", {}),
        (urls.NUMBERS, gettext("The atlas in numbers"),
         gettext("How many initiatives, by theme, region, right, goal, kind and year."),
         "numbers.html", {"charts": numbers(atlas, build.language)}),
        (urls.CROSS_BORDER, gettext("Cross-border solidarity"),
         gettext("Initiatives that link countries, and South-South cooperation."),
         "cross-border.html", {"links": region_table(atlas, build.language)}),
    ]  # fmt: skip
    for uri, title, description, template, context in pages:
        full_width = uri == urls.MAP
        yield _page(uri, title, description, template, build, full_width, **context, **common)


@dataclass(frozen=True)
class Chart:
    ident: str
    title: str
    description: str
    heading: str
    """The table's first column heading."""
    bars: tuple[Bar, ...]
    svg: Markup


def _chart(
    ident: str, title: str, heading: str, counts: list[tuple[str, int]], language: str
) -> Chart:
    gettext = translations(language).gettext
    bars = tuple(Bar(label, value, format_number(value, language)) for label, value in counts)
    top = max(bars, key=lambda b: b.value) if bars else None
    description = (
        gettext("%(count)s rows; the largest is %(label)s, with %(value)s.")
        % {"count": format_number(len(bars), language), "label": top.label, "value": top.shown}
        if top
        else gettext("No data yet.")
    )
    svg = bar_chart(ident, title, description, bars, direction(language) == "rtl")
    return Chart(ident, title, description, heading, bars, svg)


def _counted(values: list[str]) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return list(counts.items())


def numbers(atlas: Atlas, language: str) -> dict[str, Any]:
    """Counts of the atlas for the numbers page: each as a chart and a table."""
    gettext = translations(language).gettext
    vocab = atlas.vocabularies
    items = atlas.initiatives
    by = {
        "category": [c.title.get(language) for i in items for c in i.categories],
        "region": [vocab.regions[r].title.get(language) for i in items for r in i.regions],
        "solidarity": [i.solidarity.title.get(language) for i in items],
        "sought": [n.type.title.get(language) for i in items for n in i.seeks],
        "offered": [n.type.title.get(language) for i in items for n in i.offers],
    }
    largest_first = {name: sorted(_counted(v), key=lambda c: (-c[1], sort_key(c[0])))
                     for name, v in by.items()}  # fmt: skip
    articles = [(f"{format_number(n, language)}. {label.get(language)}", len(atlas.with_right(n)))
                for n, label in vocab.udhr.items()]  # fmt: skip
    goals = [(f"{format_number(n, language)}. {label.get(language)}", len(atlas.with_goal(n)))
             for n, label in vocab.sdgs.items()]  # fmt: skip
    years = sorted(_counted([i.period.start[:4] for i in items if i.period]))
    charts = [
        _chart("categories", gettext("Initiatives by category"), gettext("Category"),
               largest_first["category"], language),
        _chart("regions", gettext("Initiatives by region"), gettext("Region"),
               largest_first["region"], language),
        _chart("articles", gettext("Initiatives by article of the UDHR"), gettext("Article"),
               articles, language),
        _chart("goals", gettext("Initiatives by Sustainable Development Goal"), gettext("Goal"),
               goals, language),
        _chart("solidarity", gettext("Initiatives by kind of solidarity"),
               gettext("Kind of solidarity"), largest_first["solidarity"], language),
        _chart("years", gettext("Initiatives by the year they started"), gettext("Year"),
               years, language),
        _chart("sought", gettext("The help most sought"), gettext("Kind of help"),
               largest_first["sought"], language),
        _chart("offered", gettext("The help most offered"), gettext("Kind of help"),
               largest_first["offered"], language),
    ]  # fmt: skip
    south = sum(1 for i in items if i.south_south)
    return {"charts": charts, "south": south, "total": len(items)}


def region_table(atlas: Atlas, language: str) -> dict[str, Any]:
    """The regions in alphabetical order in `language`, and how many initiatives link each
    pair of them (with how many of those are South-South)."""
    counts = atlas.region_links()
    used = sorted(
        {region for pair in counts for region in pair},
        key=lambda r: sort_key(atlas.vocabularies.regions[r].title.get(language)),
    )
    return {"regions": used, "counts": counts}


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


def render_downloads(build: Build) -> str:
    """The generated part of the Download page: the exports, the feeds and the offline copies,
    with an empty cell for each file's size (publish fills them in once the files exist)."""
    return render(
        "download.html",
        urls.DOWNLOAD,
        build,
        exports=EXPORTS,
        languages=language_links(urls.DOWNLOAD, build.language),
    )


EXPORTS = (
    (urls.EXPORT_CSV, "CSV"),
    (urls.EXPORT_JSON, "JSON"),
    (urls.EXPORT_GEOJSON, "GeoJSON"),
    (urls.EXPORT_PICTURES, "CSV"),
    (urls.DATA_PACKAGE, "Data Package"),
)
"""The open data files, as the Download page lists them."""


def render_home(
    atlas: Atlas, sizes: PictureSizes, build: Build, newest: int = 6, calls: int = 4
) -> str:
    """The generated part of the hand-written home page: totals, the map, the categories, the
    open calls and the newest initiatives."""
    return render(
        "home.html",
        urls.HOME,
        build,
        atlas=atlas,
        vocab=atlas.vocabularies,
        sizes=sizes,
        newest=atlas.newest[:newest],
        calls_shown=calls,
        languages=language_links(urls.HOME, build.language),
    )

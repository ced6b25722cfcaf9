"""Every address in the site, and the one way to link from one page to another.

Pages are named by their source URI (`initiatives/<id>.md`), as MkDocs names them; the site
serves them as `.html` (`use_directory_urls: false`), so that links work from a folder on a
USB stick. Templates, the map data, the map's script (through that data) and the audit all
take their addresses from here.

Each language is a site of its own: the default language at the root, the others in a folder
named by their code (`fr/initiatives/<id>.html`). Pictures are shared: they live once, at the
root, and a page reaches them through `shared_root` ('../' from a language folder).
"""

from __future__ import annotations

import re

from builder.data.i18n import DEFAULT_LANGUAGE

HOME = "index.md"
MAP = "map.md"
LIST = "list.md"
COUNTRIES = "countries.md"
CATEGORIES = "categories/index.md"
CONTRIBUTE = "contribute.md"
CALLS = "calls.md"
CONNECT = "connect/index.md"
RIGHTS = "rights/index.md"
GOALS = "goals/index.md"
CROSS_BORDER = "cross-border.md"
NUMBERS = "numbers.md"
DOWNLOAD = "download.md"

PICTURES_DIR = "assets/pictures"
DATA_DIR = "data"
"""The open data exports, made once, from the public records."""
DOWNLOADS_DIR = "downloads"
"""The offline bundles of each language, made after the languages are built."""
SHARED = (PICTURES_DIR, DATA_DIR, DOWNLOADS_DIR)
"""Folders that live once at the site's root, whatever the language."""
EXPORT_JSON = f"{DATA_DIR}/initiatives.json"
EXPORT_GEOJSON = f"{DATA_DIR}/initiatives.geojson"
EXPORT_CSV = f"{DATA_DIR}/initiatives.csv"
EXPORT_PICTURES = f"{DATA_DIR}/pictures.csv"
DATA_PACKAGE = f"{DATA_DIR}/datapackage.json"
FEEDS_DIR = "feeds"
FEED_NEW_ATOM = f"{FEEDS_DIR}/initiatives.xml"
FEED_NEW_JSON = f"{FEEDS_DIR}/initiatives.json"
FEED_CALLS_ATOM = f"{FEEDS_DIR}/calls.xml"
FEED_CALLS_JSON = f"{FEEDS_DIR}/calls.json"
ATLAS_ASSETS = "assets/atlas"
VENDOR = "assets/vendor"
WORLD_MAP = "maps/world.html"
LOCATOR_MAP = "maps/locator.html"
MAP_DATA = f"{ATLAS_ASSETS}/initiatives.js"
BASEMAP_DATA = f"{ATLAS_ASSETS}/basemap.js"
MAP_SCRIPT = f"{ATLAS_ASSETS}/atlas-map.js"
FILTER_SCRIPT = f"{ATLAS_ASSETS}/atlas-filters.js"
MAP_STYLE = f"{ATLAS_ASSETS}/atlas-map.css"

LOCATOR_POINT = re.compile(r"[#&;]lat=(-?\d+(?:\.\d+)?)&(?:amp;)?lon=(-?\d+(?:\.\d+)?)")
"""The point in a locator map's address, as `locator()` writes it; the audit reads it back."""


def page(folder: str, name: str = "index") -> str:
    return f"{folder}/{name}.md" if folder else f"{name}.md"


def _numbered(name: str, number: int) -> str:
    return name + (f"-{number}" if number > 1 else "")


def initiative(slug: str) -> str:
    return page("initiatives", slug)


def category(category_id: str, number: int = 1) -> str:
    return page("categories", _numbered(category_id, number))


def country(code: str, number: int = 1) -> str:
    return page("countries", _numbered(code.lower(), number))


def help_type(help_id: str, number: int = 1) -> str:
    """The page of one kind of help: who offers it and who seeks it."""
    return page("connect", _numbered(help_id, number))


def article(number_of_article: int, number: int = 1) -> str:
    return page("rights", _numbered(f"article-{number_of_article}", number))


def goal(number_of_goal: int, number: int = 1) -> str:
    return page("goals", _numbered(f"sdg-{number_of_goal}", number))


def introduction(repo_url: str, slug: str) -> str:
    """GitHub's form for asking the maintainers to introduce two groups, with the initiative
    filled in (.github/ISSUE_TEMPLATE/connect.yml); empty without a repository."""
    if not repo_url.startswith("https://github.com/"):
        return ""
    return f"{repo_url.rstrip('/')}/issues/new?template=connect.yml&initiative={slug}"


def suggest_change(repo_url: str, slug: str) -> str:
    """Where a reader proposes a correction to an initiative's file: GitHub's editor, which
    makes a fork and a pull request for someone without write access; empty without a
    repository."""
    if not repo_url.startswith("https://"):
        return ""
    base = repo_url.rstrip("/")
    action = "edit" if base.startswith("https://github.com/") else "blob"
    return f"{base}/{action}/main/initiatives/{slug}/initiative.yaml"


def bundle(language: str, kind: str) -> str:
    """The offline copy of one language's site: kind 'zip' or 'zim'."""
    return f"{DOWNLOADS_DIR}/solidarity-atlas-{language}.{kind}"


def absolute(site_url: str, language: str, target: str) -> str:
    """The full address of a page or file of `language`'s site, for feeds, exports and
    snippets used elsewhere; shared files are named from the site's root."""
    base = site_url if site_url.endswith("/") else f"{site_url}/"
    prefix = "" if is_shared(target) else language_root(language)
    return base + prefix + site_path(target)


def picture(name: str) -> str:
    return f"{PICTURES_DIR}/{name}"


FILTERS = (
    "category", "right", "goal", "group", "region", "country", "solidarity", "seeks", "offers",
    "south", "cross",
)  # fmt: skip
"""The facets the map and the list filter by, as named in the address after '#'."""


def world_map(**filters: str | int) -> str:
    """The world map, showing only the initiatives that match every filter given, such as
    world_map(category="health", right=25)."""
    unknown = set(filters) - set(FILTERS)
    if unknown:
        raise ValueError(f"unknown map filters: {sorted(unknown)}")
    fragment = "&".join(f"{name}={filters[name]}" for name in FILTERS if name in filters)
    return f"{WORLD_MAP}#{fragment}" if fragment else WORLD_MAP


def locator(lat: float, lon: float) -> str:
    return f"{LOCATOR_MAP}#lat={lat}&lon={lon}"


def site_path(target: str) -> str:
    """Where a page or file is served: pages' `.md` becomes `.html`, files stay as they are."""
    return target.removesuffix(".md") + ".html" if target.endswith(".md") else target


def root_of(here: str) -> str:
    """From a page or file to the site's root: '' at the top, '../' one folder down."""
    return "../" * here.count("/")


def is_shared(target: str) -> bool:
    return target.startswith(tuple(f"{folder}/" for folder in SHARED))


def relative(here: str, target: str, shared_root: str = "") -> str:
    """A link from `here` to `target`, both named as above; it works from file:// too."""
    prefix = shared_root if is_shared(target) else ""
    return root_of(here) + prefix + site_path(target)


def language_root(language: str) -> str:
    """Where a language's pages live, from the site's root."""
    return "" if language == DEFAULT_LANGUAGE else f"{language}/"


def shared_root_of(language: str) -> str:
    """From a language's root to the site's root, where the shared folders are."""
    return root_of(language_root(language))


def in_language(here: str, current: str, target: str) -> str:
    """From a page in language `current` to the same page in language `target`."""
    return root_of(here) + shared_root_of(current) + language_root(target) + site_path(here)

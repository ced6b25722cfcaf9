"""`python -m builder audit site/`: look at the built site as an attacker and a privacy
reviewer would, whatever the code that made it meant to do."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from builder.data import images
from builder.data.i18n import DEFAULT_LANGUAGE, SITE_LANGUAGES
from builder.data.privacy import EMAIL
from builder.site import urls
from builder.site.record import COORDINATE_DECIMALS, MAP_ITEM_FIELDS

ACTIVE_SCHEMES = ("javascript:", "vbscript:", "data:")
URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "poster", "data", "xlink:href"}
RESOURCE_ATTRIBUTES = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "audio": ("src",),
    "video": ("src", "poster"),
    "embed": ("src",),
    "object": ("data",),
    "link": ("href",),
}
NAVIGATION_LINKS = {"canonical", "alternate", "prev", "next", "license", "author"}
REMOTE = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)
CSS_URL = re.compile(r"""url\(\s*['"]?\s*((?:https?:)?//[^)'"\s]+)""", re.IGNORECASE)
PICTURES = {".webp", ".png", ".jpg", ".jpeg", ".gif"}
THIRD_PARTY = ("assets/javascripts/", f"{urls.VENDOR}/", "assets/stylesheets/")
"""The theme's and the committed libraries' own files: their licence headers name their
authors' addresses. Our pages, data and search index are always scanned."""


@dataclass(frozen=True, order=True)
class Finding:
    file: str
    message: str


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, {name: value or "" for name, value in attrs}))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _decimals(number: str) -> int:
    return len(number.partition(".")[2])


def audit_html(text: str, allowed: tuple[str, ...]) -> Iterator[str]:
    parser = _Elements()
    parser.feed(text)
    parser.close()
    for tag, attributes in parser.found:
        for name, value in attributes.items():
            if name.startswith("on"):
                yield f"<{tag}> has an event-handler attribute {name}"
            squeezed = "".join(value.split()).lower()
            if name in URL_ATTRIBUTES and squeezed.startswith(ACTIVE_SCHEMES):
                yield f"<{tag} {name}> holds an active URL: {value[:60]}"
        if tag == "link" and NAVIGATION_LINKS & set(attributes.get("rel", "").split()):
            continue
        for name in RESOURCE_ATTRIBUTES.get(tag, ()):
            for url in re.split(r",\s*", attributes.get(name, "")):
                if REMOTE.match(url) and not url.strip().startswith(allowed):
                    yield f"<{tag} {name}> loads from another server: {url.strip()[:80]}"
    for match in urls.LOCATOR_POINT.finditer(text):
        if max(_decimals(match.group(1)), _decimals(match.group(2))) > COORDINATE_DECIMALS:
            yield f"a map point has more than {COORDINATE_DECIMALS} decimals: {match.group(0)}"


def _too_precise(value: object) -> bool:
    return not isinstance(value, int | float) or _decimals(repr(value)) > COORDINATE_DECIMALS


def audit_map_data(text: str) -> Iterator[str]:
    """The map data holds map items of public records, with coarse points, and nothing else."""
    prefix, _, payload = text.partition("=")
    try:
        if prefix.strip() != "window.ATLAS_DATA":
            raise ValueError("it does not start with 'window.ATLAS_DATA ='")
        items = json.loads(payload.strip().removesuffix(";"))["items"]
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise ValueError("'items' is not a list of map items")
    except (ValueError, KeyError, TypeError) as error:
        yield f"the map data cannot be read ({error}); rebuild the site"
        return
    for item in items:
        name = str(item.get("url", "?"))[:80]
        unknown = sorted(set(item) - MAP_ITEM_FIELDS)
        if unknown:
            yield f"initiative {name} carries fields that are not public: {', '.join(unknown)}"
        if _too_precise(item.get("lat")) or _too_precise(item.get("lon")):
            yield f"initiative {name} has a point with more than {COORDINATE_DECIMALS} decimals"


def within_language(relative: str) -> str:
    """A path inside its language's site: 'fr/assets/x.js' -> 'assets/x.js'."""
    first, _, rest = relative.partition("/")
    return rest if rest and first in SITE_LANGUAGES and first != DEFAULT_LANGUAGE else relative


def audit_file(path: Path, relative: str, allowed: tuple[str, ...]) -> Iterator[str]:
    if path.suffix.lower() in PICTURES:
        for kind in images.metadata_kinds(path.read_bytes()):
            yield f"picture carries metadata: {kind}"
        return
    if path.suffix not in (".html", ".js", ".json", ".xml", ".css"):
        return
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".html":
        yield from audit_html(text, allowed)
    if path.suffix == ".css":
        for url in CSS_URL.findall(text):
            if not url.startswith(allowed):
                yield f"stylesheet loads from another server: {url[:80]}"
    relative = within_language(relative)
    if relative == urls.MAP_DATA:
        yield from audit_map_data(text)
    if not relative.startswith(THIRD_PARTY):
        for match in EMAIL.finditer(text):
            yield f"contains an e-mail address: {match.group(0)}"


def audit_site(site: Path, allowed: tuple[str, ...] = ()) -> list[Finding]:
    """Every finding in a built site; `allowed` lists URL prefixes configured on purpose."""
    findings = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        relative = path.relative_to(site).as_posix()
        findings += [Finding(relative, message) for message in audit_file(path, relative, allowed)]
    return findings

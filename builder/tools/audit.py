"""`python -m builder audit site/`: look at the built site as an attacker and a privacy
reviewer would, whatever the code that made it meant to do.

The open data, the feeds and the offline copies are read like the pages: a zip or ZIM file is
unpacked into a scratch folder and audited as a site of its own."""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import os
import posixpath
import re
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from builder.data import images, privacy
from builder.data.i18n import DEFAULT_LANGUAGE, SITE_LANGUAGES
from builder.site import urls
from builder.site.exports import GEOJSON_PROPERTIES, PICTURE_COLUMNS, initiative_columns
from builder.site.record import COORDINATE_DECIMALS, MAP_ITEM_FIELDS, PublicRecord
from builder.tools.theme_scripts import THEME_SCRIPTS

FILES_PER_WORKER = 400
"""Below this many files per core, one process reads the site: a worker costs a second."""
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
NOT_CONTRIBUTED = (urls.BASEMAP_DATA,)
"""Committed reference data (Natural Earth's shapes are full of precise numbers)."""
SCRIPT_ASSETS = "assets"
"""The folder of the site's own scripts: `assets/`, or `<language>/assets/` in a language's
site; a script must be a file of the built site in one of them."""
DATA_TYPES = {"application/json", "application/ld+json"}
"""A <script> of these types is data that browsers never run."""
TEXT_ATTRIBUTES = {"href", "alt", "title", "content", "aria-label", "placeholder", "value",
                   "label", "cite", "action", "poster", "data"}  # fmt: skip
"""Attributes that carry words or contributors' links (not our own file addresses, SVG
geometry, classes or styles)."""
PRIVATE_FINDINGS = {
    privacy.EMAIL: "contains an e-mail address",
    privacy.PHONE: "contains what looks like a phone number",
    privacy.LOCATION: "contains an exact location",
    privacy.PAYMENT: "contains bank or payment details",
}
ROOT = "{root}"
_ROOT_PATH = r'"(?:|\.|\.\.(?:/\.\.)*|(?:\.\./)+|/[\w./-]{0,100})"'
"""The path from a page to the site's root: "", ".", "..", "../..", "../" or, on the 404 page,
the site's path on its server ("/", "/atlas/")."""
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, order=True)
class Finding:
    file: str
    message: str


@dataclass
class _Script:
    attributes: dict[str, str]
    text: str = ""


@dataclass
class _Elements(HTMLParser):
    """Elements with their attributes, the text a reader sees, and every <script> element."""

    found: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    scripts: list[_Script] = field(default_factory=list)
    inside: str = ""

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        self.found.append((tag, attributes))
        if tag == "script":
            self.scripts.append(_Script(attributes))
        self.inside = tag if tag in ("script", "style") else ""

    def handle_endtag(self, tag: str) -> None:
        self.inside = ""

    def handle_data(self, data: str) -> None:
        if self.inside == "script":
            self.scripts[-1].text += data
        elif self.inside != "style":
            self.text.append(data)

    def words(self) -> Iterator[str]:
        """What a reader (or a search engine) reads: text and the attributes that carry words."""
        yield from self.text
        for _, attributes in self.found:
            for name, value in attributes.items():
                if name in TEXT_ATTRIBUTES or name.startswith("data-"):
                    yield value


def _decimals(number: str) -> int:
    return len(number.partition(".")[2])


def audit_html(
    text: str, allowed: tuple[str, ...], here: str = "index.html", site: Path | None = None
) -> Iterator[str]:
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
    yield from audit_scripts(parser.scripts, here, site)
    yield from private_findings(parser.words())


def normalise_script(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _allowed_scripts() -> re.Pattern[str]:
    """The allow-list as one pattern. An entry writes `"{root}"` where a theme script names the
    path from its page to the site's root: that path is the only thing that differs between the
    copies of one script on pages at different depths, so one entry covers them all, and
    nothing else in the script may differ."""
    templates = sorted(
        re.escape(t).replace(re.escape(f'"{ROOT}"'), _ROOT_PATH) for t in THEME_SCRIPTS
    )
    return re.compile("|".join(f"(?:{template})" for template in templates))


ALLOWED_SCRIPTS = _allowed_scripts()


def audit_scripts(scripts: Iterable[_Script], here: str, site: Path | None) -> Iterator[str]:
    """Inline scripts must be the theme's own (THEME_SCRIPTS), and every script file must be one
    of the site's own assets: the pages hold contributor text, so a script that should not be
    there is the first sign that some of it escaped."""
    for script in scripts:
        source = script.attributes.get("src")
        kind = script.attributes.get("type", "").strip().lower()
        if source is not None:
            if not _own_asset(here, source, site):
                yield f"<script src> is not one of the site's own scripts: {source[:80]}"
        elif kind in DATA_TYPES:
            if not _is_json(script.text):
                yield f"<script type={kind}> does not hold JSON data"
        elif not ALLOWED_SCRIPTS.fullmatch(normalise_script(script.text)):
            yield f"an inline <script> is not one of the theme's own: {script.text.strip()[:80]}"


def _own_asset(here: str, source: str, site: Path | None) -> bool:
    """Whether a script address names a file of the built site in an assets folder. An address
    from the server's root (the 404 page's) starts with the site's own path, as its canonical
    address gives it (`/atlas/` for https://example.github.io/atlas/)."""
    address = source.strip().split("#")[0].split("?")[0]
    if not address or REMOTE.match(address) or ":" in address.split("/")[0]:
        return False
    if address.startswith("/"):
        base = site_base(site) if site else "/"
        if not address.startswith(base):
            return False
        joined = address[len(base) :]
    else:
        joined = posixpath.join(posixpath.dirname(here), address)
    target = posixpath.normpath(joined)
    parts = target.split("/")
    if parts[0] == ".." or SCRIPT_ASSETS not in parts[:-1]:
        return False
    return site is None or (site / target).is_file()


_CANONICAL = re.compile(r'<link rel="canonical" href="([^"]{1,500})"')


@cache
def site_base(site: Path) -> str:
    """The site's own path on its server, from the canonical address of its home page."""
    home = site / "index.html"
    found = _CANONICAL.search(home.read_text(encoding="utf-8")) if home.is_file() else None
    path = urlsplit(found.group(1)).path if found else "/"
    return path[: path.rfind("/") + 1] or "/"


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def private_findings(texts: Iterable[str]) -> Iterator[str]:
    """E-mail addresses, phone numbers and exact locations, with the validator's detectors."""
    normalised = privacy.normalise(privacy.BOUNDARY.join(texts))
    for found in privacy.find_private(normalised):
        excerpt = normalised[found.start : found.end][:80]
        yield f"{PRIVATE_FINDINGS[found.kind]}: {excerpt}"


def json_strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, child in value.items():
            yield key
            yield from json_strings(child)
    elif isinstance(value, list):
        for child in value:
            yield from json_strings(child)


_ASSIGNMENT = re.compile(r"(?:var |let |const )?[\w.$]{1,80} ?= ?")


def data_texts(path: Path, text: str) -> Iterable[str]:
    """The words in a data file: every string of JSON, also in scripts that only assign JSON
    (`window.ATLAS_DATA = {...};`, `var __index = {...}`), where escapes such as \\u0438 would
    otherwise read as digits; anything else as it is."""
    payload = text
    assignment = _ASSIGNMENT.match(text) if path.suffix == ".js" else None
    if assignment:
        payload = text[assignment.end() :].strip().removesuffix(";")
    if path.suffix in (".json", ".geojson") or assignment:
        try:
            return list(json_strings(json.loads(payload)))
        except ValueError:
            return [text]
    if path.suffix == ".csv":
        # Cell by cell: a row's latitude and longitude side by side read as one exact point.
        return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]
    return [text]


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


RECORD_FIELDS = frozenset(PublicRecord.__annotations__)
EXPORT_COLUMNS = frozenset(c.name for c in initiative_columns([], ""))
PICTURE_FIELDS = frozenset(c.name for c in PICTURE_COLUMNS)
DATA_SUFFIXES = (".html", ".js", ".json", ".xml", ".css", ".geojson", ".csv")
BUNDLES = (".zip", ".zim")
LIVE_FEED_CONTENT = re.compile(r"""type=["'](?:x?html)["']|<script""", re.IGNORECASE)
"""A feed whose entries carry HTML would let a feed reader show markup from contributors."""


def _points(value: Any) -> Iterator[object]:
    """Every coordinate in JSON data: `lat`/`lon` values and GeoJSON `coordinates`."""
    if isinstance(value, dict):
        for key, child in value.items():
            if key in ("lat", "lon"):
                yield child
            elif key == "coordinates" and isinstance(child, list):
                yield from child
            else:
                yield from _points(child)
    elif isinstance(value, list):
        for child in value:
            yield from _points(child)


def _unknown(fields: Iterable[str], known: frozenset[str]) -> list[str]:
    return sorted(set(fields) - known)


def audit_export(relative: str, text: str) -> Iterator[str]:
    """The open data holds public records' fields and coarse points, and nothing else."""
    if relative in (urls.EXPORT_JSON, urls.EXPORT_GEOJSON):
        try:
            data = json.loads(text)
        except ValueError as error:
            yield f"the export cannot be read ({error}); rebuild the site"
            return
        if relative == urls.EXPORT_JSON:
            unknown = {f for item in data for f in _unknown(item, RECORD_FIELDS)}
        else:
            known = frozenset({*GEOJSON_PROPERTIES, "precision"})
            unknown = {f for item in data["features"] for f in _unknown(item["properties"], known)}
        if unknown:
            yield f"carries fields that are not public: {', '.join(sorted(unknown))}"
        if any(_too_precise(point) for point in _points(data)):
            yield f"has a point with more than {COORDINATE_DECIMALS} decimals"
    elif relative in (urls.EXPORT_CSV, urls.EXPORT_PICTURES):
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
        header = {name.split("@")[0] for name in (rows[0] if rows else {})}
        known = EXPORT_COLUMNS if relative == urls.EXPORT_CSV else PICTURE_FIELDS
        if _unknown(header, known):
            yield f"has columns that are not public: {', '.join(_unknown(header, known))}"
        for row in rows:
            for name in ("lat", "lon"):
                if name in row and _decimals(row[name]) > COORDINATE_DECIMALS:
                    yield f"has a point with more than {COORDINATE_DECIMALS} decimals: {row[name]}"


def audit_bundle(path: Path, allowed: tuple[str, ...], site: Path | None = None) -> Iterator[str]:
    """Unpack an offline copy and audit it as a site; a copy never holds another.

    A file with the same bytes as the site's own file at the same place has been audited
    already, as part of the site, and gives the same findings: only the others are audited
    again (in a copy made by `bundles`, none), which keeps the audit of six copies from
    taking six times as long as the site's."""
    with tempfile.TemporaryDirectory(prefix="atlas-audit-") as scratch:
        folder = Path(scratch)
        fresh = set()
        try:
            for name, content in _bundle_entries(path):
                target = (folder / name).resolve()
                if name.endswith(BUNDLES):
                    yield f"holds another offline copy: {name[:80]}"
                elif not target.is_relative_to(folder.resolve()) or name.startswith("/"):
                    yield f"holds a file outside its folder: {name[:80]}"
                else:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(content)
                    if not _same_as_in(site, name, content):
                        fresh.add(name)
        except (OSError, RuntimeError, zipfile.BadZipFile) as error:
            yield f"the offline copy cannot be read ({error}); rebuild the site"
            return
        for finding in audit_site(folder, allowed, fresh):
            yield f"{finding.file}: {finding.message}"


def _same_as_in(site: Path | None, name: str, content: bytes) -> bool:
    original = site / name if site else None
    return bool(original and original.is_file() and original.read_bytes() == content)


def _bundle_entries(path: Path) -> list[tuple[str, bytes]]:
    if path.suffix == ".zim":
        from builder.tools.bundles import zim_entries  # libzim, only when a copy is audited

        return list(zim_entries(path))
    with zipfile.ZipFile(path) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def audit_file(
    path: Path, relative: str, allowed: tuple[str, ...], site: Path | None = None
) -> Iterator[str]:
    if path.suffix in BUNDLES:
        yield from audit_bundle(path, allowed, site)
        return
    if path.suffix.lower() in PICTURES:
        for kind in images.metadata_kinds(path.read_bytes()):
            yield f"picture carries metadata: {kind}"
        return
    if path.suffix not in DATA_SUFFIXES:
        return
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".html":
        site = Path(str(path)[: -len(relative)]) if str(path).endswith(relative) else None
        yield from audit_html(text, allowed, relative, site)
    if path.suffix == ".css":
        for url in CSS_URL.findall(text):
            if not url.startswith(allowed):
                yield f"stylesheet loads from another server: {url[:80]}"
    relative = within_language(relative)
    if relative == urls.MAP_DATA:
        yield from audit_map_data(text)
    if relative.startswith(f"{urls.DATA_DIR}/"):
        yield from audit_export(relative, text)
    if relative.startswith(f"{urls.FEEDS_DIR}/") and LIVE_FEED_CONTENT.search(text):
        yield "a feed carries HTML or a script; feeds carry plain text only"
    if path.suffix != ".html" and not relative.startswith((*THIRD_PARTY, *NOT_CONTRIBUTED)):
        yield from private_findings(data_texts(path, text))


def audit_site(
    site: Path, allowed: tuple[str, ...] = (), only: set[str] | None = None
) -> list[Finding]:
    """Every finding in a built site; `allowed` lists URL prefixes configured on purpose, and
    `only`, when given, the files to audit (the others are there for the links). A large site
    is read by one worker per core."""
    chosen = [
        (path, path.relative_to(site).as_posix())
        for path in sorted(p for p in site.rglob("*") if p.is_file())
    ]
    if only is not None:
        chosen = [(path, relative) for path, relative in chosen if relative in only]
    workers = min(os.cpu_count() or 1, len(chosen) // FILES_PER_WORKER)
    if workers < 2:
        return audit_files(chosen, allowed, site)
    batches = [chosen[start::workers] for start in range(workers)]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        found = pool.map(audit_files, batches, [allowed] * workers, [site] * workers)
        order = {relative: number for number, (_, relative) in enumerate(chosen)}
        return sorted((f for part in found for f in part), key=lambda f: order[f.file])


def audit_files(
    chosen: list[tuple[Path, str]], allowed: tuple[str, ...], site: Path
) -> list[Finding]:
    return [
        Finding(relative, message)
        for path, relative in chosen
        for message in audit_file(path, relative, allowed, site)
    ]

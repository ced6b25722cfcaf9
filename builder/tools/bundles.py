"""Offline copies of each language's site: a reproducible zip, and a ZIM file for Kiwix
readers and Internet-in-a-Box. The only module that imports libzim.

A language's copy holds its own pages and the shared pictures and data, laid out as on the
server, so that it opens on its own; it never holds `downloads/`, so no copy holds itself or
another. After the copies are made, `fill_sizes` writes each file's size into the Download
pages of the site (the copies keep the pages as they were: a file cannot hold its own size).
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import mimetypes
import os
import re
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any

import yaml
from libzim.reader import Archive
from libzim.writer import Creator, FileProvider, Hint, Item

from builder.data import images
from builder.data.i18n import DEFAULT_LANGUAGE, SITE_LANGUAGES, format_size, translations
from builder.site import urls

KINDS = ("zip", "zim")
SERVER_ONLY = ("404.html", "sitemap.xml", "sitemap.xml.gz")
"""Files for a web server and search engines, at a language's root: no use in a copy (the
404 page names its scripts from the server's root, which a copy does not have)."""
ZIP_EPOCH = 315532800
"""1980-01-01: zip files cannot record an earlier moment."""
STORED = {".webp", ".jpg", ".jpeg", ".png", ".gz", ".woff", ".woff2"}
"""Already compressed: stored as they are, since deflating them again gains nothing."""
ISO_639_3 = {"ar": "ara", "zh": "zho", "en": "eng", "fr": "fra", "ru": "rus", "es": "spa"}
ILLUSTRATION_SIZE = 48
TITLE_LIMIT = 30
DESCRIPTION_LIMIT = 80
"""What the ZIM format allows for Title and Description, in characters."""
MIME_TYPES = {
    ".html": "text/html",
    ".js": "application/javascript",
    ".json": "application/json",
    ".geojson": "application/geo+json",
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
    ".xml": "application/xml",
    ".csv": "text/csv",
    ".txt": "text/plain",
    ".woff2": "font/woff2",
    ".map": "application/json",
}
TEXT_TYPES = ("text/", "application/javascript", "application/json", "application/geo+json",
              "application/xml", "image/svg+xml")  # fmt: skip
ZIM_UUID = slice(8, 24)
ZIM_CHECKSUM_POSITION = slice(72, 80)
XAPIAN_MAGIC = b"\x0f\rXapian Glass"
XAPIAN_UUID_OFFSET = len(XAPIAN_MAGIC) + 2
"""In a Xapian glass database's version file, the 16-byte uuid follows the magic and a
two-byte version."""
_TITLE = re.compile(r"<title>(.{0,300}?)</title>", re.DOTALL)
_SIZE_CELL = re.compile(r'(data-atlas-size="([\w./-]{1,200})">)(</)')


@dataclass(frozen=True)
class SiteFacts:
    """What a copy says about the site it copies, from mkdocs.yml."""

    name: str
    description: str
    site_url: str


class _Loader(yaml.SafeLoader):
    """mkdocs.yml with its `!ENV` tags read as plain values."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


def site_facts(root: Path) -> SiteFacts:
    config: dict[str, Any] = yaml.load(
        (root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader
    )
    return SiteFacts(
        str(config.get("site_name") or ""),
        str(config.get("site_description") or ""),
        str(config.get("site_url") or ""),
    )


def members(site: Path, language: str) -> list[tuple[str, Path]]:
    """What a language's copy holds, by its path in the copy (the same as on the server),
    sorted: its own folder (the root, for the default language, without the other languages'
    folders and the server's files), and the shared pictures and data; never the downloads."""
    others = {code for code in SITE_LANGUAGES if code != DEFAULT_LANGUAGE}
    shared = tuple(f"{folder}/" for folder in urls.SHARED if folder != urls.DOWNLOADS_DIR)
    own = urls.language_root(language)
    found = []
    for path in site.rglob("*"):
        name = path.relative_to(site).as_posix()
        if not path.is_file() or name.startswith(f"{urls.DOWNLOADS_DIR}/"):
            continue
        first = name.split("/")[0]
        if name in {own + server for server in SERVER_ONLY}:
            continue
        mine = name.startswith(own) if own else first not in others
        if mine or name.startswith(shared):
            found.append((name, path))
    return sorted(found)


def _zip_moment(epoch: int) -> tuple[int, int, int, int, int, int]:
    moment = datetime.datetime.fromtimestamp(max(epoch, ZIP_EPOCH), datetime.UTC)
    return moment.timetuple()[:6]


def write_zip(site: Path, language: str, target: Path, epoch: int) -> None:
    """Sorted entries, one fixed time (SOURCE_DATE_EPOCH), fixed permissions: two builds of one
    commit give the same bytes."""
    moment = _zip_moment(epoch)
    with zipfile.ZipFile(target, "w") as archive:
        for name, path in members(site, language):
            info = zipfile.ZipInfo(name, date_time=moment)
            info.create_system = 3
            info.external_attr = 0o644 << 16
            stored = path.suffix.lower() in STORED
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes(), compresslevel=None if stored else 9)


def mime_type(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return MIME_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def page_title(content: bytes) -> str:
    found = _TITLE.search(content.decode("utf-8", errors="replace"))
    return " ".join(unescape(found.group(1)).split()) if found else ""


class _File(Item):
    """One file of the site as a ZIM entry."""

    def __init__(self, name: str, path: Path) -> None:
        super().__init__()
        self.name, self.path = name, path
        self.mime = mime_type(name)
        self.page = self.mime == "text/html"
        self.title = page_title(path.read_bytes()) if self.page else ""

    def get_path(self) -> str:
        return self.name

    def get_title(self) -> str:
        return self.title

    def get_mimetype(self) -> str:
        return self.mime

    def get_contentprovider(self) -> FileProvider:
        return FileProvider(str(self.path))

    def get_hints(self) -> dict[Hint, int]:
        front = self.page and self.name.split("/")[-1] != "404.html"
        return {
            Hint.FRONT_ARTICLE: int(front),
            Hint.COMPRESS: int(self.mime.startswith(TEXT_TYPES)),
        }


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def zim_metadata(facts: SiteFacts, language: str, day: str) -> dict[str, str]:
    """The metadata every ZIM file must carry (openZIM's list), in the copy's language."""
    gettext = translations(language).gettext
    name, description = gettext(facts.name), gettext(facts.description)
    return {
        "Name": f"solidarity-atlas_{language}_all",
        "Title": _short(name, TITLE_LIMIT),
        "Creator": gettext("The contributors of the Solidarity Atlas"),
        "Publisher": name,
        "Date": day,
        "Description": _short(description, DESCRIPTION_LIMIT),
        "LongDescription": description,
        "Language": ISO_639_3[language],
        "License": "CC-BY-4.0",
        "Source": facts.site_url,
        "Tags": "_category:other;_pictures:yes;_videos:no;_details:yes;_ftindex:yes",
        "Flavour": "all",
    }


@contextlib.contextmanager
def _quiet_stdout() -> Iterator[None]:
    """libzim prints its progress ("ZIM file is ready!") from C++, straight to the standard
    output, whatever `config_verbose` says; the build's log keeps only our own lines."""
    sys.stdout.flush()
    saved = os.dup(1)
    with open(os.devnull, "wb") as nowhere:
        os.dup2(nowhere.fileno(), 1)
        try:
            yield
        finally:
            os.dup2(saved, 1)
            os.close(saved)


def write_zim(site: Path, language: str, target: Path, facts: SiteFacts, day: str) -> None:
    """Every page, picture and map asset of the copy, with the language's home page as the
    main page and a full-text index. One worker: with more, libzim orders its clusters by
    which worker finishes first, and two builds differ."""
    creator = Creator(target).config_indexing(True, ISO_639_3[language]).config_nbworkers(1)
    creator.set_mainpath(f"{urls.language_root(language)}index.html")
    with _quiet_stdout(), creator:
        for key, value in zim_metadata(facts, language, day).items():
            creator.add_metadata(key, value)
        creator.add_illustration(ILLUSTRATION_SIZE, images.atlas_mark(ILLUSTRATION_SIZE))
        for name, path in members(site, language):
            creator.add_item(_File(name, path))


def settle_zim(path: Path) -> None:
    """Make a ZIM file the same bytes on every build of the same content.

    libzim writes three random uuids: the file's own (in its header) and one in each of its two
    Xapian indexes (full text and titles); everything else it writes is already the same from
    one run to the next (one worker thread). Each uuid becomes a digest of the content instead,
    and the MD5 checksum at the end, which covers them, is computed again. A reader sees a valid
    file (libzim's `Archive.check()` passes) whose uuid changes only when its content does."""
    data = bytearray(path.read_bytes())
    places = [ZIM_UUID.start]
    start = 0
    while (found := data.find(XAPIAN_MAGIC, start)) != -1:
        places.append(found + XAPIAN_UUID_OFFSET)
        start = found + 1
    checksum_at = int.from_bytes(data[ZIM_CHECKSUM_POSITION], "little")
    for place in places:
        data[place : place + 16] = bytes(16)
    digest = hashlib.sha256(data[:checksum_at]).digest()
    for number, place in enumerate(places):
        data[place : place + 16] = hashlib.sha256(digest + bytes([number])).digest()[:16]
    data[checksum_at : checksum_at + 16] = hashlib.md5(data[:checksum_at]).digest()
    path.write_bytes(bytes(data))


def make_bundles(
    site: Path, root: Path, languages: list[str], kinds: tuple[str, ...], epoch: int
) -> list[Path]:
    """Each kind of copy of each language's site, into `downloads/`."""
    folder = site / urls.DOWNLOADS_DIR
    folder.mkdir(exist_ok=True)
    day = datetime.datetime.fromtimestamp(epoch, datetime.UTC).date().isoformat()
    facts = site_facts(root)
    made = []
    for language in sorted(languages):
        if "zip" in kinds:
            made.append(site / urls.bundle(language, "zip"))
            write_zip(site, language, made[-1], epoch)
        if "zim" in kinds:
            made.append(site / urls.bundle(language, "zim"))
            made[-1].unlink(missing_ok=True)
            write_zim(site, language, made[-1], facts, day)
            settle_zim(made[-1])
    return made


def download_pages(site: Path) -> Iterator[tuple[Path, str]]:
    """Each language's Download page, with its language."""
    for language in SITE_LANGUAGES:
        page = site / urls.language_root(language) / urls.site_path(urls.DOWNLOAD)
        if page.is_file():
            yield page, language


def fill_sizes(site: Path) -> None:
    """Write the size of each listed file that exists into the Download pages; a cell stays
    empty until its file is made."""
    for page, language in download_pages(site):
        text = page.read_text(encoding="utf-8")

        def size(match: re.Match[str], language: str = language) -> str:
            listed = site / match.group(2)
            if not listed.is_file():
                return match.group(0)
            shown = format_size(listed.stat().st_size, language)
            return f"{match.group(1)}{shown}{match.group(3)}"

        page.write_text(_SIZE_CELL.sub(size, text), encoding="utf-8")


def zim_entries(path: Path) -> Iterator[tuple[str, bytes]]:
    """Every entry of a ZIM file that holds content (not a redirect), by its path."""
    archive = Archive(path)
    for index in range(archive.entry_count):
        entry = archive._get_entry_by_id(index)
        if not entry.is_redirect:
            yield entry.path, bytes(entry.get_item().content)

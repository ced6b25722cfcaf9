"""Feeds per language: Atom (RFC 4287) and JSON Feed 1.1, of the newest initiatives and of
the open calls for solidarity, made from the public records.

Every date comes from the data (`added`, `updated`), never from the clock, so that two builds
of one commit give the same bytes. Ids are the full addresses of the pages (a call adds its own
fragment), which stay the same from one build to the next. Atom is written with the standard
library's ElementTree, which escapes every value and writes attributes in a fixed order.
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

from builder.data.i18n import format_partial_date, translations
from builder.site import urls
from builder.site.record import PublicRecord, shown_text
from builder.site.sanitise import script_json

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
NEWEST_IN_FEED = 50
"""Feed readers keep what they have seen; the latest fifty are plenty, at any size."""

ET.register_namespace("", ATOM)


@dataclass(frozen=True)
class Entry:
    id: str
    url: str
    title: str
    summary: str
    language: str
    published: str
    updated: str
    author: str
    tags: tuple[str, ...]


@dataclass(frozen=True)
class Feed:
    """One feed in one language: where it lives, what it says, and its entries."""

    path: str
    """The Atom file; the JSON Feed is beside it (see FEEDS)."""
    json_path: str
    title: str
    description: str
    language: str
    site_url: str
    entries: tuple[Entry, ...]

    def address(self, path: str) -> str:
        return urls.absolute(self.site_url, self.language, path)


def moment(day: str) -> str:
    """A day as an RFC 3339 moment: midnight UTC."""
    return f"{day}T00:00:00Z"


def _page(record: PublicRecord, site_url: str, language: str) -> str:
    return urls.absolute(site_url, language, urls.initiative(record["id"]))


def initiative_entries(
    records: Sequence[PublicRecord], site_url: str, language: str
) -> tuple[Entry, ...]:
    """The latest added first, as "Newest initiatives" shows them."""
    newest = sorted(sorted(records, key=lambda r: r["id"]), key=lambda r: r["added"], reverse=True)
    entries = []
    for record in newest[:NEWEST_IN_FEED]:
        tag, text = shown_text(record, language)
        page = _page(record, site_url, language)
        entries.append(
            Entry(
                page, page, text["title"], text["summary"], tag, moment(record["added"]),
                moment(record["updated"] or record["added"]), record["contributor"],
                tuple(record["categories"]),
            )
        )  # fmt: skip
    return tuple(entries)


def call_id(page: str, title: str, until: str) -> str:
    """A call has no id of its own: its page, its last day and a digest of its title name it."""
    digest = hashlib.sha256(f"{until}\n{title}".encode()).hexdigest()[:12]
    return f"{page}#call-{until}-{digest}"


def call_entries(
    records: Sequence[PublicRecord], site_url: str, language: str
) -> tuple[Entry, ...]:
    """Every open call, the soonest to close first (as the calls page lists them)."""
    gettext = translations(language).gettext
    found = [(call, record) for record in records for call in record["calls"]]
    found.sort(key=lambda pair: (pair[0]["until"], pair[1]["id"], pair[0]["title"]))
    entries = []
    for call, record in found:
        page = _page(record, site_url, language)
        until = gettext("Call for solidarity, until %(until)s") % {
            "until": format_partial_date(call["until"], language)
        }
        summary = f"{call['detail']}\n\n{until}" if call["detail"] else until
        changed = moment(record["updated"] or record["added"])
        entries.append(
            Entry(
                call_id(page, call["title"], call["until"]), page, call["title"], summary,
                record["language"], changed, changed, record["contributor"], tuple(call["seeks"]),
            )
        )  # fmt: skip
    return tuple(entries)


def feeds(records: Sequence[PublicRecord], site_url: str, language: str) -> tuple[Feed, Feed]:
    gettext = translations(language).gettext
    return (
        Feed(
            urls.FEED_NEW_ATOM,
            urls.FEED_NEW_JSON,
            gettext("Solidarity Atlas: new initiatives"),
            gettext("The initiatives most recently added to the atlas."),
            language,
            site_url,
            initiative_entries(records, site_url, language),
        ),
        Feed(
            urls.FEED_CALLS_ATOM,
            urls.FEED_CALLS_JSON,
            gettext("Solidarity Atlas: calls for solidarity"),
            gettext("What initiatives ask for now, until a date."),
            language,
            site_url,
            call_entries(records, site_url, language),
        ),
    )


def latest(feed: Feed, fallback: str) -> str:
    """The feed's own date: its latest entry's, or the build's day when it has none."""
    return max((entry.updated for entry in feed.entries), default=moment(fallback))


def _text(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    element.text = text
    return element


def atom(feed: Feed, today: str) -> bytes:
    root = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: feed.language})
    _text(root, "id", feed.address(feed.path))
    _text(root, "title", feed.title)
    _text(root, "subtitle", feed.description)
    _text(root, "updated", latest(feed, today))
    ET.SubElement(root, f"{{{ATOM}}}link", {"rel": "self", "href": feed.address(feed.path)})
    ET.SubElement(root, f"{{{ATOM}}}link", {"href": feed.address(urls.HOME)})
    author = ET.SubElement(root, f"{{{ATOM}}}author")
    _text(author, "name", translations(feed.language).gettext("Solidarity Atlas"))
    for entry in feed.entries:
        element = ET.SubElement(root, f"{{{ATOM}}}entry", {XML_LANG: entry.language})
        _text(element, "id", entry.id)
        _text(element, "title", entry.title)
        ET.SubElement(element, f"{{{ATOM}}}link", {"href": entry.url})
        _text(element, "published", entry.published)
        _text(element, "updated", entry.updated)
        _text(ET.SubElement(element, f"{{{ATOM}}}author"), "name", entry.author)
        for tag in entry.tags:
            ET.SubElement(element, f"{{{ATOM}}}category", {"term": tag})
        _text(element, "summary", entry.summary, type="text")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def json_feed(feed: Feed) -> bytes:
    items = [
        {
            "id": entry.id,
            "url": entry.url,
            "title": entry.title,
            "summary": entry.summary,
            "content_text": entry.summary,
            "date_published": entry.published,
            "date_modified": entry.updated,
            "authors": [{"name": entry.author}],
            "tags": list(entry.tags),
            "language": entry.language,
        }
        for entry in feed.entries
    ]
    document = {
        "version": JSON_FEED_VERSION,
        "title": feed.title,
        "description": feed.description,
        "home_page_url": feed.address(urls.HOME),
        "feed_url": feed.address(feed.json_path),
        "language": feed.language,
        "items": items,
    }
    return (script_json(document, indent=1) + "\n").encode()


def feed_files(
    records: Sequence[PublicRecord], site_url: str, language: str, today: str
) -> list[tuple[str, bytes]]:
    """The Atom and JSON feeds of one language's site."""
    made = []
    for feed in feeds(records, site_url, language):
        made += [(feed.path, atom(feed, today)), (feed.json_path, json_feed(feed))]
    return made


def feed_links(here: str, language: str) -> list[dict[str, str]]:
    """The <link rel="alternate"> of every feed, for the head of the page `here`."""
    gettext = translations(language).gettext
    named = [
        (urls.FEED_NEW_ATOM, "application/atom+xml", gettext("New initiatives (Atom)")),
        (urls.FEED_NEW_JSON, "application/feed+json", gettext("New initiatives (JSON Feed)")),
        (urls.FEED_CALLS_ATOM, "application/atom+xml", gettext("Calls for solidarity (Atom)")),
        (urls.FEED_CALLS_JSON, "application/feed+json",
         gettext("Calls for solidarity (JSON Feed)")),
    ]  # fmt: skip
    return [
        {"href": urls.relative(here, path), "type": kind, "title": title}
        for path, kind, title in named
    ]

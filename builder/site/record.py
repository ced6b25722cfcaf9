"""The public record: the one view of an initiative that leaves the builder as data.

The map data, the search metadata, and every export are made from `public_record`, and the
audit checks what is published against the fields defined here. Fields are named, never
positions in an array, so that Python, the map's JavaScript and the audit read them alike.
A field that is not in these definitions cannot be published as data.
"""

from __future__ import annotations

from typing import TypedDict

from builder.data.i18n import best_translation, direction
from builder.data.model import Initiative
from builder.site import urls
from builder.site.pictures import PictureSizes

COORDINATE_DECIMALS = 2
"""About 1 km: the validator refuses finer points, and the record rounds them all the same."""


class Point(TypedDict):
    lat: float
    lon: float
    precision: str


class Rendition(TypedDict):
    src: str
    width: int
    height: int


class PictureRecord(TypedDict):
    alt: str
    caption: str
    credit: str
    license: str
    license_url: str
    renditions: list[Rendition]


class OrganizationRecord(TypedDict):
    name: str
    type: str
    website: str


class LinkRecord(TypedDict):
    title: str
    url: str


class PeriodRecord(TypedDict):
    start: str
    end: str


class NeedRecord(TypedDict):
    type: str
    detail: str


class CallRecord(TypedDict):
    title: str
    detail: str
    seeks: list[str]
    until: str


class TranslationRecord(TypedDict):
    title: str
    summary: str
    description: str
    """Empty when the translation leaves the description untranslated."""


class PublicRecord(TypedDict):
    id: str
    url: str
    title: str
    summary: str
    description: str
    """Markdown as written; pages render it through `sanitise.render_markdown`."""
    language: str
    direction: str
    categories: list[str]
    solidarity: str
    rights: list[int]
    sdgs: list[int]
    groups: list[str]
    countries: list[str]
    partner_countries: list[str]
    regions: list[str]
    south_south: bool
    location: Point
    organizations: list[OrganizationRecord]
    links: list[LinkRecord]
    period: PeriodRecord | None
    pictures: list[PictureRecord]
    contributor: str
    translations: dict[str, TranslationRecord]
    seeks: list[NeedRecord]
    offers: list[NeedRecord]
    calls: list[CallRecord]
    """Open calls only: a call past its day is not published."""
    contact_url: str
    cross_border: bool
    added: str
    """The day the entry was added, YYYY-MM-DD."""
    updated: str
    """The day it last changed in substance, YYYY-MM-DD; empty until it does."""


class MapPicture(TypedDict):
    src: str
    alt: str
    width: int
    height: int


class MapItem(TypedDict):
    """What the map's script reads of one initiative (see atlas-map.js)."""

    id: str
    url: str
    title: str
    summary: str
    language: str
    direction: str
    lat: float
    lon: float
    categories: list[str]
    countries: list[str]
    partner_countries: list[str]
    regions: list[str]
    rights: list[int]
    sdgs: list[int]
    groups: list[str]
    solidarity: str
    seeks: list[str]
    offers: list[str]
    south_south: bool
    cross_border: bool
    picture: MapPicture | None


MAP_ITEM_FIELDS = frozenset(MapItem.__annotations__)


def coarse(value: float) -> float:
    return round(value, COORDINATE_DECIMALS)


def public_record(initiative: Initiative, sizes: PictureSizes, today: str) -> PublicRecord:
    """Everything the public may know of an initiative on `today`, as plain JSON-ready data."""
    location = initiative.location
    period = initiative.period
    return {
        "id": initiative.slug,
        "url": urls.site_path(urls.initiative(initiative.slug)),
        "title": initiative.title,
        "summary": initiative.summary,
        "description": initiative.description,
        "language": initiative.language,
        "direction": direction(initiative.language),
        "categories": [c.id for c in initiative.categories],
        "solidarity": initiative.solidarity.id,
        "rights": list(initiative.rights),
        "sdgs": list(initiative.sdgs),
        "groups": [g.id for g in initiative.groups],
        "countries": [c.code for c in initiative.countries],
        "partner_countries": [c.code for c in initiative.partner_countries],
        "regions": list(initiative.regions),
        "south_south": initiative.south_south,
        "location": {
            "lat": coarse(location.lat),
            "lon": coarse(location.lon),
            "precision": location.precision.id,
        },
        "organizations": [
            {"name": o.name, "type": o.type.id, "website": o.website}
            for o in initiative.organizations
        ],
        "links": [{"title": link.title, "url": link.url} for link in initiative.links],
        "period": {"start": period.start, "end": period.end} if period else None,
        "pictures": [
            {
                "alt": p.alt,
                "caption": p.caption,
                "credit": p.credit,
                "license": p.license.id,
                "license_url": p.license.url,
                "renditions": [
                    {"src": urls.picture(size.name), "width": size.width, "height": size.height}
                    for size in sizes[p.source]
                ],
            }
            for p in initiative.pictures
        ],
        "contributor": initiative.contributor,
        "translations": {
            text.language: {
                "title": text.title,
                "summary": text.summary,
                "description": text.description,
            }
            for text in initiative.translations
        },
        "seeks": [{"type": n.type.id, "detail": n.detail} for n in initiative.seeks],
        "offers": [{"type": n.type.id, "detail": n.detail} for n in initiative.offers],
        "calls": [
            {
                "title": call.title,
                "detail": call.detail,
                "seeks": [term.id for term in call.seeks],
                "until": call.until,
            }
            for call in initiative.open_calls(today)
        ],
        "contact_url": initiative.contact_url,
        "cross_border": initiative.cross_border,
        "added": initiative.added,
        "updated": initiative.updated,
    }


def _call_seeks(record: PublicRecord) -> set[str]:
    return {kind for call in record["calls"] for kind in call["seeks"]}


def shown_text(record: PublicRecord, language: str) -> tuple[str, TranslationRecord]:
    """The language and words a reader of `language` sees: a translation into it when there
    is one, else the original (as `Initiative.text_for` chooses for pages)."""
    chosen = best_translation(record["language"], list(record["translations"]), language)
    if chosen:
        return chosen, record["translations"][chosen]
    original: TranslationRecord = {
        "title": record["title"],
        "summary": record["summary"],
        "description": record["description"],
    }
    return record["language"], original


def map_item(record: PublicRecord, language: str) -> MapItem:
    """The fields of a record the map shows to a reader of `language`: its point, its popup
    (in a translation when there is one) and its filter."""
    tag, text = shown_text(record, language)
    picture: MapPicture | None = None
    if record["pictures"]:
        first = record["pictures"][0]
        thumbnail = first["renditions"][0]
        picture = {
            "src": thumbnail["src"],
            "alt": first["alt"],
            "width": thumbnail["width"],
            "height": thumbnail["height"],
        }
    return {
        "id": record["id"],
        "url": record["url"],
        "title": text["title"],
        "summary": text["summary"],
        "language": tag,
        "direction": direction(tag),
        "lat": record["location"]["lat"],
        "lon": record["location"]["lon"],
        "categories": record["categories"],
        "countries": record["countries"],
        "partner_countries": record["partner_countries"],
        "regions": record["regions"],
        "rights": record["rights"],
        "sdgs": record["sdgs"],
        "groups": record["groups"],
        "solidarity": record["solidarity"],
        "seeks": sorted({n["type"] for n in record["seeks"]} | _call_seeks(record)),
        "offers": [n["type"] for n in record["offers"]],
        "south_south": record["south_south"],
        "cross_border": record["cross_border"],
        "picture": picture,
    }

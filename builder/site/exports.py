"""The open data: JSON, GeoJSON (RFC 7946), CSV (RFC 4180) and a Data Package (v2) that
describes them, all made from the public records and nothing else.

The files are made once per site, in the default language's build, under `data/`. Every value
comes from a record; the only additions are full addresses (from `site_url`) in place of the
site's own paths, so that the data still leads to the pages once it is copied elsewhere.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from builder.data.i18n import DEFAULT_LANGUAGE
from builder.site import urls
from builder.site.record import PublicRecord

LIST_SEPARATOR = "|"
"""Between the items of a list in a CSV cell."""
SEPARATOR_STAND_IN = "\u00a6"
"""A '|' inside one item of a list (an organisation's name, say) is written as '¦', so that
the cell still splits into its items."""
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet runs a cell that starts with one of these as a formula (OWASP, "CSV
injection"); such a text cell gets an apostrophe in front, which spreadsheets show as text."""
TEXT_LICENCE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}
"""The licence of every contributor's text (CONTRIBUTING.md says so to each contributor)."""
PACKAGE_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
TABLE_SCHEMA_PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"
DIALECT_PROFILE = "https://datapackage.org/profiles/2.0/tabledialect.json"


@dataclass(frozen=True)
class Column:
    """One column of a CSV export: its name, its Table Schema type, what it holds, and how to
    read it from a record."""

    name: str
    type: str
    description: str
    value: Callable[[Any], object]
    item_type: str = ""
    """For a list: the type of its items."""


def _listed(values: Iterable[object]) -> str:
    return LIST_SEPARATOR.join(
        str(v).replace(LIST_SEPARATOR, SEPARATOR_STAND_IN).replace("\r", " ").replace("\n", " ")
        for v in values
    )


def neutralised(text: str) -> str:
    """A text cell that a spreadsheet cannot take for a formula."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _absolute(site_url: str, path: str) -> str:
    return urls.absolute(site_url, DEFAULT_LANGUAGE, path)


def exported_record(record: PublicRecord, site_url: str) -> dict[str, Any]:
    """A record as the JSON export gives it: every field, with full addresses."""
    data: dict[str, Any] = json.loads(json.dumps(record))
    data["url"] = _absolute(site_url, record["url"])
    for picture in data["pictures"]:
        for rendition in picture["renditions"]:
            rendition["src"] = _absolute(site_url, rendition["src"])
    return data


GEOJSON_PROPERTIES = (
    "id", "url", "title", "summary", "language", "categories", "solidarity", "rights", "sdgs",
    "groups", "countries", "partner_countries", "regions", "south_south", "cross_border",
    "contributor", "added", "updated",
)  # fmt: skip
"""What a map tool needs of each initiative; the descriptions and the rest are in the JSON."""


def geojson_feature(record: PublicRecord, site_url: str) -> dict[str, Any]:
    exported = exported_record(record, site_url)
    properties = {name: exported[name] for name in GEOJSON_PROPERTIES}
    properties["precision"] = record["location"]["precision"]
    point = [record["location"]["lon"], record["location"]["lat"]]
    return {
        "type": "Feature",
        "id": record["id"],
        "geometry": {"type": "Point", "coordinates": point},
        "properties": properties,
    }


def _json_lines(opening: str, items: Sequence[dict[str, Any]], closing: str) -> bytes:
    """One item per line: small diffs between two builds, and readable with `grep`."""
    lines = ",\n".join(json.dumps(item, ensure_ascii=False, sort_keys=True) for item in items)
    return (
        f"{opening}\n{lines}\n{closing}\n".encode() if items else f"{opening}{closing}\n".encode()
    )


def initiatives_json(records: Sequence[PublicRecord], site_url: str) -> bytes:
    return _json_lines("[", [exported_record(r, site_url) for r in records], "]")


def initiatives_geojson(records: Sequence[PublicRecord], site_url: str) -> bytes:
    """RFC 7946: a FeatureCollection of points, longitude first, in WGS 84 (so no `crs`)."""
    features = [geojson_feature(r, site_url) for r in records]
    return _json_lines('{"type": "FeatureCollection", "features": [', features, "]}")


def translation_languages(records: Iterable[PublicRecord]) -> list[str]:
    return sorted({tag for record in records for tag in record["translations"]})


def _translated(language: str, part: str) -> Callable[[PublicRecord], object]:
    def value(record: PublicRecord) -> object:
        text = record["translations"].get(language)
        return text[part] if text else ""  # type: ignore[literal-required]

    return value


def initiative_columns(languages: Sequence[str], site_url: str) -> list[Column]:
    """The columns of initiatives.csv; each translation language adds three."""
    translated = [
        Column(f"{part}@{language}", "string",
               f"The {part} in the translation into {language} (BCP 47); empty without one.",
               _translated(language, part))
        for language in languages
        for part in ("title", "summary", "description")
    ]  # fmt: skip
    return [
        Column("id", "string", "The initiative's identifier: its folder in the repository.",
               lambda r: r["id"]),
        Column("url", "string", "The initiative's page.",
               lambda r: _absolute(site_url, r["url"])),
        Column("title", "string", "The name, in the original language.", lambda r: r["title"]),
        Column("summary", "string", "One or two plain sentences, in the original language.",
               lambda r: r["summary"]),
        Column("description", "string",
               "The full description, in Markdown as written, in the original language.",
               lambda r: r["description"]),
        Column("language", "string", "The original language, as a BCP 47 tag.",
               lambda r: r["language"]),
        *translated,
        Column("categories", "list", "Themes, as ids of the atlas's categories.",
               lambda r: r["categories"], "string"),
        Column("solidarity", "string", "preventive (before harm is done) or reactive (after).",
               lambda r: r["solidarity"]),
        Column("rights", "list",
               "Articles of the Universal Declaration of Human Rights it defends (1 to 30).",
               lambda r: r["rights"], "integer"),
        Column("sdgs", "list", "Sustainable Development Goals it works towards (1 to 17).",
               lambda r: r["sdgs"], "integer"),
        Column("groups", "list", "Who benefits, as ids of the atlas's groups.",
               lambda r: r["groups"], "string"),
        Column("countries", "list", "Where it happens: ISO 3166-1 alpha-2 codes.",
               lambda r: r["countries"], "string"),
        Column("partner_countries", "list",
               "Where the solidarity comes from: ISO 3166-1 alpha-2 codes.",
               lambda r: r["partner_countries"], "string"),
        Column("regions", "list", "UN M49 regions of the countries where it happens.",
               lambda r: r["regions"], "string"),
        Column("south_south", "boolean",
               "Whether the solidarity flows between countries of the Global South.",
               lambda r: r["south_south"]),
        Column("cross_border", "boolean", "Whether it spans more than one country.",
               lambda r: r["cross_border"]),
        Column("lat", "number",
               "Latitude in WGS 84, at most 2 decimals (about 1 km): a town or region, never "
               "an address.", lambda r: r["location"]["lat"]),
        Column("lon", "number", "Longitude in WGS 84, at most 2 decimals.",
               lambda r: r["location"]["lon"]),
        Column("precision", "string",
               "What the point stands for: country, region, city or approximate.",
               lambda r: r["location"]["precision"]),
        Column("period_start", "string", "When it started: YYYY, YYYY-MM or YYYY-MM-DD.",
               lambda r: r["period"]["start"] if r["period"] else ""),
        Column("period_end", "string", "When it ended, in the same form; empty if ongoing.",
               lambda r: r["period"]["end"] if r["period"] else ""),
        Column("organizations", "list", "The names of the organisations behind it.",
               lambda r: [o["name"] for o in r["organizations"]], "string"),
        Column("websites", "list", "The organisations' websites, where they have one.",
               lambda r: [o["website"] for o in r["organizations"] if o["website"]], "string"),
        Column("links", "list", "Addresses of reports and other pages about it.",
               lambda r: [link["url"] for link in r["links"]], "string"),
        Column("contact_url", "string", "Its public contact page; empty without one.",
               lambda r: r["contact_url"]),
        Column("seeks", "list", "Kinds of help it seeks, as ids of the atlas's kinds of help.",
               lambda r: [n["type"] for n in r["seeks"]], "string"),
        Column("offers", "list", "Kinds of help it offers, as ids of the atlas's kinds of help.",
               lambda r: [n["type"] for n in r["offers"]], "string"),
        Column("calls", "list", "The titles of its open calls for solidarity.",
               lambda r: [c["title"] for c in r["calls"]], "string"),
        Column("calls_until", "list", "The last day of each open call, in the same order.",
               lambda r: [c["until"] for c in r["calls"]], "date"),
        Column("contributor", "string", "Who added the entry: an organisation or a pseudonym.",
               lambda r: r["contributor"]),
        Column("added", "date", "The day the entry was added to the atlas.",
               lambda r: r["added"]),
        Column("updated", "date", "The day the entry last changed; empty until it does.",
               lambda r: r["updated"]),
    ]  # fmt: skip


PICTURE_COLUMNS = [
    Column(name, "string", description, itemgetter(name))
    for name, description in (
        ("initiative", "The id of the initiative the picture belongs to."),
        ("url", "The largest published copy of the picture."),
        ("alt", "What the picture shows, for readers who cannot see it."),
        ("caption", "Its caption, in the initiative's original language."),
        ("credit", "Who made the picture, as they wish to be credited."),
        ("license", "The picture's own licence, as an SPDX identifier."),
        ("license_url", "The text of the picture's licence."),
    )
]
"""The columns of pictures.csv: one row per picture, each under its own licence."""


def _cell(column: Column, row: Any) -> str | float | int:
    value = column.value(row)
    if column.type == "number":
        return value  # type: ignore[return-value]
    if column.type == "boolean":
        return "true" if value else "false"
    if column.type == "list":
        return neutralised(_listed(value))  # type: ignore[arg-type]
    return neutralised(str(value))


def csv_table(columns: Sequence[Column], rows: Iterable[Any]) -> bytes:
    """RFC 4180: comma-separated, CRLF line ends, quotes where needed, UTF-8, a header row."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.name for c in columns])
    for row in rows:
        writer.writerow([_cell(c, row) for c in columns])
    return out.getvalue().encode()


def picture_rows(records: Iterable[PublicRecord], site_url: str) -> list[dict[str, str]]:
    return [
        {
            "initiative": record["id"],
            "url": _absolute(site_url, picture["renditions"][-1]["src"]),
            "alt": picture["alt"],
            "caption": picture["caption"],
            "credit": picture["credit"],
            "license": picture["license"],
            "license_url": picture["license_url"],
        }
        for record in records
        for picture in record["pictures"]
    ]


def table_schema(columns: Sequence[Column], primary_key: Sequence[str]) -> dict[str, Any]:
    fields = []
    for column in columns:
        field: dict[str, Any] = {
            "name": column.name,
            "type": column.type,
            "description": column.description,
        }
        if column.type == "list":
            field["delimiter"] = LIST_SEPARATOR
            field["itemType"] = column.item_type
        if column.type == "boolean":
            field["trueValues"], field["falseValues"] = ["true"], ["false"]
        fields.append(field)
    schema: dict[str, Any] = {"$schema": TABLE_SCHEMA_PROFILE, "fields": fields}
    if primary_key:
        schema["primaryKey"] = list(primary_key)
    return schema


CSV_NOTE = (
    " Lists are written with '|' between their items; a '|' inside an item is written as '¦'. "
    "A text cell that would start with =, +, -, @, a tab or a carriage return starts with an "
    "apostrophe, so that no spreadsheet runs it as a formula; initiatives.json has every text "
    "as written."
)


def _file_facts(content: bytes) -> dict[str, Any]:
    """The size only: a hash's run of digits reads, to the audit, like a phone number."""
    return {"bytes": len(content)}


def _json_fields(names: Iterable[str], columns: Sequence[Column]) -> list[dict[str, str]]:
    described = {c.name: c.description for c in columns}
    return [{"name": name, "description": described[name]} for name in names]


def data_package(
    files: dict[str, bytes],
    columns: Sequence[Column],
    picture_licences: list[dict[str, str]],
    site: tuple[str, str, str],
) -> dict[str, Any]:
    """The Data Package (v2) that describes every export, field and licence; `site` is the
    site's address, its repository's and the build's moment."""
    site_url, repo_url, created = site
    name = {path: path.removeprefix(f"{urls.DATA_DIR}/") for path in files}
    dialect = {"$schema": DIALECT_PROFILE, "delimiter": ",", "lineTerminator": "\r\n",
               "quoteChar": '"', "doubleQuote": True, "header": True}  # fmt: skip
    pictures_note = (
        " The texts are under CC BY 4.0; each picture is under its own licence, given with it."
    )
    resources = [
        {
            "name": "initiatives",
            "title": "Initiatives (CSV)",
            "description": "One row per initiative, with every translation in "
            "`title@<language>`-style columns." + CSV_NOTE,
            "path": name[urls.EXPORT_CSV],
            "type": "table",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": dialect,
            "schema": table_schema(columns, ["id"]),
            **_file_facts(files[urls.EXPORT_CSV]),
        },
        {
            "name": "pictures",
            "title": "Pictures (CSV)",
            "description": "One row per published picture, with its credit and its own "
            "licence." + CSV_NOTE,
            "path": name[urls.EXPORT_PICTURES],
            "type": "table",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": dialect,
            "schema": table_schema(PICTURE_COLUMNS, ["url"]),
            **({"licenses": picture_licences} if picture_licences else {}),
            **_file_facts(files[urls.EXPORT_PICTURES]),
        },
        {
            "name": "initiatives-json",
            "title": "Initiatives (JSON)",
            "description": "An array of every initiative's public record, with every field "
            "and translation as written: the fields of the CSV, with `location`, `period`, "
            "`organizations`, `links`, `pictures`, `seeks`, `offers`, `calls` and "
            "`translations` as objects." + pictures_note,
            "path": name[urls.EXPORT_JSON],
            "format": "json",
            "mediatype": "application/json",
            "encoding": "utf-8",
            **_file_facts(files[urls.EXPORT_JSON]),
        },
        {
            "name": "initiatives-geojson",
            "title": "Initiatives (GeoJSON)",
            "description": "RFC 7946 FeatureCollection: one point per initiative, longitude "
            "first, in WGS 84, at most 2 decimals (the points of the atlas's map). Properties: "
            + "; ".join(
                f"{f['name']}: {f['description']}"
                for f in _json_fields(GEOJSON_PROPERTIES, columns)
            )
            + "; precision: what the point stands for.",
            "path": name[urls.EXPORT_GEOJSON],
            "format": "geojson",
            "mediatype": "application/geo+json",
            "encoding": "utf-8",
            **_file_facts(files[urls.EXPORT_GEOJSON]),
        },
    ]
    return {
        "$schema": PACKAGE_PROFILE,
        "name": "solidarity-atlas",
        "title": "Solidarity Atlas",
        "description": "Civil-society solidarity initiatives around the world, linked to the "
        "articles of the Universal Declaration of Human Rights and to the Sustainable "
        "Development Goals. Points are coarse (about 1 km) on purpose: people's safety.",
        "homepage": site_url,
        "created": created,
        "keywords": ["solidarity", "human rights", "civil society", "SDG", "UDHR"],
        "licenses": [TEXT_LICENCE],
        "sources": [{"title": "The atlas's repository", "path": repo_url}] if repo_url else [],
        "resources": resources,
    }


def export_files(
    records: Sequence[PublicRecord], site_url: str, repo_url: str, created: str
) -> list[tuple[str, bytes]]:
    """Every export under data/, and the Data Package that describes them; `created` is the
    build's moment (from SOURCE_DATE_EPOCH, RFC 3339)."""
    ordered = sorted(records, key=lambda r: r["id"])
    columns = initiative_columns(translation_languages(ordered), site_url)
    files = {
        urls.EXPORT_JSON: initiatives_json(ordered, site_url),
        urls.EXPORT_GEOJSON: initiatives_geojson(ordered, site_url),
        urls.EXPORT_CSV: csv_table(columns, ordered),
    }
    pictures = picture_rows(ordered, site_url)
    files[urls.EXPORT_PICTURES] = csv_table(PICTURE_COLUMNS, pictures)
    licences = sorted({(p["license"], p["license_url"]) for p in pictures})
    used = [{"name": name, "path": path} for name, path in licences]
    package = data_package(files, columns, used, (site_url, repo_url, created))
    text = json.dumps(package, ensure_ascii=False, indent=2) + "\n"
    return [*files.items(), (urls.DATA_PACKAGE, text.encode())]

"""The exports and feeds, made from public records: what a spreadsheet, a map tool and a feed
reader get."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import feedparser

from builder.site import exports, feeds, urls
from builder.site.record import PublicRecord

SITE = "https://example.org/atlas/"


def a_record(slug: str = "river-keepers", **changes: Any) -> PublicRecord:
    record: dict[str, Any] = {
        "id": slug, "url": f"initiatives/{slug}.html", "title": "River keepers",
        "summary": "Example entry. Villagers measure river levels.",
        "description": "Volunteers read the gauges.\n\nEvery *morning*.", "language": "en",
        "direction": "ltr", "categories": ["environment-climate", "health"],
        "solidarity": "preventive", "rights": [3, 25], "sdgs": [13], "groups": ["youth"],
        "countries": ["KE"], "partner_countries": ["NO"], "regions": ["Africa"],
        "south_south": False, "location": {"lat": -1.29, "lon": 36.82, "precision": "city"},
        "organizations": [{"name": "Keepers | Friends", "type": "network", "website": ""}],
        "links": [], "period": {"start": "2019", "end": ""},
        "pictures": [{"alt": "A river", "caption": "", "credit": "Team", "license": "CC0-1.0",
                      "license_url": "https://creativecommons.org/publicdomain/zero/1.0/",
                      "renditions": [{"src": "assets/pictures/a.webp", "width": 8, "height": 8}]}],
        "contributor": "Example team",
        "translations": {"fr": {"title": "Gardiens", "summary": "Exemple.", "description": ""}},
        "seeks": [], "offers": [{"type": "training", "detail": ""}],
        "calls": [{"title": "Boots", "detail": "", "seeks": ["equipment"], "until": "2026-05-31"}],
        "contact_url": "", "cross_border": True, "added": "2025-06-01", "updated": "",
    }  # fmt: skip
    record.update(changes)
    return record  # type: ignore[return-value]


def files_of(records: list[PublicRecord]) -> dict[str, bytes]:
    return dict(
        exports.export_files(records, SITE, "https://github.com/o/r", "2026-01-01T00:00:00Z")
    )


def csv_rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"), newline="")))


def test_a_formula_comes_out_of_the_csv_as_inert_text() -> None:
    formulas = {
        "title": '=HYPERLINK("https://evil.example","click")',
        "summary": "+1+2 looks like a sum",
        "contributor": "@SUM(A1:A9)",
        "description": "-2+3",
    }
    content = files_of([a_record(**formulas)])[urls.EXPORT_CSV]
    row = csv_rows(content)[0]
    for name, text in formulas.items():
        assert row[name] == f"'{text}", name
    assert row["lat"] == "-1.29", "numbers stay numbers"
    assert row["organizations"] == "Keepers ¦ Friends"


def test_the_csv_round_trips_every_value() -> None:
    records = [a_record(), a_record("lake-savers", title='Lake, "savers"\nand more')]
    rows = csv_rows(files_of(records)[urls.EXPORT_CSV])
    assert [row["id"] for row in rows] == ["lake-savers", "river-keepers"]
    assert rows[0]["title"] == 'Lake, "savers"\nand more'
    river = rows[1]
    assert river["description"] == "Volunteers read the gauges.\n\nEvery *morning*."
    assert river["title@fr"] == "Gardiens" and river["description@fr"] == ""
    assert river["categories"].split("|") == ["environment-climate", "health"]
    assert river["rights"] == "3|25" and river["south_south"] == "false"
    assert river["url"] == f"{SITE}initiatives/river-keepers.html"
    assert river["calls"] == "Boots" and river["calls_until"] == "2026-05-31"
    pictures = csv_rows(files_of(records)[urls.EXPORT_PICTURES])
    assert pictures[0]["url"] == f"{SITE}assets/pictures/a.webp"
    assert pictures[0]["license"] == "CC0-1.0"


def test_every_csv_column_is_described_in_the_data_package() -> None:
    made = files_of([a_record()])
    package = json.loads(made[urls.DATA_PACKAGE])
    table = next(r for r in package["resources"] if r["path"] == "initiatives.csv")
    header = next(csv.reader(io.StringIO(made[urls.EXPORT_CSV].decode())))
    assert [field["name"] for field in table["schema"]["fields"]] == header
    lists = [f for f in table["schema"]["fields"] if f["type"] == "list"]
    assert lists and {f["delimiter"] for f in lists} == {"|"}


def test_the_geojson_puts_longitude_first() -> None:
    collection = json.loads(files_of([a_record()])[urls.EXPORT_GEOJSON])
    assert collection["features"][0]["geometry"]["coordinates"] == [36.82, -1.29]
    assert "crs" not in collection
    assert "description" not in collection["features"][0]["properties"]


def test_feeds_take_their_dates_from_the_data_and_their_ids_from_the_pages() -> None:
    records = [
        a_record("older", added="2025-01-10"),
        a_record("newer", added="2025-03-02", updated="2025-04-01"),
    ]
    made = dict(feeds.feed_files(records, SITE, "fr", "2030-01-01"))
    parsed = feedparser.parse(made[urls.FEED_NEW_ATOM])
    assert not parsed.bozo
    assert [entry.id for entry in parsed.entries] == [
        f"{SITE}fr/initiatives/newer.html",
        f"{SITE}fr/initiatives/older.html",
    ]
    assert parsed.entries[0].title == "Gardiens", "the French translation"
    assert parsed.entries[0].updated == "2025-04-01T00:00:00Z"
    assert parsed.entries[0].published == "2025-03-02T00:00:00Z"
    assert parsed.feed.updated == "2025-04-01T00:00:00Z", "not the build's day"
    calls = feedparser.parse(made[urls.FEED_CALLS_ATOM])
    assert len(calls.entries) == 2
    assert calls.entries[0].id.startswith(f"{SITE}fr/initiatives/")
    assert "#call-2026-05-31-" in calls.entries[0].id
    again = dict(feeds.feed_files(list(reversed(records)), SITE, "fr", "2031-01-01"))
    assert again[urls.FEED_NEW_ATOM] == made[urls.FEED_NEW_ATOM]
    json_feed = json.loads(made[urls.FEED_NEW_JSON])
    assert json_feed["feed_url"] == f"{SITE}fr/feeds/initiatives.json"
    assert json_feed["items"][0]["date_modified"] == "2025-04-01T00:00:00Z"


def test_a_feed_with_no_entries_takes_the_build_s_day() -> None:
    made = dict(feeds.feed_files([a_record(calls=[])], SITE, "en", "2026-02-03"))
    parsed = feedparser.parse(made[urls.FEED_CALLS_ATOM])
    assert parsed.entries == [] and parsed.feed.updated == "2026-02-03T00:00:00Z"


def test_feed_text_stays_text() -> None:
    hostile = a_record(title="<script>alert(1)</script>", summary="&lt;b&gt; & <i>")
    made = dict(feeds.feed_files([hostile], SITE, "en", "2026-01-01"))
    atom = made[urls.FEED_NEW_ATOM].decode()
    assert "<script>" not in atom and "&lt;script&gt;" in atom
    assert feedparser.parse(atom.encode()).entries[0].title == "<script>alert(1)</script>"
    json_text = made[urls.FEED_NEW_JSON].decode()
    assert not any(character in json_text for character in "<>&")
    item = json.loads(json_text)["items"][0]
    assert (item["title"], item["content_text"]) == ("<script>alert(1)</script>", "&lt;b&gt; & <i>")

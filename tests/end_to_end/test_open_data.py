"""The open data, the feeds, the offline copies and the embed snippets of built sites: each
read back with the tools that their readers use (frictionless, feedparser, csv, zipfile,
libzim)."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path

import feedparser
import pytest
import yaml
from frictionless import validate
from libzim.reader import Archive
from libzim.search import Query, Searcher
from PIL import Image

from builder.data.i18n import SITE_LANGUAGES
from builder.site import urls
from builder.tools.bundles import ISO_639_3, members
from tests.support import REPO
from tests.support.small_atlas import SOURCE_DATE_EPOCH

SITE_URL = "https://solidarity-atlas.github.io/atlas/"


def example_points() -> dict[str, tuple[float, float]]:
    """Each example initiative's point as its file gives it: (lat, lon)."""
    points = {}
    for path in sorted((REPO / "initiatives").glob("*/initiative.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        points[data["id"]] = (data["location"]["lat"], data["location"]["lon"])
    return points


def example_dates() -> dict[str, tuple[str, str]]:
    found = {}
    for path in sorted((REPO / "initiatives").glob("*/initiative.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        found[data["id"]] = (data["added"], data.get("updated", ""))
    return found


def test_the_data_package_validates_with_frictionless(repository_site: Path) -> None:
    report = validate(repository_site / urls.DATA_PACKAGE)
    assert report.valid, report.flatten(["type", "message"])
    package = json.loads((repository_site / urls.DATA_PACKAGE).read_text(encoding="utf-8"))
    assert package["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    names = {resource["path"] for resource in package["resources"]}
    assert names == {"initiatives.csv", "pictures.csv", "initiatives.json", "initiatives.geojson"}
    for resource in package["resources"]:
        path = repository_site / urls.DATA_DIR / resource["path"]
        assert resource["bytes"] == path.stat().st_size
        for field in resource.get("schema", {}).get("fields", []):
            assert len(field["description"]) > 10, field
    pictures = next(r for r in package["resources"] if r["name"] == "pictures")
    assert {licence["name"] for licence in pictures["licenses"]} >= {"CC0-1.0"}


def test_the_geojson_follows_rfc_7946(repository_site: Path) -> None:
    data = json.loads((repository_site / urls.EXPORT_GEOJSON).read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    assert "crs" not in data
    points = example_points()
    assert {feature["id"] for feature in data["features"]} == set(points)
    for feature in data["features"]:
        assert "crs" not in feature
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert (lat, lon) == points[feature["id"]], "longitude first, then latitude"
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert feature["properties"]["url"].startswith(SITE_URL)


def test_the_json_export_holds_every_record_with_its_dates(repository_site: Path) -> None:
    records = json.loads((repository_site / urls.EXPORT_JSON).read_text(encoding="utf-8"))
    dates = example_dates()
    assert [r["id"] for r in records] == sorted(dates)
    for record in records:
        assert (record["added"], record["updated"]) == dates[record["id"]]
        for picture in record["pictures"]:
            assert picture["renditions"][0]["src"].startswith(f"{SITE_URL}assets/pictures/")
            assert picture["license_url"].startswith("https://creativecommons.org/")


def test_the_csv_round_trips_with_translations_in_their_own_columns(
    repository_site: Path,
) -> None:
    text = (repository_site / urls.EXPORT_CSV).read_bytes().decode("utf-8")
    assert "\r\n" in text and not text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    records = {r["id"]: r for r in json.loads((repository_site / urls.EXPORT_JSON).read_text())}
    assert len(rows) == len(records)
    for row in rows:
        record = records[row["id"]]
        assert row["description"] == record["description"]
        assert row["categories"].split("|") == record["categories"]
        assert (float(row["lat"]), float(row["lon"])) == (
            record["location"]["lat"],
            record["location"]["lon"],
        )
        for language, text_of in record["translations"].items():
            assert row[f"title@{language}"] == text_of["title"]
    sanad = next(row for row in rows if row["id"] == "example-sanad-legal-aid")
    assert sanad["title@fr"] == "Réseau Sanad d'aide juridique"
    assert sanad["title@es"] == ""


def test_each_language_has_feeds_that_parse_with_the_expected_entries(
    repository_site: Path,
) -> None:
    dates = example_dates()
    newest_first = sorted(sorted(dates), key=lambda slug: dates[slug][0], reverse=True)
    for language in SITE_LANGUAGES:
        folder = repository_site / urls.language_root(language)
        feed = feedparser.parse((folder / urls.FEED_NEW_ATOM).read_bytes())
        assert not feed.bozo, feed.bozo_exception
        assert feed.feed.language == language
        slugs = [entry.id.rsplit("/", 1)[1].removesuffix(".html") for entry in feed.entries]
        assert slugs == newest_first
        first = feed.entries[0]
        assert first.link == f"{SITE_URL}{urls.language_root(language)}initiatives/{slugs[0]}.html"
        added, updated = dates[slugs[0]]
        assert first.updated == f"{updated or added}T00:00:00Z"
        assert first.published == f"{added}T00:00:00Z"
        json_feed = json.loads((folder / urls.FEED_NEW_JSON).read_text(encoding="utf-8"))
        assert json_feed["version"] == "https://jsonfeed.org/version/1.1"
        assert [item["id"] for item in json_feed["items"]] == [e.id for e in feed.entries]
        calls = feedparser.parse((folder / urls.FEED_CALLS_ATOM).read_bytes())
        assert not calls.bozo
        assert len(calls.entries) == 3
        assert all("#call-" in entry.id for entry in calls.entries)


def test_pages_name_their_feeds_in_the_head(repository_site: Path) -> None:
    page = (repository_site / "fr" / "initiatives" / "example-sanad-legal-aid.html").read_text()
    head = page.split("</head>")[0]
    assert 'rel="alternate" type="application/atom+xml"' in head
    assert 'href="../feeds/initiatives.xml"' in head
    assert 'type="application/feed+json"' in head


def test_an_initiative_page_says_when_it_was_added_and_where_to_correct_it(
    repository_site: Path,
) -> None:
    english = (repository_site / "initiatives" / "example-sanad-legal-aid.html").read_text()
    assert "Added on April 14, 2026 · Updated on October 6, 2026" in english
    edit = "https://github.com/solidarity-atlas/atlas/edit/main/initiatives/"
    assert f'href="{edit}example-sanad-legal-aid/initiative.yaml"' in english
    french = (repository_site / "fr" / "initiatives" / "example-sanad-legal-aid.html").read_text()
    assert "14 avril 2026" in french


def test_newest_initiatives_are_the_latest_added(repository_site: Path) -> None:
    home = (repository_site / "index.html").read_text(encoding="utf-8")
    newest = home.split("Newest initiatives")[1]
    dates = example_dates()
    expected = sorted(sorted(dates), key=lambda slug: dates[slug][0], reverse=True)[:6]
    shown = re.findall(r'href="initiatives/([a-z0-9-]+)\.html"', newest)
    assert list(dict.fromkeys(shown))[:6] == expected


def test_category_and_country_pages_offer_an_embed_snippet(repository_site: Path) -> None:
    page = (repository_site / "es" / "categories" / "health.html").read_text(encoding="utf-8")
    snippet = re.search(r'<textarea id="atlas-embed-code"[^>]*>(.*?)</textarea>', page, re.S)
    assert snippet
    code = snippet.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&#34;", '"')
    assert code.startswith(f'<iframe src="{SITE_URL}es/maps/world.html#category=health"')
    country = (repository_site / "countries" / "jo.html").read_text(encoding="utf-8")
    assert "maps/world.html#country=JO" in country


def test_the_download_page_lists_every_file_with_its_size(small_site: Path) -> None:
    for language in ("en", "ar"):
        page = small_site / urls.language_root(language) / "download.html"
        text = page.read_text(encoding="utf-8")
        sizes = re.findall(r'data-atlas-size="([^"]+)">([^<]*)<', text)
        assert len(sizes) == 5 + 2 * len(SITE_LANGUAGES)
        assert all(shown for _path, shown in sizes), sizes
        assert all((small_site / path).is_file() for path, _shown in sizes)


def test_each_zip_is_one_language_that_opens_on_its_own(small_site: Path) -> None:
    for language in SITE_LANGUAGES:
        path = small_site / urls.bundle(language, "zip")
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            assert names == sorted(names)
            assert {info.date_time for info in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}
            assert not [n for n in names if n.endswith((".zip", ".zim"))]
            own = urls.language_root(language)
            assert f"{own}index.html" in names and f"{own}map.html" in names
            others = {f"{code}/" for code in SITE_LANGUAGES} - {own}
            assert not [n for n in names if n.startswith(tuple(others))]
            page = archive.read(f"{own}initiatives/river-keepers.html").decode()
            for picture in re.findall(r'src="((?:\.\./)+assets/pictures/[^"]+)"', page):
                target = Path(f"{own}initiatives/{picture}").as_posix()
                resolved = "/".join(p for p in target.split("/") if p)
                assert _normalise(resolved) in names, picture
        assert SOURCE_DATE_EPOCH == "1700000000"


def _normalise(path: str) -> str:
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            parts.pop()
        else:
            parts.append(part)
    return "/".join(parts)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_zim_file_reads_back_with_its_metadata_and_search(
    small_site: Path, language: str
) -> None:
    archive = Archive(small_site / urls.bundle(language, "zim"))
    assert archive.check()
    assert archive.entry_count == len(members(small_site, language))
    assert archive.main_entry.get_item().path == f"{urls.language_root(language)}index.html"
    texts = [key for key in archive.metadata_keys if not key.startswith("Illustration_")]
    metadata = {key: bytes(archive.get_metadata(key)).decode() for key in texts}
    assert metadata["Name"] == f"solidarity-atlas_{language}_all"
    assert metadata["Language"] == ISO_639_3[language]
    assert metadata["Date"] == "2023-11-14"
    for key in ("Title", "Creator", "Publisher", "Description"):
        assert metadata[key], key
    assert len(metadata["Title"]) <= 30 and len(metadata["Description"]) <= 80
    illustration = archive.get_illustration_item(48).content
    assert Image.open(io.BytesIO(bytes(illustration))).size == (48, 48)
    assert archive.has_fulltext_index
    search = Searcher(archive).search(Query().set_query("gauges"))
    found = list(search.getResults(0, 10))
    assert f"{urls.language_root(language)}initiatives/river-keepers.html" in found
    for asset in (urls.MAP_SCRIPT, urls.MAP_DATA, "assets/vendor/leaflet/leaflet.js"):
        assert archive.has_entry_by_path(f"{urls.language_root(language)}{asset}"), asset

"""The public record: the one view of an initiative that leaves the builder as data."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from builder import pipeline
from builder.data.model import Location
from builder.settings import Settings
from builder.site import maps, urls
from builder.site.pictures import ImageSize
from builder.site.record import MAP_ITEM_FIELDS, PublicRecord, map_item, public_record
from tests.support import write_initiative


def one_record(atlas_root: Path, settings: Settings) -> PublicRecord:
    write_initiative(atlas_root)
    atlas, checked = pipeline.collect(settings)
    assert checked.problems == []
    initiative = atlas.initiatives[0]
    sizes = {initiative.pictures[0].source: (ImageSize("abc-400.webp", 400, 300),)}
    return public_record(initiative, sizes, "2026-01-01")


def test_a_record_has_named_public_fields(atlas_root: Path, settings: Settings) -> None:
    record = one_record(atlas_root, settings)
    assert set(record) == set(PublicRecord.__annotations__)
    assert record["id"] == "river-keepers"
    assert record["url"] == "initiatives/river-keepers.html"
    assert record["location"] == {"lat": -1.29, "lon": 36.82, "precision": "city"}
    assert record["pictures"] == [
        {
            "alt": "A drawing of a river between two hills",
            "caption": "",
            "credit": "Example team",
            "license": "CC0-1.0",
            "license_url": "https://creativecommons.org/publicdomain/zero/1.0/",
            "renditions": [{"src": urls.picture("abc-400.webp"), "width": 400, "height": 300}],
        }
    ]
    assert str(atlas_root) not in json.dumps(record), "no path on disk leaves the builder"


def test_points_are_coarse_whatever_the_model_holds(atlas_root: Path, settings: Settings) -> None:
    write_initiative(atlas_root)
    atlas, _ = pipeline.collect(settings)
    initiative = atlas.initiatives[0]
    precise = replace(initiative, location=Location(-1.29123, 36.8249, initiative.location.precision))
    record = public_record(precise, {initiative.pictures[0].source: ()}, "2026-01-01")
    assert (record["location"]["lat"], record["location"]["lon"]) == (-1.29, 36.82)


def test_the_map_reads_a_subset_of_the_record(atlas_root: Path, settings: Settings) -> None:
    record = one_record(atlas_root, settings)
    item = map_item(record, "en")
    assert set(item) == MAP_ITEM_FIELDS
    assert item["picture"] == {
        "src": urls.picture("abc-400.webp"),
        "alt": "A drawing of a river between two hills",
        "width": 400,
        "height": 300,
    }
    for name in set(item) - {"lat", "lon", "picture"}:
        assert item[name] == record[name]  # type: ignore[literal-required]


def test_the_map_data_holds_map_items_and_the_names_they_use(
    atlas_root: Path, settings: Settings
) -> None:
    record = one_record(atlas_root, settings)
    atlas, _ = pipeline.collect(settings)
    text = maps.map_data([record], atlas.vocabularies, "en", {"KE": (0.6, 37.8)})
    assert text.startswith("window.ATLAS_DATA = {") and text.endswith("};\n")
    assert '"countries":{"KE":"Kenya"}' in text
    assert '"pages":{"list":"list.html"}' in text
    assert '"items":[{"id":"river-keepers","url":"initiatives/river-keepers.html"' in text

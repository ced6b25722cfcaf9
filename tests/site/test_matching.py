"""Who could help whom: seeks met by offers, ranked so that other countries come first."""

from __future__ import annotations

from pathlib import Path

from builder import pipeline
from builder.data.model import Atlas
from builder.settings import Settings
from builder.site.matching import SHOWN, Matcher
from tests.support import write_initiative

def atlas_of(root: Path, settings: Settings) -> Atlas:
    atlas, checked = pipeline.collect(settings)
    assert checked.problems == []
    return atlas


def write(root: Path, slug: str, extra: str, uganda: bool = False) -> None:
    """The example initiative (in Kenya, or moved to Uganda) with `extra` YAML."""
    folder = write_initiative(root, slug, extra=extra)
    if uganda:
        path = folder / "initiative.yaml"
        text = path.read_text().replace("countries:\n  - KE", "countries:\n  - UG")
        path.write_text(text.replace("lat: -1.29\n  lon: 36.82", "lat: 0.35\n  lon: 32.58"))


def test_seeks_meet_offers_and_other_countries_come_first(
    atlas_root: Path, settings: Settings
) -> None:
    write(atlas_root, "needs-lawyers", "seeks:\n  - type: legal-support\n")
    write(atlas_root, "lawyers-next-door", "offers:\n  - type: legal-support\n")
    write(atlas_root, "lawyers-abroad", "offers:\n  - type: legal-support\n", uganda=True)
    write(atlas_root, "trainers", "offers:\n  - type: training\n")
    atlas = atlas_of(atlas_root, settings)
    matcher = Matcher(atlas)
    by_slug = {i.slug: i for i in atlas.initiatives}
    found = matcher.connections(by_slug["needs-lawyers"])
    assert [m.initiative.slug for m in found.could_help] == ["lawyers-abroad", "lawyers-next-door"]
    assert found.could_help[0].shared == ("legal-support",)
    assert found.could_help[0].south_south is True, "Kenya and Uganda are both in the South"
    helped = matcher.connections(by_slug["lawyers-abroad"]).could_be_helped
    assert [m.initiative.slug for m in helped] == ["needs-lawyers"]
    related = {m.initiative.slug: m.shared for m in found.related}
    assert related["trainers"][0] == "environment-climate", "every example shares this category"


def test_no_more_than_six_and_never_itself(atlas_root: Path, settings: Settings) -> None:
    for n in range(9):
        write(atlas_root, f"offer-{n}", "offers:\n  - type: training\nseeks:\n  - type: training\n")
    atlas = atlas_of(atlas_root, settings)
    matcher = Matcher(atlas)
    for initiative in atlas.initiatives:
        found = matcher.connections(initiative)
        for matches in (found.could_help, found.could_be_helped, found.related):
            slugs = [m.initiative.slug for m in matches]
            assert len(slugs) == SHOWN == len(set(slugs))
            assert initiative.slug not in slugs

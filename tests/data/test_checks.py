"""Rules beyond the schema, tested on their own."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder import pipeline
from builder.data.checks import decimals, parse_date
from builder.settings import Settings
from tests.support import write_initiative


@pytest.mark.parametrize(
    ("number", "places"), [(14.6, 1), (-1.29, 2), (36.821, 3), (10, 0), (1e-05, 5), (2.0, 0)]
)
def test_decimals(number: float, places: int) -> None:
    assert decimals(number) == places


def test_dates_span_their_whole_period() -> None:
    assert parse_date("2020") == ((2020, 1, 1), (2020, 12, 31))
    assert parse_date("2024-02") == ((2024, 2, 1), (2024, 2, 29))
    assert parse_date("2023-02-29") is None
    assert parse_date("2023-13") is None


def test_an_end_in_the_same_year_as_a_monthly_start_is_not_before_it(
    atlas_root: Path, settings: Settings
) -> None:
    folder = write_initiative(atlas_root)
    text = (folder / "initiative.yaml").read_text()
    text += 'period:\n  start: "2020-05"\n  end: 2020\n'
    (folder / "initiative.yaml").write_text(text)
    assert pipeline.check(settings).problems == []


def test_a_pr_check_of_one_file_still_sees_clashing_folders(
    atlas_root: Path, settings: Settings
) -> None:
    write_initiative(atlas_root, "river-keepers")
    write_initiative(atlas_root, "River-Keepers")
    result = pipeline.check(settings, [Path("initiatives/river-keepers")])
    assert result.checked == 1
    assert [p.message for p in result.problems] == [
        "'river-keepers' is already used by initiatives/River-Keepers"
    ]


def replace_in(folder: Path, old: str, new: str) -> None:
    path = folder / "initiative.yaml"
    path.write_text(path.read_text().replace(old, new))


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("  - file: images/river.png", "  - file: [images/river.png]", "must be text"),
        ("contributor: Example team", "contributor: Example team\nperiod: {start: 2020.0}",
         "2020.0 is a number, not a date"),
        ("contributor: Example team",
         "contributor: Example team\nlinks: [{title: t, url: 'https://[abc/'}]",
         "is not a complete web address"),
    ],
)  # fmt: skip
def test_odd_values_are_reported_not_crashed_on(
    atlas_root: Path, settings: Settings, old: str, new: str, message: str
) -> None:
    folder = write_initiative(atlas_root)
    replace_in(folder, old, new)
    problems = pipeline.check(settings).problems
    assert any(message in p.message for p in problems), problems


def test_a_country_without_a_shape_is_not_held_against_the_point(
    atlas_root: Path, settings: Settings
) -> None:
    folder = write_initiative(atlas_root)
    replace_in(folder, "  - KE", '  - "XK"\n  - AL')
    replace_in(folder, "lat: -1.29\n  lon: 36.82", "lat: 42.66\n  lon: 21.17")
    assert pipeline.check(settings).problems == []

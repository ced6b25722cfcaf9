"""Rules beyond the schema, tested on their own."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder import pipeline
from builder.data.checks import decimals, parse_date
from builder.settings import Settings
from tests.support import VALID_YAML, write_initiative


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
    assert [str(p.message) for p in result.problems] == [
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
    problems = sorted(pipeline.check(settings).problems)
    assert any(message in str(p.message) for p in problems), problems


def test_a_country_without_a_shape_is_not_held_against_the_point(
    atlas_root: Path, settings: Settings
) -> None:
    folder = write_initiative(atlas_root)
    replace_in(folder, "  - KE", '  - "XK"\n  - AL')
    replace_in(folder, "lat: -1.29\n  lon: 36.82", "lat: 42.66\n  lon: 21.17")
    assert pipeline.check(settings).problems == []


LONG = "A fictional example: volunteers read the river gauges every morning."


def private_problems(
    atlas_root: Path, settings: Settings, text: str, slug: str = "river-keepers"
) -> list[tuple[int, int, str, str]]:
    write_initiative(atlas_root, slug, text=text)
    problems = sorted(pipeline.check(settings).problems)
    return [(p.line, p.column, p.field, str(p.message).split(";")[0]) for p in problems]


def test_a_private_detail_is_reported_on_its_own_line(atlas_root: Path, settings: Settings) -> None:
    description = f"{LONG}\n\n  Ask at the market.\n  Or call 0712 345 678 at night."
    text = VALID_YAML.format(slug="river-keepers", title="River keepers", description=description)
    assert private_problems(atlas_root, settings, text) == [
        (8, 11, "description", "contains what looks like a phone number")
    ]


def test_a_detail_split_over_two_lines_is_reported_on_the_first(
    atlas_root: Path, settings: Settings
) -> None:
    description = f"{LONG} Write to keepers [at]\n  example [dot] org any day."
    text = VALID_YAML.format(slug="river-keepers", title="River keepers", description=description)
    assert private_problems(atlas_root, settings, text) == [
        (5, 3, "description", "contains an e-mail address")
    ]


def test_comments_and_the_folder_name_are_searched(atlas_root: Path, settings: Settings) -> None:
    text = "# ask keepers@example.org\n" + VALID_YAML.format(
        slug="call-0712345678", title="River keepers", description=LONG
    )
    assert private_problems(atlas_root, settings, text, slug="call-0712345678") == [
        (1, 7, "(comment)", "contains an e-mail address"),
        (2, 5, "(folder name)", "the folder name contains what looks like a phone number"),
    ]


def test_the_location_field_is_not_a_private_detail(atlas_root: Path, settings: Settings) -> None:
    text = VALID_YAML.format(slug="river-keepers", title="River keepers", description=LONG)
    assert private_problems(atlas_root, settings, text) == []


def markdown_problems(atlas_root: Path, settings: Settings, description: str) -> list[str]:
    text = VALID_YAML.format(slug="river-keepers", title="River keepers", description=description)
    write_initiative(atlas_root, "river-keepers", text=text)
    return [str(p.message).split(";")[0] for p in pipeline.check(settings).problems]


@pytest.mark.parametrize(
    "description",
    [
        f"{LONG} We use the `<table>` element in our reports.",
        f"{LONG} Type ``<br>`` for a new line.",
        f"{LONG}\n\n  ```\n  <div class=x>markup shown as code</div>\n  ```",
        f"{LONG} A 3 < 5 comparison and a -> arrow.",
    ],
)
def test_html_shown_as_code_or_plain_signs_is_left_alone(
    atlas_root: Path, settings: Settings, description: str
) -> None:
    assert markdown_problems(atlas_root, settings, description) == []


@pytest.mark.parametrize(
    ("description", "message"),
    [
        (f"{LONG} <b>Bold</b> words.", "holds HTML (<b>)"),
        (f"{LONG} <!-- note to self -->", "holds HTML (<!-- note to self -->)"),
        (
            f"{LONG} ![A march](https://example.org/m.jpg)",
            "holds a picture written in Markdown (![A march](https://example.org/m.jpg))",
        ),
    ],
)
def test_html_and_markdown_pictures_are_refused(
    atlas_root: Path, settings: Settings, description: str, message: str
) -> None:
    assert markdown_problems(atlas_root, settings, description) == [message]

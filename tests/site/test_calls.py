"""Calls for solidarity: shown until their day, gone at the first build after it, and the
day is the build's (SOURCE_DATE_EPOCH), never the clock's."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from builder import pipeline
from builder.settings import Settings
from builder.site import urls
from builder.site.pages import Build
from tests.support import write_initiative

CALL = """calls:
  - title: Interpreters for the spring hearings
    seeks: [translation]
    until: "2027-05-31"
"""


def epoch(day: str) -> str:
    moment = datetime.datetime.fromisoformat(day).replace(tzinfo=datetime.UTC)
    return str(int(moment.timestamp()))


def built_pages(settings: Settings) -> dict[str, str]:
    atlas, checked = pipeline.collect(settings)
    assert checked.problems == []
    made = pipeline.outputs(atlas, settings, Build("en"))
    return {page.uri: page.html for page in made.pages}


@pytest.mark.parametrize(("day", "shown"), [("2027-05-31", True), ("2027-06-01", False)])
def test_a_call_is_published_until_its_day(
    atlas_root: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch, day: str, shown: bool
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(day))
    write_initiative(atlas_root, extra=CALL)
    pages = built_pages(settings)
    title = "Interpreters for the spring hearings"
    assert (title in pages[urls.CALLS]) is shown
    assert (title in pages[urls.initiative("river-keepers")]) is shown
    helpers = pages[urls.help_type("translation")]
    assert ("river-keepers" in helpers) is shown, "who seeks it, through the open call"


def test_a_call_more_than_a_year_ahead_is_refused(
    atlas_root: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch("2026-05-30"))
    write_initiative(atlas_root, extra=CALL)
    problems = pipeline.check(settings).problems
    assert [(p.field, str(p.message)) for p in problems] == [
        (
            "calls[0].until",
            "'2027-05-31' is more than a year ahead; a call can run until 2027-05-30 at the "
            "latest",
        )
    ]
    assert (problems[0].line, problems[0].column) == (27, 12), "where until is written"

"""Starting an initiative: `new` writes a commented template, `from-issue` turns the answers of
the issue form into a folder. Both run in-process here."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from builder.__main__ import main
from builder.data.vocabularies import load_vocabularies
from builder.tools import scaffold
from tests.support import EXAMPLES, REPO, SCHEMA, png_bytes, write_initiative

ISSUE_BODY = (EXAMPLES / "issue" / "new-initiative.md").read_text(encoding="utf-8")
ISSUE_FORM = REPO / ".github" / "ISSUE_TEMPLATE" / "new-initiative.yml"


def run(capsys: pytest.CaptureFixture[str], *arguments: str | Path) -> tuple[int, str]:
    code = main([*map(str, arguments), "--schema", str(SCHEMA)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_new_writes_a_template_that_fails_until_filled(
    atlas_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "new", "river-keepers", "--root", atlas_root)[0] == 0
    path = atlas_root / "initiatives/river-keepers/initiative.yaml"
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=../../schema/initiative.schema.json\n")
    assert run(capsys, "validate", "--root", atlas_root)[0] == 1
    filled = {
        'title: ""': 'title: "River keepers"',
        'summary: ""': 'summary: "Example entry. Villagers measure river levels together."',
        'language: ""': 'language: "en"',
        "categories: []": 'categories: ["environment-climate"]',
        'solidarity: ""': 'solidarity: "preventive"',
        "countries: []": 'countries: ["KE"]',
        'contributor: ""': 'contributor: "Example team"',
        "lat: null": "lat: -1.29",
        "lon: null": "lon: 36.82",
        "description: |2\n\n": (
            "description: |2\n  A fictional example: volunteers read the gauges every morning.\n"
        ),
    }
    for empty, value in filled.items():
        assert empty in text, empty
        text = text.replace(empty, value)
    path.write_text(text)
    assert run(capsys, "validate", "--root", atlas_root) == (0, "1 initiative checked, all valid\n")
    code, output = run(capsys, "new", "river-keepers", "--root", atlas_root)
    assert (code, output) == (2, "initiatives/river-keepers already exists: choose another name\n")


def test_new_with_flags_validates_at_once(
    atlas_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flags = [
        "--title", "River keepers", "--summary", "Example entry. Villagers measure river levels.",
        "--language", "en", "--categories", "environment-climate", "--categories", "health",
        "--solidarity", "reactive", "--countries", "KE", "--contributor", "Example team",
        "--lat", "-1.29", "--lon", "36.82",
        "--description", "A fictional example.\n\nVolunteers read the gauges every morning.",
    ]  # fmt: skip
    assert run(capsys, "new", "river-keepers", "--root", atlas_root, *flags)[0] == 0
    assert run(capsys, "validate", "--root", atlas_root)[0] == 0


@pytest.mark.parametrize("name", ["../../escaped", "Upper-Case", "two--hyphens", ""])
def test_new_refuses_a_name_that_is_not_a_folder_name(
    atlas_root: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    code, output = run(capsys, "new", name, "--root", atlas_root)
    assert code == 2
    assert output.endswith(
        "must be lower-case letters a-z, digits and single hyphens: choose another name\n"
    )
    assert not (atlas_root.parent / "escaped").exists()
    assert list((atlas_root / "initiatives").iterdir()) == []


def test_from_issue_makes_an_initiative_that_validates(
    atlas_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = atlas_root / "issue.md"
    body.write_text(ISSUE_BODY, encoding="utf-8")
    code, output = run(capsys, "from-issue", "--body", body, "--number", "42", "--root", atlas_root)
    assert code == 0, output
    assert output.endswith("1 initiative checked, all valid\n")
    data = yaml.safe_load(
        (atlas_root / "initiatives/coastal-seed-library/initiative.yaml").read_text()
    )
    assert data["categories"] == ["food-agriculture-fishing", "education"]
    assert data["groups"] == ["women", "youth"]
    assert data["location"] == {"lat": 14.69, "lon": -17.44, "precision": "city"}
    assert data["partner_countries"] == ["GM", "CV"]
    assert data["period"] == {"start": "2021-04"}
    assert "- seed fairs each spring" in data["description"]


def test_from_issue_fetches_only_github_attachments(
    atlas_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    asked = []

    def download(url: str) -> bytes:
        asked.append(url)
        return png_bytes()

    vocab = load_vocabularies(SCHEMA)
    path = scaffold.write_from_issue(atlas_root, ISSUE_BODY, vocab, 42, download)
    assert asked == [
        "https://github.com/user-attachments/assets/0a1b2c3d-1111-2222-3333-444455556666"
    ]
    data = yaml.safe_load(path.read_text())
    assert data["images"] == [
        {
            "file": "images/photo-1.png",
            "alt": "A drawing of seed jars on a wooden shelf",
            "credit": "Coastal Seed Library",
            "license": "CC-BY-4.0",
            "people_identifiable": False,
        }
    ]
    assert run(capsys, "validate", "--root", atlas_root)[0] == 0
    with pytest.raises(scaffold.AttachmentRefused, match="not a GitHub attachment"):
        scaffold.fetch("https://evil.example.net/pixel.png")


def test_the_parser_asks_exactly_the_questions_of_the_issue_form() -> None:
    form = yaml.safe_load(ISSUE_FORM.read_text())
    labels = {item["attributes"]["label"] for item in form["body"] if item["type"] != "markdown"}
    assert set(scaffold.QUESTIONS.values()) == labels
    answers = scaffold.issue_answers(ISSUE_BODY)
    assert set(answers) == set(scaffold.QUESTIONS), "the example answers every question"


def test_from_issue_never_overwrites_an_initiative(atlas_root: Path) -> None:
    vocab = load_vocabularies(SCHEMA)
    existing = write_initiative(atlas_root, "coastal-seed-library") / "initiative.yaml"
    before = existing.read_text()
    path = scaffold.write_from_issue(atlas_root, ISSUE_BODY, vocab, 42)
    assert path.parent.name == "coastal-seed-library-42"
    assert existing.read_text() == before

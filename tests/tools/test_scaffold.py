"""Starting an initiative: `new` writes a commented template, `from-issue` turns the answers of
the issue form into a folder. Both run in-process here."""

from __future__ import annotations

import datetime
import urllib.error
from pathlib import Path

import pytest
import yaml
from PIL import Image

from builder.__main__ import main
from builder.data import images
from builder.data.vocabularies import load_vocabularies
from builder.tools import scaffold
from tests.data.test_images import phone_photo
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
    path = scaffold.write_from_issue(atlas_root, ISSUE_BODY, vocab, 42, download).path
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
    with pytest.raises(scaffold.IssueUnusable, match="is not attached to the issue"):
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
    path = scaffold.write_from_issue(atlas_root, ISSUE_BODY, vocab, 42).path
    assert path.parent.name == "coastal-seed-library-42"
    assert existing.read_text() == before
    with pytest.raises(scaffold.IssueUnusable, match="'coastal-seed-library-42' already exists"):
        scaffold.write_from_issue(atlas_root, ISSUE_BODY, vocab, 42)


ATTACHED = "https://github.com/user-attachments/assets/0a1b2c3d-1111-2222-3333-444455556666"


def with_photos(count: int) -> str:
    """The example issue with `count` photos attached."""
    photos = "\n".join(f"![p{n}]({ATTACHED}{n})" for n in range(count))
    start = ISSUE_BODY.index("### Photos")
    end = ISSUE_BODY.index("### Describe each photo")
    return ISSUE_BODY[:start] + f"### Photos\n\n{photos}\n\n" + ISSUE_BODY[end:]


def refusal(atlas_root: Path, body: str, download: object = None) -> str:
    vocab = load_vocabularies(SCHEMA)
    with pytest.raises(scaffold.IssueUnusable) as refused:
        scaffold.write_from_issue(atlas_root, body, vocab, 42, download)  # type: ignore[arg-type]
    return str(refused.value)


def test_too_many_photos_are_refused_before_any_download(atlas_root: Path) -> None:
    asked: list[str] = []
    message = refusal(atlas_root, with_photos(13), lambda url: asked.append(url) or b"")
    assert message.startswith("The Photos answer holds 13 photos; the atlas publishes at most 12")
    assert asked == []


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (urllib.error.HTTPError(ATTACHED, 404, "Not Found", {}, None),  # type: ignore[arg-type]
         "Photo 1 could not be downloaded from GitHub (404); attach it again"),
        (urllib.error.URLError("timed out"),
         "Photo 1 could not be downloaded from GitHub (timed out)"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>",
         "Photo 1 is not a JPEG, PNG or WebP picture"),
        (png_bytes()[:200], "Photo 1 is damaged or incomplete and cannot be read"),
        (png_bytes((400, 20000)), "Photo 1 is 400x20000 pixels, too small or too narrow"),
    ],
)  # fmt: skip
def test_every_photo_failure_says_what_to_do(
    atlas_root: Path, answer: object, expected: str
) -> None:
    def download(url: str) -> bytes:
        if isinstance(answer, Exception):
            raise answer
        return answer  # type: ignore[return-value]

    assert refusal(atlas_root, with_photos(1), download).startswith(expected)


@pytest.mark.parametrize(
    ("broken", "expected"),
    [
        ("Coastal \ud83d Library", "The answer to 'Title' contains a broken character (U+D83D)"),
        (
            "Coastal \u202e Library",
            "The answer to 'Title' contains an invisible character (U+202E)",
        ),
    ],
)
def test_characters_that_cannot_be_saved_name_their_question(
    atlas_root: Path, broken: str, expected: str
) -> None:
    body = ISSUE_BODY.replace("### Title\n\nCoastal Seed Library", f"### Title\n\n{broken}")
    assert refusal(atlas_root, body).startswith(expected)


def test_attachments_are_cleaned_before_they_are_written(atlas_root: Path) -> None:
    vocab = load_vocabularies(SCHEMA)
    written = scaffold.write_from_issue(
        atlas_root, with_photos(1), vocab, 42, lambda u: phone_photo()
    )
    photo = written.path.parent / "images" / "photo-1.jpg"
    assert images.hidden_data(photo.read_bytes()) == []
    with Image.open(photo) as image:
        assert image.info.get("exif") is None and not image.getexif()
        assert image.size == (800, 1200)
    assert any("location (GPS)" in note for note in written.notes)


def test_from_issue_hands_over_a_proposal(
    atlas_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = atlas_root / "issue.md"
    body.write_text(ISSUE_BODY, encoding="utf-8")
    proposal = atlas_root / "proposal"
    arguments = ["from-issue", "--body", body, "--number", "7", "--root", atlas_root]
    assert run(capsys, *arguments, "--proposal", proposal)[0] == 0
    assert (proposal / "initiatives/coastal-seed-library/initiative.yaml").is_file()
    assert (proposal / "comment.md").read_text().startswith("Thank you: the answers are valid")


def test_a_failed_conversion_leaves_only_a_comment_that_fences_the_contributor_text(
    atlas_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile = "##[group]![x](https://evil.example/p.png) ``` @maintainer"
    body = atlas_root / "issue.md"
    body.write_text(ISSUE_BODY.replace("\nen\n", f"\n{hostile}\n"), encoding="utf-8")
    proposal = atlas_root / "proposal"
    arguments = ["from-issue", "--body", body, "--number", "7", "--root", atlas_root]
    code, output = run(capsys, *arguments, "--proposal", proposal)
    assert code == 1
    assert "##[" not in output
    assert sorted(p.name for p in proposal.iterdir()) == ["comment.md"]
    comment = (proposal / "comment.md").read_text()
    assert comment.startswith("The atlas could not use these answers yet.")
    fence = "````"
    before, inside, after = comment.split(fence + "text\n")[0], *comment.split(fence)[1:3]
    assert hostile in inside and "Language: " in inside
    assert "https://evil.example" not in before + after


def test_a_refused_issue_still_gets_a_comment(
    atlas_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = atlas_root / "issue.md"
    body.write_text(with_photos(20), encoding="utf-8")
    proposal = atlas_root / "proposal"
    arguments = ["from-issue", "--body", body, "--number", "7", "--root", atlas_root]
    code, output = run(capsys, *arguments, "--proposal", proposal, "--fetch-images")
    assert code == 1 and "holds 20 photos" in output
    assert "holds 20 photos" in (proposal / "comment.md").read_text()


def test_new_and_from_issue_date_the_entry_today_in_utc(
    atlas_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = datetime.datetime.now(datetime.UTC).date().isoformat()
    assert run(capsys, "new", "river-keepers", "--root", atlas_root)[0] == 0
    vocab = load_vocabularies(SCHEMA)
    from_issue = scaffold.write_from_issue(atlas_root, ISSUE_BODY, vocab, 42).path
    after = datetime.datetime.now(datetime.UTC).date().isoformat()
    for path in (atlas_root / "initiatives/river-keepers/initiative.yaml", from_issue):
        text = path.read_text(encoding="utf-8")
        added = yaml.load(text, Loader=yaml.BaseLoader)["added"]
        assert added in {before, after}
        assert f'added: "{added}"' in text, "quoted, so that YAML keeps it as text"

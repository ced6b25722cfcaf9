"""The review card in the job summary: one card per changed initiative, compared with the base
branch, built by `validate --changed-since` from case folders in tests/review/<case>/: `base/`
is committed first, then `head/` replaces it, and the summary is compared with expected.md."""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from builder.__main__ import main
from builder.data.geography import haversine_km
from builder.data.model import build_initiative
from builder.data.sources import read_source
from builder.data.vocabularies import load_vocabularies
from builder.tools import differences
from builder.tools.review_card import PictureFacts, Subject, card, osm_link
from tests.support import REPO, SCHEMA, write_initiative

CASES = REPO / "tests" / "review"


def git(root: Path, *args: str) -> None:
    identity = ["-c", "user.name=Test", "-c", "user.email=test@example.org"]
    subprocess.run(["git", *identity, *args], cwd=root, check=True, capture_output=True)


def commit_tree(root: Path, tree: Path, message: str) -> None:
    """Make the work tree hold exactly `tree`, then commit it. A case without `tree` (a new
    initiative has no base, a removal no head) commits an empty tree: Git keeps no empty
    folders, so the case folder leaves it out."""
    for child in root.iterdir():
        if child.name != ".git":
            shutil.rmtree(child) if child.is_dir() else child.unlink()
    if tree.exists():
        shutil.copytree(tree, root, dirs_exist_ok=True, copy_function=shutil.copy)
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", message)


def summary_for(
    root: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, approved: bool = True
) -> str:
    summary = tmp_path / "summary.md"
    summary.write_text("", encoding="utf-8")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    cache = tmp_path / "cache"
    arguments = ["validate", "--root", str(root), "--schema", str(SCHEMA)]
    main([*arguments, "--cache-dir", str(cache), "--changed-since", "HEAD~1"])
    return summary.read_text(encoding="utf-8")


def case_summary(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    root = tmp_path / "atlas"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    commit_tree(root, CASES / case / "base", "base")
    commit_tree(root, CASES / case / "head", "pull request")
    return summary_for(root, monkeypatch, tmp_path)


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_review_card_matches_expected(
    case: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    golden: Callable[[Path, str], None],
) -> None:
    golden(CASES / case / "expected.md", case_summary(case, tmp_path, monkeypatch))


def card_items(summary: str) -> list[str]:
    return [line for line in summary.splitlines() if line.startswith("- ")]


def test_a_new_initiative_shows_everything_to_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = case_summary("new-initiative", tmp_path, monkeypatch)
    assert "### Review: River keepers" in summary
    assert "· new initiative" in summary
    checklist = summary.split("**Safety checklist**")[1].split("**What changed**")[0]
    assert "Location precision: City; it lies in its countries" in checklist
    assert "1 picture, 0 show people who can be recognised, 0 of them without consent" in checklist
    assert "No original picture carries metadata" in checklist
    assert "No file outside initiatives/ changes" in checklist
    assert "Check by eye: faces" in checklist
    assert "A new page, 1 picture and a new point on the map" in summary
    assert "- **Countries**: Kenya (KE)" in summary
    assert "- **Partner countries**: Uganda (UG)" in summary
    assert "#map=11/-1.29/36.82" in summary
    assert "- **Link**: Annual report `https://example.org/report`" in summary
    assert "- **Seeks**: Volunteers: People who can read a river gauge" in summary
    assert "- `images/river.png`: 400 by 400 pixels; licence `CC-BY-4.0`; credit Example" in summary
    assert "recognised: no; consent: not needed; metadata in the original: none" in summary
    assert "- Link in the description: `https://example.org/report`" in summary
    folder, page = "`review/river-keepers/index.html`", "`initiatives/river-keepers.html`"
    assert f"artifact `site-preview` of this run, unzip it and open {folder}" in summary
    assert f"or {page} (in the whole site" in summary


def test_an_edit_shows_what_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    summary = case_summary("edit", tmp_path, monkeypatch)
    changed = summary.split("**What changed**")[1].split("**The initiative**")[0]
    moved = haversine_km((-1.29, 36.82), (-0.09, 34.77))
    assert f"- ⚠️ The point moved {round(moved, 1)} km" in changed
    assert "`images/meeting.png` now shows people who can be recognised (consent: yes)" in changed
    assert "- `location.lat`: `-1.29` → `-0.09`" in changed
    assert "- `location.lon`: `36.82` → `34.77`" in changed
    report, report_2024 = "https://example.org/report", "https://example.org/report-2024"
    assert f"- `links[{report_2024}]`: added: `{report_2024}`" in changed
    assert f"- `links[{report}]`: removed (was `{report}`)" in changed
    assert "- `images[images/meeting.png]`: added: `images/meeting.png`" in changed
    assert len(card_items(changed)) == 7
    assert "`https://example.org/report-2024` **new in this pull request**" in summary
    assert "`https://example.org` **new in this pull request**" not in summary
    assert "2 pictures, 1 shows people who can be recognised, 0 of them without consent" in summary


def test_a_removal_says_what_disappears(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    summary = case_summary("removal", tmp_path, monkeypatch)
    assert "· removed" in summary
    assert "- Its page `initiatives/river-keepers.html` disappears from the site" in summary
    assert "- 1 picture disappears: `images/river.png`" in summary
    assert "- Its point at -1.29, 36.82 leaves the map" in summary


def test_changes_outside_initiatives_reach_the_card(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = case_summary("touches-docs", tmp_path, monkeypatch)
    assert "- ⚠️ Files outside initiatives/ change too; review each: `docs/about.md`" in summary
    assert "- `summary`: `Example entry. Villagers measure river levels" in summary


HOSTILE_TITLE = "## Pwned | `x` ::error::boom <img src=x onerror=alert(1)> [a](https://evil)"
HOSTILE_DESCRIPTION = (
    "# Heading\\n\\n```\\n### fake\\n```\\n\\n````\\n::warning::x\\n\\n| a | b |\\n|---|---|\\n"
    "</details><details open><summary>x</summary>\\n\\n##[group]boom\\n[x](javascript:alert(1))"
)


def test_hostile_text_keeps_the_card_structure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "atlas"
    (root / "initiatives").mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    git(root, "commit", "-q", "--allow-empty", "-m", "base")
    write_initiative(root, "river-keepers", title="hostile")
    path = root / "initiatives" / "river-keepers" / "initiative.yaml"
    text = path.read_text(encoding="utf-8").replace("title: hostile", f"title: '{HOSTILE_TITLE}'")
    text = re.sub(r"description: \|\n(  .*\n)+", f'description: "{HOSTILE_DESCRIPTION}"\n', text)
    text += "links:\n  - {title: '[click](https://evil) | ## x', url: 'https://e.org/`a`|b'}\n"
    path.write_text(text, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "pull request")
    summary = summary_for(root, monkeypatch, tmp_path)
    outside_fences = re.sub(r"(`{3,})text\n.*?\n\1\n", "", summary, flags=re.S)
    headings = [line for line in outside_fences.splitlines() if line.startswith("#")]
    assert headings == ["## Initiatives", headings[1]]
    assert headings[1].startswith("### Review: \\#\\# Pwned \\| ")
    assert "<details>" in outside_fences
    assert outside_fences.count("<details") == outside_fences.count("</details>") == 1
    assert not [line for line in outside_fences.splitlines() if line.startswith(("::", "##["))]
    assert not re.search(r"(?<!\\)<img", outside_fences)
    assert "](https://evil)" not in outside_fences
    assert not [line for line in outside_fences.splitlines() if line.startswith("|")]
    bold = [line for line in card_items(summary) if line.startswith("- **")]
    assert [line.split("**")[1] for line in bold] == [
        "Summary", "Categories", "Rights (UDHR articles)", "Sustainable Development Goals",
        "Countries", "Point", "Link",
    ]  # fmt: skip


def test_differences_key_list_items_by_their_name() -> None:
    old = {"images": [{"file": "images/a.png", "consent": True, "people_identifiable": True}]}
    new = {"images": [{"file": "images/a.png", "consent": False, "people_identifiable": True}]}
    assert differences.field_changes(old, new) == [
        differences.FieldChange("images[images/a.png].consent", "true", "false")
    ]
    assert differences.consent_removed(old, new) == ["images/a.png"]
    assert differences.newly_identifiable(old, new) == []
    assert differences.newly_identifiable({}, new) == ["images/a.png"]


def test_zoom_matches_precision() -> None:
    assert osm_link(1.5, 2.0, "country").endswith("#map=5/1.5/2.0")
    assert osm_link(1.5, 2.0, "region").endswith("#map=7/1.5/2.0")
    assert osm_link(1.5, 2.0, "city").endswith("#map=11/1.5/2.0")


def test_metadata_a_point_outside_and_a_removed_consent_are_flagged() -> None:
    folder = CASES / "edit" / "head" / "initiatives" / "river-keepers"
    source = read_source(folder.parents[1], folder / "initiative.yaml")
    assert source.data is not None
    vocab = load_vocabularies(SCHEMA)
    base = copy.deepcopy(source.data)
    base["images"][1]["consent"] = True
    head = copy.deepcopy(source.data)
    head["images"][1]["consent"] = False
    subject = Subject(
        "river-keepers",
        source.file,
        base,
        head,
        build_initiative(source, vocab),
        pictures={"images/river.png": PictureFacts((10, 20), ("exif", "unknown block (*x*)"))},
        km_from_countries=12.34,
    )
    text = card(subject, [], vocab, "en")
    assert "- ⚠️ Location precision: City; it lies 12.3 km outside its countries" in text
    assert "- ⚠️ 2 pictures, 1 shows people who can be recognised, 1 of them without" in text
    assert "- ⚠️ Original pictures carry metadata: `images/river.png`: exif, unknown" in text
    assert "block \\(\\*x\\*\\)" in text
    assert "- ⚠️ Consent was removed for `images/meeting.png`" in text
    assert "- `images[images/meeting.png].consent`: `true` → `false`" in text
    assert "10 by 20 pixels" in text

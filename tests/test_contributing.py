"""The GitHub route: annotations, the job summary, the changed-files guard, the issue form and
the template for a new initiative."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from builder import scaffold
from builder.changes import changed_files, initiative_slugs, review_problems
from builder.problems import Preview, Problem, annotation, job_summary
from builder.vocabularies import load_vocabularies
from tests.conftest import EXAMPLES, REPO, SCHEMA, png_bytes, run_validator, write_initiative

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
ISSUE_BODY = (EXAMPLES / "issue" / "new-initiative.md").read_text(encoding="utf-8")


def test_an_annotation_is_one_escaped_line() -> None:
    problem = Problem(
        "initiatives/a,b/initiative.yaml", 3, 7, "title", "bad\n::error::injected", "fix: it, now"
    )
    line = annotation(problem)
    assert "\n" not in line and "\r" not in line
    assert line == (
        "::error file=initiatives/a%2Cb/initiative.yaml,line=3,col=7,title=Fix title::"
        "title: bad%0A::error::injected%0Ahint: fix: it, now"
    )
    assert annotation(Problem("f", 1, 1, "x", "100% sure\r")).endswith("x: 100%25 sure%0D")


def test_job_summary_for_a_failing_pull_request() -> None:
    problems = [
        Problem("initiatives/a/initiative.yaml", 9, 5, "location.lat", "has 4 decimals", "round"),
        Problem("initiatives/b/initiative.yaml", 2, 8, "title", "![x](https://e.net/p.png)"),
    ]
    summary = job_summary(problems, 2, [])
    assert summary.startswith("## Initiatives\n\n2 problems in 2 files (2 initiatives checked).")
    assert "### `initiatives/a/initiative.yaml`" in summary
    assert "- **line 9, `location.lat`**: has 4 decimals" in summary
    assert "  - what to do: round" in summary
    assert "![x](" not in summary and "\\!\\[x\\]\\(https://e\\.net/p\\.png\\)" in summary


def test_job_summary_for_a_passing_pull_request_shows_a_preview() -> None:
    preview = Preview(
        "initiatives/a/initiative.yaml",
        "Seeds <b>& more</b>",
        (("Countries", "Senegal"), ("Pictures", "Seed jars")),
    )
    summary = job_summary([], 1, [preview])
    assert "1 initiative checked, all valid." in summary
    assert "### Preview: Seeds \\<b\\>\\& more\\</b\\>" in summary
    assert "- **Countries**: Senegal" in summary


def test_validator_on_github_annotates_and_writes_the_summary(atlas_root: Path) -> None:
    write_initiative(atlas_root, "river-keepers", title="x")
    summary = atlas_root / "summary.md"
    environment = {**os.environ, "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    result = subprocess.run(
        [sys.executable, "-m", "builder", "validate", "--root", atlas_root, "--schema", SCHEMA],
        capture_output=True,
        text=True,
        env=environment,
        cwd=REPO,
    )
    assert result.returncode == 1
    assert "::error file=initiatives/river-keepers/initiative.yaml,line=2,col=8," in result.stdout
    assert "is 1 characters long; it must be at least 3" in summary.read_text()


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def test_changed_files_guard(atlas_root: Path) -> None:
    git(atlas_root, "init", "-q", "-b", "main")
    git(atlas_root, "config", "user.email", "test@example.org")
    git(atlas_root, "config", "user.name", "Test")
    write_initiative(atlas_root, "old-one")
    git(atlas_root, "add", "-A")
    git(atlas_root, "commit", "-qm", "base")
    write_initiative(atlas_root, "new-one")
    (atlas_root / ".github").mkdir()
    (atlas_root / ".github" / "evil.yml").write_text("on: push\n")
    (atlas_root / "initiatives" / "new-one" / "images" / "link.png").symlink_to("/etc/passwd")
    git(atlas_root, "add", "-A")
    git(atlas_root, "commit", "-qm", "change")
    changes = changed_files(atlas_root, "HEAD~1")
    assert initiative_slugs(changes) == ["new-one"]
    errors, warnings = review_problems(changes)
    assert [e.file for e in errors] == ["initiatives/new-one/images/link.png"]
    assert [w.file for w in warnings] == [".github/evil.yml"]
    assert "maintainer must review" in warnings[0].message


def test_from_issue_makes_an_initiative_that_validates(atlas_root: Path) -> None:
    body = atlas_root / "issue.md"
    body.write_text(ISSUE_BODY, encoding="utf-8")
    command = ["from-issue", "--body", body, "--number", "42"]
    result = subprocess.run(
        [sys.executable, "-m", "builder", *command, "--root", atlas_root, "--schema", SCHEMA],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.endswith("1 initiative checked, all valid\n")
    data = yaml.safe_load(
        (atlas_root / "initiatives/coastal-seed-library/initiative.yaml").read_text()
    )
    assert data["categories"] == ["food-agriculture-fishing", "education"]
    assert data["groups"] == ["women", "youth"]
    assert data["location"] == {"lat": 14.69, "lon": -17.44, "precision": "city"}
    assert data["partner_countries"] == ["GM", "CV"]
    assert data["period"] == {"start": "2021-04"}
    assert "- seed fairs each spring" in data["description"]


def test_from_issue_fetches_only_github_attachments(atlas_root: Path) -> None:
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
    assert run_validator("--root", atlas_root, "--schema", SCHEMA).returncode == 0
    with pytest.raises(ValueError, match="not a GitHub attachment"):
        scaffold.fetch("https://evil.example.net/pixel.png")


def test_issue_form_labels_are_the_ones_the_parser_reads() -> None:
    form = yaml.safe_load((REPO / ".github/ISSUE_TEMPLATE/new-initiative.yml").read_text())
    labels = {item["attributes"]["label"] for item in form["body"] if item["type"] != "markdown"}
    parser = (REPO / "builder/scaffold.py").read_text()
    read = set(re.findall(r'\bs(?:\.get\(|\[)"([^"]+)"', parser))
    assert len(read) >= 20
    assert read <= labels, read - labels
    assert labels == set(re.findall(r"^### (.+)$", ISSUE_BODY, re.M))


def run_new(root: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "builder",
            "new",
            "river-keepers",
            "--root",
            root,
            "--schema",
            SCHEMA,
            *flags,
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        stdin=subprocess.DEVNULL,
    )


def test_new_writes_a_template_that_fails_until_filled(atlas_root: Path) -> None:
    assert run_new(atlas_root).returncode == 0
    path = atlas_root / "initiatives/river-keepers/initiative.yaml"
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=../../schema/initiative.schema.json\n")
    assert run_validator("--root", atlas_root, "--schema", SCHEMA).returncode == 1
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
    result = run_validator("--root", atlas_root, "--schema", SCHEMA)
    assert result.stdout == "1 initiative checked, all valid\n", result.stdout
    assert run_new(atlas_root).returncode == 2


def test_new_with_flags_validates_at_once(atlas_root: Path) -> None:
    flags = [
        "--title", "River keepers", "--summary", "Example entry. Villagers measure river levels.",
        "--language", "en", "--categories", "environment-climate", "--categories", "health",
        "--solidarity", "reactive", "--countries", "KE", "--contributor", "Example team",
        "--lat", "-1.29", "--lon", "36.82",
        "--description", "A fictional example.\n\nVolunteers read the gauges every morning.",
    ]  # fmt: skip
    assert run_new(atlas_root, *flags).returncode == 0
    assert run_validator("--root", atlas_root, "--schema", SCHEMA).returncode == 0


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_is_hardened(workflow: Path) -> None:
    text = workflow.read_text()
    data = yaml.safe_load(text)
    assert data["permissions"] == {}
    triggers = data.get("on", data.get(True))
    assert "pull_request_target" not in triggers
    uses = re.findall(r"uses:\s*(\S+)", text)
    assert uses
    for action in uses:
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", action), action
    assert "${{ github.event.issue" not in "".join(re.findall(r"run: [|>]?\n?(?:.+\n)+?", text))
    for job in data["jobs"].values():
        for step in job["steps"]:
            assert "${{" not in step.get("run", ""), step
            if "actions/checkout" in step.get("uses", ""):
                assert step["with"]["persist-credentials"] is False


def test_zizmor_finds_nothing() -> None:
    result = subprocess.run(
        [Path(sys.executable).parent / "zizmor", "--offline", "--persona", "pedantic", ".github/"],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


def test_new_refuses_a_name_that_is_not_a_folder_name(atlas_root: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "builder", "new", "../../escaped", "--root", atlas_root],
        capture_output=True,
        text=True,
        cwd=REPO,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 2
    assert not (atlas_root.parent / "escaped").exists()


def test_from_issue_never_overwrites_an_initiative(atlas_root: Path) -> None:
    vocab = load_vocabularies(SCHEMA)
    existing = write_initiative(atlas_root, "coastal-seed-library") / "initiative.yaml"
    before = existing.read_text()
    path = scaffold.write_from_issue(atlas_root, ISSUE_BODY, vocab, 42)
    assert path.parent.name == "coastal-seed-library-42"
    assert existing.read_text() == before

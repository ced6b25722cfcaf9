"""Each command once in a real process: exit codes, what goes to stdout and to stderr, and the
GitHub environment. Everything else runs the command line in-process."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from builder.__main__ import COMMANDS
from tests.support import EXAMPLES, SCHEMA, run_builder, write_initiative


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def test_help_lists_every_command_with_one_line() -> None:
    result = run_builder("--help")
    assert result.returncode == 0
    listed = re.findall(r"^    ([a-z-]+)(?: +|\n {10,})\S", result.stdout, re.M)
    assert listed == list(COMMANDS)


def test_validate_exit_codes_and_streams(atlas_root: Path) -> None:
    write_initiative(atlas_root)
    valid = run_builder("validate", "--root", atlas_root, "--schema", SCHEMA)
    assert (valid.returncode, valid.stdout, valid.stderr) == (
        0,
        "1 initiative checked, all valid\n",
        "",
    )
    case = EXAMPLES / "invalid" / "title-too-long"
    invalid = run_builder("validate", "--root", case, "--schema", SCHEMA)
    assert invalid.returncode == 1
    assert invalid.stdout == (case / "expected.txt").read_text()
    wrong = run_builder("validate", "--no-such-option")
    assert wrong.returncode == 2 and "unrecognized arguments" in wrong.stderr


def test_validate_on_github_annotates_and_writes_the_summary(atlas_root: Path) -> None:
    write_initiative(atlas_root, "river-keepers", title="x")
    summary = atlas_root / "summary.md"
    environment = {**os.environ, "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    result = run_builder("validate", "--root", atlas_root, "--schema", SCHEMA, env=environment)
    assert result.returncode == 1
    assert "::error file=initiatives/river-keepers/initiative.yaml,line=2,col=8," in result.stdout
    assert "is 1 characters long; it must be at least 3" in summary.read_text()


def test_changes_refuses_a_link(atlas_root: Path) -> None:
    git(atlas_root, "init", "-q", "-b", "main")
    git(atlas_root, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit",
        "-q", "--allow-empty", "-m", "base")  # fmt: skip
    write_initiative(atlas_root, "new-one")
    (atlas_root / "initiatives" / "new-one" / "images" / "link.png").symlink_to("/etc/passwd")
    git(atlas_root, "add", "-A")
    git(atlas_root, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit",
        "-qm", "change")  # fmt: skip
    result = run_builder("changes", "--base", "HEAD~1", "--root", atlas_root)
    assert result.returncode == 1
    assert result.stdout.endswith("3 files changed, 1 refused, 0 to review\n")


def test_new_and_from_issue_write_files(atlas_root: Path) -> None:
    new = run_builder("new", "river-keepers", "--root", atlas_root, stdin=subprocess.DEVNULL)
    assert new.returncode == 0 and new.stdout.startswith("Wrote initiatives/river-keepers/")
    clash = run_builder("new", "river-keepers", "--root", atlas_root, stdin=subprocess.DEVNULL)
    assert (clash.returncode, clash.stdout) == (2, "")
    assert clash.stderr == "initiatives/river-keepers already exists: choose another name\n"
    body = atlas_root / "issue.md"
    body.write_text((EXAMPLES / "issue" / "new-initiative.md").read_text(encoding="utf-8"))
    issue = run_builder("from-issue", "--body", body, "--root", atlas_root, "--schema", SCHEMA)
    assert issue.returncode == 0, issue.stdout + issue.stderr
    assert issue.stdout.endswith("1 initiative checked, all valid\n")


def test_audit_names_a_corrupted_map_data_file(tmp_path: Path) -> None:
    data = tmp_path / "assets" / "atlas" / "initiatives.js"
    data.parent.mkdir(parents=True)
    data.write_text("window.ATLAS_DATA = [[1.2345,")
    result = run_builder("audit", tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith("assets/atlas/initiatives.js: the map data cannot be read")
    assert "Traceback" not in result.stderr


def test_build_outside_an_atlas_says_where_it_looked(tmp_path: Path) -> None:
    result = run_builder("build", "--root", tmp_path, "--site-dir", "site")
    assert result.returncode == 2
    assert result.stderr == (
        f"{tmp_path} has no mkdocs.yml: run this in the atlas's folder, or name the folder "
        "with --root\n"
    )
    assert not (tmp_path / "site").exists()


def test_a_folder_without_the_schema_gets_a_message_not_a_fault(tmp_path: Path) -> None:
    write_initiative(tmp_path)
    result = run_builder("validate", "--root", tmp_path, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        f"{tmp_path}/schema/initiative.schema.json is missing: run this command in the atlas's "
        "folder (the one with schema/ and initiatives/), or name that folder with --root\n"
    )
    assert "Traceback" not in result.stderr + result.stdout

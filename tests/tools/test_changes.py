"""What a pull request changes, from Git: the initiatives to check and what needs a maintainer."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from builder.__main__ import main
from builder.tools.changes import changed_files, initiative_slugs, review_problems
from tests.support import write_initiative


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def commit_docs_change(root: Path, text: str) -> None:
    """A repository whose last commit adds docs/about.md."""
    git(root, "init", "-q", "-b", "main")
    git(root, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit",
        "-q", "--allow-empty", "-m", "base")  # fmt: skip
    (root / "docs").mkdir()
    (root / "docs" / "about.md").write_text(text)
    git(root, "add", "-A")
    git(root, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit",
        "-qm", "change")  # fmt: skip


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
    assert [e.file for e in errors] == [".github/evil.yml", "initiatives/new-one/images/link.png"]
    assert warnings == []
    assert "may change only initiative folders" in str(errors[0].message)
    errors, warnings = review_problems(changes, approved=True)
    assert [e.file for e in errors] == ["initiatives/new-one/images/link.png"]
    assert [w.file for w in warnings] == [".github/evil.yml"]
    assert "labelled this pull request as a code change" in str(warnings[0].message)


def test_the_guard_tells_maintainers_about_the_label(
    atlas_root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    commit_docs_change(atlas_root, "<script>alert(1)</script>\n")
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("CODE_CHANGE_APPROVED", raising=False)
    assert main(["changes", "--base", "HEAD~1", "--root", str(atlas_root)]) == 1
    refused = capsys.readouterr().out
    assert "docs/about.md:1:1: is outside initiatives/" in refused
    assert "1 file changed, 1 refused, 0 to review" in refused
    assert "add the label 'code-change' to the pull request" in refused
    monkeypatch.setenv("CODE_CHANGE_APPROVED", "true")
    assert main(["changes", "--base", "HEAD~1", "--root", str(atlas_root)]) == 0
    assert capsys.readouterr().out.endswith("1 file changed, 0 refused, 1 to review\n")


def test_the_guard_s_files_reach_the_job_summary(
    atlas_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    commit_docs_change(atlas_root, "text\n")
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.setenv("CODE_CHANGE_APPROVED", "true")
    assert main(["changes", "--base", "HEAD~1", "--root", str(atlas_root)]) == 0
    text = summary.read_text(encoding="utf-8")
    assert "- ⚠️ `docs/about.md`: is outside initiatives/: a maintainer labelled" in text
    monkeypatch.setenv("CODE_CHANGE_APPROVED", "false")
    summary.write_text("", encoding="utf-8")
    assert main(["changes", "--base", "HEAD~1", "--root", str(atlas_root)]) == 1
    text = summary.read_text(encoding="utf-8")
    assert "- ❌ `docs/about.md`: is outside initiatives/: a pull request from" in text
    assert "add the label 'code\\-change'" in text

"""What a pull request changes, from Git: the initiatives to check and what needs a maintainer."""

from __future__ import annotations

import subprocess
from pathlib import Path

from builder.tools.changes import changed_files, initiative_slugs, review_problems
from tests.support import write_initiative


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

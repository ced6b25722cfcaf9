"""The writing job of the from-issue workflow takes in its artifact as data: only the files the
conversion writes, as regular files, for one initiative."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from builder.data.checks import SLUG
from builder.tools import intake
from tests.support import REPO


def proposal(tmp_path: Path, files: dict[str, bytes]) -> Path:
    root = tmp_path / "proposal"
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


GOOD = {
    "comment.md": b"Thank you",
    "initiatives/river-keepers/initiative.yaml": b"id: river-keepers\n",
    "initiatives/river-keepers/images/photo-1.jpg": b"\xff\xd8\xff",
    "initiatives/river-keepers/images/photo-12.webp": b"RIFF",
}


def test_the_expected_files_are_taken_in(tmp_path: Path) -> None:
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    assert intake.take_in(proposal(tmp_path, GOOD), checkout) == "initiatives/river-keepers"
    taken = sorted(p.relative_to(checkout).as_posix() for p in checkout.rglob("*") if p.is_file())
    assert taken == sorted(name for name in GOOD if name != "comment.md")


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        ({".github/workflows/x.yml": b"on: push"}, "is not a file that from-issue writes"),
        ({"initiatives/river-keepers/images/photo-13.jpg": b"x"}, "is not a file"),
        ({"initiatives/river-keepers/images/evil.svg": b"x"}, "is not a file"),
        ({"initiatives/other/initiative.yaml": b"x"}, "holds 2 initiatives"),
        ({"initiatives/River/initiative.yaml": b"x"}, "is not a file"),
        ({"initiatives/a--b/initiative.yaml": b"x"}, "is not a file"),
        ({"initiatives/river-keepers/initiative.yaml": b"x" * (5 * 2**20)}, "is larger than"),
    ],
)
def test_anything_else_refuses_the_whole_proposal(
    tmp_path: Path, extra: dict[str, bytes], reason: str
) -> None:
    with pytest.raises(intake.ProposalRefused, match=reason):
        intake.accepted_files(proposal(tmp_path, {**GOOD, **extra}))


def test_links_are_refused_and_never_followed(tmp_path: Path) -> None:
    root = proposal(tmp_path, GOOD)
    secret = tmp_path / "secret"
    secret.mkdir()
    (root / "initiatives/river-keepers/images/photo-2.png").symlink_to("/etc/passwd")
    with pytest.raises(intake.ProposalRefused, match="is not a regular file"):
        intake.accepted_files(root)
    (root / "initiatives/river-keepers/images/photo-2.png").unlink()
    (root / "initiatives/river-keepers/images/more").symlink_to(secret)
    with pytest.raises(intake.ProposalRefused, match="is not a regular file"):
        intake.accepted_files(root)


def test_a_folder_that_exists_is_not_overwritten(tmp_path: Path) -> None:
    checkout = tmp_path / "checkout"
    (checkout / "initiatives" / "river-keepers").mkdir(parents=True)
    with pytest.raises(intake.ProposalRefused, match="already exists"):
        intake.take_in(proposal(tmp_path, GOOD), checkout)


def test_the_pattern_accepts_exactly_the_folder_names_the_validator_accepts() -> None:
    for name in ("river-keepers", "a", "a1-b2", "Upper", "a--b", "-a", "a-", "a_b", "a.b"):
        accepted = intake.ACCEPTED.fullmatch(f"initiatives/{name}/initiative.yaml") is not None
        assert accepted == bool(SLUG.fullmatch(name)), name


def test_the_job_runs_it_with_nothing_but_the_standard_library(tmp_path: Path) -> None:
    """As the writing job does: a plain python3, no virtual environment, no third-party
    package importable."""
    root = proposal(tmp_path, GOOD)
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    outputs = tmp_path / "outputs"
    environment = {
        "PATH": os.environ["PATH"],
        "GITHUB_OUTPUT": str(outputs),
        "PYTHONNOUSERSITE": "1",
    }
    command = [sys.executable, "-S", "-m", "builder.tools.intake", str(root), "--into",
               str(checkout), "--comment", str(tmp_path / "comment.md")]  # fmt: skip
    result = subprocess.run(command, cwd=REPO, env=environment, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert outputs.read_text() == "folder=initiatives/river-keepers\n"
    assert (tmp_path / "comment.md").read_text() == "Thank you"


def test_a_missing_proposal_still_gives_a_comment(tmp_path: Path) -> None:
    comment = tmp_path / "comment.md"
    assert (
        intake.main([str(tmp_path / "none"), "--into", str(tmp_path), "--comment", str(comment)])
        == 0
    )
    assert comment.read_text() == intake.NO_COMMENT


def test_the_answer_to_an_edited_issue_takes_nothing_but_the_comment(tmp_path: Path) -> None:
    comment = tmp_path / "comment.md"
    only = proposal(tmp_path / "only", {"comment.md": b"Countries: 'Nigeria' ..."})
    assert intake.main([str(only), "--comment", str(comment)]) == 0
    assert comment.read_text() == "Countries: 'Nigeria' ..."
    more = proposal(tmp_path / "more", GOOD)
    assert intake.main([str(more), "--comment", str(comment)]) == 1
    assert comment.read_text() == intake.NO_COMMENT
    assert not (tmp_path / "initiatives").exists()


def test_a_comment_that_is_a_link_or_too_large_is_not_read(tmp_path: Path) -> None:
    comment = tmp_path / "comment.md"
    linked = proposal(tmp_path / "linked", {})
    linked.mkdir(parents=True, exist_ok=True)
    (linked / "comment.md").symlink_to("/etc/passwd")
    assert intake.main([str(linked), "--comment", str(comment)]) == 1
    assert comment.read_text() == intake.NO_COMMENT
    large = proposal(tmp_path / "large", {"comment.md": b"x" * (intake.MAX_FILE_BYTES + 1)})
    assert intake.read_comment(large) == intake.NO_COMMENT

"""Every case folder gives exactly its expected report. The command line runs in-process here;
tests/tools/test_commands.py keeps one real process per command for exit codes and streams.

`pytest --update-goldens` rewrites the expected.txt files whose report changed on purpose."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from builder.__main__ import main
from tests.support import EXAMPLES, HOSTILE, REPO, SCHEMA

INVALID = sorted(p for p in (EXAMPLES / "invalid").iterdir() if p.is_dir())
VALID = sorted(p for p in (EXAMPLES / "valid").iterdir() if p.is_dir())
REFUSED = sorted(p for p in HOSTILE.iterdir() if (p / "expected.txt").exists())
SENTINEL = Path("/tmp/atlas-pwned")
"""Hostile cases try to make the validator write this file."""
CACHE = tempfile.mkdtemp(prefix="atlas-golden-cache-")
"""Verdicts of the case folders are kept here, not in the folders."""


def validate(capsys: pytest.CaptureFixture[str], *arguments: str | Path) -> tuple[int, str, str]:
    code = main(["validate", "--no-annotations", "--cache-dir", CACHE, *map(str, arguments)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def case_id(case: Path) -> str:
    return case.relative_to(REPO / "tests").as_posix()


def test_there_are_enough_cases() -> None:
    assert len(INVALID) >= 25
    assert len(REFUSED) >= 20


@pytest.mark.parametrize("case", INVALID + REFUSED, ids=case_id)
def test_refused_case_gives_its_expected_report(
    case: Path, capsys: pytest.CaptureFixture[str], golden: Callable[[Path, str], None]
) -> None:
    SENTINEL.unlink(missing_ok=True)
    code, out, err = validate(capsys, "--root", case, "--schema", SCHEMA)
    golden(case / "expected.txt", out)
    assert code == 1
    assert re.match(r"initiatives/\S+(:\d+:\d+)?: ", out), out
    assert "Traceback" not in out + err
    assert not SENTINEL.exists()


@pytest.mark.parametrize("case", VALID, ids=case_id)
def test_valid_case_is_valid(
    case: Path, capsys: pytest.CaptureFixture[str], golden: Callable[[Path, str], None]
) -> None:
    code, out, _ = validate(capsys, "--root", case, "--schema", SCHEMA)
    golden(case / "expected.txt", out)
    assert code == 0


def test_the_real_initiatives_are_valid(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = validate(capsys, "--root", REPO)
    count = len([p for p in (REPO / "initiatives").iterdir() if p.is_dir()])
    assert count >= 16
    assert (code, out) == (0, f"{count} initiatives checked, all valid\n")

"""Each example folder gives exactly its expected report, through the real command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, REPO, SCHEMA, run_validator

INVALID = sorted(p for p in (EXAMPLES / "invalid").iterdir() if p.is_dir())
VALID = sorted(p for p in (EXAMPLES / "valid").iterdir() if p.is_dir())


def test_there_are_enough_invalid_cases() -> None:
    assert len(INVALID) >= 25


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.name)
def test_invalid_case_gives_its_expected_report(case: Path) -> None:
    result = run_validator("--root", case, "--schema", SCHEMA)
    assert result.stdout == (case / "expected.txt").read_text(encoding="utf-8")
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize("case", VALID, ids=lambda p: p.name)
def test_valid_case_is_valid(case: Path) -> None:
    result = run_validator("--root", case, "--schema", SCHEMA)
    assert result.stdout == (case / "expected.txt").read_text(encoding="utf-8")
    assert result.stdout.endswith("all valid\n")
    assert result.returncode == 0


def test_the_real_initiatives_are_valid() -> None:
    result = run_validator(cwd=REPO)
    assert result.returncode == 0, result.stdout
    count = int(result.stdout.split()[0])
    assert count >= 16
    assert result.stdout.strip() == f"{count} initiatives checked, all valid"


def test_wrong_usage_exits_2() -> None:
    assert run_validator("--no-such-option").returncode == 2

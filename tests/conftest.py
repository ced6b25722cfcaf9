"""Fixtures, and `--update-goldens`: rewrite the expected files whose output changed on purpose."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from builder.settings import Settings
from tests.support import REPO, SCHEMA

_REWRITTEN: list[Path] = []


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite expected output files (expected.txt and the like) that differ, and list them",
    )


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    if config.getoption("--update-goldens"):
        terminalreporter.section("golden files rewritten")
        for path in _REWRITTEN or []:
            terminalreporter.write_line(path.relative_to(REPO).as_posix())
        terminalreporter.write_line(f"{len(_REWRITTEN)} rewritten")


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[Path, str], None]:
    """Compare output with a golden file; with --update-goldens, rewrite it when it differs."""
    updating = request.config.getoption("--update-goldens")

    def compare(path: Path, actual: str) -> None:
        expected = path.read_text(encoding="utf-8") if path.exists() else None
        if updating and actual != expected:
            path.write_text(actual, encoding="utf-8")
            _REWRITTEN.append(path)
            return
        assert actual == expected

    return compare


@pytest.fixture
def atlas_root(tmp_path: Path) -> Path:
    (tmp_path / "initiatives").mkdir()
    return tmp_path


@pytest.fixture
def settings(atlas_root: Path) -> Settings:
    return Settings(atlas_root.resolve(), SCHEMA, atlas_root / ".cache" / "images")

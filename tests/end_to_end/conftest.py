from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support import REPO, run_builder
from tests.support.small_atlas import SOURCE_DATE_EPOCH, make_site


def audited_build(
    root: Path, site: str | Path = "site", epoch: str | None = None, *options: str
) -> None:
    """`python -m builder build`, as `make site` runs it: on the day of the last commit, or
    of `epoch` when given."""
    environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    if epoch:
        environment["SOURCE_DATE_EPOCH"] = epoch
    # Six language builds, their offline copies and the audit of it all: minutes on two
    # cores, more when other work shares them.
    arguments = ("build", "--root", root, "--site-dir", site, *options)
    result = run_builder(*arguments, env=environment, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="session")
def repository_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own atlas, built once per run."""
    site = tmp_path_factory.mktemp("repository") / "site"
    audited_build(REPO, site)
    return site


@pytest.fixture(scope="session")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small atlas of tests/support/small_atlas.py, built once per run with its zip and ZIM
    files, as `make offline` builds them; do not change it."""
    root = make_site(tmp_path_factory.mktemp("small"))
    audited_build(root, "site", SOURCE_DATE_EPOCH, "--zim")
    return root / "site"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """With `pytest -n`, end-to-end tests share one worker, so each site is built once. Tests
    that drive Chromium (through a `browser` fixture) are marked `browser`, so that a run
    without Chromium can leave them out (`-m "not browser"`)."""
    here = Path(__file__).parent
    for item in items:
        if item.path.is_relative_to(here):
            item.add_marker(pytest.mark.xdist_group("built-sites"))
            if "browser" in getattr(item, "fixturenames", ()):
                item.add_marker(pytest.mark.browser)

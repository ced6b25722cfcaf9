"""The pull-request workflow's light check, step by step, from a fresh partial clone of this
repository: what a contributor waits for before the first word about their file."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from bench.generate import REPO

EXAMPLE = "initiatives/example-flood-sensor-exchange"


def step(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run(command, cwd=cwd, env=environment, check=True, capture_output=True)
    return time.perf_counter() - started


def measure_light_check(work: Path) -> dict[str, float]:
    """Clone without blobs (as actions/checkout with `filter: blob:none`), make a virtual
    environment, install requirements-validate.txt (pip's cache warm, as setup-python's cache
    leaves it) and validate one initiative with two pictures, as for a pull request adding it
    (`--changed-since` adds what the last commit changed, as the workflow asks)."""
    clone = work / "light-check"
    git = ["git", "-c", "uploadpack.allowFilter=true", "clone", "--quiet"]
    steps = {"clone": step([*git, "--filter=blob:none", REPO.as_uri(), str(clone)], work)}
    steps["virtual environment"] = step([sys.executable, "-m", "venv", ".venv"], clone)
    python = str(clone / ".venv" / "bin" / "python")
    install = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    steps["install"] = step([*install, "-r", "requirements-validate.txt"], clone)
    validate = [python, "-m", "builder", "validate", "--changed-since", "HEAD~1", EXAMPLE]
    steps["validate"] = step(validate, clone)
    steps["in all"] = sum(steps.values())
    return steps

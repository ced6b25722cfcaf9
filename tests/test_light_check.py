"""The first pull-request check installs only requirements-validate.txt: everything that
`python -m builder validate` imports must come with it, or contributors get a fault report."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from importlib import metadata

from tests.support import REPO

IMPORTED = """
import json, runpy, sys
from importlib import metadata
sys.argv = ["builder", "validate", *sys.argv[1:]]
try:
    runpy.run_module("builder", run_name="__main__")
except SystemExit:
    pass
owners = metadata.packages_distributions()
tops = {name.split(".")[0] for name in list(sys.modules)}
print(json.dumps(sorted({owner for top in tops for owner in owners.get(top, [])})))
"""
BESIDES = {"solidarity-atlas", "setuptools", "pip", "idna"}
"""The atlas itself (run from its folder), what every virtual environment holds, and idna,
which jsonschema uses for host names when it is installed and does without otherwise."""


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def with_requirements(names: set[str]) -> set[str]:
    """The distributions and everything they require, as installed here."""
    found, waiting = set(), [canonical(n) for n in names]
    while waiting:
        name = waiting.pop()
        if name in found:
            continue
        found.add(name)
        for requirement in metadata.requires(name) or []:
            if "extra ==" not in requirement:
                waiting.append(canonical(re.split(r"[\s;<>=!~\[(]", requirement, maxsplit=1)[0]))
    return found


def test_validation_imports_only_what_the_light_check_installs() -> None:
    listed = {
        line.strip()
        for line in (REPO / "requirements-validate.txt").read_text().splitlines()
        if line.strip() and not line.startswith(("#", "-"))
    }
    folders = sorted(str(p.parent.parent) for p in REPO.glob("initiatives/*/images/*.png"))[:1]
    result = subprocess.run(
        [sys.executable, "-c", IMPORTED, *folders],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
    )
    imported = {canonical(name) for name in json.loads(result.stdout.splitlines()[-1])}
    assert imported - with_requirements(listed) - BESIDES == set()

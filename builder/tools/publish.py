"""Build the site into a temporary folder, audit it, and only then swap it into place, so that a
failed or unsafe build never replaces a good site."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from builder.tools.audit import Finding, audit_site


class BuildFailed(Exception):
    pass


def source_date_epoch(root: Path) -> str:
    """The time of the last commit, so that two builds of one commit are byte-identical."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    result = subprocess.run(
        ["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True
    )
    return result.stdout.strip() if result.returncode == 0 and result.stdout.strip() else "0"


def build_site(root: Path, site: Path, allowed: tuple[str, ...] = ()) -> list[Finding]:
    """Run `mkdocs build --strict` into a fresh folder next to `site`, audit it, then swap.

    Not `--quiet`: MkDocs 1.6 stops counting warnings when quiet, so strict would not fail."""
    site = site.resolve()
    site.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{site.name}-building-", dir=site.parent))
    try:
        environment = {**os.environ, "SOURCE_DATE_EPOCH": source_date_epoch(root)}
        command = [sys.executable, "-m", "mkdocs", "build", "--strict"]
        result = subprocess.run([*command, "--site-dir", str(building)], cwd=root, env=environment)
        if result.returncode != 0:
            raise BuildFailed(
                f"mkdocs build failed (exit {result.returncode}); {site} is unchanged"
            )
        findings = audit_site(building, allowed)
        if findings:
            return findings
        old = site.with_name(f".{site.name}-old")
        shutil.rmtree(old, ignore_errors=True)
        if site.exists():
            site.rename(old)
        building.rename(site)
        shutil.rmtree(old, ignore_errors=True)
        return []
    finally:
        shutil.rmtree(building, ignore_errors=True)

"""Helpers shared by the tests: a small atlas on disk, real pictures, and real processes."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

REPO = Path(__file__).resolve().parents[2]
SCHEMA = REPO / "schema"
EXAMPLES = REPO / "tests" / "examples"
HOSTILE = REPO / "tests" / "hostile"

VALID_YAML = """id: {slug}
title: {title}
summary: Example entry. Villagers measure river levels and warn neighbours downstream.
description: |
  {description}
language: en
categories:
  - environment-climate
solidarity: preventive
countries:
  - KE
location:
  lat: -1.29
  lon: 36.82
  precision: city
images:
  - file: images/river.png
    alt: A drawing of a river between two hills
    credit: Example team
    license: CC0-1.0
    people_identifiable: false
contributor: Example team
added: "2025-06-01"
"""


def png_bytes(size: tuple[int, int] = (400, 400)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (40, 120, 200)).save(out, "PNG")
    return out.getvalue()


def write_initiative(
    root: Path,
    slug: str = "river-keepers",
    *,
    title: str = "Example river keepers",
    description: str = "A fictional example: volunteers read the river gauges every morning.",
    text: str | None = None,
    extra: str = "",
) -> Path:
    """An initiative folder with one picture; `extra` is YAML added to the valid example."""
    folder = root / "initiatives" / slug
    (folder / "images").mkdir(parents=True, exist_ok=True)
    (folder / "images" / "river.png").write_bytes(png_bytes())
    body = text or VALID_YAML.format(slug=slug, title=title, description=description) + extra
    (folder / "initiative.yaml").write_text(body, encoding="utf-8")
    return folder


def copy_site_setup(root: Path) -> Path:
    """The repository's docs, schema and mkdocs.yml in `root`, with no initiatives yet."""
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copytree(SCHEMA, root / "schema")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "initiatives").mkdir(exist_ok=True)
    return root


def run_in_process(capsys: pytest.CaptureFixture[str], *arguments: str | Path) -> tuple[int, str]:
    """`python -m builder ARGUMENTS --schema SCHEMA` run in this process: its exit code and
    everything it printed."""
    from builder.__main__ import main

    code = main([*map(str, arguments), "--schema", str(SCHEMA)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def run_builder(
    *args: str | Path, cwd: Path = REPO, timeout: int = 300, **options
) -> subprocess.CompletedProcess[str]:
    """`python -m builder ...` in a real process."""
    return subprocess.run(
        [sys.executable, "-m", "builder", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
        **options,
    )


def mkdocs(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "mkdocs", *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=300)

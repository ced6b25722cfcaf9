from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from builder.pipeline import Settings

REPO = Path(__file__).resolve().parent.parent
SCHEMA = REPO / "schema"
EXAMPLES = REPO / "tests" / "examples"

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
) -> Path:
    folder = root / "initiatives" / slug
    (folder / "images").mkdir(parents=True, exist_ok=True)
    (folder / "images" / "river.png").write_bytes(png_bytes())
    body = text or VALID_YAML.format(slug=slug, title=title, description=description)
    (folder / "initiative.yaml").write_text(body, encoding="utf-8")
    return folder


@pytest.fixture
def atlas_root(tmp_path: Path) -> Path:
    (tmp_path / "initiatives").mkdir()
    return tmp_path


@pytest.fixture
def settings(atlas_root: Path) -> Settings:
    return Settings(atlas_root.resolve(), SCHEMA, atlas_root / ".cache" / "images")


def run_validator(*args: str | Path, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "builder", "validate", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )

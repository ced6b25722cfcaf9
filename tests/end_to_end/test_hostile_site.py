"""Hostile input that is right to accept: each case in tests/hostile/ with a neutralised.txt is
built into one site by the audited build (`python -m builder build`, as deploy and pull-request
CI build it), where its payload must be inert and its pictures published. What validates, builds.
(Cases refused by the validator run in tests/cases/test_golden.py.)"""

from __future__ import annotations

import io
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from PIL import Image

from builder.tools.audit import audit_site
from tests.support import HOSTILE, copy_site_setup, run_builder
from tests.support.small_atlas import SOURCE_DATE_EPOCH

INERT = sorted(p for p in HOSTILE.iterdir() if (p / "neutralised.txt").exists())


def test_the_suite_is_large_enough() -> None:
    assert len(INERT) >= 30


class _Live(HTMLParser):
    """Where text could run: attributes that are not plain labels, and script and style text."""

    LABELS = frozenset({"alt", "title", "content", "aria-label", "data-category", "class", "id"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.live: list[str] = []
        self.inside: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.inside.append(tag)
        self.live += [f"<{tag}>"]
        self.live += [f"{k}={v}" for k, v in attrs if k not in self.LABELS and v]

    def handle_endtag(self, tag: str) -> None:
        if self.inside and self.inside[-1] == tag:
            self.inside.pop()

    def handle_data(self, data: str) -> None:
        if self.inside and self.inside[-1] in ("script", "style"):
            self.live.append(data)


@pytest.fixture(scope="module")
def inert_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_site_setup(tmp_path_factory.mktemp("inert"))
    for case in INERT:
        source = case / "initiatives" / "river-keepers"
        target = root / "initiatives" / case.name
        shutil.copytree(source, target)
        yaml_file = target / "initiative.yaml"
        text = yaml_file.read_bytes().decode("utf-8")
        yaml_file.write_bytes(text.replace("id: river-keepers", f"id: {case.name}", 1).encode())
    assert run_builder("validate", "--root", root).returncode == 0
    environment = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    result = run_builder("build", "--root", root, "--site-dir", "site", env=environment)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def test_the_site_with_every_accepted_case_passes_the_audit(inert_site: Path) -> None:
    assert audit_site(inert_site) == []


@pytest.mark.parametrize("case", INERT, ids=lambda p: p.name)
def test_accepted_payload_is_inert(case: Path, inert_site: Path) -> None:
    marker, *how = (case / "neutralised.txt").read_text().split()
    page = inert_site / "initiatives" / f"{case.name}.html"
    html = page.read_text(encoding="utf-8")
    if how == ["absent"]:
        # Gone from every page and script; the open data keeps the description's Markdown as
        # text (data/initiatives.json, .csv), where no link is live.
        assert not [
            p
            for p in inert_site.rglob("*")
            if p.suffix in (".html", ".js") and marker.encode() in p.read_bytes()
        ]
    else:
        assert marker in html
    shown = []
    for path in inert_site.rglob("*.html"):
        parser = _Live()
        parser.feed(path.read_text(encoding="utf-8"))
        shown += [item for item in parser.live if marker in item]
    assert shown == []
    data = (inert_site / "assets" / "atlas" / "initiatives.js").read_text(encoding="utf-8")
    assert "</script" not in data.lower() and "<!--" not in data


def listed_pictures(case: Path) -> list[str]:
    text = (case / "initiatives" / "river-keepers" / "initiative.yaml").read_text(encoding="utf-8")
    return [image["file"] for image in yaml.safe_load(text).get("images", [])]


@pytest.mark.parametrize("case", INERT, ids=lambda p: p.name)
def test_every_accepted_picture_is_published(case: Path, inert_site: Path) -> None:
    html = (inert_site / "initiatives" / f"{case.name}.html").read_text(encoding="utf-8")
    shown = set(re.findall(r'src="\.\./(assets/pictures/[0-9a-f]+)-\d+\.webp"', html))
    assert len(shown) == len(listed_pictures(case))
    for picture in shown:
        assert list(inert_site.glob(f"{picture}-*.webp"))


def first_rendition(site: Path, case: str) -> Image.Image:
    html = (site / "initiatives" / f"{case}.html").read_text(encoding="utf-8")
    name = re.search(r'src="\.\./(assets/pictures/[0-9a-f]+-\d+\.webp)"', html)
    assert name
    return Image.open(io.BytesIO((site / name.group(1)).read_bytes()))


def test_pictures_keep_their_look_whatever_their_mode(inert_site: Path) -> None:
    grey = first_rendition(inert_site, "image-sixteen-bit-grey").convert("RGB")
    assert grey.getpixel((10, 10)) == pytest.approx((117, 117, 117), abs=3)
    palette = first_rendition(inert_site, "image-palette-with-transparency")
    assert palette.mode == "RGBA" and palette.getpixel((5, 5))[3] == 0
    assert palette.getpixel((300, 300)) == pytest.approx((40, 120, 200, 255), abs=3)
    turned = first_rendition(inert_site, "image-orientation-swaps-sides")
    assert turned.height > turned.width

"""End to end: the plugin inside a real MkDocs build, on a small fixture atlas."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from builder.images import metadata_kinds
from builder.problems import format_report
from tests.conftest import REPO, SCHEMA, run_validator, write_initiative
from tests.html_scan import elements

PAYLOADS = {
    "title": "<script>alert(1)</script> ${alert(1)}",
    "summary": '"><img src=x onerror=alert(1)> Example summary for the test atlas.',
    "description": (
        "<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1)) <script>alert(1)</script>"
    ),
    "organization": "</bdi><script>alert(1)</script>",
    "alt": '" onmouseover="alert(1)',
    "contributor": "{{ config }} {% raw %} --8<-- '/etc/passwd'",
}


def hostile_yaml(slug: str) -> str:
    quoted = {k: v.replace("\\", "\\\\").replace('"', '\\"') for k, v in PAYLOADS.items()}
    description = PAYLOADS["description"].replace("\n", "\n  ")
    return f"""id: {slug}
title: "{quoted["title"]}"
summary: "{quoted["summary"]}"
description: |
  {description}
  A fictional example that tries to break out of every place its text appears.
language: en
categories: [environment-climate, health]
solidarity: reactive
countries: [KE]
location: {{lat: -1.29, lon: 36.82, precision: city}}
organizations:
  - {{name: "{quoted["organization"]}", type: network, website: "https://example.org"}}
links:
  - {{title: "{quoted["title"]}", url: "https://example.org/a"}}
images:
  - file: images/river.png
    alt: "{quoted["alt"]}"
    caption: "{quoted["title"]}"
    credit: "{quoted["organization"]}"
    license: CC0-1.0
    people_identifiable: false
contributor: "{quoted["contributor"]}"
"""


def make_site(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "docs", tmp_path / "docs")
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(SCHEMA, tmp_path / "schema")
    write_initiative(tmp_path, "river-keepers")
    write_initiative(tmp_path, "hostile-text", text=hostile_yaml("hostile-text"))
    return tmp_path


def mkdocs(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "mkdocs", *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=300)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_site(tmp_path_factory.mktemp("atlas"))
    result = mkdocs("build", "--strict", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_every_generated_page_exists(built: Path) -> None:
    for page in [
        "index.html",
        "initiatives/river-keepers.html",
        "initiatives/hostile-text.html",
        "categories/index.html",
        "categories/environment-climate.html",
        "categories/health.html",
        "countries.html",
        "countries/ke.html",
    ]:
        assert (built / page).is_file(), page
    category_pages = list((built / "categories").glob("*.html"))
    assert len(category_pages) == 18 + 1


def test_no_payload_is_live_anywhere(built: Path) -> None:
    pages = list(built.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "<script>alert(1)" not in html, page
        for tag, attrs in elements(html):
            code_like = {k: v for k, v in attrs.items() if k not in ("alt", "title", "content")}
            assert not any("alert(" in value for value in code_like.values()), (page, tag, attrs)
            assert not any(name.startswith("on") for name in attrs), (page, tag, attrs)
            assert not attrs.get("href", "").lower().startswith("javascript"), page
    hostile = (built / "initiatives/hostile-text.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; ${alert(1)}" in hostile
    assert "{{ config }} {% raw %} --8&lt;-- &#39;/etc/passwd&#39;" in hostile
    alts = [attrs.get("alt") for tag, attrs in elements(hostile) if tag == "img"]
    assert PAYLOADS["alt"] in alts


def test_the_home_page_shows_totals_and_newest(built: Path) -> None:
    home = (built / "index.html").read_text(encoding="utf-8")
    assert "<strong>2</strong> initiatives" in home
    assert 'href="initiatives/river-keepers.html"' in home


def test_images_are_published_rebuilt_not_copied(built: Path) -> None:
    published = sorted((built / "assets" / "pictures").glob("*.webp"))
    assert [p.name.split("-")[1] for p in published] == ["400.webp"]
    assert not list(built.rglob("river.png"))


def test_invalid_data_fails_the_build_with_the_validator_report(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    yaml_file = root / "initiatives" / "river-keepers" / "initiative.yaml"
    yaml_file.write_text(yaml_file.read_text().replace("lat: -1.29", "lat: -1.2921"))
    report = run_validator("--root", root).stdout.strip()
    result = mkdocs("build", "--strict", cwd=root)
    assert result.returncode == 1
    assert report in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert report.endswith("2 initiatives checked, 1 problem")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.3)
    return False


def fetch(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def test_serve_keeps_serving_invalid_data_and_recovers(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    yaml_file = root / "initiatives" / "river-keepers" / "initiative.yaml"
    good = yaml_file.read_text()
    yaml_file.write_text(good.replace("language: en", "language: English"))
    port = free_port()
    log = tmp_path / "serve.log"
    with open(log, "w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=root,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_for(lambda: fetch(f"{base}/index.html") == 200), log.read_text()
        assert fetch(f"{base}/initiatives/river-keepers.html") == 404
        assert "language: 'English' is not in the right form" in log.read_text()
        yaml_file.write_text(good)
        assert wait_for(lambda: fetch(f"{base}/initiatives/river-keepers.html") == 200), (
            log.read_text()
        )
        yaml_file.write_text(good.replace("lat: -1.29", "lat: -1.2921"))
        assert wait_for(lambda: "-1.2921 has 4 decimals" in log.read_text()), log.read_text()
        assert wait_for(lambda: fetch(f"{base}/initiatives/river-keepers.html") == 404)
        assert fetch(f"{base}/initiatives/hostile-text.html") == 200
        assert server.poll() is None
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_repository_builds_strictly_with_clean_pictures(tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = mkdocs("build", "--strict", "--site-dir", str(site), cwd=REPO)
    assert result.returncode == 0, result.stderr
    initiatives = list((REPO / "initiatives").iterdir())
    assert len(list((site / "initiatives").glob("*.html"))) == len(initiatives)
    originals = {p.name for p in (REPO / "initiatives").rglob("images/*")}
    assert not [p for p in site.rglob("*") if p.name in originals]
    pictures = list((site / "assets" / "pictures").iterdir())
    assert len(pictures) >= 3 * len(initiatives)
    for picture in pictures:
        assert metadata_kinds(picture.read_bytes()) == [], picture


def test_format_report_is_what_the_plugin_raises() -> None:
    assert format_report([], 0) == "0 initiatives checked, all valid"


def test_map_files_are_byte_identical_between_builds(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    built = []
    for name in ("one", "two"):
        result = mkdocs("build", "--strict", "--site-dir", name, cwd=root)
        assert result.returncode == 0, result.stderr
        maps = sorted((root / name / "maps").iterdir()) + sorted(
            (root / name / "assets/atlas").iterdir()
        )
        built.append({p.relative_to(root / name): p.read_bytes() for p in maps})
    assert len(built[0]) >= 6
    assert built[0] == built[1]

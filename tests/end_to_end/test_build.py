"""End to end: the plugin inside a real MkDocs build, on a small fixture atlas and on the
repository itself."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from builder.data.i18n import SITE_LANGUAGES
from builder.data.images import metadata_kinds
from builder.site import urls
from tests.support import REPO, run_builder
from tests.support.html_scan import elements
from tests.support.small_atlas import PAYLOADS, SOURCE_DATE_EPOCH, make_site


def test_every_generated_page_exists(small_site: Path) -> None:
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
        assert (small_site / page).is_file(), page
    category_pages = list((small_site / "categories").glob("*.html"))
    assert len(category_pages) == 18 + 1


def test_no_payload_is_live_anywhere(small_site: Path) -> None:
    pages = list(small_site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "<script>alert(1)" not in html and "<script>window" not in html, page
        for tag, attrs in elements(html):
            code_like = {k: v for k, v in attrs.items() if k not in ("alt", "title", "content")}
            assert not any("alert(" in value for value in code_like.values()), (page, tag, attrs)
            assert not any(name.startswith("on") for name in attrs), (page, tag, attrs)
            assert not attrs.get("href", "").lower().startswith("javascript"), page
    hostile = (small_site / "initiatives/hostile-text.html").read_text(encoding="utf-8")
    assert "&lt;/script&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt; ${alert(1)}" in hostile
    assert "{{ config }} {% raw %} --8&lt;-- &#39;/etc/passwd&#39;" in hostile
    alts = [attrs.get("alt") for tag, attrs in elements(hostile) if tag == "img"]
    assert PAYLOADS["alt"] in alts


def test_the_home_page_shows_totals_and_newest(small_site: Path) -> None:
    home = (small_site / "index.html").read_text(encoding="utf-8")
    assert "<strong>2</strong> initiatives" in home
    assert 'href="initiatives/river-keepers.html"' in home


def test_images_are_published_rebuilt_not_copied(small_site: Path) -> None:
    published = sorted((small_site / "assets" / "pictures").glob("*.webp"))
    assert [p.name.split("-")[1] for p in published] == ["400.webp"]
    assert not list(small_site.rglob("river.png"))


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
    # `mkdocs serve` serves the site under the path of its site_url, as it will be published.
    path = re.search(r"^site_url: https?://[^/]+(/\S*)$", (root / "mkdocs.yml").read_text(), re.M)
    base = f"http://127.0.0.1:{port}{path.group(1).rstrip('/') if path else ''}"
    try:
        assert wait_for(lambda: fetch(f"{base}/index.html") == 200), log.read_text()
        assert fetch(f"{base}/initiatives/river-keepers.html") == 404
        assert "language: 'English' is not a language code" in log.read_text()
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


def test_the_repository_builds_with_clean_pictures(repository_site: Path) -> None:
    site = repository_site
    initiatives = list((REPO / "initiatives").iterdir())
    assert len(list((site / "initiatives").glob("*.html"))) == len(initiatives)
    originals = {p.name for p in (REPO / "initiatives").rglob("images/*")}
    assert not [p for p in site.rglob("*") if p.name in originals]
    pictures = list((site / "assets" / "pictures").iterdir())
    assert len(pictures) >= 3 * len(initiatives)
    for picture in pictures:
        assert metadata_kinds(picture.read_bytes()) == [], picture


def test_languages_built_apart_merge_into_the_same_audited_site(
    small_site: Path, tmp_path: Path
) -> None:
    """What the deploy workflow does: each language on its own machine, then one merge that
    makes the offline copies, and the audit. Files match those of the site built in one go,
    but for the copies and the Download pages, which list only the languages merged."""
    root = small_site.parent
    environment = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    for language in ("en", "ar"):
        part = tmp_path / language
        built = run_builder(
            "build",
            "--root",
            root,
            "--part",
            "--language",
            language,
            "--site-dir",
            part,
            "--zim",
            env=environment,
        )
        assert built.returncode == 0, built.stdout + built.stderr
    again = run_builder("build", "--root", root, "--part", "--site-dir", tmp_path / "en")
    assert again.returncode == 1 and "is not empty" in again.stderr
    merged = run_builder(
        "merge", tmp_path / "en", tmp_path / "ar", "--root", root, "--site-dir", tmp_path / "site",
        "--zim", env=environment,
    )  # fmt: skip
    assert merged.returncode == 0, merged.stdout + merged.stderr
    others = tuple(f"{code}/" for code in SITE_LANGUAGES if code not in ("en", "ar"))
    expected = {
        str(path.relative_to(small_site))
        for path in small_site.rglob("*")
        if path.is_file() and not str(path.relative_to(small_site)).startswith(others)
    }
    site = tmp_path / "site"
    files = {str(path.relative_to(site)) for path in site.rglob("*") if path.is_file()}
    copies = {
        f"{urls.DOWNLOADS_DIR}/solidarity-atlas-{c}.{k}"
        for c in ("en", "ar")
        for k in ("zip", "zim")
    }
    assert {name for name in files if name.startswith(urls.DOWNLOADS_DIR)} == copies
    assert files == {name for name in expected if not name.startswith(urls.DOWNLOADS_DIR)} | copies
    listing = ("download.html", "ar/download.html")
    same = [
        name for name in files if not name.startswith(urls.DOWNLOADS_DIR) and name not in listing
    ]
    assert all((site / name).read_bytes() == (small_site / name).read_bytes() for name in same)

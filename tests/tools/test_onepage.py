"""One-page previews: an initiative's page cut out of the built site with every file it loads,
opening from review/<id>/index.html."""

from __future__ import annotations

import subprocess
from pathlib import Path

from builder.__main__ import main
from builder.tools.onepage import files_of_page, write_preview
from tests.support import write_initiative

PAGE = """<!doctype html><html><head>
<link rel="stylesheet" href="../assets/atlas.css">
<link rel="canonical" href="../index.html">
<script src="../assets/atlas/atlas-page.js"></script>
<script src="https://evil.example/x.js"></script>
</head><body>
<img src="../pictures/a-400.webp" srcset="../pictures/a-400.webp 400w, ../pictures/a-800.webp 800w">
<a href="../categories/health.html">Health</a>
<iframe src="../locator/1.5_2.0.html"></iframe>
<img src="../../outside.png"><img src="data:image/png;base64,AAAA">
</body></html>
"""
FILES = {
    "initiatives/river-keepers.html": PAGE,
    "assets/atlas.css": "body { background: url('fonts/x.woff2') }",
    "assets/fonts/x.woff2": "font",
    "assets/atlas/atlas-page.js": "",
    "pictures/a-400.webp": "w",
    "pictures/a-800.webp": "w",
    "pictures/unrelated.webp": "w",
    "categories/health.html": "<p>another page</p>",
    "locator/1.5_2.0.html": '<script src="../assets/vendor/leaflet.js"></script>',
    "assets/vendor/leaflet.js": "",
}


def built_site(root: Path) -> Path:
    site = root / "site"
    for name, text in FILES.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")
    return site


def test_a_page_takes_every_file_it_loads_and_no_other_page(tmp_path: Path) -> None:
    site = built_site(tmp_path)
    assert files_of_page(site, "initiatives/river-keepers.html") == [
        "assets/atlas.css",
        "assets/atlas/atlas-page.js",
        "assets/fonts/x.woff2",
        "assets/vendor/leaflet.js",
        "initiatives/river-keepers.html",
        "locator/1.5_2.0.html",
        "pictures/a-400.webp",
        "pictures/a-800.webp",
    ]


def test_the_folder_opens_the_page_from_its_index(tmp_path: Path) -> None:
    site = built_site(tmp_path)
    folder = write_preview(site, site / "review", "river-keepers", "<b>Rivers</b> & more")
    assert folder == site / "review" / "river-keepers"
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert 'content="0; url=initiatives/river-keepers.html"' in index
    assert "&lt;b&gt;Rivers&lt;/b&gt; &amp; more" in index and "<b>" not in index
    assert (folder / "initiatives" / "river-keepers.html").read_text(encoding="utf-8") == PAGE
    assert (folder / "locator" / "1.5_2.0.html").is_file()
    assert not (folder / "categories").exists()
    assert write_preview(site, site / "review", "not-built", "x") is None


def test_the_preview_command_writes_a_folder_per_changed_initiative(tmp_path: Path) -> None:
    root = tmp_path / "atlas"
    (root / "initiatives").mkdir(parents=True)
    identity = ["-c", "user.name=T", "-c", "user.email=t@example.org"]

    def git(*args: str) -> None:
        subprocess.run(["git", *identity, *args], cwd=root, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("commit", "-q", "--allow-empty", "-m", "base")
    write_initiative(root, "river-keepers", title="Rivers")
    write_initiative(root, "not-built")
    git("add", "-A")
    git("commit", "-q", "-m", "pull request")
    site = built_site(root)
    assert main(["preview", "--root", str(root), "--base", "HEAD~1", "--site", "site"]) == 0
    assert sorted(p.name for p in (site / "review").iterdir()) == ["river-keepers"]
    assert "One-page preview: Rivers" in (site / "review/river-keepers/index.html").read_text()

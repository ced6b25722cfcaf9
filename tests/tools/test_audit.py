"""The audit of a built site finds what must never be published, whatever made it."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image

from builder.__main__ import main
from builder.site import urls
from builder.tools.audit import audit_site


def planted_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / urls.ATLAS_ASSETS).mkdir(parents=True)
    (site / "index.html").write_text(
        '<a href="page.html">fine</a><img src="pic.webp" alt="ok">'
        '<p onclick="x()">a</p><a href=" JaVaScRiPt:alert(1)">b</a>'
        '<script src="https://cdn.example.org/x.js"></script><img srcset="//evil.example/p.png 1x">'
        "<p>write to someone@example.org</p>"
        '<iframe src="maps/locator.html#lat=1.234&amp;lon=36.82"></iframe>'
    )
    (site / "style.css").write_text("body{background:url('https://fonts.example.org/f.woff')}")
    item = {"id": "x", "url": "initiatives/x.html", "lat": 1.234, "lon": 2.5, "email": "e"}
    (site / urls.MAP_DATA).write_text(f"window.ATLAS_DATA = {json.dumps({'items': [item]})};")
    picture = io.BytesIO()
    Image.new("RGB", (8, 8)).save(picture, "JPEG", exif=Image.Exif(), comment=b"owner")
    (site / "photo.jpg").write_bytes(picture.getvalue())
    return site


def test_the_audit_finds_every_planted_problem(tmp_path: Path) -> None:
    findings = {(f.file, f.message.split(":")[0]) for f in audit_site(planted_site(tmp_path))}
    assert findings == {
        (urls.MAP_DATA, "initiative initiatives/x.html carries fields that are not public"),
        (urls.MAP_DATA, "initiative initiatives/x.html has a point with more than 2 decimals"),
        ("index.html", "<a href> holds an active URL"),
        ("index.html", "<img srcset> loads from another server"),
        ("index.html", "<p> has an event-handler attribute onclick"),
        ("index.html", "<script src> loads from another server"),
        ("index.html", "a map point has more than 2 decimals"),
        ("index.html", "contains an e-mail address"),
        ("photo.jpg", "picture carries metadata"),
        ("style.css", "stylesheet loads from another server"),
    }


def test_configured_servers_are_allowed(tmp_path: Path) -> None:
    site = planted_site(tmp_path)
    allowed = ("https://cdn.example.org/", "https://fonts.example.org/", "//evil.example/")
    messages = [f.message for f in audit_site(site, allowed)]
    assert not [m for m in messages if "another server" in m]


@pytest.mark.parametrize(
    "content",
    ["window.ATLAS_DATA = {not json", "var x = 1;", 'window.ATLAS_DATA = {"items": 3};', ""],
)
def test_malformed_map_data_is_a_finding_that_names_the_file(
    tmp_path: Path, content: str, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    (site / urls.ATLAS_ASSETS).mkdir(parents=True)
    (site / urls.MAP_DATA).write_text(content)
    assert main(["audit", str(site)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{urls.MAP_DATA}: the map data cannot be read")
    assert "choose another name" not in out
    assert out.endswith("1 files audited, 1 findings\n")

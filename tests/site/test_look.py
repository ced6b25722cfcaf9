"""The atlas's own face, as the pages are rendered: category icons from the theme's bundled
sets, a home page with the map, the categories and the open calls, and every map with a way
past it, its disclaimer, and a text equivalent where it stands for one place."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from builder import pipeline
from builder.data.vocabularies import load_vocabularies
from builder.settings import Settings, TileSettings
from builder.site import icons, maps, urls
from builder.site.pages import Build
from tests.support import SCHEMA, write_initiative
from tests.support.html_scan import elements

CALL = """calls:
  - title: Volunteers for the flood season
    seeks: [volunteers]
    until: "2027-05-31"
"""
DISCLAIMER = (
    "The boundaries and names shown on this map do not imply any endorsement or acceptance by "
    "the Solidarity Atlas."
)


def test_every_category_has_an_icon_the_theme_bundles() -> None:
    vocab = load_vocabularies(SCHEMA)
    assert list(icons.icon_problems(vocab, SCHEMA)) == []
    names = [category.icon for category in vocab.categories.values()]
    assert len(set(names)) == len(names), "each category its own icon"
    for name in names:
        svg = icons.inline_icon(name)
        assert svg.startswith('<svg class="atlas-icon" aria-hidden="true" ')
        assert svg.endswith("</svg>") and "<path" in svg


@pytest.mark.parametrize(
    "name", ["material/no-such-icon", "../../../../etc/passwd", "material/../material/peace", ""]
)
def test_an_icon_name_outside_the_theme_is_refused(name: str) -> None:
    assert icons.icon_file(name) is None
    with pytest.raises(icons.IconError):
        icons.inline_icon(name)


@pytest.fixture
def rendered(atlas_root: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1781481600")
    write_initiative(atlas_root, extra=CALL)
    atlas, checked = pipeline.collect(settings)
    assert checked.problems == []
    return pipeline.outputs(atlas, settings, Build("en"))


def test_the_home_page_shows_the_map_the_categories_and_the_open_calls(rendered) -> None:
    home = rendered.home
    found = elements(home)
    frames = [attributes for tag, attributes in found if tag == "iframe"]
    assert [frame["src"] for frame in frames] == [urls.WORLD_MAP]
    links = [attributes["href"] for tag, attributes in found if tag == "a"]
    vocab = load_vocabularies(SCHEMA)
    for category in vocab.categories:
        assert urls.site_path(urls.category(category)) in links
    assert home.count('<svg class="atlas-icon"') == len(vocab.categories)
    assert "Volunteers for the flood season" in home
    assert "See the 1 open call for solidarity" in home


def test_every_map_has_a_way_past_it_and_the_disclaimer_under_it(rendered) -> None:
    bodies = {page.uri: page.html for page in rendered.pages} | {urls.HOME: rendered.home}
    with_maps = {uri: html for uri, html in bodies.items() if "<iframe" in html}
    assert {urls.HOME, urls.MAP, urls.CROSS_BORDER, urls.initiative("river-keepers"),
            urls.category("environment-climate"), urls.country("KE")} <= set(with_maps)  # fmt: skip
    for uri, html in with_maps.items():
        found = elements(html)
        for index, (tag, _attributes) in enumerate(found):
            if tag != "iframe":
                continue
            skip, caption = found[index - 1], found[index + 1]
            assert skip[1].get("class") == "atlas-skip" and skip[1]["href"] == "#atlas-map-end"
            assert caption[0] == "figcaption" and caption[1]["id"] == "atlas-map-end", uri
        assert html.count("Skip the map") == html.count("<iframe") == html.count(DISCLAIMER)


def test_the_locator_map_has_a_text_equivalent(rendered) -> None:
    page = next(p for p in rendered.pages if p.uri == urls.initiative("river-keepers"))
    assert re.search(
        r'<p class="atlas-map-text">The map shows one point in Kenya, at -1.29, 36.82 '
        r"\(precision: [^)]+\)\.</p>",
        page.html,
    )


@pytest.mark.parametrize("mode", ["world", "locator"])
def test_a_map_document_lets_the_reader_zoom_and_speaks_their_language(mode: str) -> None:
    document = maps.render_map(mode, [], TileSettings(), "ar", "../").decode("utf-8")
    assert '<html lang="ar" dir="rtl">' in document
    viewports = re.findall(r'<meta name="viewport" content="([^"]+)"', document)
    assert viewports == ["width=device-width, initial-scale=1"]
    assert "L_NO_TOUCH" not in document and "#map_map {" not in document
    assert f'<body class="atlas-map-document atlas-map-document--{mode}">' in document
    words = re.search(r'<script type="application/json" id="atlas-map-words">(.*?)</script>',
                      document)  # fmt: skip
    assert words and set(json.loads(words.group(1))) == {
        "zoom_in", "zoom_out", "attribution", "disclaimer"
    }  # fmt: skip
    assert '<p class="atlas-disclaimer" hidden>' in document
    assert document.index("</script>\n</body>") > document.index('<div class="folium-map"')

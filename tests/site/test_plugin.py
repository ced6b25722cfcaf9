"""The MkDocs plugin's events, called as plain functions on a real MkDocs configuration."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files, InclusionLevel, get_files

from builder.plugin import (
    HOME_MARKER,
    AtlasPlugin,
    mark_document_language,
    page_html,
    set_meta,
    translated_palette,
)
from builder.site import urls
from builder.site.pages import Build, Rendered, language_links
from tests.support import copy_site_setup, run_builder, write_initiative


def configured(root: Path, command: str = "build") -> tuple[AtlasPlugin, MkDocsConfig]:
    """The configuration as MkDocs prepares it, events run through its plugin collection."""
    config = load_config(config_file=str(root / "mkdocs.yml"))
    config.plugins.on_startup(command=command, dirty=False)
    config = config.plugins.on_config(config)
    plugin = config.plugins["atlas"]
    assert isinstance(plugin, AtlasPlugin)
    return plugin, config


def generated_files(config: MkDocsConfig) -> Files:
    """The documentation's files, as MkDocs finds them, and what the plugins add."""
    return config.plugins.on_files(get_files(config), config=config)


@pytest.fixture
def site_root(tmp_path: Path) -> Path:
    root = copy_site_setup(tmp_path)
    write_initiative(root, "river-keepers")
    return root


def test_files_gain_every_generated_page_and_picture(site_root: Path) -> None:
    plugin, config = configured(site_root)
    assert plugin.settings.root == site_root.resolve()
    files = generated_files(config)
    uris = {file.src_uri: file for file in files}
    assert urls.initiative("river-keepers") in uris
    assert uris[urls.MAP].inclusion == InclusionLevel.UNDEFINED
    assert uris[urls.initiative("river-keepers")].inclusion == InclusionLevel.NOT_IN_NAV
    assert {urls.MAP_DATA, urls.WORLD_MAP, urls.LOCATOR_MAP} <= set(uris)
    pictures = [uri for uri in uris if uri.startswith(urls.PICTURES_DIR)]
    assert len(pictures) == 1 and uris[pictures[0]].abs_src_path


def test_invalid_initiatives_stop_a_build_with_the_validator_report(site_root: Path) -> None:
    yaml_file = site_root / "initiatives/river-keepers/initiative.yaml"
    yaml_file.write_text(yaml_file.read_text().replace("lat: -1.29", "lat: -1.2921"))
    report = run_builder("validate", "--root", site_root).stdout.strip()
    plugin, config = configured(site_root)
    with pytest.raises(PluginError) as raised:
        generated_files(config)
    assert str(raised.value) == f"The initiatives have problems:\n{report}"
    assert report.endswith("1 initiative checked, 1 problem")


def test_a_category_without_a_known_icon_stops_the_build_and_says_where(site_root: Path) -> None:
    vocabularies = site_root / "schema" / "vocabularies.yaml"
    text = vocabularies.read_text(encoding="utf-8")
    vocabularies.write_text(
        text.replace("icon: material/leaf", "icon: material/no-such-leaf", 1)
        .replace("    icon: material/peace\n", "", 1),
        encoding="utf-8",
    )
    lines = vocabularies.read_text(encoding="utf-8").splitlines()
    peace = lines.index("  - id: peace-disarmament") + 1
    environment = lines.index("  - id: environment-climate") + 1
    plugin, config = configured(site_root)
    with pytest.raises(PluginError) as raised:
        generated_files(config)
    assert str(raised.value).splitlines() == [
        "The vocabularies have problems:",
        f"schema/vocabularies.yaml:{peace}: categories: peace-disarmament: icon: missing; add "
        "`icon: material/<name>` with a name from "
        "https://squidfunk.github.io/mkdocs-material/reference/icons-emojis/",
        f"schema/vocabularies.yaml:{environment}: categories: environment-climate: icon: "
        "'material/no-such-leaf' is not one of the icons bundled with mkdocs-material; choose "
        "a name from https://squidfunk.github.io/mkdocs-material/reference/icons-emojis/ "
        "(for example material/peace)",
    ]


def test_the_colour_switches_are_named_in_the_build_language() -> None:
    palette = [
        {"scheme": "default", "toggle": {"icon": "material/weather-night", "name": "Dark"}},
        {"scheme": "slate", "toggle": {"icon": "material/weather-sunny", "name": "Light"}},
        {"scheme": "plain"},
    ]
    assert translated_palette(palette, str.upper) == [
        {"scheme": "default", "toggle": {"icon": "material/weather-night", "name": "DARK"}},
        {"scheme": "slate", "toggle": {"icon": "material/weather-sunny", "name": "LIGHT"}},
        {"scheme": "plain"},
    ]
    assert palette[0]["toggle"]["name"] == "Dark", "the configuration itself is left alone"
    assert translated_palette({"primary": "custom"}, str.upper) == {"primary": "custom"}


def test_while_serving_invalid_initiatives_are_left_out_and_reported(
    site_root: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write_initiative(site_root, "lake-keepers", title="x")
    plugin, config = configured(site_root, command="serve")
    with caplog.at_level(logging.ERROR, logger="mkdocs.plugins.builder"):
        files = generated_files(config)
    uris = {file.src_uri for file in files}
    assert urls.initiative("river-keepers") in uris
    assert urls.initiative("lake-keepers") not in uris
    assert "Invalid initiatives are left out until fixed" in caplog.text
    assert "is 1 characters long" in caplog.text


def test_page_metadata_and_body_come_from_the_rendered_page() -> None:
    body = Rendered("map.md", "Map &amp; more", "All of it", "<h1>Map</h1>", full_width=True)
    meta: dict[str, object] = {}
    set_meta(meta, "map.md", body)
    assert meta == {"title": "Map &amp; more", "description": "All of it",
                    "hide": ["navigation", "toc"]}  # fmt: skip
    untouched: dict[str, object] = {"title": "About"}
    set_meta(untouched, "about.md", None)
    assert untouched == {"title": "About"}
    home: dict[str, object] = {"title": "Solidarity Atlas"}
    set_meta(home, urls.HOME, None)
    assert home == {"title": "Solidarity Atlas", "hide": ["navigation", "toc"]}, "the map, wide"
    bodies = {"map.md": body}
    assert page_html("<p>ignored</p>", "map.md", bodies, "") == "<h1>Map</h1>"
    assert page_html(f"<p>a</p>{HOME_MARKER}", urls.HOME, bodies, "<b>home</b>") == (
        "<p>a</p><b>home</b>"
    )
    assert page_html("<p>about</p>", "about.md", bodies, "<b>home</b>") == "<p>about</p>"


def language_config(root: Path, language: str, monkeypatch: pytest.MonkeyPatch, command: str = "build"):
    monkeypatch.setenv("ATLAS_LANGUAGE", language)
    return configured(root, command)


def test_a_language_build_translates_the_site_and_finds_pictures_one_folder_up(
    site_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (site_root / "docs" / "fr" / "about.md").write_text("# À propos\n", encoding="utf-8")
    plugin, config = language_config(site_root, "fr", monkeypatch)
    assert plugin.build == Build(
        "fr",
        "../",
        "https://github.com/solidarity-atlas/atlas",
        "https://solidarity-atlas.github.io/atlas/",
    )
    assert config.theme["language"] == "fr"
    assert config.site_name == "Atlas de la solidarité"
    files = generated_files(config)
    about = files.get_file_from_path("about.md")
    assert about is not None and about.abs_src_path.endswith("docs/fr/about.md")
    assert not [f for f in files if f.src_uri.startswith(("fr/", "ar/"))]
    assert not [f for f in files if f.src_uri.startswith(urls.PICTURES_DIR)]
    search = next(p for name, p in config.plugins.items() if name.endswith("search"))
    assert search.config.lang == ["fr"]


def test_while_serving_a_language_holds_its_own_pictures(
    site_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plugin, config = language_config(site_root, "ar", monkeypatch, command="serve")
    assert plugin.build.shared_root == ""
    assert [f for f in generated_files(config) if f.src_uri.startswith(urls.PICTURES_DIR)]


def test_an_unknown_language_is_refused(site_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(PluginError, match="theme.language is 'de'"):
        language_config(site_root, "de", monkeypatch)


def test_the_document_carries_its_language_and_direction() -> None:
    page = '<!doctype html>\n<html lang="ar" class="no-js">\n<head></head><body dir="rtl">'
    marked = mark_document_language(page, "ar")
    assert '<html lang="ar" dir="rtl" class="no-js">' in marked
    assert marked.count("<html") == 1


def test_the_language_switch_leads_to_the_same_page() -> None:
    links = {link["code"]: link for link in language_links("initiatives/x.md", "fr")}
    assert links["fr"]["current"] is True
    assert links["en"]["href"] == "../../initiatives/x.html"
    assert links["zh"]["href"] == "../../zh/initiatives/x.html"
    english = {link["code"]: link["href"] for link in language_links("index.md", "en")}
    assert english == {
        "ar": "ar/index.html", "zh": "zh/index.html", "en": "index.html",
        "fr": "fr/index.html", "ru": "ru/index.html", "es": "es/index.html",
    }  # fmt: skip

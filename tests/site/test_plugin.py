"""The MkDocs plugin's events, called as plain functions on a real MkDocs configuration."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files, InclusionLevel

from builder.plugin import HOME_MARKER, AtlasPlugin, page_html, set_meta
from builder.site import urls
from builder.site.pages import Rendered
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
    return config.plugins.on_files(Files([]), config=config)


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
    set_meta(meta, body)
    assert meta == {"title": "Map &amp; more", "description": "All of it",
                    "hide": ["navigation", "toc"]}  # fmt: skip
    untouched: dict[str, object] = {"title": "About"}
    set_meta(untouched, None)
    assert untouched == {"title": "About"}
    bodies = {"map.md": body}
    assert page_html("<p>ignored</p>", "map.md", bodies, "") == "<h1>Map</h1>"
    assert page_html(f"<p>a</p>{HOME_MARKER}", urls.HOME, bodies, "<b>home</b>") == (
        "<p>a</p><b>home</b>"
    )
    assert page_html("<p>about</p>", "about.md", bodies, "<b>home</b>") == "<p>about</p>"

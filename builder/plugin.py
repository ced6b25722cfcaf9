"""The only MkDocs code: each event hands off to a plain function below.

Generated pages are virtual files (`File.generated`) with an empty Markdown body, so no Markdown
extension ever sees contributor text; their HTML body is swapped in at `on_page_content`.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from builder import pipeline
from builder.data.problems import format_report
from builder.data.sources import INITIATIVES_DIR
from builder.settings import Settings, TileSettings
from builder.site import offline, urls
from builder.site.pages import Rendered

log = logging.getLogger("mkdocs.plugins.builder")
HOME_MARKER = "<!-- atlas:home -->"
IN_NAV = {urls.CATEGORIES, urls.COUNTRIES, urls.MAP, urls.LIST}


class AtlasConfig(base.Config):
    atlas_root = c.Optional(c.Dir(exists=True))
    """The folder holding initiatives/ and schema/; the folder of mkdocs.yml by default."""
    map_tiles_url = c.Type(str, default="")
    """An online tile layer, e.g. https://tile.example.org/{z}/{x}/{y}.png. Off by default."""
    map_tiles_attribution = c.Type(str, default="")
    search_full_text_limit = c.Type(int, default=2000)
    """Above this many initiatives, search leaves out descriptions to keep its index small."""


def settings_from(options: AtlasConfig, config_file: str) -> Settings:
    root = options.atlas_root or Path(config_file).parent
    tiles = TileSettings(options.map_tiles_url, options.map_tiles_attribution)
    settings = Settings.for_root(Path(root), tiles)
    return replace(settings, full_text_limit=options.search_full_text_limit)


def make_outputs(settings: Settings, serving: bool) -> pipeline.Outputs:
    """The site's generated content. Invalid initiatives stop a build, with the whole report;
    while serving, they are reported and left out until fixed."""
    if serving:
        pipeline.forget_reference_data()
    atlas, checked = pipeline.collect(settings)
    if checked.problems:
        report = format_report(checked.problems, checked.checked)
        if not serving:
            raise PluginError(f"The initiatives have problems:\n{report}")
        log.error("Invalid initiatives are left out until fixed:\n%s", report)
    return pipeline.outputs(atlas, settings)


def add_generated(files: Files, config: Any, made: pipeline.Outputs) -> Files:
    """Generated pages (listed in the navigation only where they belong) and files."""
    for page in made.pages:
        inclusion = InclusionLevel.UNDEFINED if page.uri in IN_NAV else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, page.uri, content="", inclusion=inclusion))
    for uri, data in made.files:
        if isinstance(data, Path):
            files.append(File.generated(config, uri, abs_src_path=str(data)))
        else:
            files.append(File.generated(config, uri, content=data))
    return files


def set_meta(meta: dict[str, Any], body: Rendered | None) -> None:
    if body:
        meta["title"] = body.title
        meta["description"] = body.description
        if body.full_width:
            meta["hide"] = ["navigation", "toc"]


def page_html(html: str, src_uri: str, bodies: dict[str, Rendered], home: str) -> str:
    """A generated page's own body, or the hand-written home page with the atlas filled in."""
    body = bodies.get(src_uri)
    if body:
        return body.html
    if src_uri == urls.HOME:
        return html.replace(HOME_MARKER, home)
    return html


class AtlasPlugin(BasePlugin[AtlasConfig]):
    def __init__(self) -> None:
        self.serving = False
        self.bodies: dict[str, Rendered] = {}
        self.home = ""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_config(self, config: Any) -> None:
        self.settings = settings_from(self.config, config.config_file_path)

    def on_files(self, files: Files, *, config: Any) -> Files:
        made = make_outputs(self.settings, self.serving)
        self.bodies = {page.uri: page for page in made.pages}
        self.home = made.home
        return add_generated(files, config, made)

    def on_page_markdown(self, markdown: str, *, page: Any, config: Any, files: Files) -> None:
        set_meta(page.meta, self.bodies.get(page.file.src_uri))

    def on_page_content(self, html: str, *, page: Any, config: Any, files: Files) -> str:
        return page_html(html, page.file.src_uri, self.bodies, self.home)

    @event_priority(-100)
    def on_post_build(self, *, config: Any) -> None:
        offline.localise_theme_scripts(Path(config.site_dir))

    def on_serve(self, server: Any, *, config: Any, builder: Any) -> None:
        server.watch(str(self.settings.root / INITIATIVES_DIR))
        server.watch(str(self.settings.schema_dir))

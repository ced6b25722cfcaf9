"""The only MkDocs code: each event hands off to the pipeline and adds what it made.

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

from builder import offline, pipeline
from builder.pages import Rendered
from builder.problems import format_report
from builder.sources import INITIATIVES_DIR

log = logging.getLogger("mkdocs.plugins.builder")
HOME_MARKER = "<!-- atlas:home -->"
IN_NAV = {"categories/index.md", "countries.md", "map.md", "list.md"}


class AtlasConfig(base.Config):
    atlas_root = c.Optional(c.Dir(exists=True))
    """The folder holding initiatives/ and schema/; the folder of mkdocs.yml by default."""
    map_tiles_url = c.Type(str, default="")
    """An online tile layer, e.g. https://tile.example.org/{z}/{x}/{y}.png. Off by default."""
    map_tiles_attribution = c.Type(str, default="")
    search_full_text_limit = c.Type(int, default=2000)
    """Above this many initiatives, search leaves out descriptions to keep its index small."""


class AtlasPlugin(BasePlugin[AtlasConfig]):
    def __init__(self) -> None:
        self.serving = False
        self.bodies: dict[str, Rendered] = {}
        self.home = ""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_config(self, config: Any) -> None:
        root = self.config.atlas_root or Path(config.config_file_path).parent
        tiles = pipeline.TileSettings(self.config.map_tiles_url, self.config.map_tiles_attribution)
        settings = pipeline.Settings.for_root(Path(root), tiles)
        self.settings = replace(settings, full_text_limit=self.config.search_full_text_limit)

    def on_files(self, files: Files, *, config: Any) -> Files:
        if self.serving:
            pipeline.forget_reference_data()
        atlas, checked = pipeline.collect(self.settings)
        if checked.problems:
            report = format_report(checked.problems, checked.checked)
            if not self.serving:
                raise PluginError(f"The initiatives have problems:\n{report}")
            log.error("Invalid initiatives are left out until fixed:\n%s", report)
        made = pipeline.outputs(atlas, self.settings)
        self.bodies = {page.uri: page for page in made.pages}
        self.home = made.home
        for page in made.pages:
            inclusion = (
                InclusionLevel.UNDEFINED if page.uri in IN_NAV else InclusionLevel.NOT_IN_NAV
            )
            files.append(File.generated(config, page.uri, content="", inclusion=inclusion))
        for uri, data in made.files:
            if isinstance(data, Path):
                files.append(File.generated(config, uri, abs_src_path=str(data)))
            else:
                files.append(File.generated(config, uri, content=data))
        return files

    def on_page_markdown(self, markdown: str, *, page: Any, config: Any, files: Files) -> None:
        body = self.bodies.get(page.file.src_uri)
        if body:
            page.meta["title"] = body.title
            page.meta["description"] = body.description
            if body.full_width:
                page.meta["hide"] = ["navigation", "toc"]

    def on_page_content(self, html: str, *, page: Any, config: Any, files: Files) -> str:
        body = self.bodies.get(page.file.src_uri)
        if body:
            return body.html
        if page.file.src_uri == "index.md":
            return html.replace(HOME_MARKER, self.home)
        return html

    @event_priority(-100)
    def on_post_build(self, *, config: Any) -> None:
        offline.localise_theme_scripts(Path(config.site_dir))

    def on_serve(self, server: Any, *, config: Any, builder: Any) -> None:
        server.watch(str(self.settings.root / INITIATIVES_DIR))
        server.watch(str(self.settings.schema_dir))

"""The only MkDocs code: each event hands off to a plain function below.

Generated pages are virtual files (`File.generated`) with an empty Markdown body, so no Markdown
extension ever sees contributor text; their HTML body is swapped in at `on_page_content`.

One MkDocs build makes one language's site: the theme's `language` (set from ATLAS_LANGUAGE in
mkdocs.yml) chooses it, and `python -m builder build` runs one build per language.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from builder import pipeline
from builder.data.i18n import DEFAULT_LANGUAGE, SITE_LANGUAGES, direction, translations
from builder.data.problems import format_report
from builder.data.sources import INITIATIVES_DIR
from builder.settings import BUNDLES_ENV, Settings, TileSettings
from builder.site import feeds, icons, offline, search, urls
from builder.site.pages import Build, Rendered, language_links

log = logging.getLogger("mkdocs.plugins.builder")
HOME_MARKER = "<!-- atlas:home -->"
DOWNLOADS_MARKER = "<!-- atlas:downloads -->"
IN_NAV = {
    urls.CATEGORIES,
    urls.COUNTRIES,
    urls.MAP,
    urls.LIST,
    urls.RIGHTS,
    urls.GOALS,
    urls.CROSS_BORDER,
    urls.NUMBERS,
    urls.CALLS,
    urls.CONNECT,
}
THEME_DIR = Path(__file__).parent / "site" / "theme"
HTML_TAG = re.compile(r"<html\b[^>]*>")


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


def build_for(config: Any, serving: bool) -> Build:
    """The language of this build, and where its pages find the shared pictures: in the build
    itself for the default language and while serving, else one folder up."""
    language = config.theme["language"]
    if language not in SITE_LANGUAGES:
        raise PluginError(
            f"theme.language is '{language}'; the atlas is built in {', '.join(SITE_LANGUAGES)}"
        )
    holds_shared = language == DEFAULT_LANGUAGE or serving
    shared_root = "" if holds_shared else urls.shared_root_of(language)
    bundles = tuple(kind for kind in os.environ.get(BUNDLES_ENV, "").split(",") if kind)
    return Build(language, shared_root, config.repo_url or "", config.site_url or "", bundles)


def localise_config(config: Any, language: str) -> None:
    """The site's name, navigation and colour switches in the build's language, our theme
    templates ahead of the theme's own, and the language switch switched on."""
    gettext = translations(language).gettext
    config.site_name = gettext(config.site_name)
    if config.site_description:
        config.site_description = gettext(config.site_description)
    config.nav = translated_nav(config.nav, gettext)
    config.theme["palette"] = translated_palette(config.theme["palette"], gettext)
    config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
    # True, not a list: the header then shows our switch (partials/alternate.html), while the
    # theme's own <link rel="alternate"> loop, which expects a list, stays empty.
    config.extra["alternate"] = True


def configure_search(config: Any, language: str) -> None:
    for name, plugin in config.plugins.items():
        if name.split("/")[-1] == "search":
            for option, value in search.options_for(language).items():
                plugin.config[option] = value


def translated_nav(nav: list[Any], gettext: Callable[[str], str]) -> list[Any]:
    """The navigation with every section and page title in the build's language."""
    translated: list[Any] = []
    for entry in nav:
        if isinstance(entry, dict):
            translated += [
                {
                    gettext(title): translated_nav(target, gettext)
                    if isinstance(target, list)
                    else target
                }
                for title, target in entry.items()
            ]
        else:
            translated.append(entry)
    return translated


def translated_palette(palette: Any, gettext: Callable[[str], str]) -> Any:
    """The colour schemes with the names of their switches in the build's language."""
    if not isinstance(palette, list):
        return palette
    return [
        {**scheme, "toggle": {**scheme["toggle"], "name": gettext(scheme["toggle"]["name"])}}
        if isinstance(scheme.get("toggle"), dict) and scheme["toggle"].get("name")
        else scheme
        for scheme in palette
    ]


def make_outputs(settings: Settings, build: Build, serving: bool) -> pipeline.Outputs:
    """The site's generated content. Invalid initiatives stop a build, with the whole report;
    while serving, they are reported and left out until fixed."""
    if serving:
        pipeline.forget_reference_data()
    atlas, checked = pipeline.collect(settings)
    vocabulary_problems = list(icons.icon_problems(atlas.vocabularies, settings.schema_dir))
    if vocabulary_problems:
        raise PluginError("The vocabularies have problems:\n" + "\n".join(vocabulary_problems))
    if checked.problems:
        report = format_report(checked.problems, checked.checked)
        if not serving:
            raise PluginError(f"The initiatives have problems:\n{report}")
        log.error("Invalid initiatives are left out until fixed:\n%s", report)
    return pipeline.outputs(atlas, settings, build, checked.digests)


def localise_documents(files: Files, config: Any, language: str) -> Files:
    """Hand-written pages in the build's language: `docs/<lang>/about.md` takes the place of
    `docs/about.md`; the other languages' folders are left out."""
    folders = {f"{code}/" for code in SITE_LANGUAGES if code != DEFAULT_LANGUAGE}
    translated = [f for f in files if f.src_uri.startswith(tuple(folders))]
    for file in translated:
        files.remove(file)
    for file in translated:
        own, _, uri = file.src_uri.partition("/")
        if own == language and uri.endswith(".md"):
            original = files.get_file_from_path(uri)
            if original:
                files.remove(original)
            files.append(File.generated(config, uri, abs_src_path=str(file.abs_src_path)))
    return files


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


def set_meta(meta: dict[str, Any], src_uri: str, body: Rendered | None) -> None:
    """Generated pages' titles; the map and the home page, which shows the map, full width."""
    if body:
        meta["title"] = body.title
        meta["description"] = body.description
    if (body and body.full_width) or src_uri == urls.HOME:
        meta["hide"] = ["navigation", "toc"]


def page_html(
    html: str, src_uri: str, bodies: dict[str, Rendered], home: str, downloads: str = ""
) -> str:
    """A generated page's own body, or a hand-written page with the atlas filled in: the home
    page, and the Download page."""
    body = bodies.get(src_uri)
    if body:
        return body.html
    if src_uri == urls.HOME:
        return html.replace(HOME_MARKER, home)
    if src_uri == urls.DOWNLOAD:
        return html.replace(DOWNLOADS_MARKER, downloads)
    return html


def mark_document_language(output: str, language: str) -> str:
    """The theme writes `dir` on <body> only; assistive technology reads it from <html>."""
    tag = f'<html lang="{language}" dir="{direction(language)}" class="no-js">'
    return HTML_TAG.sub(tag, output, count=1)


class AtlasPlugin(BasePlugin[AtlasConfig]):
    def __init__(self) -> None:
        self.serving = False
        self.bodies: dict[str, Rendered] = {}
        self.asides: dict[str, list[str]] = {}
        self.home = ""
        self.downloads = ""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    @event_priority(100)
    def on_config(self, config: Any) -> None:
        """Early, so that the search plugin reads the language's options we set."""
        # The search plugin segments Chinese with jieba, which logs its dictionary loading.
        logging.getLogger("jieba").setLevel(logging.WARNING)
        self.settings = settings_from(self.config, config.config_file_path)
        self.build = build_for(config, self.serving)
        localise_config(config, self.build.language)
        configure_search(config, self.build.language)

    def on_files(self, files: Files, *, config: Any) -> Files:
        made = make_outputs(self.settings, self.build, self.serving)
        self.bodies = {page.uri: page for page in made.pages}
        self.home = made.home
        self.downloads = made.downloads
        files = localise_documents(files, config, self.build.language)
        return add_generated(files, config, made)

    def on_page_markdown(self, markdown: str, *, page: Any, config: Any, files: Files) -> None:
        set_meta(page.meta, page.file.src_uri, self.bodies.get(page.file.src_uri))

    def on_env(self, env: Any, *, config: Any, files: Files) -> Any:
        """Our theme templates speak the build's language through our catalogue (`_()`)."""
        env.install_gettext_translations(translations(self.build.language), newstyle=True)
        return env

    def on_page_content(self, html: str, *, page: Any, config: Any, files: Files) -> str:
        body = page_html(html, page.file.src_uri, self.bodies, self.home, self.downloads)
        searched, self.asides[page.file.src_uri] = search.set_aside(body)
        return searched

    def on_page_context(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
        context["atlas_languages"] = language_links(page.file.src_uri, self.build.language)
        context["atlas_feeds"] = feeds.feed_links(page.file.src_uri, self.build.language)
        return context

    def on_template_context(self, context: Any, *, template_name: str, config: Any) -> Any:
        context["atlas_languages"] = language_links(urls.HOME, self.build.language)
        return context

    def on_post_page(self, output: str, *, page: Any, config: Any) -> str:
        output = search.put_back(output, self.asides.pop(page.file.src_uri, []))
        return mark_document_language(output, self.build.language)

    def on_post_template(self, output: str, *, template_name: str, config: Any) -> str:
        if template_name.endswith(".html"):
            return mark_document_language(output, self.build.language)
        return output

    @event_priority(-100)
    def on_post_build(self, *, config: Any) -> None:
        site = Path(config.site_dir)
        offline.localise_theme_scripts(site)
        search.improve_index(site, self.build.language)

    def on_serve(self, server: Any, *, config: Any, builder: Any) -> None:
        server.watch(str(self.settings.root / INITIATIVES_DIR))
        server.watch(str(self.settings.schema_dir))

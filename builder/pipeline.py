"""The recipe: load, check, model, render. Each step is one call into its own module."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from builder import checks, geo, images, schema, sources
from builder.model import Atlas, build_atlas
from builder.pages import (
    FULL_TEXT_LIMIT,
    IMAGES_URI,
    ImageSize,
    PictureSizes,
    Rendered,
    render_home,
    render_pages,
)
from builder.problems import Problem
from builder.vocabularies import load_vocabularies

log = logging.getLogger("mkdocs.plugins.builder")
PARALLEL_FROM = 500
"""Below this many files per core, starting worker processes costs more than it saves."""


@dataclass(frozen=True)
class TileSettings:
    """An optional online basemap. Off by default: every tile request tells a third party
    which place a visitor is looking at."""

    url: str = ""
    attribution: str = ""


@dataclass(frozen=True)
class Settings:
    root: Path
    schema_dir: Path
    cache_dir: Path
    tiles: TileSettings = field(default_factory=TileSettings)
    full_text_limit: int = FULL_TEXT_LIMIT

    @classmethod
    def for_root(cls, root: Path, tiles: TileSettings | None = None) -> Settings:
        root = root.resolve()
        return cls(root, root / "schema", root / ".cache" / "images", tiles or TileSettings())

    @property
    def basemap(self) -> Path:
        return self.schema_dir / "naturalearth" / "countries-110m.topo.json"


@dataclass(frozen=True)
class Checked:
    """The outcome of checking: how many initiative files were read, what is valid, what is not."""

    checked: int
    valid: list[sources.Source]
    problems: list[Problem]


@dataclass
class Outputs:
    pages: list[Rendered]
    home: str
    files: list[tuple[str, bytes | Path]] = field(default_factory=list)
    """Site path and content: bytes, or a file to copy (published pictures)."""
    processed: int = 0
    cached: int = 0


def check(settings: Settings, paths: Iterable[Path] = (), keep_valid: bool = True) -> Checked:
    """Read and check initiative files: every problem in every file, never only the first.
    With keep_valid=False, `valid` stays empty (the validator does not need the data)."""
    # Load: find the files.
    files, problems = sources.discover(settings.root, paths)
    # Check each file: its YAML, the schema, then the rules the schema cannot express.
    # Ids must be unique across all folders: a cheap index of names, not of contents.
    slugs = checks.slug_index(all_slugs(settings.root))
    # Load the reference data once, before any worker starts, so that every worker shares it.
    load_vocabularies(settings.schema_dir)
    geo.load_shapes(settings.schema_dir)
    schema.prepare(settings.schema_dir)
    workers = min(os.cpu_count() or 1, len(files) // PARALLEL_FROM)
    if workers > 1:
        chunks = [(settings, files[n::workers], slugs, keep_valid) for n in range(workers)]
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(_check_files, chunks))
    else:
        results = [_check_files((settings, files, slugs, keep_valid))]
    valid = sorted((s for found, _ in results for s in found), key=lambda s: s.file)
    problems += [p for _, found in results for p in found]
    return Checked(len(files), valid, problems)


def _check_files(
    job: tuple[Settings, list[Path], dict[str, list[str]], bool],
) -> tuple[list[sources.Source], list[Problem]]:
    settings, files, slugs, keep_valid = job
    countries = load_vocabularies(settings.schema_dir).countries
    shapes = geo.load_shapes(settings.schema_dir)
    valid, problems = [], []
    for file in files:
        source = sources.read_source(settings.root, file)
        mine = list(source.problems) + list(checks.check_unique(source, slugs))
        if source.data is not None:
            mine += schema.check_schema(source, settings.schema_dir)
            mine += checks.check_source(source, countries, shapes)
        problems += mine
        if keep_valid and not mine:
            valid.append(source)
    return valid, problems


def forget_reference_data() -> None:
    """`mkdocs serve` rebuilds in one process: read schema/ again after it changes."""
    for cached in (load_vocabularies, geo.load_shapes, schema.load_schema):
        cached.cache_clear()
    schema.forget()


def all_slugs(root: Path) -> list[str]:
    """A cheap index of every initiative folder, for the uniqueness check."""
    base = root / sources.INITIATIVES_DIR
    return sorted(p.name for p in base.iterdir() if p.is_dir()) if base.is_dir() else []


def collect(settings: Settings) -> tuple[Atlas, Checked]:
    """The atlas of every valid initiative, and what checking found."""
    result = check(settings)
    # Model: records built from valid data only.
    vocab = load_vocabularies(settings.schema_dir)
    return build_atlas(result.valid, vocab), result


def outputs(atlas: Atlas, settings: Settings) -> Outputs:
    """Everything the site needs from the atlas: page bodies and published pictures."""
    # Render pictures first: pages need their sizes.
    sizes, files, processed = publish_pictures(atlas, settings.cache_dir)
    # Render pages.
    pages = list(render_pages(atlas, sizes, settings.full_text_limit))
    home = render_home(atlas, sizes)
    # Render the maps and their data (folium is imported only when a site is built).
    from builder import maps

    files += maps.map_files(atlas, sizes, settings.basemap, settings.tiles)
    return Outputs(pages, home, files, processed, len(sizes) - processed)


def _render_to_cache(job: tuple[Path, Path]) -> tuple[Path, str]:
    """Render one picture into the cache; the manifest is written last, so it marks success.
    Each worker reads its own file, so no more than a picture per core is in memory."""
    source, cache_dir = job
    data = source.read_bytes()
    key = images.content_key(data)
    renditions = images.render(data)
    for rendition in renditions:
        _write_atomically(cache_dir / rendition.name, rendition.data)
    manifest = [[r.name, r.width, r.height] for r in renditions]
    _write_atomically(cache_dir / f"{key}.json", json.dumps(manifest).encode())
    return source, key


def _write_atomically(path: Path, data: bytes) -> None:
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    partial.write_bytes(data)
    partial.replace(path)


def publish_pictures(atlas: Atlas, cache_dir: Path) -> tuple[PictureSizes, list, int]:
    """Publish every picture through the cache; pictures not cached are rendered in parallel.
    The site gets the cached files by path, so no picture is held in memory."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    pictures = sorted({p.source for i in atlas.initiatives for p in i.pictures})
    keys = {path: images.content_key(Path(path).read_bytes()) for path in pictures}
    missing = [p for p in pictures if not (cache_dir / f"{keys[p]}.json").exists()]
    jobs = [(Path(p), cache_dir) for p in missing]
    if len(jobs) > 1:
        with ProcessPoolExecutor(max_workers=min(len(jobs), os.cpu_count() or 1)) as pool:
            keys.update({str(path): key for path, key in pool.map(_render_to_cache, jobs)})
    elif jobs:
        path, key = _render_to_cache(jobs[0])
        keys[str(path)] = key
    sizes: PictureSizes = {}
    files: dict[str, Path] = {}
    for path in pictures:
        manifest = json.loads((cache_dir / f"{keys[path]}.json").read_text())
        sizes[path] = tuple(ImageSize(*entry) for entry in manifest)
        for name, _, _ in manifest:
            files[f"{IMAGES_URI}/{name}"] = cache_dir / name
    log.info(
        "Pictures: %d processed, %d from the cache", len(missing), len(pictures) - len(missing)
    )
    return sizes, sorted(files.items()), len(missing)

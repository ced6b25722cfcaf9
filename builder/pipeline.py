"""The recipe: load, check, model, render. Each step is one call into its own module."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from builder import checks, geo, images, maps, schema, sources
from builder.model import Atlas, build_atlas
from builder.pages import IMAGES_URI, ImageSize, PictureSizes, Rendered, render_home, render_pages
from builder.problems import Problem
from builder.vocabularies import load_vocabularies

log = logging.getLogger("mkdocs.plugins.builder")


@dataclass(frozen=True)
class Settings:
    root: Path
    schema_dir: Path
    cache_dir: Path
    tiles: maps.TileSettings = field(default_factory=maps.TileSettings)

    @classmethod
    def for_root(cls, root: Path, tiles: maps.TileSettings | None = None) -> Settings:
        root = root.resolve()
        return cls(root, root / "schema", root / ".cache" / "images", tiles or maps.TileSettings())

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
    files: list[tuple[str, bytes]] = field(default_factory=list)
    processed: int = 0
    cached: int = 0


def check(settings: Settings, paths: Iterable[Path] = ()) -> Checked:
    """Read and check initiative files: every problem in every file, never only the first."""
    # Load: find the files and read them as data with positions.
    found, problems = sources.read_all(settings.root, paths)
    # Check: the schema, then the rules the schema cannot express.
    countries = load_vocabularies(settings.schema_dir).countries
    shapes = geo.load_shapes(settings.schema_dir)
    valid = []
    for source in found:
        mine = list(source.problems)
        if source.data is not None:
            mine += schema.check_schema(source, settings.schema_dir)
            mine += checks.check_source(source, countries, shapes)
        problems += mine
        if not mine:
            valid.append(source)
    problems += checks.check_unique(found, all_slugs(settings.root))
    clashing = {p.file for p in problems}
    valid = [s for s in valid if s.file not in clashing]
    return Checked(len(found), valid, problems)


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
    pages = list(render_pages(atlas, sizes))
    home = render_home(atlas, sizes)
    # Render the maps and their data.
    files += maps.map_files(atlas, sizes, settings.basemap, settings.tiles)
    return Outputs(pages, home, files, processed, len(sizes) - processed)


def _render_to_cache(job: tuple[str, bytes, Path]) -> None:
    """Render one picture into the cache; the manifest is written last, so it marks success."""
    key, data, cache_dir = job
    renditions = images.render(data)
    for rendition in renditions:
        _write_atomically(cache_dir / rendition.name, rendition.data)
    manifest = [[r.name, r.width, r.height] for r in renditions]
    _write_atomically(cache_dir / f"{key}.json", json.dumps(manifest).encode())


def _write_atomically(path: Path, data: bytes) -> None:
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    partial.write_bytes(data)
    partial.replace(path)


def publish_pictures(atlas: Atlas, cache_dir: Path) -> tuple[PictureSizes, list, int]:
    """Publish every picture through the cache; pictures not cached are rendered in parallel."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    pictures = sorted({p.source for i in atlas.initiatives for p in i.pictures})
    keys = {path: images.content_key(Path(path).read_bytes()) for path in pictures}
    missing = [p for p in pictures if not (cache_dir / f"{keys[p]}.json").exists()]
    jobs = [(keys[p], Path(p).read_bytes(), cache_dir) for p in missing]
    if len(jobs) > 1:
        with ProcessPoolExecutor(max_workers=min(len(jobs), os.cpu_count() or 1)) as pool:
            list(pool.map(_render_to_cache, jobs))
    elif jobs:
        _render_to_cache(jobs[0])
    sizes: PictureSizes = {}
    files: dict[str, bytes] = {}
    for path in pictures:
        manifest = json.loads((cache_dir / f"{keys[path]}.json").read_text())
        sizes[path] = tuple(ImageSize(*entry) for entry in manifest)
        for name, _, _ in manifest:
            files[f"{IMAGES_URI}/{name}"] = (cache_dir / name).read_bytes()
    log.info(
        "Pictures: %d processed, %d from the cache", len(missing), len(pictures) - len(missing)
    )
    return sizes, sorted(files.items()), len(missing)

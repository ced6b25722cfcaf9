"""The recipe: read, check, model, then the public record, pages, pictures and maps.

Each step is one call into its own module; this file only orders them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from builder.data import checks, geography, schema, sources
from builder.data.model import Atlas, build_atlas
from builder.data.problems import Problem
from builder.data.vocabularies import load_vocabularies
from builder.settings import Settings

if TYPE_CHECKING:
    from builder.site.pages import Build, Rendered

PARALLEL_FROM = 500
"""Below this many files per core, starting worker processes costs more than it saves."""


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
    # Read: find the files.
    files, problems = sources.discover(settings.root, paths)
    # Ids must be unique across all folders: a cheap index of names, not of contents.
    slugs = checks.slug_index(all_slugs(settings.root))
    # Load the reference data once, before any worker starts, so that every worker shares it.
    load_vocabularies(settings.schema_dir)
    geography.load_shapes(settings.schema_dir)
    schema.prepare(settings.schema_dir)
    # Check each file: its YAML, the schema, then the rules the schema cannot express.
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
    shapes = geography.load_shapes(settings.schema_dir)
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
    for cached in (load_vocabularies, geography.load_shapes, schema.load_schema):
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


def outputs(atlas: Atlas, settings: Settings, build: Build) -> Outputs:
    """Everything one language's site needs from the atlas: page bodies, maps, and the shared
    pictures when this build holds them (`build.shared_root` is empty)."""
    # The site layer loads here, not at the top: `validate` needs none of Jinja, Markdown,
    # nh3 or folium, which take about 0.4 s to import.
    from builder.site import maps, pages, pictures, record

    # Pictures first: pages and public records need their sizes.
    published = pictures.publish_pictures(atlas, settings.cache_dir)
    # The public record: the only view of each initiative that leaves the builder as data.
    records = {i.slug: record.public_record(i, published.sizes) for i in atlas.initiatives}
    # Pages.
    full_text = len(atlas.initiatives) <= settings.full_text_limit
    rendered = list(pages.render_pages(atlas, records, published.sizes, full_text, build))
    home = pages.render_home(atlas, published.sizes, build)
    # Maps and their data.
    files: list[tuple[str, bytes | Path]] = [] if build.shared_root else list(published.files)
    files += maps.map_files(
        records.values(),
        atlas.vocabularies,
        settings.basemap,
        settings.tiles,
        build.language,
        build.shared_root,
    )
    return Outputs(rendered, home, files, published.processed, published.cached)

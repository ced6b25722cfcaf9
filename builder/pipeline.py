"""The recipe: read, check, model, then the public record, pages, pictures and maps.

Each step is one call into its own module; this file only orders them.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from builder.data import checks, clock, geography, schema, sources, verdicts
from builder.data.model import Atlas, build_atlas
from builder.data.problems import Problem
from builder.data.vocabularies import load_vocabularies
from builder.settings import Settings

if TYPE_CHECKING:
    from builder.site.pages import Build, Rendered

log = logging.getLogger("mkdocs.plugins.builder")
PARALLEL_FROM = 500
"""Below this many files per core, starting worker processes costs more than it saves."""


@dataclass(frozen=True)
class Checked:
    """The outcome of checking: how many initiative files were read, what is valid, what is not,
    and how many verdicts came from the cache."""

    checked: int
    valid: list[sources.Source]
    problems: list[Problem]
    from_cache: int = 0
    digests: dict[str, list[Any]] = field(default_factory=dict)
    """File digests found on the way, for the pictures (see verdicts.Digests)."""
    languages: dict[str, str] = field(default_factory=dict)
    """The language each checked file says it is written in, by file, for its report."""


@dataclass
class Outputs:
    pages: list[Rendered]
    home: str
    files: list[tuple[str, bytes | Path]] = field(default_factory=list)
    """Site path and content: bytes, or a file to copy (published pictures)."""
    processed: int = 0
    cached: int = 0
    downloads: str = ""
    """The generated part of the Download page."""


@dataclass(frozen=True)
class _Job:
    settings: Settings
    files: list[Path]
    slugs: dict[str, list[str]]
    keep_valid: bool
    reference: str
    today: str


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
    cache = _verdicts(settings)
    reference = verdicts.reference_version(settings.schema_dir, cache.digests) if cache else ""
    # Check each folder, or take its verdict from the cache when nothing in it has changed.
    workers = min(os.cpu_count() or 1, len(files) // PARALLEL_FROM)
    jobs = [
        _Job(settings, files[n :: max(workers, 1)], slugs, keep_valid, reference, clock.today())
        for n in range(max(workers, 1))
    ]
    if workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(_check_files, jobs))
    else:
        results = [_check_files(jobs[0])]
    found = {path: entry for result in results for path, entry in result.digests.items()}
    if cache:
        cache.save_digests(found)
    valid = sorted((s for result in results for s in result.valid), key=lambda s: s.file)
    problems += [p for result in results for p in result.problems]
    from_cache = sum(result.from_cache for result in results)
    log.info("Initiatives: %d checked, %d from the cache", len(files) - from_cache, from_cache)
    digests = {**(cache.digests.known if cache else {}), **found}
    languages = {file: lang for result in results for file, lang in result.languages.items()}
    return Checked(len(files), valid, problems, from_cache, digests, languages)


def _verdicts(settings: Settings) -> verdicts.VerdictCache | None:
    return verdicts.VerdictCache(settings.verdicts_dir) if settings.verdicts_dir else None


def _check_files(job: _Job) -> Checked:
    cache = _verdicts(job.settings)
    digests = cache.digests if cache else verdicts.Digests()
    valid, problems, from_cache = [], [], 0
    languages: dict[str, str] = {}
    for file in job.files:
        key = verdicts.folder_key(file.parent, job.reference, digests) if cache else None
        verdict = cache.get(key) if cache and key else None
        if verdict is None:
            source, verdict = _check_folder(job.settings, file)
            if cache and key:
                cache.put(key, verdict)
        else:
            from_cache += 1
            shown = sources.display_path(job.settings.root, file)
            source = sources.Source(file.parent.name, file.parent, shown, verdict.data)
        others = _check_beyond_folder(source, job)
        if others and not source.positions:
            # A verdict from the cache has no positions; read the file to place the problems.
            source = sources.read_source(job.settings.root, file)
            others = _check_beyond_folder(source, job)
        mine = [*verdict.problems, *others]
        problems += mine
        if verdict.language:
            languages[source.file] = verdict.language
        if job.keep_valid and not mine:
            valid.append(source)
    return Checked(len(job.files), valid, problems, from_cache, digests.fresh, languages)


def _check_beyond_folder(source: sources.Source, job: _Job) -> list[Problem]:
    """What depends on more than the folder's own content, so is never cached: other folders'
    names, and the day of the check."""
    found = list(checks.check_unique(source, job.slugs))
    if source.data is not None:
        found += checks.check_calls_until(source, source.data, job.today)
    return found


def _check_folder(settings: Settings, file: Path) -> tuple[sources.Source, verdicts.Verdict]:
    """Everything one folder's own content can be checked for: its YAML, the schema, then the
    rules the schema cannot express."""
    countries = load_vocabularies(settings.schema_dir).countries
    shapes = geography.load_shapes(settings.schema_dir)
    source = sources.read_source(settings.root, file)
    found = list(source.problems)
    if source.data is not None:
        found += schema.check_schema(source, settings.schema_dir)
        found += checks.check_source(source, countries, shapes)
    return source, verdicts.Verdict(tuple(found), source.data, source.language)


def country_centres(atlas: Atlas, settings: Settings) -> dict[str, tuple[float, float]]:
    """Where the lines between linked countries start and end, for every country with a shape."""
    shapes = geography.load_shapes(settings.schema_dir)
    return {
        code: geography.centre(shapes[country.numeric])
        for code, country in atlas.vocabularies.countries.items()
        if country.numeric in shapes
    }


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
    return build_atlas(result.valid, vocab, clock.today()), result


def outputs(
    atlas: Atlas, settings: Settings, build: Build, digests: dict[str, list[Any]] | None = None
) -> Outputs:
    """Everything one language's site needs from the atlas: page bodies, maps, and the shared
    pictures when this build holds them (`build.shared_root` is empty)."""
    # The site layer loads here, not at the top: `validate` needs none of Jinja, Markdown,
    # nh3 or folium, which take about 0.4 s to import.
    from builder.site import exports, feeds, maps, pages, pictures, record

    # Pictures first: pages and public records need their sizes.
    known = verdicts.Digests(dict(digests or {}))
    published = pictures.publish_pictures(atlas, settings.cache_dir, known)
    # The public record: the only view of each initiative that leaves the builder as data.
    records = {
        i.slug: record.public_record(i, published.sizes, atlas.today) for i in atlas.initiatives
    }
    # Pages.
    full_text = len(atlas.initiatives) <= settings.full_text_limit
    rendered = list(pages.render_pages(atlas, records, published.sizes, full_text, build))
    home = pages.render_home(atlas, published.sizes, build)
    downloads = pages.render_downloads(build)
    # Maps and their data.
    files: list[tuple[str, bytes | Path]] = [] if build.shared_root else list(published.files)
    files += maps.map_files(
        records.values(),
        atlas.vocabularies,
        settings.basemap,
        settings.tiles,
        build.language,
        build.shared_root,
        country_centres(atlas, settings),
    )
    # Feeds in every language; the open data once, in the build that holds the shared files.
    public = list(records.values())
    files += feeds.feed_files(public, build.site_url, build.language, atlas.today)
    if not build.shared_root:
        created = f"{atlas.today}T00:00:00Z"
        files += exports.export_files(public, build.site_url, build.repo_url, created)
    return Outputs(rendered, home, files, published.processed, published.cached, downloads)

"""Publish pictures through a cache: each distinct picture (by content) is rendered once per
content and settings, however many folders hold it, and the site takes the cached renditions
by path, so no picture is held in memory. Long rendering shows its progress."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from builder.data import images
from builder.data.model import Atlas
from builder.data.progress import Progress
from builder.data.verdicts import Digests
from builder.site import urls

log = logging.getLogger("mkdocs.plugins.builder")


@dataclass(frozen=True)
class ImageSize:
    name: str
    width: int
    height: int


PictureSizes = dict[str, tuple[ImageSize, ...]]
"""The renditions of each original picture, by its path on disk, narrowest first."""


@dataclass(frozen=True)
class Published:
    sizes: PictureSizes
    files: list[tuple[str, Path]]
    """Site path and the cached file to copy there."""
    processed: int
    cached: int


def _write_atomically(path: Path, data: bytes) -> None:
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    partial.write_bytes(data)
    partial.replace(path)


def _render_to_cache(source: Path, cache_dir: Path) -> str:
    """Render one picture into the cache; the manifest is written last, so it marks success.
    Each worker reads its own file, so no more than a picture per core is in memory."""
    data = source.read_bytes()
    key = images.content_key(data)
    renditions = images.render(data)
    for rendition in renditions:
        _write_atomically(cache_dir / rendition.name, rendition.data)
    manifest = [[r.name, r.width, r.height] for r in renditions]
    _write_atomically(cache_dir / f"{key}.json", json.dumps(manifest).encode())
    return key


def _rendered(sources: list[Path], cache_dir: Path) -> Iterator[tuple[Path, str]]:
    """(source, key) as each picture is done, side by side on every core when there are
    several."""
    workers = min(len(sources), os.cpu_count() or 1)
    if workers <= 1:
        yield from ((source, _render_to_cache(source, cache_dir)) for source in sources)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(_render_to_cache, s, cache_dir): s for s in sources}
        for future in as_completed(futures):
            yield futures[future], future.result()


def render_pictures(sources: Iterable[Path], cache_dir: Path) -> dict[Path, str]:
    """Render pictures into the cache, showing progress while it takes long; the key of each."""
    chosen = list(sources)
    progress = Progress("Pictures", len(chosen))
    keys = {}
    for source, key in _rendered(chosen, cache_dir):
        keys[source] = key
        progress.advance()
    progress.finish()
    return keys


def publish_pictures(
    atlas: Atlas, cache_dir: Path, digests: Digests | None = None
) -> Published:
    """Publish every picture through the cache; pictures not cached are rendered in parallel,
    each distinct content once. With the digests the checks found, no unchanged picture is
    even read."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    digests = digests or Digests()
    pictures = sorted({p.source for i in atlas.initiatives for p in i.pictures})
    keys = {path: images.picture_key(digests.of(Path(path))) for path in pictures}
    distinct = {key: path for path, key in keys.items()}
    missing = sorted(Path(path) for key, path in distinct.items() if not _cached(cache_dir, key))
    keys.update({str(path): key for path, key in render_pictures(missing, cache_dir).items()})
    sizes: PictureSizes = {}
    files: dict[str, Path] = {}
    for path in pictures:
        manifest = json.loads((cache_dir / f"{keys[path]}.json").read_text())
        sizes[path] = tuple(ImageSize(*entry) for entry in manifest)
        for name, _, _ in manifest:
            files[urls.picture(name)] = cache_dir / name
    log.info(
        "Pictures: %d processed, %d from the cache", len(missing), len(pictures) - len(missing)
    )
    return Published(sizes, sorted(files.items()), len(missing), len(pictures) - len(missing))


def _cached(cache_dir: Path, key: str) -> bool:
    return (cache_dir / f"{key}.json").exists()

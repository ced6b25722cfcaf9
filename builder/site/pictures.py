"""Publish pictures through a cache: each original is rendered once per content and settings,
and the site takes the cached renditions by path, so no picture is held in memory."""

from __future__ import annotations

import json
import logging
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from builder.data import images
from builder.data.model import Atlas
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


def publish_pictures(
    atlas: Atlas, cache_dir: Path, digests: Digests | None = None
) -> Published:
    """Publish every picture through the cache; pictures not cached are rendered in parallel.
    With the digests the checks found, no unchanged picture is even read."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    digests = digests or Digests()
    pictures = sorted({p.source for i in atlas.initiatives for p in i.pictures})
    keys = {path: images.picture_key(digests.of(Path(path))) for path in pictures}
    missing = [p for p in pictures if not (cache_dir / f"{keys[p]}.json").exists()]
    jobs = [(Path(p), cache_dir) for p in missing]
    if len(jobs) > 1:
        with ProcessPoolExecutor(max_workers=min(len(jobs), os.cpu_count() or 1)) as pool:
            keys.update({str(done): key for done, key in pool.map(_render_to_cache, jobs)})
    elif jobs:
        done, key = _render_to_cache(jobs[0])
        keys[str(done)] = key
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

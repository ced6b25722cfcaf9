"""`python -m bench.offline ROOT SITE`: time the open data and one language's offline copies
of an atlas whose English site is built in SITE, and print the figures as JSON."""

from __future__ import annotations

import gzip
import json
import sys
import time
from pathlib import Path

from builder import pipeline
from builder.settings import Settings
from builder.site import exports, feeds, pictures, record, urls
from builder.tools import bundles
from builder.tools.audit import audit_site


def seconds(action: object) -> float:
    started = time.perf_counter()
    action()  # type: ignore[operator]
    return time.perf_counter() - started


def figures(root: Path, site: Path) -> dict:
    settings = Settings.for_root(root)
    atlas, _ = pipeline.collect(settings)
    sizes = pictures.publish_pictures(atlas, settings.cache_dir).sizes
    records = [record.public_record(i, sizes, atlas.today) for i in atlas.initiatives]
    made: list = []
    site_url = "https://example.org/atlas/"
    result: dict = {
        "exports_seconds": seconds(
            lambda: made.extend(exports.export_files(records, site_url, "", "2026-01-01T00:00:00Z"))
        ),
        "feeds_seconds": seconds(lambda: feeds.feed_files(records, site_url, "en", atlas.today)),
        "exports": {
            path: {"bytes": len(data), "gzip": len(gzip.compress(data, 6))} for path, data in made
        },
    }
    facts = bundles.SiteFacts("Solidarity Atlas", "A benchmark atlas.", site_url)
    (site / urls.DOWNLOADS_DIR).mkdir(parents=True, exist_ok=True)
    zip_path, zim_path = site / urls.bundle("en", "zip"), site / urls.bundle("en", "zim")
    zim_path.unlink(missing_ok=True)
    result["zip_seconds"] = seconds(lambda: bundles.write_zip(site, "en", zip_path, 1700000000))
    result["zim_seconds"] = seconds(
        lambda: (
            bundles.write_zim(site, "en", zim_path, facts, "2026-01-01"),
            bundles.settle_zim(zim_path),
        )
    )
    result["audit_seconds"] = seconds(lambda: audit_site(site))
    result["zip_bytes"] = zip_path.stat().st_size
    result["zim_bytes"] = zim_path.stat().st_size
    result["members"] = len(bundles.members(site, "en"))
    return result


if __name__ == "__main__":
    root, site = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
    print(json.dumps(figures(root, site)))

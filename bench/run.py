"""`make bench`: measure the atlas against plain MkDocs (and Hugo) in one run, on this machine,
and write bench/RESULTS.md. Not part of `make test`."""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.baseline import write_baseline, write_hugo
from bench.detectors import detector_table, measure_detectors
from bench.generate import REPO, generate
from bench.light import measure_light_check
from bench.pictures import measure_picture_pipeline, picture_table
from bench.serve import reload_seconds, renamer
from builder.data.i18n import DEFAULT_LANGUAGE, SITE_LANGUAGES
from builder.site import urls

PYTHON = sys.executable
TIME = "/usr/bin/time"


def timed(command: list[str], cwd: Path) -> tuple[float, int, str]:
    """Wall seconds, peak resident memory (KiB) and the log (stderr) of one command."""
    started = time.perf_counter()
    result = subprocess.run(
        [TIME, "-f", "%M", *command], cwd=cwd, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - started
    if result.returncode not in (0, 1):
        raise RuntimeError(f"{command} failed:\n{result.stdout}\n{result.stderr}")
    *log, peak = result.stderr.strip().splitlines()
    return elapsed, int(peak), "\n".join(log)


def median_of(runs: int, prepare: Callable[[], None], command: list[str], cwd: Path) -> dict:
    times, peaks = [], []
    for _ in range(runs):
        prepare()
        elapsed, peak, _ = timed(command, cwd)
        times.append(elapsed)
        peaks.append(peak)
    return {"seconds": statistics.median(times), "peak_mib": max(peaks) / 1024}


def mkdocs_build(site: str = "site", logged: bool = False) -> list[str]:
    """`--quiet` unless the log is read: it hides the builder's "Pictures: ..." line."""
    quiet = [] if logged else ["--quiet"]
    return [PYTHON, "-m", "mkdocs", "build", *quiet, "--site-dir", site]


def site_figures(site: Path) -> dict:
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = [p for p in files if p.suffix == ".html"]
    map_parts = [site / "maps/world.html", site / "assets/atlas/initiatives.js"]
    map_parts += [site / "assets/atlas/basemap.js"]
    raw = sum(p.stat().st_size for p in map_parts)
    zipped = sum(len(gzip.compress(p.read_bytes(), 6)) for p in map_parts)
    index = site / "search" / "search_index.json"
    largest = max(pages, key=lambda p: p.stat().st_size)
    return {
        "site_mib": sum(p.stat().st_size for p in files) / 2**20,
        "largest_page_kib": largest.stat().st_size / 1024,
        "largest_page": largest.relative_to(site).as_posix(),
        "map_raw_kib": raw / 1024,
        "map_gzip_kib": zipped / 1024,
        "search_index_mib": index.stat().st_size / 2**20 if index.exists() else 0,
    }


def browser_seconds(site: Path) -> float:
    """From navigation to every marker placed, in headless Chromium, offline."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from tests.support.browser import start_chromium

    driver = start_chromium()
    try:
        started = time.perf_counter()
        driver.get((site / "maps" / "world.html").as_uri())
        WebDriverWait(driver, 60, poll_frequency=0.02).until(
            lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("data-atlas-ready")
        )
        return time.perf_counter() - started
    finally:
        driver.quit()


def matching_seconds(root: Path) -> float:
    """Every initiative's connections (could help, could be helped, related), once."""
    code = (
        "import time;from pathlib import Path;from builder import pipeline;"
        "from builder.settings import Settings;from builder.site.matching import Matcher;"
        "a,_=pipeline.collect(Settings.for_root(Path('.')));t=time.perf_counter();"
        "m=Matcher(a);[m.connections(i) for i in a.initiatives];print(time.perf_counter()-t)"
    )
    result = subprocess.run([PYTHON, "-c", code], cwd=root, capture_output=True, text=True)
    return float(result.stdout.strip())


def map_generation_seconds(root: Path) -> float:
    code = (
        "import time;from pathlib import Path;from builder import pipeline;"
        "from builder.settings import Settings;"
        "from builder.site import maps, pictures, record;"
        "s=Settings.for_root(Path('.'));a,_=pipeline.collect(s);"
        "z=pictures.publish_pictures(a,s.cache_dir).sizes;t=time.perf_counter();"
        "r=[record.public_record(i,z,a.today) for i in a.initiatives];"
        "maps.map_files(r,a.vocabularies,s.basemap,s.tiles,'en','',{});print(time.perf_counter()-t)"
    )
    result = subprocess.run([PYTHON, "-c", code], cwd=root, capture_output=True, text=True)
    return float(result.stdout.strip())


def touch_one(root: Path) -> None:
    path = next((root / "initiatives").iterdir()) / "initiative.yaml"
    text = path.read_text()
    path.write_text(text.replace("Example team", "Example team!", 1))


def measure_size(count: int, runs: int, work: Path, hugo: bool) -> dict:
    root = generate(work / f"atlas-{count}", count, pictures="none")
    one = next((root / "initiatives").iterdir())
    results: dict = {"count": count}
    nothing = lambda: None  # noqa: E731
    validate = [PYTHON, "-m", "builder", "validate"]
    results["validate_all"] = median_of(runs, nothing, validate, root)
    results["validate_one"] = median_of(runs, nothing, [*validate, str(one)], root)

    def cold() -> None:
        shutil.rmtree(root / "site", ignore_errors=True)
        shutil.rmtree(root / ".cache", ignore_errors=True)

    results["cold"] = median_of(runs, cold, mkdocs_build(), root)
    results["warm"] = median_of(runs, nothing, mkdocs_build(), root)
    results["edit_one"] = median_of(runs, lambda: touch_one(root), mkdocs_build(), root)
    results["site"] = site_figures(root / "site")
    results["map_seconds"] = map_generation_seconds(root)
    results["matching_seconds"] = matching_seconds(root)
    results["browser_seconds"] = browser_seconds(root / "site")

    baseline = write_baseline(root, work / f"baseline-{count}")
    results["baseline"] = median_of(
        runs, lambda: shutil.rmtree(baseline / "site", ignore_errors=True), mkdocs_build(), baseline
    )
    if hugo:
        hugo_root = write_hugo(root, work / f"hugo-{count}")
        results["hugo"] = median_of(
            runs,
            lambda: shutil.rmtree(hugo_root / "public", ignore_errors=True),
            ["hugo", "--quiet"],
            hugo_root,
        )
    return results


def language_figures(site: Path) -> dict[str, dict]:
    """The largest page and the search index of each language's folder."""
    figures = {}
    for language in SITE_LANGUAGES:
        folder = site / urls.language_root(language)
        pages = [
            p
            for p in folder.rglob("*.html")
            if language != DEFAULT_LANGUAGE or p.relative_to(site).parts[0] not in SITE_LANGUAGES
        ]
        largest = max(pages, key=lambda p: p.stat().st_size)
        index = folder / "search" / "search_index.json"
        figures[language] = {
            "largest_page_kib": largest.stat().st_size / 1024,
            "search_index_mib": index.stat().st_size / 2**20,
            "search_index_gzip_kib": len(gzip.compress(index.read_bytes(), 6)) / 1024,
        }
    return figures


def measure_languages(count: int, runs: int, work: Path, audit: bool = True) -> dict:
    """All six languages: the atlas's build (every initiative checked and every picture
    rendered once, then six MkDocs builds side by side, joined: `build --part`) against plain
    MkDocs building the same pages six times the same way, in the same run; then the offline
    copies and the audit of the whole site (`merge`, if `audit`), which plain MkDocs has no
    part of."""
    root = generate(work / f"atlas-{count}", count, pictures="none")
    baseline = write_baseline(root, work / f"baseline-{count}")
    results: dict = {"count": count}

    def clean() -> None:
        for folder in ("site-six", ".cache"):
            shutil.rmtree(root / folder, ignore_errors=True)

    build = [PYTHON, "-m", "builder", "build", "--part", "--site-dir", "site-six"]
    results["ours"] = median_of(runs, clean, build, root)
    warm = lambda: shutil.rmtree(root / "site-six", ignore_errors=True)  # noqa: E731
    results["ours_warm"] = median_of(runs, warm, build, root)
    if audit:
        merge = [PYTHON, "-m", "builder", "merge", "site-six", "--site-dir", "site-final"]
        results["merge"] = median_of(1, lambda: None, merge, root)
    plain = [PYTHON, "-m", "bench.six", str(baseline), str(baseline / "site-six")]
    results["plain"] = median_of(
        runs, lambda: shutil.rmtree(baseline / "site-six", ignore_errors=True), plain, REPO
    )
    results["languages"] = language_figures(root / "site-six")
    return results


def log_line(log: str, start: str) -> str:
    """The words of the first log line that holds `start`, after its level."""
    return next(line for line in log.splitlines() if start in line).split("-", 1)[1].strip()


def measure_pictures(count: int, work: Path) -> dict:
    """Cold and warm builds of an atlas with one 2560x1707 JPEG per initiative."""
    root = generate(work / f"pictures-{count}", count, pictures="unique")
    cold, cold_peak, _ = timed(mkdocs_build(logged=True), root)
    warm, _, log = timed(mkdocs_build(logged=True), root)
    return {
        "count": count,
        "cold": cold,
        "warm": warm,
        "peak_mib": cold_peak / 1024,
        "warm_log": log_line(log, "Pictures:"),
    }


def measure_with_pictures(count: int, runs: int, work: Path, serve: bool) -> dict:
    """The atlas carrying the repository's example pictures (as committed, shared by
    content) against plain mkdocs-material with the same pages and the same picture files:
    cold (empty caches and site), warm (nothing changed) and after editing one initiative;
    and, if `serve`, the `mkdocs serve` reload after editing one initiative on each side."""
    root = generate(work / f"examples-{count}", count, pictures="examples")
    baseline = write_baseline(root, work / f"examples-baseline-{count}")
    pictures = [p for p in root.glob("initiatives/*/images/*") if p.is_file()]
    results: dict = {"count": count, "pictures": len(pictures)}
    results["distinct"] = len({p.read_bytes() for p in pictures})

    def cold() -> None:
        shutil.rmtree(root / "site", ignore_errors=True)
        shutil.rmtree(root / ".cache", ignore_errors=True)

    results["cold"] = median_of(runs, cold, mkdocs_build(), root)
    results["warm"] = median_of(runs, lambda: None, mkdocs_build(), root)
    touch_one(root)
    results["edit_one"], _, log = timed(mkdocs_build(logged=True), root)
    results["edit_log"] = log_line(log, "Initiatives:")
    results["warm_log"] = log_line(log, "Pictures:")
    results["plain_cold"] = median_of(
        runs, lambda: shutil.rmtree(baseline / "site", ignore_errors=True), mkdocs_build(), baseline
    )
    results["plain_warm"] = median_of(runs, lambda: None, mkdocs_build(), baseline)
    if serve:
        first = sorted((root / "initiatives").iterdir())[0]
        ours = renamer(first / "initiative.yaml")
        plain = renamer(baseline / "docs" / "initiatives" / f"{first.name}.md")
        results["serve"] = reload_seconds(root, ours, max(runs, 3))
        results["plain_serve"] = reload_seconds(baseline, plain, max(runs, 3))
    return results


def pictures_table(results: list[dict], light: dict[str, float] | None) -> str:
    lines = [
        "",
        "## Rebuilds with pictures, `mkdocs serve`, the light check",
        "",
        "Each initiative carries the pictures of one of the 18 examples, as committed (the same "
        "files again and again, as in an atlas where many entries reuse a logo or a photo). "
        "'Plain' is mkdocs-material building the same pages with the same picture files "
        "(the atlas's pages as Markdown, with its navigation and theme features, each picture "
        "an image on its initiative's page). Cold: empty caches and no site; warm: nothing "
        "changed; one edit: "
        "one initiative's contributor changed. The serve reload is the time from saving one "
        "initiative's file (ours: its YAML; plain: its Markdown page) to `mkdocs serve` "
        "printing 'Reloading browsers', median of 3 edits.",
        "",
        "| initiatives | pictures (distinct) | ours cold | ours warm | ours after one edit "
        "| plain cold | plain warm | warm ours / plain | serve reload, ours | plain "
        "| ours / plain |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        ratio = r["warm"]["seconds"] / r["plain_warm"]["seconds"]
        serve = ["not run"] * 3
        if "serve" in r:
            serve = [f"{r['serve']:.1f} s", f"{r['plain_serve']:.1f} s"]
            serve.append(f"{r['serve'] / r['plain_serve']:.2f}x")
        lines.append(
            f"| {r['count']:,} | {r['pictures']:,} ({r['distinct']}) "
            f"| {r['cold']['seconds']:.1f} s | {r['warm']['seconds']:.1f} s "
            f"| {r['edit_one']:.1f} s "
            f"| {r['plain_cold']['seconds']:.1f} s | {r['plain_warm']['seconds']:.1f} s "
            f"| {ratio:.2f}x | {' | '.join(serve)} |"
        )
    for r in results:
        lines.append(
            f"\nAfter one edit at {r['count']:,}, the log said '{r['edit_log']}' and "
            f"'{r['warm_log']}'."
        )
    if light:
        done = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in light.items())
        lines += [
            "",
            "The pull-request workflow's light check (`bench/light.py`), its steps run here from "
            "a fresh partial clone (`--filter=blob:none`), pip's cache warm as setup-python's "
            f"cache leaves it, validating one initiative with two pictures: {done}.",
        ]
    return "\n".join(lines) + "\n"


def measure_offline(count: int, work: Path) -> dict:
    """The open data and the English offline copies (zip and ZIM) at `count` initiatives,
    with a few small pictures shared between them."""
    root = generate(work / f"offline-{count}", count, pictures="pool")
    elapsed, _, _ = timed(mkdocs_build("site-en"), root)
    offline = [PYTHON, "-m", "bench.offline", str(root), str(root / "site-en")]
    result = subprocess.run(offline, cwd=REPO, capture_output=True, text=True, check=True)
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    return {"count": count, "build_seconds": elapsed, **figures}


def offline_table(results: list[dict]) -> str:
    lines = [
        "",
        "## Open data and offline copies",
        "",
        "The exports (made once, in the default language's build) and the English copies, "
        "timed on their own inside one process; the audit reads the whole English site with "
        "its copies. Sizes as published, and gzipped as a server would send them.",
        "",
        "| initiatives | exports made in | feeds made in | initiatives.json | .geojson | .csv "
        "| zip made in | zip | ZIM made in | ZIM | audit of the site and copies |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    mib = 2**20
    for r in results:
        sizes = {path.split("/")[-1]: figures for path, figures in r["exports"].items()}

        def size(name: str, sizes: dict = sizes) -> str:
            found = sizes[name]
            return f"{found['bytes'] / mib:.1f} MiB ({found['gzip'] / mib:.1f} gzip)"

        lines.append(
            f"| {r['count']:,} | {r['exports_seconds']:.2f} s | {r['feeds_seconds']:.2f} s "
            f"| {size('initiatives.json')} | {size('initiatives.geojson')} "
            f"| {size('initiatives.csv')} | {r['zip_seconds']:.1f} s "
            f"| {r['zip_bytes'] / mib:.1f} MiB | {r['zim_seconds']:.1f} s "
            f"| {r['zim_bytes'] / mib:.1f} MiB | {r['audit_seconds']:.1f} s |"
        )
    return "\n".join(lines) + "\n"


def table(results: list[dict], pictures: dict | None, runs: int, hugo: bool) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"Written by `make bench` on {time.strftime('%Y-%m-%d')}: {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {platform.machine()}. "
        f"{'One run of each' if runs == 1 else f'Medians of {runs} runs'}; "
        "'ours' is `mkdocs build` (one language) with the atlas plugin, 'plain' is "
        "mkdocs-material building the same pages written out as ordinary Markdown, with the same "
        "navigation and theme features (no plugin, no pictures), in the same run. 'Matching' is "
        "the time to find every initiative's connections (could help, could be helped, related).",
        "",
        "| initiatives | validate all | validate one | ours cold | ours warm | ours after one edit "
        "| plain mkdocs | ours / plain | hugo | peak memory | largest page | map + data (gzip) "
        "| search index | map built in | map shown in | matching |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        ratio = r["cold"]["seconds"] / r["baseline"]["seconds"]
        hugo_cell = f"{r['hugo']['seconds']:.2f} s" if hugo else "not run"
        lines.append(
            f"| {r['count']:,} | {r['validate_all']['seconds']:.2f} s "
            f"| {r['validate_one']['seconds']:.2f} s | {r['cold']['seconds']:.1f} s "
            f"| {r['warm']['seconds']:.1f} s | {r['edit_one']['seconds']:.1f} s "
            f"| {r['baseline']['seconds']:.1f} s | {ratio:.2f}x | {hugo_cell} "
            f"| {r['cold']['peak_mib']:.0f} MiB | {r['site']['largest_page_kib']:.0f} KiB "
            f"| {r['site']['map_gzip_kib']:.0f} KiB ({r['site']['map_raw_kib']:.0f} KiB raw) "
            f"| {r['site']['search_index_mib']:.1f} MiB | {r['map_seconds']:.2f} s "
            f"| {r['browser_seconds']:.2f} s | {r['matching_seconds']:.2f} s |"
        )
    if pictures:
        per_second = pictures["count"] / pictures["cold"]
        lines += [
            "",
            f"Pictures: {pictures['count']:,} initiatives with one distinct 2560x1707 JPEG each. "
            f"Cold build (empty cache) {pictures['cold']:.1f} s, {per_second:.1f} pictures/s; "
            f"warm rebuild (nothing changed) {pictures['warm']:.1f} s, and its log says "
            f"'{pictures['warm_log']}'; peak memory of the cold build "
            f"{pictures['peak_mib']:.0f} MiB.",
        ]
    return "\n".join(lines) + "\n"


def language_table(results: list[dict]) -> str:
    lines = [
        "",
        "## Six languages",
        "",
        "'Ours' is `python -m builder build --part`: every initiative checked and every picture "
        "rendered once, then six MkDocs builds (ar, zh, en, fr, ru, es) side by side on the "
        "cores, two worker processes building three languages each, joined. 'Plain' is "
        "mkdocs-material building the same pages as Markdown six times (one per "
        "`theme.language`, the same navigation and theme features) the same way, joined. "
        "`make site` then makes the zip copies and audits the whole site (`merge`), which "
        "plain MkDocs has no part of: its time is given beside.",
        "",
        "| initiatives | ours (cold caches) | ours (warm) | plain, six builds | ours / plain "
        "| then copies and audit |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        ratio = r["ours"]["seconds"] / r["plain"]["seconds"]
        merged = f"{r['merge']['seconds']:.1f} s" if "merge" in r else "not run"
        lines.append(
            f"| {r['count']:,} | {r['ours']['seconds']:.1f} s | {r['ours_warm']['seconds']:.1f} s "
            f"| {r['plain']['seconds']:.1f} s | {ratio:.2f}x | {merged} |"
        )
    for r in results:
        lines += [
            "",
            f"Per language at {r['count']:,} initiatives:",
            "",
            "| language | largest page | search index | search index, gzip |",
            "|---|---|---|---|",
        ]
        for language, figures in r["languages"].items():
            lines.append(
                f"| {language} | {figures['largest_page_kib']:.0f} KiB "
                f"| {figures['search_index_mib']:.1f} MiB "
                f"| {figures['search_index_gzip_kib']:.0f} KiB |"
            )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--runs", type=int, default=1, help="the median of this many runs")
    parser.add_argument("--pictures", type=int, default=1000, help="0 to skip")
    parser.add_argument("--languages", default="1000,10000", help="sizes for six languages")
    parser.add_argument("--offline", default="1000,10000", help="sizes for exports and copies")
    parser.add_argument(
        "--with-pictures", default="1000,10000", help="sizes carrying the example pictures"
    )
    parser.add_argument("--serve", default="1000", help="sizes whose serve reload is timed")
    parser.add_argument("--light", type=int, default=1, help="0 to skip the light check")
    parser.add_argument("--audit", default="1000", help="six-language sizes also audited")
    parser.add_argument(
        "--pipeline", type=int, default=20, help="drawn photographs for the picture pipeline"
    )
    parser.add_argument("--output", type=Path, default=REPO / "bench" / "RESULTS.md")
    arguments = parser.parse_args()
    hugo = shutil.which("hugo") is not None
    with tempfile.TemporaryDirectory(prefix="atlas-bench-") as folder:
        work = Path(folder)
        results = []
        for count in (int(n) for n in arguments.sizes.split(",") if n):
            print(f"measuring {count} initiatives ...", flush=True)
            results.append(measure_size(count, arguments.runs, work, hugo))
        pictures = measure_pictures(arguments.pictures, work) if arguments.pictures else None
        languages = []
        for count in (int(n) for n in arguments.languages.split(",") if n):
            print(f"measuring six languages at {count} initiatives ...", flush=True)
            audited = str(count) in arguments.audit.split(",")
            languages.append(measure_languages(count, arguments.runs, work, audited))
        offline = []
        for count in (int(n) for n in arguments.offline.split(",") if n):
            print(f"measuring open data and offline copies at {count} initiatives ...", flush=True)
            offline.append(measure_offline(count, work))
        served = {int(n) for n in arguments.serve.split(",") if n}
        with_pictures = []
        for count in (int(n) for n in arguments.with_pictures.split(",") if n):
            print(f"measuring rebuilds with pictures at {count} initiatives ...", flush=True)
            with_pictures.append(
                measure_with_pictures(count, arguments.runs, work, count in served)
            )
        light = measure_light_check(work) if arguments.light else None
    report = table(results, pictures, arguments.runs, hugo)
    report += language_table(languages) if languages else ""
    report += offline_table(offline) if offline else ""
    report += pictures_table(with_pictures, light) if with_pictures or light else ""
    if arguments.pipeline:
        print("measuring the picture pipeline ...", flush=True)
        report += picture_table(measure_picture_pipeline(arguments.pipeline))
    report += detector_table(measure_detectors())
    arguments.output.write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())

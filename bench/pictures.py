"""The picture pipeline on one core, stage by stage, before and after it was made faster, and
the same pictures through vipsthumbnail and Hugo (when installed) as references."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from bench.generate import REPO, picture
from builder.data import images
from tests.support import renditions

PHOTO_SIZE = (2560, 1707)
"""The largest picture a contributor may commit: what costs the most to publish."""


def sample(count: int, own: bool = True) -> list[bytes]:
    """The repository's own pictures, then drawn photographs of the largest size allowed."""
    paths = sorted(REPO.glob("initiatives/*/images/*.*")) if own else []
    drawn = [picture(*PHOTO_SIZE, seed) for seed in range(count)]
    return [path.read_bytes() for path in paths] + drawn


def fastest(work: Callable[[], dict[str, float]], repeats: int) -> dict[str, float]:
    """Each figure's lowest of a few runs: other work on the machine only ever adds time."""
    runs = [work() for _ in range(repeats)]
    return {name: min(run[name] for run in runs) for name in runs[0]}


def whole(render: Callable[[bytes], object], data: bytes) -> dict[str, float]:
    started = time.perf_counter()
    render(data)
    return {"whole": time.perf_counter() - started}


def stages(data: bytes, method: int, chained: bool) -> dict[str, float]:
    """Decode (with colour and orientation), resize and encode of one picture's widths."""
    timing = {"decode": 0.0, "resize": 0.0, "encode": 0.0}
    started = time.perf_counter()
    pixels = images.clean_pixels(data)
    timing["decode"] = time.perf_counter() - started
    source = pixels
    for width in reversed(images.widths_for(pixels.width)):
        size = (width, max(1, round(pixels.height * width / pixels.width)))
        started = time.perf_counter()
        gap = images.REDUCING_GAP if chained else None
        resized = source if source.size == size else source.resize(size, reducing_gap=gap)
        timing["resize"] += time.perf_counter() - started
        source = resized if chained else pixels
        started = time.perf_counter()
        resized.save(io.BytesIO(), "WEBP", quality=images.WEBP_QUALITY, method=method)
        timing["encode"] += time.perf_counter() - started
    return timing


def suffix(data: bytes) -> str:
    return "png" if data.startswith(b"\x89PNG") else "jpg"


def vipsthumbnail_seconds(pictures: list[bytes], folder: Path) -> float | None:
    """The same widths and WebP quality with libvips, one picture after another."""
    if shutil.which("vipsthumbnail") is None:
        return None
    sources = []
    for number, data in enumerate(pictures):
        sources.append(folder / f"{number}.{suffix(data)}")
        sources[-1].write_bytes(data)
    environment = {**os.environ, "VIPS_CONCURRENCY": "1"}
    started = time.perf_counter()
    for source in sources:
        for width in images.WIDTHS:
            output = f"{folder}/%s-{width}.webp[Q={images.WEBP_QUALITY},strip]"
            command = ["vipsthumbnail", str(source), "--size", f"{width}x", "-o", output]
            subprocess.run(command, check=True, env=environment, capture_output=True)
    return time.perf_counter() - started


def hugo_seconds(pictures: list[bytes], folder: Path) -> float | None:
    """Hugo's image processing (Lanczos, WebP at the same quality), from a cold cache."""
    if shutil.which("hugo") is None:
        return None
    site = folder / "hugo"
    (site / "assets" / "pictures").mkdir(parents=True)
    (site / "layouts").mkdir()
    for number, data in enumerate(pictures):
        (site / "assets" / "pictures" / f"{number}.{suffix(data)}").write_bytes(data)
    widths = " ".join(str(width) for width in images.WIDTHS)
    quality = images.WEBP_QUALITY
    (site / "layouts" / "index.html").write_text(
        '{{ range resources.Match "pictures/*" }}{{ $p := . }}'
        f"{{{{ range slice {widths} }}}}"
        f'{{{{ ($p.Resize (printf "%dx webp q{quality} Lanczos" .)).RelPermalink }}}}'
        "{{ end }}{{ end }}",
        encoding="utf-8",
    )
    (site / "hugo.toml").write_text(
        "baseURL = 'https://example.org/'\ndisableKinds = ['taxonomy', 'term', 'RSS', "
        "'sitemap', 'section', 'page', '404', 'robotsTXT']\n",
        encoding="utf-8",
    )
    environment = {**os.environ, "GOMAXPROCS": "1"}
    command = ["hugo", "--quiet", "--ignoreCache", "--source", str(site)]
    started = time.perf_counter()
    result = subprocess.run(command, env=environment, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    return elapsed if result.returncode == 0 else None


def measure_picture_pipeline(count: int, own: bool = True, repeats: int = 3) -> dict:
    """Seconds per stage for the whole sample, before and now (each picture measured both
    ways in turn, so that a busy moment of the machine weighs on both), and the references."""
    pictures = sample(count, own)
    before: dict[str, float] = {}
    now: dict[str, float] = {}
    for data in pictures:
        for totals, method, chained, render in (
            (before, renditions.DIRECT_WEBP_METHOD, False, renditions.direct_renditions),
            (now, images.WEBP_METHOD, True, images.render),
        ):
            timing = fastest(partial(stages, data, method, chained), repeats)
            timing |= fastest(partial(whole, render, data), repeats)
            for stage, spent in timing.items():
                totals[stage] = totals.get(stage, 0.0) + spent
    with tempfile.TemporaryDirectory(prefix="atlas-pictures-") as folder:
        return {
            "pictures": len(pictures),
            "drawn": count,
            "before": before,
            "now": now,
            "vipsthumbnail": vipsthumbnail_seconds(pictures, Path(folder)),
            "hugo": hugo_seconds(pictures, Path(folder)),
        }


def picture_table(figures: dict) -> str:
    count = figures["pictures"]

    def rate(spent: float | None) -> str:
        if spent is None:
            return "not installed (or without WebP)"
        return f"{spent:.1f} s ({count / spent:.1f}/s)"

    lines = [
        "",
        "## The picture pipeline",
        "",
        f"{count} pictures: the repository's own, and {figures['drawn']} drawn photographs of "
        f"{PHOTO_SIZE[0]}x{PHOTO_SIZE[1]} (the largest allowed), each published at "
        f"{', '.join(map(str, images.WIDTHS))} px or less, on one core, each figure the lowest "
        "of a few runs. 'Before': every width resized from the whole picture, WebP effort 4. "
        "'Now': each width from the next "
        f"wider one (reducing_gap {images.REDUCING_GAP}), WebP effort {images.WEBP_METHOD}, "
        "JPEG draft decoding when the widest rendition fits in half the picture.",
        "",
        "| stage | before | now | speed-up |",
        "|---|---|---|---|",
    ]
    for stage in ("decode", "resize", "encode"):
        old, new = figures["before"][stage], figures["now"][stage]
        lines.append(f"| {stage} | {old:.2f} s | {new:.2f} s | {old / new:.2f}x |")
    old, new = figures["before"]["whole"], figures["now"]["whole"]
    lines += [
        f"| whole (`images.render`) | {old:.2f} s | {new:.2f} s | {old / new:.2f}x |",
        "",
        f"Same pictures, widths and quality: vipsthumbnail {rate(figures['vipsthumbnail'])}, "
        f"Hugo {rate(figures['hugo'])}; the atlas now {rate(new)}.",
    ]
    return "\n".join(lines) + "\n"

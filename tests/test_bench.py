"""A smoke run of the benchmark at 10 initiatives, so that `make bench` keeps working."""

from __future__ import annotations

from pathlib import Path

from bench.pictures import measure_picture_pipeline, picture_table
from bench.run import (
    language_table,
    measure_languages,
    measure_pictures,
    measure_size,
    measure_with_pictures,
    pictures_table,
    table,
)


def test_the_benchmark_runs_end_to_end(tmp_path: Path) -> None:
    result = measure_size(10, 1, tmp_path, hugo=False)
    pictures = measure_pictures(2, tmp_path)
    report = table([result], pictures, 1, hugo=False)
    assert result["validate_all"]["seconds"] > 0
    assert result["matching_seconds"] > 0
    assert result["baseline"]["seconds"] > 0
    assert 0 < result["site"]["map_gzip_kib"] < 1536
    assert "| 10 |" in report and "Pictures: 2 initiatives" in report
    six = measure_languages(10, 1, tmp_path)
    assert six["ours"]["seconds"] > 0 and six["plain"]["seconds"] > 0
    assert set(six["languages"]) == {"ar", "zh", "en", "fr", "ru", "es"}
    assert six["merge"]["seconds"] > 0
    assert "| zh |" in language_table([six])


def test_the_rebuilds_with_pictures_and_the_serve_reload_are_measured(tmp_path: Path) -> None:
    result = measure_with_pictures(18, 1, tmp_path, serve=True)
    assert result["pictures"] == 23 and result["distinct"] == 23
    assert result["edit_log"] == "Initiatives: 1 checked, 17 from the cache"
    assert result["warm_log"] == "Pictures: 0 processed, 23 from the cache"
    assert result["serve"] > 0 and result["plain_serve"] > 0
    baseline = tmp_path / "examples-baseline-18" / "docs" / "initiatives"
    assert len([p for p in baseline.rglob("*") if p.suffix in (".jpg", ".png", ".webp")]) == 23
    report = pictures_table([result], {"clone": 1.0, "in all": 1.0})
    assert "| 18 | 23 (23) |" in report and "clone 1.0 s" in report


def test_the_picture_benchmark_measures_every_stage() -> None:
    figures = measure_picture_pipeline(1, own=False, repeats=1)
    assert figures["pictures"] == 1
    assert all(figures[side][stage] > 0 for side in ("before", "now") for stage in figures["now"])
    assert set(figures["now"]) == {"decode", "resize", "encode", "whole"}
    assert "| encode |" in picture_table(figures)

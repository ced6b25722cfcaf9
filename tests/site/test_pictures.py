"""Published pictures go through the cache: rendered once per content, then only copied."""

from __future__ import annotations

from pathlib import Path

from builder import pipeline
from builder.data import images
from builder.settings import Settings
from builder.site.pages import Build
from tests.data.test_images import phone_photo
from tests.support import write_initiative


def test_a_second_build_processes_no_picture(atlas_root: Path, settings: Settings) -> None:
    write_initiative(atlas_root, "river-keepers")
    write_initiative(atlas_root, "lake-keepers")
    clean_photo = images.clean(phone_photo()).data
    (atlas_root / "initiatives/lake-keepers/images/river.png").write_bytes(clean_photo)
    atlas, checked = pipeline.collect(settings)
    assert checked.problems == []
    cold = pipeline.outputs(atlas, settings, Build("en"))
    warm = pipeline.outputs(atlas, settings, Build("en"))
    assert (cold.processed, cold.cached) == (2, 0)
    assert (warm.processed, warm.cached) == (0, 2)
    assert warm.files == cold.files
    pictures = [data.read_bytes() for uri, data in cold.files if uri.endswith(".webp")]
    assert len(pictures) == 1 + 2
    assert all(images.metadata_kinds(data) == [] for data in pictures)


def test_one_picture_in_two_folders_is_rendered_once(
    atlas_root: Path, settings: Settings
) -> None:
    write_initiative(atlas_root, "river-keepers")
    write_initiative(atlas_root, "lake-keepers")
    atlas, checked = pipeline.collect(settings)
    assert checked.problems == []
    published = pipeline.outputs(atlas, settings, Build("en"))
    assert published.processed == 1
    cache = sorted(path.name for path in settings.cache_dir.glob("*.json"))
    assert len(cache) == 1
    renditions = [uri for uri, _ in published.files if uri.endswith(".webp")]
    assert len(renditions) == len(set(renditions)) == 1

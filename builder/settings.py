"""Where an atlas lives and how it is built: plain values shared by the pipeline, the
command line and the MkDocs plugin."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

BUNDLES_ENV = "ATLAS_BUNDLES"
"""Set by `python -m builder build` for each language build: the kinds of offline copy that
will be made after it ('zip' or 'zip,zim'), so that the Download page lists them."""
FULL_TEXT_LIMIT = 2000
"""Above this many initiatives, search leaves out descriptions to keep its index small."""


@dataclass(frozen=True)
class TileSettings:
    """An optional online basemap. Off by default: every tile request tells a third party
    which place a visitor is looking at."""

    url: str = ""
    attribution: str = ""


@dataclass(frozen=True)
class Settings:
    root: Path
    schema_dir: Path
    cache_dir: Path
    """Rendered pictures."""
    tiles: TileSettings = field(default_factory=TileSettings)
    full_text_limit: int = FULL_TEXT_LIMIT
    verdicts_dir: Path | None = None
    """Remembered outcomes of checking each folder; None checks everything every time."""

    @classmethod
    def for_root(cls, root: Path, tiles: TileSettings | None = None) -> Settings:
        root = root.resolve()
        cache = root / ".cache"
        return cls(
            root,
            root / "schema",
            cache / "images",
            tiles or TileSettings(),
            verdicts_dir=cache / "verdicts",
        )

    @property
    def basemap(self) -> Path:
        return self.schema_dir / "naturalearth" / "countries-110m.topo.json"

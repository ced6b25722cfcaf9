"""Category icons: SVG files from the icon sets bundled with mkdocs-material, inlined into the
pages at build time, so that they cost no request and work offline.

schema/vocabularies.yaml names each category's icon as the theme names its icons
(`icon: material/peace` is `.icons/material/peace.svg` in the theme's templates).
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from markupsafe import Markup

from builder.data.vocabularies import VOCABULARIES_FILE, Vocabularies

ICON_NAME = re.compile(r"[a-z0-9-]+/[a-z0-9-]+")
"""A set and an icon, as in `material/peace`; never a path that leaves the icon folder."""
SVG_START = '<svg xmlns="http://www.w3.org/2000/svg"'
LIBRARY = "https://squidfunk.github.io/mkdocs-material/reference/icons-emojis/"


class IconError(ValueError):
    pass


@cache
def icons_dir() -> Path:
    """The theme's icon folder, found without importing the theme."""
    spec = importlib.util.find_spec("material")
    folders = list(spec.submodule_search_locations or []) if spec else []
    if not folders:
        raise IconError("mkdocs-material is not installed: run `make setup`")
    return Path(folders[0]) / "templates" / ".icons"


def icon_file(name: str) -> Path | None:
    if not ICON_NAME.fullmatch(name):
        return None
    path = icons_dir() / f"{name}.svg"
    return path if path.is_file() else None


@cache
def inline_icon(name: str) -> Markup:
    """The icon as an inline <svg>, hidden from assistive technology: a text always names
    what it stands for beside it."""
    path = icon_file(name)
    if path is None:
        raise IconError(f"'{name}' is not one of the icons bundled with mkdocs-material")
    svg = path.read_text(encoding="utf-8").strip()
    if not svg.startswith(SVG_START) or not svg.endswith("</svg>") or "<script" in svg:
        raise IconError(f"{path} is not a plain SVG icon")
    marked = svg.replace("<svg ", '<svg class="atlas-icon" aria-hidden="true" ', 1)
    return Markup(marked)


def icon_problems(vocab: Vocabularies, schema_dir: Path) -> Iterator[str]:
    """A line for each category whose icon is missing or unknown, naming the file, its line,
    the category and what to do."""
    file = schema_dir / VOCABULARIES_FILE
    lines = file.read_text(encoding="utf-8").splitlines() if file.exists() else []
    for category in vocab.categories.values():
        if category.icon and icon_file(category.icon):
            continue
        line = _line_of(lines, f"id: {category.id}")
        where = f"schema/{VOCABULARIES_FILE}:{line}: categories: {category.id}: icon"
        if not category.icon:
            yield f"{where}: missing; add `icon: material/<name>` with a name from {LIBRARY}"
        else:
            yield (
                f"{where}: '{category.icon}' is not one of the icons bundled with "
                f"mkdocs-material; choose a name from {LIBRARY} (for example material/peace)"
            )


def _line_of(lines: list[str], text: str) -> int:
    """The line of `text` among the categories (the first vocabulary of the file)."""
    start = next((n for n, line in enumerate(lines) if line.startswith("categories:")), 0)
    found = (n for n, line in enumerate(lines[start:], start + 1) if line.strip().endswith(text))
    return next(found, 1)

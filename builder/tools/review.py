"""Gathers what the review cards show: each changed initiative at the base branch (through
changes.py's Git calls) and in the pull request's checkout, its pictures' files, and whether its
point lies in its countries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from builder.data import checks, geography, images
from builder.data.model import build_initiative
from builder.data.sources import INITIATIVE_FILE, INITIATIVES_DIR, Source, YamlRefused, decode
from builder.data.sources import parse as parse_yaml
from builder.data.vocabularies import Vocabularies
from builder.settings import Settings
from builder.tools import changes
from builder.tools.review_card import PictureFacts, Subject, card

CARD_LIMIT = 20


def _data(raw: bytes | None) -> dict[str, Any] | None:
    if raw is None:
        return None
    try:
        data = parse_yaml(decode(raw))[0]
    except (YamlRefused, UnicodeDecodeError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def picture_facts(folder: Path, data: dict[str, Any]) -> dict[str, PictureFacts]:
    """Size and metadata of each picture the YAML names, read from the original files."""
    found = {}
    for image in data.get("images") or []:
        name = str(image.get("file", "")) if isinstance(image, dict) else ""
        path = folder / name
        if not name or not path.is_file() or path.is_symlink():
            continue
        raw = path.read_bytes()
        try:
            kinds = tuple(images.metadata_kinds(raw))
        except (OSError, SyntaxError, ValueError):
            kinds = ()
        found[name] = PictureFacts(images.pixel_size(raw), kinds)
    return found


def km_from_countries(
    data: dict[str, Any], vocab: Vocabularies, settings: Settings
) -> float | None:
    location = data["location"]
    shapes = geography.load_shapes(settings.schema_dir)
    return checks.nearest_km(
        list(data["countries"]), location["lat"], location["lon"], vocab.countries, shapes
    )


def subject(
    settings: Settings, slug: str, vocab: Vocabularies, valid: dict[str, Source], base: str | None
) -> Subject:
    """One initiative as the card shows it; `base` is the merge-base commit, or None."""
    file = f"{INITIATIVES_DIR}/{slug}/{INITIATIVE_FILE}"
    folder = settings.root / INITIATIVES_DIR / slug
    path = folder / INITIATIVE_FILE
    head = _data(path.read_bytes()) if path.is_file() and not path.is_symlink() else None
    before = _data(changes.file_at(settings.root, base, file)) if base else None
    source = valid.get(file)
    if source is None or source.data is None:
        return Subject(slug, file, before, head, None, base is not None)
    return Subject(
        slug,
        file,
        before,
        source.data,
        build_initiative(source, vocab),
        base is not None,
        picture_facts(folder, source.data),
        km_from_countries(source.data, vocab, settings),
    )


def review_cards(
    settings: Settings,
    slugs: list[str],
    vocab: Vocabularies,
    valid: list[Source],
    base: str | None,
    outside: list[str],
    language: str,
) -> list[str]:
    """A card for each initiative that is valid in the pull request or removed by it; an
    initiative with problems has its problems listed instead."""
    by_file = {source.file: source for source in valid}
    cards = []
    for slug in slugs[:CARD_LIMIT]:
        found = subject(settings, slug, vocab, by_file, base)
        if found.initiative is not None or (found.head is None and found.base is not None):
            cards.append(card(found, outside, vocab, language))
    return cards

"""Synthetic atlases for the benchmark: N valid initiatives with realistic text lengths."""

from __future__ import annotations

import io
import random
import shutil
from pathlib import Path

import yaml
from PIL import Image, ImageDraw

from builder.data.vocabularies import load_vocabularies

REPO = Path(__file__).resolve().parent.parent

# Coarse city points, each inside its country (rounded to 2 decimals).
PLACES = [
    ("KE", -1.29, 36.82), ("UG", 0.35, 32.58), ("SN", 14.69, -17.44), ("NG", 9.06, 7.49),
    ("ZA", -25.75, 28.19), ("EG", 30.04, 31.24), ("ET", 9.03, 38.74), ("GH", 5.6, -0.19),
    ("MA", 34.02, -6.84), ("TZ", -6.79, 39.21), ("BR", -15.79, -47.88), ("CO", 4.71, -74.07),
    ("MX", 19.43, -99.13), ("AR", -34.6, -58.38), ("PE", -12.05, -77.04), ("GT", 14.63, -90.51),
    ("CL", -33.45, -70.67), ("BO", -16.5, -68.15), ("HT", 18.59, -72.31), ("CU", 23.11, -82.37),
    ("US", 38.9, -77.04), ("CA", 45.42, -75.7), ("IN", 28.61, 77.21), ("BD", 23.81, 90.41),
    ("NP", 27.72, 85.32), ("KH", 11.56, 104.92), ("PH", 14.6, 120.98), ("ID", -6.21, 106.85),
    ("JO", 31.95, 35.93), ("LB", 33.89, 35.5), ("TR", 39.93, 32.86), ("PK", 33.68, 73.05),
    ("VN", 21.03, 105.85), ("TH", 13.76, 100.5), ("DE", 52.52, 13.4), ("FR", 48.86, 2.35),
    ("IT", 41.9, 12.5), ("ES", 40.42, -3.7), ("PL", 52.23, 21.01), ("GR", 37.98, 23.73),
    ("SE", 59.33, 18.07), ("CH", 46.95, 7.45), ("FJ", -18.14, 178.44), ("PG", -9.44, 147.18),
    ("AU", -35.28, 149.13), ("NZ", -41.29, 174.78), ("WS", -13.83, -171.76), ("VU", -17.73, 168.32),
]  # fmt: skip
WORDS = [
    "community",
    "solidarity",
    "rights",
    "women",
    "youth",
    "network",
    "river",
    "forest",
    "school",
    "clinic",
    "workers",
    "cooperative",
    "training",
    "justice",
    "peace",
    "seeds",
    "water",
    "land",
    "archive",
    "radio",
    "legal",
    "support",
    "refugees",
    "villages",
    "volunteers",
    "mediation",
    "climate",
    "energy",
    "solar",
    "fishing",
    "farmers",
    "artists",
    "heritage",
    "health",
]


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def picture(width: int, height: int, seed: int) -> bytes:
    """A drawn JPEG with enough detail to cost what a photograph costs to encode."""
    rng = random.Random(seed)
    image = Image.effect_noise((width, height), 40).convert("RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(40):
        x, y = rng.randrange(width), rng.randrange(height)
        colour = tuple(rng.randrange(256) for _ in range(3))
        draw.ellipse((x, y, x + width // 6, y + height // 6), fill=colour)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def unique_copy(jpeg: bytes, number: int) -> bytes:
    """The same JPEG made unique by two entries of its first quantisation table: its content
    hash changes, its pixels barely, and it stays clean (bytes added after the end, or a
    comment, would be hidden data that the validator refuses)."""
    table = jpeg.index(b"\xff\xdb") + 5
    last = bytes((1 + number % 255, 1 + number // 255 % 255))
    return jpeg[: table + 62] + last + jpeg[table + 64 :]


def needs(rng: random.Random, name: str, kinds: list[str]) -> list[str]:
    """Half of the initiatives seek (or offer) one to three kinds of help."""
    if rng.random() < 0.5:
        return []
    chosen = rng.sample(kinds, rng.randint(1, 3))
    return [f"{name}:", *(f"  - type: {kind}" for kind in chosen)]


def added_day(slug: str) -> str:
    """A day in 2024-2026, from the slug alone: the other fields stay as they were before
    initiatives had dates, so the benchmark keeps measuring the same atlases."""
    day = random.Random(slug)
    return f"202{day.randint(4, 6)}-{day.randint(1, 12):02d}-{day.randint(1, 28):02d}"


def initiative_yaml(
    rng: random.Random, slug: str, categories: list[str], images: list[dict], kinds: list[str]
) -> str:
    country, lat, lon = rng.choice(PLACES)
    chosen = rng.sample(categories, rng.randint(1, 3))
    paragraphs = "\n\n  ".join(sentence(rng, rng.randint(25, 45)) for _ in range(4))
    lines = [
        "# yaml-language-server: $schema=../../schema/initiative.schema.json",
        f"id: {slug}",
        f"title: {sentence(rng, rng.randint(3, 8))[:-1]}",
        f"summary: Example entry. {sentence(rng, rng.randint(15, 30))}",
        "description: |",
        f"  {paragraphs}",
        "language: en",
        f"categories: [{', '.join(chosen)}]",
        f"solidarity: {rng.choice(['preventive', 'reactive'])}",
        f'countries: ["{country}"]',
        f"location: {{lat: {lat}, lon: {lon}, precision: city}}",
        f'period: {{start: "{rng.randint(1995, 2025)}"}}',
        "links:",
        f"  - {{title: Report, url: 'https://example.org/{slug}'}}",
        "contributor: Example team",
        f'added: "{added_day(slug)}"',
        *needs(rng, "seeks", kinds),
        *needs(rng, "offers", kinds),
    ]
    if images:
        lines.append(yaml.safe_dump({"images": images}, allow_unicode=True, sort_keys=False))
    return "\n".join(lines) + "\n"


DRAWN = {
    "file": "images/photo.jpg",
    "alt": "A drawn picture made for the benchmark",
    "credit": "Example team",
    "license": "CC0-1.0",
    "people_identifiable": False,
}


def example_pictures() -> list[tuple[list[dict], Path]]:
    """Each example initiative's picture entries and folder, as committed."""
    found = []
    for folder in sorted((REPO / "initiatives").iterdir()):
        entry = yaml.safe_load((folder / "initiative.yaml").read_text(encoding="utf-8"))
        found.append((entry.get("images", []), folder))
    return found


def generate(root: Path, count: int, pictures: str = "pool", seed: int = 1) -> Path:
    """An atlas folder with `count` initiatives. pictures: 'unique' (one 2560x1707 JPEG each,
    the largest a committed picture may be, all different), 'pool' (a few small ones shared
    by content), 'examples' (initiative n carries the pictures of example n modulo 18, as
    the repository holds them: 1,279 pictures at 1,000) or 'none'."""
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(REPO / "schema", root / "schema")
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    vocabularies = load_vocabularies(REPO / "schema")
    categories, kinds = list(vocabularies.categories), list(vocabularies.help)
    rng = random.Random(seed)
    big = picture(2560, 1707, seed) if pictures == "unique" else b""
    pool = [picture(800, 600, n) for n in range(8)] if pictures == "pool" else []
    examples = example_pictures() if pictures == "examples" else []
    for number in range(count):
        slug = f"bench-{number:05d}"
        folder = root / "initiatives" / slug
        (folder / "images").mkdir(parents=True)
        entries, source = examples[number % len(examples)] if examples else ([], REPO)
        chosen = entries if examples else [] if pictures == "none" else [DRAWN]
        text = initiative_yaml(rng, slug, categories, chosen, kinds)
        (folder / "initiative.yaml").write_text(text)
        for entry in entries:
            shutil.copy(source / entry["file"], folder / entry["file"])
        if pictures == "unique":
            (folder / "images" / "photo.jpg").write_bytes(unique_copy(big, number))
        elif pictures == "pool":
            (folder / "images" / "photo.jpg").write_bytes(pool[number % len(pool)])
    return root

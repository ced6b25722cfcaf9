"""Rules that JSON Schema cannot express: they look at the folder, the files and the meaning.

Every check tolerates data that failed the schema, so that one run reports every problem.
"""

from __future__ import annotations

import calendar
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeGuard
from urllib.parse import urlsplit

from builder.data import geography, images
from builder.data.geography import Shape
from builder.data.privacy import find_private_detail
from builder.data.problems import Problem, field_path
from builder.data.sources import INITIATIVE_FILE, Source, iter_strings
from builder.data.vocabularies import Country

SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
MAX_DECIMALS = 2
NEAR_KM = 25
IMAGES_DIR = "images"


def _problem(
    source: Source, path: tuple[str | int, ...], message: str, hint: str = "", key: bool = False
) -> Problem:
    line, column = source.position(path, key=key)
    return Problem(source.file, line, column, field_path(path), message, hint)


def _items(data: dict[str, Any], name: str) -> Iterator[tuple[int, dict[str, Any]]]:
    value = data.get(name)
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict):
                yield index, item


def check_source(
    source: Source, countries: dict[str, Country], shapes: dict[str, Shape]
) -> list[Problem]:
    """All the rules for one initiative that need nothing but its own folder and the maps."""
    data = source.data or {}
    problems: list[Problem] = []
    for check in (check_id, check_images, check_folder_files, check_links, check_precision):
        problems.extend(check(source, data))
    problems.extend(check_in_countries(source, data, countries, shapes))
    problems.extend(check_period(source, data))
    problems.extend(check_private_details(source, data))
    problems.extend(check_translations(source, data))
    return problems


def check_id(source: Source, data: dict[str, Any]) -> Iterator[Problem]:
    if not SLUG.fullmatch(source.slug):
        yield _problem(
            source,
            (),
            f"the folder name '{source.slug}' must be lower-case letters a-z, digits and hyphens",
            f"rename the folder, for example to '{suggest_slug(source.slug)}'",
        )
    value = data.get("id")
    if isinstance(value, str) and value != source.slug:
        yield _problem(
            source,
            ("id",),
            f"'{value}' must be the same as the folder name '{source.slug}'",
            f"write id: {source.slug} (or rename the folder to '{value}')",
        )


def suggest_slug(name: str) -> str:
    words = re.findall(r"[a-z0-9]+", name.lower())
    return "-".join(words) or "women-mediators-network"


def slug_index(slugs: Iterable[str]) -> dict[str, list[str]]:
    """Folder names by their case-folded form, to find names that differ only in case."""
    owners: dict[str, list[str]] = defaultdict(list)
    for slug in slugs:
        owners[slug.casefold()].append(slug)
    return owners


def check_unique(source: Source, owners: dict[str, list[str]]) -> Iterator[Problem]:
    """Folder names (and so ids) must differ even when upper and lower case are ignored."""
    clashes = sorted(set(owners.get(source.slug.casefold(), [])) - {source.slug})
    if clashes:
        yield _problem(
            source,
            ("id",),
            f"'{source.slug}' is already used by initiatives/{clashes[0]}",
            "choose another id and rename the folder to match",
        )


def check_images(source: Source, data: dict[str, Any]) -> Iterator[Problem]:
    seen: set[str] = set()
    for index, image in _items(data, "images"):
        path = ("images", index)
        if image.get("people_identifiable") is True and image.get("consent") is not True:
            yield _problem(
                source,
                (*path, "consent"),
                "must be true when people_identifiable is true: people who can be recognised "
                "must have agreed to the picture being published",
                "add consent: true only if everyone agreed; otherwise choose another picture",
            )
        name = image.get("file")
        if not isinstance(name, str):
            continue
        if name in seen:
            yield _problem(source, (*path, "file"), f"'{name}' is listed twice")
        seen.add(name)
        message = image_file_problem(source.folder, name)
        if message:
            yield _problem(source, (*path, "file"), *message)


def image_file_problem(folder: Path, name: str) -> tuple[str, str] | None:
    """Why the file named in the YAML cannot be used, or None if it can."""
    parts = Path(name).parts
    if Path(name).is_absolute() or ".." in parts or "\\" in name:
        return f"'{name}' must be a path inside the initiative folder", "write images/<name>.jpg"
    path = folder / name
    if any((folder.joinpath(*parts[: i + 1])).is_symlink() for i in range(len(parts))):
        return f"'{name}' is a link; links are not allowed", "commit the picture itself"
    if not path.exists():
        listed = sorted(p.name for p in (folder / IMAGES_DIR).glob("*")) if folder.is_dir() else []
        hint = f"files in images/: {', '.join(listed)}" if listed else "add the picture to images/"
        return f"'{name}' does not exist", hint
    if not path.is_file():
        return f"'{name}' is not a file", "name a picture file inside images/"
    kind = images.sniff(path)
    if kind is None:
        return (
            f"'{name}' is not a JPEG, PNG or WebP picture (judged by its content, not its name)",
            "export the picture as JPEG, PNG or WebP",
        )
    failure = images.verify(path)
    if failure:
        return f"'{name}' {failure[0]}", failure[1]
    return None


def _files_under(folder: Path, prefix: str = "") -> Iterator[str]:
    """Every file and link below a folder, as relative paths with '/'; links are not followed."""
    with os.scandir(folder) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            relative = f"{prefix}{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                yield from _files_under(Path(entry.path), f"{relative}/")
            else:
                yield relative


def check_folder_files(source: Source, data: dict[str, Any]) -> Iterator[Problem]:
    """Everything committed is published, so no file may sit in the folder unexplained."""
    if not source.folder.is_dir():
        return
    listed = {f for _, image in _items(data, "images") if isinstance(f := image.get("file"), str)}
    for relative in _files_under(source.folder):
        if relative == INITIATIVE_FILE:
            continue
        if relative.startswith(f"{IMAGES_DIR}/") and relative not in listed:
            yield _problem(
                source,
                ("images",),
                f"'{relative}' is in the folder but not listed under images",
                "list it with its alt, credit and licence, or delete the file",
                key=True,
            )
        elif not relative.startswith(f"{IMAGES_DIR}/"):
            yield _problem(
                source,
                (),
                f"'{relative}' does not belong in an initiative folder",
                f"keep only {INITIATIVE_FILE} and pictures under images/",
            )


def check_links(source: Source, data: dict[str, Any]) -> Iterator[Problem]:
    urls: list[tuple[tuple[str | int, ...], Any]] = [
        (("links", i, "url"), item.get("url")) for i, item in _items(data, "links")
    ]
    urls += [
        (("organizations", i, "website"), item.get("website"))
        for i, item in _items(data, "organizations")
    ]
    urls.append((("contact_url",), data.get("contact_url")))
    for path, url in urls:
        if not isinstance(url, str) or not url.startswith("https://"):
            continue
        try:
            parts = urlsplit(url)
            host, user = parts.hostname, parts.username
        except ValueError:
            host = user = None
        if not host or "." not in host or user or " " in url:
            yield _problem(
                source,
                path,
                f"'{url}' is not a complete web address",
                "copy the address from the browser's address bar, e.g. https://example.org/page",
            )
        elif path == ("contact_url",) and _is_messenger(host):
            yield _problem(
                source,
                path,
                f"'{url}' is a messenger link, which leads to a person's phone number or account",
                "give a contact page on the organisation's website instead, e.g. a contact form",
            )


MESSENGERS = (
    "wa.me", "whatsapp.com", "t.me", "telegram.me", "telegram.org", "signal.me", "signal.group",
    "m.me", "messenger.com", "viber.com", "line.me", "wechat.com", "weixin.qq.com",
)  # fmt: skip


def _is_messenger(host: str) -> bool:
    host = host.lower().rstrip(".")
    return any(host == name or host.endswith(f".{name}") for name in MESSENGERS)


def decimals(number: float | int) -> int:
    exponent = Decimal(repr(number)).normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _number(value: Any) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def check_precision(source: Source, data: dict[str, Any]) -> Iterator[Problem]:
    location = data.get("location")
    if not isinstance(location, dict):
        return
    for axis in ("lat", "lon"):
        value = location.get(axis)
        if _number(value):
            places = decimals(value)
            if places > MAX_DECIMALS:
                yield _problem(
                    source,
                    ("location", axis),
                    f"{value} has {places} decimals; at most {MAX_DECIMALS} are allowed, for "
                    "people's safety: a more precise point could lead to a person, an office "
                    "or a shelter",
                    f"round it to {round(value, MAX_DECIMALS)} (about 1 km)",
                )


def nearest_km(
    codes: list[str],
    lat: float,
    lon: float,
    countries: dict[str, Country],
    shapes: dict[str, Shape],
) -> float | None:
    """How far the point is from the nearest of these countries; None when one of them has no
    shape in Natural Earth (Kosovo, French Guiana, Tuvalu ...), so the point may lie there."""
    if any(countries[c].numeric not in shapes for c in codes):
        return None
    known = tuple(shapes[countries[c].numeric] for c in codes)
    return _nearest_km(known, lat, lon) if known else None


@lru_cache(maxsize=100_000)
def _nearest_km(known: tuple[Shape, ...], lat: float, lon: float) -> float:
    """Coarse points repeat (town centres, country centres), so each is measured once."""
    return min(geography.distance_km(shape, lon, lat, NEAR_KM * 2) for shape in known)


def _point(location: dict[str, Any]) -> tuple[float, float] | None:
    """The point's latitude and longitude when both are numbers on the globe."""
    lat, lon = location.get("lat"), location.get("lon")
    if _number(lat) and _number(lon) and abs(lat) <= 90 and abs(lon) <= 180:
        return lat, lon
    return None


def check_in_countries(
    source: Source, data: dict[str, Any], countries: dict[str, Country], shapes: dict[str, Shape]
) -> Iterator[Problem]:
    """The point must lie in, or within 25 km of, one of the countries: it catches typos and
    swapped coordinates."""
    location, codes = data.get("location"), data.get("countries")
    if not isinstance(location, dict) or not isinstance(codes, list):
        return
    point = _point(location)
    codes = [c for c in codes if isinstance(c, str) and c in countries]
    if point is None or not codes:
        return
    lat, lon = point
    distance = nearest_km(codes, lat, lon, countries, shapes)
    if distance is None or distance <= NEAR_KM:
        return
    names = " or ".join(countries[c].english_name for c in codes)
    swapped = abs(lon) <= 90 and (nearest_km(codes, lon, lat, countries, shapes) or 0) <= NEAR_KM
    hint = (
        f"lat and lon look swapped: try lat: {lon} and lon: {lat}"
        if swapped
        else "check the signs (south and west are negative) and the countries listed"
    )
    yield _problem(
        source,
        ("location",),
        f"the point {lat}, {lon} is not in {names} (more than {NEAR_KM} km away)",
        hint,
    )


def parse_date(text: str) -> tuple[tuple[int, int, int], tuple[int, int, int]] | None:
    """The first and last day a YYYY, YYYY-MM or YYYY-MM-DD date stands for, or None."""
    year, *rest = (int(part) for part in text.split("-"))
    month, day = (*rest, 0, 0)[:2]
    if month and not 1 <= month <= 12:
        return None
    if day and not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    first = (year, month or 1, day or 1)
    last_month = month or 12
    last = (year, last_month, day or calendar.monthrange(year, last_month)[1])
    return first, last


def check_period(source: Source, data: dict[str, Any]) -> Iterator[Problem]:
    period = data.get("period")
    if not isinstance(period, dict):
        return
    spans: dict[str, tuple[tuple[int, int, int], tuple[int, int, int]] | None] = {}
    for end in ("start", "end"):
        if isinstance(period.get(end), float):
            yield _problem(
                source,
                ("period", end),
                f"{period[end]} is a number, not a date",
                "write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2019-03-15",
            )
            continue
        text = str(period.get(end))
        if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
            spans[end] = parse_date(text)
            if spans[end] is None:
                yield _problem(
                    source,
                    ("period", end),
                    f"'{text}' is not a real date",
                    "write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2019-03-15",
                )
    first, last = spans.get("start"), spans.get("end")
    if first and last and last[1] < first[0]:
        yield _problem(
            source,
            ("period", "end"),
            f"'{period['end']}' is before the start, '{period['start']}'",
            "check the two dates; leave out end if the initiative is ongoing",
        )


def check_private_details(source: Source, data: dict[str, Any]) -> Iterator[Problem]:
    texts = [(path, text) for path, text in iter_strings(data) if path[-1:] != ("file",)]
    # One search over all the text first: almost every file has nothing to report.
    if not find_private_detail("\0".join(text for _, text in texts)):
        return
    for path, text in texts:
        found = find_private_detail(text)
        if found:
            yield _problem(
                source,
                path,
                f"contains {found}; everything in this file is published",
                "remove it: people can reach the organisation through its website",
            )


def check_translations(source: Source, data: dict[str, Any]) -> Iterator[Problem]:
    """A translation is into another language than the original's."""
    language, translations = data.get("language"), data.get("translations")
    if not isinstance(language, str) or not isinstance(translations, dict):
        return
    for code in translations:
        if isinstance(code, str) and code.lower() == language.lower():
            yield _problem(
                source,
                ("translations", code),
                f"'{code}' is the language the initiative is written in (language: {language}); "
                "a translation must be into another language",
                "remove this translation, or put it under the code of the language it is in",
                key=True,
            )


def check_calls_until(source: Source, data: dict[str, Any], today: str) -> Iterator[Problem]:
    """A call for solidarity ends on a real day, at most a year after the check (`today`)."""
    year, month, day = (int(part) for part in today.split("-"))
    latest = f"{year + 1:04d}-{month:02d}-{min(day, 28) if month == 2 else day:02d}"
    for index, call in _items(data, "calls"):
        until = call.get("until")
        if not isinstance(until, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", until):
            continue
        if parse_date(until) is None:
            yield _problem(
                source,
                ("calls", index, "until"),
                f"'{until}' is not a real date",
                f'write the last day of the call, e.g. until: "{latest}"',
            )
        elif until > latest:
            yield _problem(
                source,
                ("calls", index, "until"),
                f"'{until}' is more than a year ahead; a call can run until {latest} at the latest",
                "publish a shorter call now, and a new one when it ends",
            )

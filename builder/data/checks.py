"""Rules that JSON Schema cannot express: they look at the folder, the files and the meaning.

Every check tolerates data that failed the schema, so that one run reports every problem.
"""

from __future__ import annotations

import calendar
import itertools
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeGuard
from urllib.parse import urlsplit

from builder.data import geography, images, privacy
from builder.data.geography import Shape
from builder.data.problems import Problem, field_path
from builder.data.sources import INITIATIVE_FILE, INITIATIVES_DIR, Comment, Source, iter_strings
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
    problems.extend(check_added_updated(source, data))
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


def suggest_slug(name: str, keep_digits: bool = True) -> str:
    words = re.findall(r"[a-z0-9]+" if keep_digits else r"[a-z]+", name.lower())
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
        for message, hint in image_file_problems(source, name):
            yield _problem(source, (*path, "file"), message, hint)


def clean_hint(source: Source) -> str:
    command = f"python -m builder clean-pictures {INITIATIVES_DIR}/{source.slug}"
    return (
        f"run `{command}`: it rewrites each picture from its pixels alone, at most "
        f"{images.MAX_SIDE:,} pixels long, and says what it removed"
    )


def image_file_problems(source: Source, name: str) -> list[tuple[str, str]]:
    """Why the file named in the YAML cannot be used, as (message, hint); empty if it can."""
    folder = source.folder
    parts = Path(name).parts
    if Path(name).is_absolute() or ".." in parts or "\\" in name:
        return [
            (f"'{name}' must be a path inside the initiative folder", "write images/<name>.jpg")
        ]
    path = folder / name
    if any((folder.joinpath(*parts[: i + 1])).is_symlink() for i in range(len(parts))):
        return [(f"'{name}' is a link; links are not allowed", "commit the picture itself")]
    if not path.exists():
        listed = sorted(p.name for p in (folder / IMAGES_DIR).glob("*")) if folder.is_dir() else []
        hint = f"files in images/: {', '.join(listed)}" if listed else "add the picture to images/"
        return [(f"'{name}' does not exist", hint)]
    if not path.is_file():
        return [(f"'{name}' is not a file", "name a picture file inside images/")]
    if images.sniff(path) is None:
        return [
            (
                f"'{name}' is not a JPEG, PNG or WebP picture (judged by its content, not its "
                "name)",
                "export the picture as JPEG, PNG or WebP",
            )
        ]
    return [
        (problem.message, clean_hint(source) if problem.cleanable else problem.hint)
        for problem in images.verify(path, name)
    ]


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
            yield from _unlisted_hidden_data(source, relative)
        elif not relative.startswith(f"{IMAGES_DIR}/"):
            yield _problem(
                source,
                (),
                f"'{relative}' does not belong in an initiative folder",
                f"keep only {INITIATIVE_FILE} and pictures under images/",
            )


def _unlisted_hidden_data(source: Source, relative: str) -> Iterator[Problem]:
    """A picture in the folder is public in the pull request even when it is not listed."""
    path = source.folder / relative
    if path.is_symlink() or not path.is_file() or images.sniff(path) is None:
        return
    with open(path, "rb") as handle:
        hidden = images.hidden_data(handle.read(images.DOWNLOAD_MAX_BYTES + 1))
    if hidden:
        yield _problem(
            source,
            ("images",),
            f"'{relative}' carries hidden data that anyone can download from the repository: "
            f"{', '.join(hidden)}",
            clean_hint(source),
            key=True,
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


def check_added_updated(source: Source, data: dict[str, Any]) -> Iterator[Problem]:
    """`added` and `updated` are real days, and an entry is not updated before it was added."""
    days: dict[str, str] = {}
    for name in ("added", "updated"):
        text = data.get(name)
        if not isinstance(text, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            continue
        if parse_date(text) is None:
            yield _problem(
                source,
                (name,),
                f"'{text}' is not a real date",
                f'write the day as YYYY-MM-DD in quotes, e.g. {name}: "2025-11-03"',
            )
        else:
            days[name] = text
    if "added" in days and "updated" in days and days["updated"] < days["added"]:
        yield _problem(
            source,
            ("updated",),
            f"'{days['updated']}' is before the day the entry was added, '{days['added']}'",
            "check the two dates; leave out updated until the entry changes",
        )


PRIVATE_MESSAGES = {
    privacy.EMAIL: "contains an e-mail address; everything in this file is published",
    privacy.PHONE: "contains what looks like a phone number; everything in this file is published",
    privacy.LOCATION: "contains an exact location (coordinates, a map link or a location code); "
    "only location: may hold a point, and it is rounded to about 1 km",
}
FOLDER_MESSAGES = {
    privacy.EMAIL: "the folder name contains an e-mail address; it is part of the site's "
    "addresses and of the repository",
    privacy.PHONE: "the folder name contains what looks like a phone number; it is part of the "
    "site's addresses and of the repository",
    privacy.LOCATION: "the folder name contains an exact location; it is part of the site's "
    "addresses and of the repository",
}
PRIVATE_HINTS = {
    privacy.EMAIL: "remove it: people can reach the organisation through its website",
    privacy.PHONE: "remove it: people can reach the organisation through its website",
    privacy.LOCATION: "remove it and name the town or region in words; the map takes its point "
    "from location:",
}
FOLDER_HINT = "rename the folder and write the same name as id, for example '{suggestion}'"
COMMENT_FIELD = "(comment)"
FOLDER_FIELD = "(folder name)"

Place = tuple[str | int, ...] | Comment | None
"""Where a text is: a value's path, a comment, or None for the folder name."""


def check_private_details(source: Source, data: dict[str, Any]) -> Iterator[Problem]:
    """E-mail addresses, phone numbers and exact locations in every value, comment and in the
    folder name, whatever their disguise (see privacy.normalise)."""
    texts = _private_texts(source, data)
    # One search over everything first: almost every file has nothing to report.
    if not privacy.find_private(privacy.normalise(privacy.BOUNDARY.join(t for _, t in texts))):
        return
    for place, text in texts:
        for kind in sorted(privacy.kinds_in(privacy.normalise(text))):
            yield from _private_problems(source, place, text, kind)


def _private_texts(source: Source, data: dict[str, Any]) -> list[tuple[Place, str]]:
    texts: list[tuple[Place, str]] = [(None, source.slug.replace("-", " "))]
    for path, text in iter_strings(data):
        if path[-1:] != ("file",) and not (path == ("id",) and text == source.slug):
            texts.append((path, text))
    texts += [(comment, comment.text) for comment in source.comments]
    return texts


def _private_problems(source: Source, place: Place, text: str, kind: str) -> Iterator[Problem]:
    message, hint = PRIVATE_MESSAGES[kind], PRIVATE_HINTS[kind]
    if place is None:
        line, column = source.position(("id",))
        suggestion = suggest_slug(source.slug, keep_digits=False)
        yield Problem(
            source.file,
            line,
            column,
            FOLDER_FIELD,
            FOLDER_MESSAGES[kind],
            FOLDER_HINT.format(suggestion=suggestion),
        )
    elif isinstance(place, Comment):
        offset = _offset_of(kind, text) or 0
        column = place.column + 1 + offset
        yield Problem(source.file, place.line, column, COMMENT_FIELD, message, hint)
    else:
        for line, column in _lines_with(source, place, kind):
            yield Problem(source.file, line, column, field_path(place), message, hint)


def _offset_of(kind: str, text: str) -> int | None:
    """Where in `text`, as written, the first detail of `kind` starts, or None."""
    found = privacy.find(kind, privacy.normalise(text))
    if found is None:
        return None
    low, high = 0, len(text)
    while low < high:
        middle = (low + high) // 2
        if len(privacy.normalise(text[:middle])) > found.start:
            high = middle
        else:
            low = middle + 1
    return max(0, low - 1)


def _lines_with(source: Source, path: tuple[str | int, ...], kind: str) -> list[tuple[int, int]]:
    """Each line of a value where a detail of `kind` is written; a detail split over two lines
    is reported on the first; one made by a YAML escape, where the value starts."""
    lines = source.raw_lines(path)
    found = []
    for line, column, text in lines:
        offset = _offset_of(kind, text)
        if offset is not None:
            found.append((line, column + offset))
    if found:
        return found
    for (line, column, text), (_, _, following) in itertools.pairwise(lines):
        if privacy.find(kind, privacy.normalise(f"{text}\n{following}")):
            return [(line, column + len(text) - len(text.lstrip()))]
    return [source.position(path)]


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

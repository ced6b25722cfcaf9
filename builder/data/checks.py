"""Rules that JSON Schema cannot express: they look at the folder, the files and the meaning.

Every check tolerates data that failed the schema, so that one run reports every problem.
"""

from __future__ import annotations

import calendar
import itertools
import os
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import replace
from decimal import Decimal
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any, TypeGuard
from urllib.parse import urlsplit

from builder.data import geography, images, privacy
from builder.data.fixes import line_text, value_fix, write_answer
from builder.data.geography import Shape
from builder.data.messages import NO_MESSAGE, Message, _, country_names
from builder.data.problems import Fix, Problem, field_path
from builder.data.sources import INITIATIVE_FILE, INITIATIVES_DIR, Comment, Source, iter_strings
from builder.data.suggestions import latin_slug, suggest_boolean
from builder.data.vocabularies import Country

SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
MAX_DECIMALS = 2
NEAR_KM = 25
IMAGES_DIR = "images"


def _problem(
    source: Source,
    path: tuple[str | int, ...],
    message: Message,
    hint: Message = NO_MESSAGE,
    key: bool = False,
    fix: Fix | None = None,
    form_hint: Message = NO_MESSAGE,
) -> Problem:
    line, column = source.position(path, key=key)
    return Problem(source.file, line, column, field_path(path), message, hint, fix, form_hint)


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
    problems.extend(check_markdown(source, data))
    return problems


def check_id(source: Source, data: dict[str, Any]) -> Iterator[Problem]:
    if not SLUG.fullmatch(source.slug):
        yield _problem(
            source,
            (),
            _(
                "the folder name '%(folder)s' must be lower-case letters a-z, digits and hyphens",
                folder=source.slug,
            ),
            _("rename the folder, for example to '%(name)s'", name=suggest_slug(source.slug)),
        )
    value = data.get("id")
    if isinstance(value, str) and value != source.slug:
        yield _problem(
            source,
            ("id",),
            _(
                "'%(value)s' must be the same as the folder name '%(folder)s'",
                value=value,
                folder=source.slug,
            ),
            _(
                "write this line: %(line)s (or rename the folder to '%(value)s')",
                line=f"id: {source.slug}",
                value=value,
            ),
            fix=value_fix(source, ("id",), source.slug),
        )


def suggest_slug(name: str, keep_digits: bool = True) -> str:
    return latin_slug(name, keep_digits) or "women-mediators-network"


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
            _(
                "'%(id)s' is already used by %(other)s",
                id=source.slug,
                other=f"initiatives/{clashes[0]}",
            ),
            _("choose another id and rename the folder to match"),
        )


def check_images(source: Source, data: dict[str, Any]) -> Iterator[Problem]:
    seen: set[str] = set()
    for index, image in _items(data, "images"):
        path = ("images", index)
        if _answer(image.get("people_identifiable")) is True and image.get("consent") is not True:
            yield _consent_problem(source, path, image)
        name = image.get("file")
        if not isinstance(name, str):
            continue
        if name in seen:
            yield _problem(source, (*path, "file"), _("'%(name)s' is listed twice", name=name))
        seen.add(name)
        for message, hint, fix in image_file_problems(source, name, (*path, "file")):
            yield _problem(source, (*path, "file"), message, hint, fix=fix)


def _answer(value: Any) -> bool | None:
    """A yes or no, also when typed as a word ("yes", "oui", "нет"): the schema reports the
    word, and the question it answers is asked in the same round."""
    return suggest_boolean(value) if isinstance(value, str) else value


def _consent_problem(source: Source, path: tuple[str | int, ...], image: dict[str, Any]) -> Problem:
    """The hint asks the question the contributor must answer; the fix is the answer yes."""
    where = (*path, "consent") if "consent" in image else (*path, "people_identifiable")
    line, _column = source.position((*path, "people_identifiable"))
    indent = " " * max(source.position((*path, "people_identifiable"), key=True)[1] - 1, 0)
    fix = (
        value_fix(source, (*path, "consent"), "true")
        if "consent" in image
        else Fix("insert", line, f"{indent}consent: true")
    )
    return _problem(
        source,
        where,
        _("people can be recognised in this picture, and their consent is not recorded"),
        _(
            "did everyone who can be recognised agree to the picture being published? If they "
            "did, write consent: true; if not, or if you are not sure, choose another picture"
        ),
        fix=fix,
        form_hint=_(
            "did everyone who can be recognised agree to the picture being published? If they "
            "did, tick the Consent box; if not, or if you are not sure, attach another picture"
        ),
    )


def clean_hint(source: Source) -> Message:
    command = f"python -m builder clean-pictures {INITIATIVES_DIR}/{source.slug}"
    return _(
        "run `%(command)s`: it rewrites each picture from its pixels alone, at most %(side)s "
        "pixels long, and says what it removed. Without Git, export the picture again from a "
        "phone or computer with location switched off (CONTRIBUTING.md, section 1)",
        command=command,
        side=images.MAX_SIDE,
    )


PictureIssue = tuple[Message, Message, Fix | None]


PICTURE_NAME = re.compile(r"images/[a-z0-9][a-z0-9_.-]*\.(jpg|jpeg|png|webp)")
"""As the schema's pattern for images[].file, which is explained here with the file it names."""


def image_file_problems(
    source: Source, name: str, where: tuple[str | int, ...] = ()
) -> list[PictureIssue]:
    """Why the file named in the YAML cannot be used, with a hint and, where there is one
    answer, the fix; empty if it can be used. A name that differs from the file's, or that the
    atlas cannot publish, is one problem that gives the name to use for both."""
    folder = source.folder
    listed = name.replace("\\", "/")
    parts = Path(listed).parts
    if Path(listed).is_absolute() or ".." in parts:
        return [
            (
                _("'%(name)s' must be a path inside the initiative folder", name=name),
                _("write images/<name>.jpg"),
                None,
            )
        ]
    if any((folder.joinpath(*parts[: i + 1])).is_symlink() for i in range(len(parts))):
        return [
            (
                _("'%(name)s' is a link; links are not allowed", name=name),
                _("commit the picture itself"),
                None,
            )
        ]
    found = _picture_on_disk(folder, listed)
    if found is None:
        return [_missing_picture(source, name)]
    issues = []
    if name != found or not PICTURE_NAME.fullmatch(found):
        issues.append(_name_issue(source, name, found, where))
    path = folder / found
    if not path.is_file():
        return [
            (
                _("'%(name)s' is not a file", name=name),
                _("name a picture file inside images/"),
                None,
            )
        ]
    if images.sniff(path) is None:
        return [*issues, _other_format(path, found)]
    issues += [
        (problem.message, clean_hint(source) if problem.cleanable else problem.hint, None)
        for problem in images.verify(path, found)
    ]
    return issues


def _picture_on_disk(folder: Path, listed: str) -> str | None:
    """The file a listed name stands for: itself, or the one file in images/ whose name
    differs only in upper and lower case or in its extension (img_2034.jpg, IMG_2034.JPG)."""
    if (folder / listed).exists():
        return listed
    pictures = folder / IMAGES_DIR
    present = sorted(p.name for p in pictures.iterdir()) if pictures.is_dir() else []
    wanted = PurePosixPath(listed)
    near = [
        f"{IMAGES_DIR}/{found}"
        for found in present
        if Path(found).stem.casefold() == wanted.stem.casefold()
        and (
            Path(found).suffix.casefold() == wanted.suffix.casefold()
            or Path(found).suffix.casefold() in PICTURE_SUFFIXES
        )
    ]
    return near[0] if len(near) == 1 else None


PICTURE_SUFFIXES = (
    ".jpg",
    ".jpeg",
    ".png",
    ".webp",
    ".heic",
    ".heif",
    ".avif",
    ".gif",
    ".tif",
    ".tiff",
)


def picture_name(found: str) -> str:
    """The name to give a picture: images/, then lower-case letters, digits, '-', '_' and '.'
    (IMG 2034 (1).JPG becomes images/img-2034-1.jpg)."""
    path = PurePosixPath(found)
    ascii_stem = unicodedata.normalize("NFKD", path.stem).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^a-z0-9_.]+", "-", ascii_stem.lower()).strip("-._") or "picture"
    return f"{IMAGES_DIR}/{stem}{path.suffix.lower()}"


def _name_issue(
    source: Source, name: str, found: str, where: tuple[str | int, ...]
) -> PictureIssue:
    target = picture_name(found)
    line = f"file: {target}"
    line_fix = value_fix(source, where, target) if name != target else None
    rename = Fix("rename", text=target, old=found) if found != target else None
    if "\\" in name:
        message = _(
            "'%(name)s' uses \\ between folders, as Windows does; YAML files use /", name=name
        )
    elif name != found:
        message = _("'%(name)s' does not exist, but %(found)s does", name=name, found=found)
    else:
        message = _(
            "'%(name)s' is not a name the atlas can publish: only lower-case letters a-z, "
            "digits, '-', '_' and '.' after images/",
            name=name,
        )
    if rename and line_fix:
        hint = _(
            "rename the file %(found)s to %(target)s, and write this line: %(line)s",
            found=found,
            target=target,
            line=line,
        )
        fix: Fix | None = replace(rename, also=(line_fix,))
    elif rename:
        hint, fix = _("rename the file %(found)s to %(target)s", found=found, target=target), rename
    else:
        hint, fix = _("write this line: %(line)s", line=line), line_fix
    return message, hint, fix


def _missing_picture(source: Source, name: str) -> PictureIssue:
    folder = source.folder / IMAGES_DIR
    present = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
    if present:
        listed = ", ".join(f"{IMAGES_DIR}/{found}" for found in present)
        return (
            _("'%(name)s' does not exist", name=name),
            _("the files in images/ are: %(files)s", files=listed),
            None,
        )
    return (_("'%(name)s' does not exist", name=name), _("add the picture to images/"), None)


def _other_format(path: Path, name: str) -> PictureIssue:
    """A picture in a format the atlas cannot publish, recognised by content, with how to
    convert it on a phone and on a computer."""
    with open(path, "rb") as handle:
        kind = images.other_format(handle.read(16))
    hints = {
        "HEIC": _(
            "it is an iPhone or iPad photo in HEIC format. Send it again as JPEG: on the iPhone, "
            "Settings > Camera > Formats > Most Compatible, then take or share the photo again "
            "(sharing by mail or AirDrop also converts it); on a Mac, open it in Preview and "
            "choose File > Export > JPEG; on Windows, open it in Photos and save a copy as JPEG"
        ),
        "AVIF": _(
            "it is an AVIF picture. Open it in a browser or an image editor and save a copy as "
            "JPEG or PNG (on a phone, a screenshot of it is a quick way)"
        ),
        "GIF": _(
            "it is a GIF picture. Save a copy as PNG (for drawings) or JPEG (for photos) in an "
            "image editor; an animated GIF needs one frame chosen"
        ),
        "TIFF": _(
            "it is a TIFF picture, as scanners make. Save a copy as JPEG in an image editor or "
            "the scanner's program, at most 2560 pixels long"
        ),
    }
    if kind:
        return (
            _(
                "'%(name)s' is a %(format)s picture, which the atlas cannot publish",
                name=name,
                format=kind,
            ),
            hints[kind],
            None,
        )
    return (
        _(
            "'%(name)s' is not a JPEG, PNG or WebP picture (judged by its content, not its name)",
            name=name,
        ),
        _("export the picture as JPEG, PNG or WebP"),
        None,
    )


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
    names = [f for _, image in _items(data, "images") if isinstance(f := image.get("file"), str)]
    listed = {_picture_on_disk(source.folder, name.replace("\\", "/")) for name in names}
    for relative in _files_under(source.folder):
        if relative == INITIATIVE_FILE:
            continue
        if relative.startswith(f"{IMAGES_DIR}/") and relative not in listed:
            yield _problem(
                source,
                ("images",),
                _("'%(file)s' is in the folder but not listed under images", file=relative),
                _("list it with its alt, credit and licence, or delete the file"),
                key=True,
            )
            yield from _unlisted_hidden_data(source, relative)
        elif not relative.startswith(f"{IMAGES_DIR}/"):
            yield _problem(
                source,
                (),
                _("'%(file)s' does not belong in an initiative folder", file=relative),
                _("keep only %(file)s and pictures under images/", file=INITIATIVE_FILE),
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
            _(
                "'%(file)s' carries hidden data that anyone can download from the repository: "
                "%(kinds)s",
                file=relative,
                kinds=", ".join(hidden),
            ),
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
                _("'%(url)s' is not a complete web address", url=url),
                _("copy the address from the browser's address bar, e.g. https://example.org/page"),
            )
        elif path == ("contact_url",) and _is_messenger(host):
            yield _problem(
                source,
                path,
                _(
                    "'%(url)s' is a messenger link, which leads to a person's phone number or "
                    "account",
                    url=url,
                ),
                _("give a contact page on the organisation's website instead, e.g. a contact form"),
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
                rounded = round(value, MAX_DECIMALS)
                yield _problem(
                    source,
                    ("location", axis),
                    _(
                        "%(value)s has %(places)s decimals; at most %(most)s are allowed, for "
                        "people's safety: a more precise point could lead to a person, an office "
                        "or a shelter",
                        value=repr(value),
                        places=places,
                        most=MAX_DECIMALS,
                    ),
                    _(
                        "round it to %(rounded)s (about 1 km): write this line: %(line)s",
                        rounded=repr(rounded),
                        line=f"{axis}: {rounded}",
                    ),
                    fix=value_fix(source, ("location", axis), repr(rounded)),
                    form_hint=_("round it to %(rounded)s (about 1 km)", rounded=repr(rounded)),
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
    names = country_names([(c, countries[c].english_name) for c in codes])
    # Only the initiative's own countries: a swapped point in a partner country is not where
    # the initiative is, and proposing it would put the initiative on the wrong map.
    swapped = abs(lon) <= 90 and (nearest_km(codes, lon, lat, countries, shapes) or 0) <= NEAR_KM
    message = _(
        "the point %(lat)s, %(lon)s is not in %(countries)s (more than %(km)s km away)",
        lat=repr(lat),
        lon=repr(lon),
        countries=names,
        km=NEAR_KM,
    )
    if not swapped:
        hint = _("check the signs (south and west are negative) and the countries listed")
        yield _problem(source, ("location",), message, hint)
        return
    hint = _(
        "lat and lon look swapped: write these lines: %(lines)s",
        lines=f"lat: {lon} / lon: {lat}",
    )
    lat_fix = value_fix(source, ("location", "lat"), repr(lon))
    lon_fix = value_fix(source, ("location", "lon"), repr(lat))
    fix = replace(lat_fix, also=(lon_fix,)) if lat_fix and lon_fix else None
    form_hint = _(
        "latitude and longitude look swapped: write %(lat)s as the latitude and %(lon)s as the "
        "longitude",
        lat=repr(lon),
        lon=repr(lat),
    )
    yield _problem(source, ("location",), message, hint, fix=fix, form_hint=form_hint)


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


def _unreal_date(source: Source, path: tuple[str | int, ...], text: str) -> Problem:
    """A date with a month or day that does not exist; a day and month written the other way
    round (2019-13-03) get the date they most likely mean."""
    year, *rest = text.split("-")
    message = _("'%(value)s' is not a real date", value=text)
    if len(rest) == 2 and int(rest[0]) > 12 and parse_date(f"{year}-{rest[1]}-{rest[0]}"):
        date = f"{year}-{rest[1]}-{rest[0]}"
        hint = _("the month and the day look swapped: write %(line)s", line=f'{path[-1]}: "{date}"')
        fix = value_fix(source, path, f'"{date}"')
        form_hint = _("the month and the day look swapped: write %(date)s", date=date)
        return _problem(source, path, message, hint, fix=fix, form_hint=form_hint)
    hint = _("check the month (01 to 12) and the day (at most the month's last day)")
    return _problem(source, path, message, hint)


def check_period(source: Source, data: dict[str, Any]) -> Iterator[Problem]:
    period = data.get("period")
    if not isinstance(period, dict):
        return
    spans: dict[str, tuple[tuple[int, int, int], tuple[int, int, int]] | None] = {}
    for end in ("start", "end"):
        value = period.get(end)
        if isinstance(value, float) and value.is_integer():
            yield _whole_float_date(source, end, value)
            continue
        text = str(value)
        if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
            spans[end] = parse_date(text)
            if spans[end] is None:
                yield _unreal_date(source, ("period", end), text)
    first, last = spans.get("start"), spans.get("end")
    if first and last and last[1] < first[0]:
        yield _problem(
            source,
            ("period", "end"),
            _(
                "'%(end)s' is before the start, '%(start)s'",
                end=period["end"],
                start=period["start"],
            ),
            _("check the two dates; leave out end if the initiative is ongoing"),
        )


def check_added_updated(source: Source, data: dict[str, Any]) -> Iterator[Problem]:
    """`added` and `updated` are real days, and an entry is not updated before it was added."""
    days: dict[str, str] = {}
    for name in ("added", "updated"):
        text = data.get(name)
        if not isinstance(text, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            continue
        if parse_date(text) is None:
            yield _unreal_date(source, (name,), text)
        else:
            days[name] = text
    if "added" in days and "updated" in days and days["updated"] < days["added"]:
        yield _problem(
            source,
            ("updated",),
            _(
                "'%(updated)s' is before the day the entry was added, '%(added)s'",
                updated=days["updated"],
                added=days["added"],
            ),
            _("check the two dates; leave out updated until the entry changes"),
        )


def _whole_float_date(source: Source, end: str, value: float) -> Problem:
    """A year typed as 2020.0 passes the schema (JSON counts it as a whole number)."""
    year = f'"{int(value)}"'
    return _problem(
        source,
        ("period", end),
        _("%(value)s is a number, not a date", value=repr(value)),
        _("write the date in quotes: %(line)s", line=f"{end}: {year}"),
        fix=value_fix(source, ("period", end), year),
        form_hint=write_answer(str(int(value))),
    )


PRIVATE_MESSAGES = {
    privacy.EMAIL: _("contains an e-mail address; everything in this file is published"),
    privacy.PHONE: _(
        "contains what looks like a phone number; everything in this file is published"
    ),
    privacy.LOCATION: _(
        "contains an exact location (coordinates, a map link or a location code); only "
        "location: may hold a point, and it is rounded to about 1 km"
    ),
    privacy.PAYMENT: _(
        "contains bank or payment details (an account number, a card, a payment link); "
        "everything in this file is published"
    ),
}
FOLDER_MESSAGES = {
    privacy.EMAIL: _(
        "the folder name contains an e-mail address; it is part of the site's addresses and of "
        "the repository"
    ),
    privacy.PHONE: _(
        "the folder name contains what looks like a phone number; it is part of the site's "
        "addresses and of the repository"
    ),
    privacy.LOCATION: _(
        "the folder name contains an exact location; it is part of the site's addresses and of "
        "the repository"
    ),
    privacy.PAYMENT: _(
        "the folder name contains payment details; it is part of the site's addresses and of "
        "the repository"
    ),
}
PRIVATE_HINTS = {
    privacy.EMAIL: _("remove it: people can reach the organisation through its website"),
    privacy.PHONE: _("remove it: people can reach the organisation through its website"),
    privacy.LOCATION: _(
        "remove it and name the town or region in words; the map takes its point from location:"
    ),
    privacy.PAYMENT: _(
        "remove it: to ask for money, link to the organisation's own donation page (seeks: funding)"
    ),
}
PRIVATE_ANSWER_HINTS = {
    privacy.LOCATION: _(
        "remove it and name the town or region in words; the map takes its point from the "
        "latitude and longitude"
    ),
    privacy.PAYMENT: _(
        "remove it: to ask for money, give the address of the organisation's own donation page "
        "among the links"
    ),
}
"""PRIVATE_HINTS for a contributor who answers questions, where they speak of YAML fields."""
FOLDER_HINT = _("rename the folder and write the same name as id, for example '%(suggestion)s'")
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
    form_hint = PRIVATE_ANSWER_HINTS.get(kind, NO_MESSAGE)
    if place is None:
        line, column = source.position(("id",))
        suggestion = suggest_slug(source.slug, keep_digits=False)
        yield Problem(
            source.file,
            line,
            column,
            FOLDER_FIELD,
            FOLDER_MESSAGES[kind],
            FOLDER_HINT.with_values(suggestion=suggestion),
        )
    elif isinstance(place, Comment):
        offset = _offset_of(kind, text) or 0
        column = place.column + 1 + offset
        yield Problem(source.file, place.line, column, COMMENT_FIELD, message, hint)
    else:
        for line, column in _lines_with(source, place, kind):
            where = field_path(place)
            yield Problem(source.file, line, column, where, message, hint, None, form_hint)


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
    for (line, column, text), (_line, _column, following) in itertools.pairwise(lines):
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
                _(
                    "'%(code)s' is the language the initiative is written in (language: "
                    "%(language)s); a translation must be into another language",
                    code=code,
                    language=language,
                ),
                _("remove this translation, or put it under the code of the language it is in"),
                key=True,
            )


_HTML_TAG = re.compile(
    r"<!--[^\n]{0,2000}?-->|<!--|</?[A-Za-z][A-Za-z0-9-]{0,20}(?:\s[^<>\n]{0,500})?/?>"
)
_MARKDOWN_IMAGE = re.compile(
    r"!\[[^\]\n]{0,500}\]\([^)\n]{0,2000}\)|!\[[^\]\n]{0,500}\]\[[^\]\n]{0,100}\]"
)
_CODE_SPAN = re.compile(r"(`+)[^`\n]{1,2000}?\1")
_CODE_FENCE = re.compile(r"\s{0,3}(```|~~~)")
MARKDOWN_FIELDS = ("description", "detail")
"""Fields the site renders as Markdown."""


def check_markdown(source: Source, data: dict[str, Any]) -> Iterator[Problem]:
    """Raw HTML and Markdown pictures in a description: the site shows HTML as plain text and
    leaves pictures out, so the contributor is told now rather than surprised later."""
    for path, _text in iter_strings(data):
        if not path or path[-1] not in MARKDOWN_FIELDS:
            continue
        in_fence = False
        for line, column, written in source.raw_lines(path) if source.spans else []:
            if _CODE_FENCE.match(written):
                in_fence = not in_fence
            elif not in_fence:
                yield from _markdown_problems(source, path, line, column, written)


def _markdown_problems(
    source: Source, path: tuple[str | int, ...], line: int, column: int, written: str
) -> Iterator[Problem]:
    code = list(_CODE_SPAN.finditer(written))
    pictures = [p for p in _MARKDOWN_IMAGE.finditer(written) if not _inside(p, code)]
    tags = [tag for tag in _HTML_TAG.finditer(written) if not _inside(tag, pictures + code)]
    if not pictures and not tags:
        return
    whole = line_text(source, line)
    cleaned = whole.replace(written, _without(written, pictures + tags), 1)
    fix = Fix("line", line, cleaned.rstrip())
    where = Problem(source.file, line, column, field_path(path), NO_MESSAGE)
    if pictures:
        yield replace(
            where,
            column=column + pictures[0].start(),
            message=_(
                "holds a picture written in Markdown (%(picture)s); the site does not show "
                "pictures inside the text",
                picture=pictures[0].group()[:80],
            ),
            hint=_(
                "remove it from the text (the line becomes: %(line)s); put the picture in the "
                "images folder and describe it under images: (CONTRIBUTING.md, section Pictures)",
                line=cleaned.strip() or _("an empty line"),
            ),
            fix=fix,
            form_hint=_("remove it from the text, and attach the picture to the Photos answer"),
        )
    if tags:
        yield replace(
            where,
            column=column + tags[0].start(),
            message=_(
                "holds HTML (%(tag)s); the site shows HTML as plain text, tags and all",
                tag=tags[0].group()[:80],
            ),
            hint=_(
                "remove the tags (the line becomes: %(line)s) and use Markdown instead: a blank "
                "line between paragraphs, **bold**, *italics*, - for a list, [words](https://...) "
                "for a link",
                line=cleaned.strip() or _("an empty line"),
            ),
            fix=fix,
            form_hint=_(
                "remove the tags and use Markdown instead: a blank line between paragraphs, "
                "**bold**, *italics*, - for a list, [words](https://...) for a link"
            ),
        )


def _without(text: str, matches: list[re.Match[str]]) -> str:
    for match in sorted(matches, key=lambda m: m.start(), reverse=True):
        text = text[: match.start()] + text[match.end() :]
    return text


def _inside(tag: re.Match[str], pictures: list[re.Match[str]]) -> bool:
    return any(p.start() <= tag.start() < p.end() for p in pictures)


def check_calls_until(source: Source, data: dict[str, Any], today: str) -> Iterator[Problem]:
    """A call for solidarity ends on a real day, at most a year after the check (`today`)."""
    year, month, day = (int(part) for part in today.split("-"))
    latest = f"{year + 1:04d}-{month:02d}-{min(day, 28) if month == 2 else day:02d}"
    for index, call in _items(data, "calls"):
        until = call.get("until")
        if not isinstance(until, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", until):
            continue
        if parse_date(until) is None:
            yield _unreal_date(source, ("calls", index, "until"), until)
        elif until > latest:
            yield _problem(
                source,
                ("calls", index, "until"),
                _(
                    "'%(value)s' is more than a year ahead; a call can run until %(latest)s at "
                    "the latest",
                    value=until,
                    latest=latest,
                ),
                _("publish a shorter call now, and a new one when it ends"),
            )

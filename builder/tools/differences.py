"""What an edit changes in an initiative's data, field by field, and the changes a reviewer must
not miss: a moved point, a consent taken back, a picture that now shows people."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from builder.data.geography import haversine_km

ITEM_KEYS = {
    "images": "file",
    "links": "url",
    "organizations": "name",
    "seeks": "type",
    "offers": "type",
    "calls": "title",
}
"""The field that names an item of a list, so that an edit is shown per item, not per place."""


@dataclass(frozen=True)
class FieldChange:
    field: str
    """A dotted path such as `location.lat` or `images[images/a.jpg].consent`."""
    old: str | None
    """None when the field is new."""
    new: str | None
    """None when the field was removed."""


def _scalar(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def flatten(value: Any, path: str = "") -> dict[str, str]:
    """Every leaf of the data under a readable path; a list of plain values is one leaf."""
    if isinstance(value, dict):
        found: dict[str, str] = {}
        for key, item in value.items():
            found.update(flatten(item, f"{path}.{key}" if path else str(key)))
        return found
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        name = path.rsplit(".", 1)[-1]
        key = ITEM_KEYS.get(name)
        found = {}
        for index, item in enumerate(value):
            label = item.get(key) if key else None
            found.update(flatten(item, f"{path}[{label if label is not None else index}]"))
        return found
    if isinstance(value, list):
        return {path: ", ".join(_scalar(v) for v in value)}
    return {path: _scalar(value)}


def _item(path: str) -> str | None:
    """The list item a path lies in (`links[https://…]`), if any."""
    return path[: path.index("]") + 1] if "]" in path else None


def field_changes(old: dict[str, Any], new: dict[str, Any]) -> list[FieldChange]:
    """Old → new for every field that differs, in the order of the paths; an item added or
    removed as a whole is one change, shown by the name of the item."""
    before, after = flatten(old), flatten(new)
    items_before = {_item(path) for path in before}
    items_after = {_item(path) for path in after}
    found: dict[str, FieldChange] = {}
    for path in sorted(before.keys() | after.keys()):
        if before.get(path) == after.get(path):
            continue
        item = _item(path)
        if item and item not in items_before:
            found[item] = FieldChange(item, None, _name_of(item))
        elif item and item not in items_after:
            found[item] = FieldChange(item, _name_of(item), None)
        else:
            found[path] = FieldChange(path, before.get(path), after.get(path))
    return list(found.values())


def _name_of(item: str) -> str:
    return item[item.index("[") + 1 : -1]


def point(data: dict[str, Any]) -> tuple[float, float] | None:
    location = data.get("location")
    if not isinstance(location, dict):
        return None
    lat, lon = location.get("lat"), location.get("lon")
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (lat, lon)):
        return None
    return float(lat or 0), float(lon or 0)


def moved_km(old: dict[str, Any], new: dict[str, Any]) -> float | None:
    """How far the point moved; None when it did not move or one of them is missing."""
    before, after = point(old), point(new)
    if before is None or after is None or before == after:
        return None
    return haversine_km(before, after)


def images_by_file(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    images = data.get("images")
    if not isinstance(images, list):
        return {}
    return {str(i.get("file")): i for i in images if isinstance(i, dict)}


def consent_removed(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Pictures that had consent in the base and no longer have it."""
    before = images_by_file(old)
    return [
        file
        for file, image in images_by_file(new).items()
        if before.get(file, {}).get("consent") is True and image.get("consent") is not True
    ]


def newly_identifiable(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Pictures that show people who can be recognised, and did not (or were not there)."""
    before = images_by_file(old)
    return [
        file
        for file, image in images_by_file(new).items()
        if image.get("people_identifiable") is True
        and before.get(file, {}).get("people_identifiable") is not True
    ]

"""Country shapes from Natural Earth (TopoJSON, as in the npm package world-atlas) and the
question the validator asks of them: is this point in, or near, one of these countries?"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path

SHAPES_FILE = "naturalearth/countries-50m.topo.json"
KM_PER_DEGREE = 111.2

Ring = list[tuple[float, float]]
Polygon = list[Ring]


Box = tuple[float, float, float, float]
"""min lon, min lat, max lon, max lat"""


@dataclass(frozen=True, eq=False)
class Shape:
    polygons: tuple[Polygon, ...]
    boxes: tuple[Box, ...]
    """one box around each polygon's outer ring"""
    box: Box


def decode_arcs(topology: dict) -> list[Ring]:
    """Undo TopoJSON's quantisation and delta encoding."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for dx, dy in arc:
                x, y = x + dx, y + dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(float(px), float(py)) for px, py in arc]
        arcs.append(points)
    return arcs


def ring_from(indexes: list[int], arcs: list[Ring]) -> Ring:
    """Join a ring's arcs, unwrapping longitudes so that no edge jumps across the antimeridian
    (a ring may then reach beyond ±180°)."""
    ring: Ring = []
    for index in indexes:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(points[1:] if ring else points)
    for position in range(1, len(ring)):
        (previous, _), (lon, lat) = ring[position - 1], ring[position]
        ring[position] = (lon + 360 * round((previous - lon) / 360), lat)
    return ring


def shapes_from_topology(topology: dict, layer: str = "countries") -> dict[str, Shape]:
    """Every shape with an id, keyed by its ISO 3166-1 numeric code."""
    arcs = decode_arcs(topology)
    polygons: dict[str, list[Polygon]] = {}
    for geometry in topology["objects"][layer]["geometries"]:
        kind, code = geometry.get("type"), geometry.get("id")
        if not code or kind not in ("Polygon", "MultiPolygon"):
            continue
        parts = [geometry["arcs"]] if kind == "Polygon" else geometry["arcs"]
        # Some codes have several geometries (Australia and Ashmore and Cartier Islands).
        polygons.setdefault(code, []).extend([ring_from(r, arcs) for r in part] for part in parts)
    return {code: _shape(found) for code, found in polygons.items()}


def _box(points: Ring) -> Box:
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return min(lons), min(lats), max(lons), max(lats)


def _shape(polygons: list[Polygon]) -> Shape:
    boxes = tuple(_box(polygon[0]) for polygon in polygons)
    outline = [point for polygon in polygons for point in polygon[0]]
    return Shape(tuple(polygons), boxes, _box(outline))


def _ring_centroid(ring: Ring) -> tuple[float, float, float]:
    """Area and centroid (lon, lat) of a ring, by the shoelace formula."""
    area = x = y = 0.0
    for (x1, y1), (x2, y2) in pairwise([*ring, ring[0]]):
        cross = x1 * y2 - x2 * y1
        area += cross
        x += (x1 + x2) * cross
        y += (y1 + y2) * cross
    if abs(area) < 1e-12:
        return 0.0, ring[0][0], ring[0][1]
    return abs(area) / 2, x / (3 * area), y / (3 * area)


def centre(shape: Shape) -> tuple[float, float]:
    """A point for a country's label or the end of a line: the centroid of its largest
    polygon, as (lat, lon) rounded to 2 decimals, longitude brought back within ±180."""
    _area, lon, lat = max(_ring_centroid(polygon[0]) for polygon in shape.polygons)
    lon = (lon + 180) % 360 - 180
    return round(lat, 2), round(lon, 2)


@cache
def load_shapes(schema_dir: Path) -> dict[str, Shape]:
    with open(schema_dir / SHAPES_FILE, encoding="utf-8") as handle:
        return shapes_from_topology(json.load(handle))


def _inside_ring(ring: Ring, lon: float, lat: float) -> bool:
    inside = False
    x1, y1 = ring[-1]
    for x2, y2 in ring:
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
        x1, y1 = x2, y2
    return inside


def _segment_km(lon: float, lat: float, a: tuple, b: tuple, scale: float) -> float:
    """Distance from a point to a segment on a local flat projection (fine below ~100 km)."""
    ax, ay = (a[0] - lon) * scale, a[1] - lat
    bx, by = (b[0] - lon) * scale, b[1] - lat
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / length))
    return math.hypot(ax + t * dx, ay + t * dy) * KM_PER_DEGREE


def distance_km(shape: Shape, lon: float, lat: float, within: float) -> float:
    """0 inside the shape; else the distance to its border, or `within` if at least that far."""
    margin = within / KM_PER_DEGREE / max(math.cos(math.radians(lat)), 0.01)
    west, south, east, north = shape.box
    near = any(west - margin <= x <= east + margin for x in (lon, lon - 360, lon + 360))
    if not (near and south - margin <= lat <= north + margin):
        return within
    for polygon, (west, south, east, north) in zip(shape.polygons, shape.boxes, strict=True):
        for x in (lon, lon - 360, lon + 360):
            if not (west <= x <= east and south <= lat <= north):
                continue
            if _inside_ring(polygon[0], x, lat) and not any(
                _inside_ring(hole, x, lat) for hole in polygon[1:]
            ):
                return 0.0
    scale = math.cos(math.radians(lat))
    nearest = within
    for polygon in shape.polygons:
        for ring in polygon:
            for a, b in pairwise(ring):
                if abs(a[1] - lat) * KM_PER_DEGREE < nearest:
                    nearest = min(nearest, _segment_km(lon, lat, a, b, scale))
    return nearest


EARTH_RADIUS_KM = 6371.0


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """The great-circle distance between two (lat, lon) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2
    h += math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))

"""Country shapes and the distance question the location check asks."""

from __future__ import annotations

from itertools import pairwise

import pytest

from builder.data.geography import decode_arcs, distance_km, load_shapes, ring_from
from tests.support import SCHEMA

KENYA, NORWAY, FIJI = "404", "578", "242"


def test_topojson_arcs_are_decoded_and_joined() -> None:
    topology = {"transform": {"scale": [1, 1], "translate": [10, 20]}, "arcs": [[[0, 0], [2, 0]]]}
    arcs = decode_arcs(topology)
    assert arcs == [[(10, 20), (12, 20)]]
    assert ring_from([0, ~0], arcs) == [(10, 20), (12, 20), (10, 20)]


@pytest.mark.parametrize(
    ("code", "lat", "lon"),
    [(KENYA, -1.29, 36.82), (NORWAY, 59.91, 10.75), (FIJI, -17.8, 178.0), (FIJI, -16.8, 179.4)],
)
def test_points_inside_their_country(code: str, lat: float, lon: float) -> None:
    assert distance_km(load_shapes(SCHEMA)[code], lon, lat, 50) == 0


def test_a_point_just_off_the_coast_is_near_but_not_inside() -> None:
    distance = distance_km(load_shapes(SCHEMA)[KENYA], 39.8, -4.1, 50)
    assert 0 < distance < 25


def test_far_points_are_capped_at_the_limit() -> None:
    assert distance_km(load_shapes(SCHEMA)[KENYA], 103.85, 1.29, 50) == 50


def test_rings_are_unwrapped_across_the_antimeridian() -> None:
    for shape in load_shapes(SCHEMA).values():
        for polygon in shape.polygons:
            for ring in polygon:
                assert all(abs(b[0] - a[0]) < 180 for a, b in pairwise(ring))


@pytest.mark.parametrize(
    ("lat", "lon"), [(66.0, 172.0), (67.0, -176.0), (66.5, -173.5), (55.75, 37.62)]
)
def test_russia_on_both_sides_of_the_antimeridian(lat: float, lon: float) -> None:
    assert distance_km(load_shapes(SCHEMA)["643"], lon, lat, 50) == 0


def test_countries_with_several_shapes_keep_them_all() -> None:
    australia = load_shapes(SCHEMA)["036"]
    assert distance_km(australia, 149.13, -35.28, 50) == 0
    assert distance_km(australia, 123.58, -12.43, 50) < 25

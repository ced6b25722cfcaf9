"""Addresses: one module knows them all, and links between pages work from a folder."""

from __future__ import annotations

import pytest

from builder.site import urls


def test_relative_links_between_pages_and_files() -> None:
    assert urls.relative("initiatives/a.md", "categories/b.md") == "../categories/b.html"
    assert urls.relative("index.md", "countries.md") == "countries.html"
    here = urls.country("KE")
    assert urls.relative(here, urls.picture("x.webp")) == "../assets/pictures/x.webp"
    assert urls.relative(urls.WORLD_MAP, urls.LIST) == "../list.html"


def test_numbered_pages_of_long_lists() -> None:
    assert urls.category("health") == "categories/health.md"
    assert urls.category("health", 2) == "categories/health-2.md"
    assert urls.country("KE", 3) == "countries/ke-3.md"


def test_the_locator_address_is_what_the_audit_reads_back() -> None:
    found = urls.LOCATOR_POINT.search(urls.locator(-1.29, 36.82))
    assert found and found.groups() == ("-1.29", "36.82")
    assert urls.world_map(category="health") == "maps/world.html#category=health"
    assert urls.world_map() == urls.WORLD_MAP
    assert urls.world_map(south=1, right=25) == "maps/world.html#right=25&south=1"
    with pytest.raises(ValueError, match="unknown map filters"):
        urls.world_map(colour="red")

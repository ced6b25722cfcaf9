"""The maps, built with folium. The only module that imports folium.

folium would inline one JavaScript call per marker and load Leaflet, jQuery and Bootstrap from
CDNs. Here it only lays out two small documents (the world map and a locator) that load the
committed Leaflet files by relative URL; the markers are built in the browser from one data
file (`assets/atlas/initiatives.js`) with DOM APIs, so contributor text never becomes code.
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path

import folium
from branca.element import Element, Figure
from folium.elements import JSCSSMixin
from jinja2 import Template

from builder.model import Atlas, Initiative
from builder.pages import (
    IMAGES_URI,
    PictureSizes,
    initiative_uri,
    root_of,
    script_json,
    site_path,
)
from builder.pipeline import TileSettings

WORLD_MAP = "maps/world.html"
LOCATOR_MAP = "maps/locator.html"
DATA_FILE = "assets/atlas/initiatives.js"
BASEMAP_FILE = "assets/atlas/basemap.js"
SCRIPT_FILE = "assets/atlas/atlas-map.js"
STYLE_FILE = "assets/atlas/atlas-map.css"
VENDOR = "assets/vendor"
MAX_ZOOM = 10
CLUSTER_SCRIPTS = [f"{VENDOR}/leaflet.markercluster/leaflet.markercluster.js"]
CLUSTER_STYLES = [
    f"{VENDOR}/leaflet.markercluster/MarkerCluster.css",
    f"{VENDOR}/leaflet.markercluster/MarkerCluster.Default.css",
]
PALETTE = (
    "#1f77b4", "#2ca02c", "#8c564b", "#ff7f0e", "#9467bd", "#d62728", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd",
    "#e6550d", "#31a354",
)  # fmt: skip


class AtlasLayer(JSCSSMixin):
    """Hands the folium map to our own script, which builds every marker from the data file."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "AtlasMap.start({{ this._parent.get_name() }}, {{ this.options | tojson }});"
        "{% endmacro %}"
    )

    def __init__(self, options: dict, scripts: list[str], styles: list[str]) -> None:
        super().__init__()
        self._name = "AtlasLayer"
        self._id = "layer"
        self.options = options
        self.default_js = [(Path(url).name, url) for url in scripts]
        self.default_css = [(Path(url).name, url) for url in styles]


def _from_maps(uri: str) -> str:
    return posixpath.relpath(uri, posixpath.dirname(WORLD_MAP))


def _fix_ids(element: Element, prefix: str = "e") -> None:
    """folium names elements with random ids; fixed ones make every build byte-identical."""
    for index, child in enumerate(element._children.values()):
        child._id = f"{prefix}{index}"
        _fix_ids(child, f"{prefix}{index}_")


def _leaflet_map(world: bool, tiles: TileSettings) -> folium.Map:
    atlas_map = folium.Map(
        location=(15, 10),
        zoom_start=2 if world else 5,
        min_zoom=1,
        max_zoom=MAX_ZOOM,
        tiles=None,
        prefer_canvas=True,
        control_scale=True,
        world_copy_jump=True,
    )
    atlas_map.default_js = [("leaflet", _from_maps(f"{VENDOR}/leaflet/leaflet.js"))]
    atlas_map.default_css = [("leaflet_css", _from_maps(f"{VENDOR}/leaflet/leaflet.css"))]
    if tiles.url:
        layer = folium.TileLayer(tiles=tiles.url, attr=tiles.attribution, max_zoom=MAX_ZOOM)
        layer.add_to(atlas_map)
    return atlas_map


def render_map(mode: str, data_files: list[str], tiles: TileSettings) -> bytes:
    """One map document: `world` (clusters, legend and filter) or `locator` (one point)."""
    world = mode == "world"
    figure = Figure(title="Map of initiatives" if world else "Location")
    figure._id = "figure"
    atlas_map = _leaflet_map(world, tiles)
    figure.add_child(atlas_map)
    atlas_map._id = "map"
    scripts = [*(CLUSTER_SCRIPTS if world else []), *data_files, SCRIPT_FILE]
    styles = [*(CLUSTER_STYLES if world else []), STYLE_FILE]
    options = {"mode": mode, "maxZoom": MAX_ZOOM, "siteRoot": root_of(WORLD_MAP)}
    layer = AtlasLayer(options, [_from_maps(s) for s in scripts], [_from_maps(s) for s in styles])
    atlas_map.add_child(layer)
    _fix_ids(atlas_map, "m")
    return figure.render().encode("utf-8")


def _map_item(initiative: Initiative, index: dict[str, int], sizes: PictureSizes) -> list:
    """[lat, lon, category numbers, title, summary, countries, page, thumbnail, its alt]"""
    picture = initiative.pictures[0] if initiative.pictures else None
    return [
        round(initiative.location.lat, 2),
        round(initiative.location.lon, 2),
        [index[c.id] for c in initiative.categories],
        initiative.title,
        initiative.summary,
        ", ".join(c.name for c in initiative.countries),
        site_path(initiative_uri(initiative)),
        f"{IMAGES_URI}/{sizes[picture.source][0].name}" if picture else "",
        picture.alt if picture else "",
    ]


def map_data(atlas: Atlas, sizes: PictureSizes) -> str:
    """The initiatives for the map, once, as compact arrays in a script file."""
    categories = list(atlas.vocabularies.categories.values())
    index = {category.id: number for number, category in enumerate(categories)}
    payload = {
        "categories": [
            [c.id, c.title, PALETTE[n % len(PALETTE)]] for n, c in enumerate(categories)
        ],
        "items": [_map_item(i, index, sizes) for i in atlas.initiatives],
    }
    return f"window.ATLAS_DATA = {script_json(payload)};\n"


def basemap_data(topology_file: Path) -> str:
    with open(topology_file, encoding="utf-8") as handle:
        topology = json.load(handle)
    return f"window.ATLAS_BASEMAP = {script_json(topology)};\n"


def map_files(
    atlas: Atlas, sizes: PictureSizes, topology_file: Path, tiles: TileSettings
) -> list[tuple[str, bytes]]:
    """Every file the maps need, as (site path, content)."""
    return [
        (DATA_FILE, map_data(atlas, sizes).encode("utf-8")),
        (BASEMAP_FILE, basemap_data(topology_file).encode("utf-8")),
        (WORLD_MAP, render_map("world", [BASEMAP_FILE, DATA_FILE], tiles)),
        (LOCATOR_MAP, render_map("locator", [BASEMAP_FILE], tiles)),
    ]

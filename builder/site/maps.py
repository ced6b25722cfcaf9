"""The maps, built with folium. The only module that imports folium.

folium would inline one JavaScript call per marker and load Leaflet, jQuery and Bootstrap from
CDNs. Here it only lays out two small documents (the world map and a locator) that load the
committed Leaflet files by relative URL; the markers are built in the browser from one data
file (`assets/atlas/initiatives.js`) with DOM APIs, so contributor text never becomes code.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import folium
from branca.element import Element, Figure
from folium.elements import JSCSSMixin
from jinja2 import Template

from builder.data.i18n import direction, translations
from builder.data.vocabularies import Vocabularies
from builder.settings import TileSettings
from builder.site import urls
from builder.site.record import PublicRecord, map_item
from builder.site.sanitise import plain_text, script_json

MAX_ZOOM = 10
CLUSTER_SCRIPTS = [f"{urls.VENDOR}/leaflet.markercluster/leaflet.markercluster.js"]
CLUSTER_STYLES = [
    f"{urls.VENDOR}/leaflet.markercluster/MarkerCluster.css",
    f"{urls.VENDOR}/leaflet.markercluster/MarkerCluster.Default.css",
]
PALETTE = (
    "#1f77b4", "#2ca02c", "#8c564b", "#ff7f0e", "#9467bd", "#d62728", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd",
    "#e6550d", "#31a354",
)  # fmt: skip


MAP_NAME = "map_map"
"""The Leaflet map's element and variable, as folium names it from the fixed id `map`."""


class AtlasFigure(Figure):
    """branca's page, made ours: the document's language and direction, a viewport that lets
    the reader zoom (folium's forbids it), the map's words in the reader's language as data,
    the boundaries disclaimer, and the script inside the body (branca puts it after `</body>`,
    which is not valid HTML)."""

    _template = Template(
        "<!DOCTYPE html>\n"
        '<html lang="{{ this.language }}" dir="{{ this.direction }}">\n'
        "<head>\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>{{ this.title }}</title>\n"
        "{{ this.header.render(**kwargs) }}\n"
        "</head>\n"
        '<body class="atlas-map-document atlas-map-document--{{ this.mode }}">\n'
        "{{ this.html.render(**kwargs) }}\n"
        '<p class="atlas-disclaimer" hidden>{{ this.disclaimer }}</p>\n'
        '<script type="application/json" id="atlas-map-words">{{ this.words }}</script>\n'
        "<script>\n"
        "{{ this.script.render(**kwargs) }}\n"
        "</script>\n"
        "</body>\n"
        "</html>\n"
    )

    def __init__(self, title: str, language: str, mode: str) -> None:
        super().__init__(title=plain_text(title))
        self.language = language
        self.direction = direction(language)
        self.mode = mode
        words = map_words(language)
        self.disclaimer = plain_text(words["disclaimer"])
        self.words = script_json(words)

    def render(self, **kwargs: Any) -> str:
        for child in self._children.values():
            child.render(**kwargs)
        # folium's own head for the map forbids zooming the page and sizes the map for a
        # document that holds nothing else; atlas-map.css lays the document out instead.
        self.header._children.pop(MAP_NAME, None)
        return str(self._template.render(this=self, kwargs=kwargs))


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
    return posixpath.relpath(uri, posixpath.dirname(urls.WORLD_MAP))


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
    atlas_map.default_js = [("leaflet", _from_maps(f"{urls.VENDOR}/leaflet/leaflet.js"))]
    atlas_map.default_css = [("leaflet_css", _from_maps(f"{urls.VENDOR}/leaflet/leaflet.css"))]
    if tiles.url:
        layer = folium.TileLayer(tiles=tiles.url, attr=tiles.attribution, max_zoom=MAX_ZOOM)
        layer.add_to(atlas_map)
    return atlas_map


def render_map(
    mode: str, data_files: list[str], tiles: TileSettings, language: str, shared_root: str
) -> bytes:
    """One map document: `world` (clusters, legend and filter) or `locator` (one point)."""
    world = mode == "world"
    gettext = translations(language).gettext
    title = gettext("Map of initiatives") if world else gettext("Where the initiative is")
    figure = AtlasFigure(title, language, mode)
    figure._id = "figure"
    atlas_map = _leaflet_map(world, tiles)
    figure.add_child(atlas_map)
    atlas_map._id = "map"
    scripts = [*(CLUSTER_SCRIPTS if world else []), *data_files, urls.FILTER_SCRIPT, urls.MAP_SCRIPT]
    styles = [*(CLUSTER_STYLES if world else []), urls.MAP_STYLE]
    options = {
        "mode": mode,
        "maxZoom": MAX_ZOOM,
        "siteRoot": urls.root_of(urls.WORLD_MAP),
        "sharedRoot": shared_root,
    }
    layer = AtlasLayer(options, [_from_maps(s) for s in scripts], [_from_maps(s) for s in styles])
    atlas_map.add_child(layer)
    _fix_ids(atlas_map, "m")
    return figure.render().encode("utf-8")


def map_words(language: str) -> dict[str, str]:
    """The words both map documents show around the map itself, in the reader's language."""
    gettext = translations(language).gettext
    return {
        "zoom_in": gettext("Zoom in"),
        "zoom_out": gettext("Zoom out"),
        "attribution": gettext("Country shapes: Natural Earth"),
        "disclaimer": gettext(
            "The boundaries and names shown on this map do not imply any endorsement or "
            "acceptance by the Solidarity Atlas."
        ),
    }


def map_labels(language: str) -> dict[str, str]:
    """The words of the map's filters and controls, in the reader's language. None takes a
    plural: the script cannot apply each language's plural rules."""
    catalogue = translations(language)
    gettext = catalogue.gettext
    return {
        "filters": gettext("Filters"),
        "categories": gettext("Categories"),
        "all": gettext("All"),
        "only": gettext("Only"),
        "only_label": gettext("Show only %(category)s"),
        "any": gettext("Any"),
        "right": gettext("Article of the UDHR"),
        "goal": gettext("Sustainable Development Goal"),
        "group": gettext("Who benefits"),
        "region": gettext("Region"),
        "country": gettext("Country"),
        "solidarity": gettext("Kind of solidarity"),
        "seeks": gettext("Seeks"),
        "offers": gettext("Offers"),
        "south": gettext("South-South cooperation only"),
        "cross": gettext("Cross-border only, with lines between the countries"),
        "shown": gettext("Initiatives shown: %(count)s"),
        "cluster": gettext("A group of initiatives: %(count)s. Zoom in to see them."),
        "marker": gettext("%(title)s, %(countries)s"),
        "list": gettext("The same initiatives as a list"),
        "close": gettext("Close"),
        "separator": catalogue.pgettext("list separator", ", "),
    }


def facet_labels(vocab: Vocabularies, language: str, codes: list[str]) -> dict[str, Any]:
    """The name of every value a filter can take, in the reader's language."""

    def terms(vocabulary: dict[str, Any]) -> dict[str, str]:
        return {key: term.title.get(language) for key, term in vocabulary.items()}

    return {
        "right": {str(n): label.get(language) for n, label in vocab.udhr.items()},
        "goal": {str(n): label.get(language) for n, label in vocab.sdgs.items()},
        "group": terms(vocab.groups),
        "region": terms(vocab.regions),
        "country": {code: vocab.countries[code].name(language) for code in codes},
        "solidarity": terms(vocab.solidarity),
        "seeks": terms(vocab.help),
        "offers": terms(vocab.help),
    }


def map_data(
    records: Iterable[PublicRecord],
    vocab: Vocabularies,
    language: str,
    centres: dict[str, tuple[float, float]],
) -> str:
    """The initiatives for the map, once, in a script file: named fields from each public
    record, with the labels, country centres and addresses the script needs, in the reader's
    language."""
    categories = list(vocab.categories.values())
    items = [map_item(record, language) for record in records]
    codes = sorted({code for item in items for code in item["countries"]})
    linked = sorted({code for item in items for code in item["partner_countries"]} | set(codes))
    payload = {
        "language": language,
        "direction": direction(language),
        "labels": map_labels(language),
        "filters": list(urls.FILTERS),
        "facets": facet_labels(vocab, language, codes),
        "categories": [
            {"id": c.id, "title": c.title.get(language), "colour": PALETTE[n % len(PALETTE)]}
            for n, c in enumerate(categories)
        ],
        "countries": {code: vocab.countries[code].name(language) for code in linked},
        "centres": {code: centres[code] for code in linked if code in centres},
        "pages": {"list": urls.site_path(urls.LIST)},
        "items": items,
    }
    return f"window.ATLAS_DATA = {script_json(payload)};\n"


def basemap_data(topology_file: Path) -> str:
    with open(topology_file, encoding="utf-8") as handle:
        topology = json.load(handle)
    return f"window.ATLAS_BASEMAP = {script_json(topology)};\n"


def map_files(
    records: Iterable[PublicRecord],
    vocab: Vocabularies,
    topology_file: Path,
    tiles: TileSettings,
    language: str,
    shared_root: str,
    centres: dict[str, tuple[float, float]],
) -> list[tuple[str, bytes]]:
    """Every file the maps of one language need, as (site path, content)."""
    data = [urls.BASEMAP_DATA, urls.MAP_DATA]
    return [
        (urls.MAP_DATA, map_data(records, vocab, language, centres).encode("utf-8")),
        (urls.BASEMAP_DATA, basemap_data(topology_file).encode("utf-8")),
        (urls.WORLD_MAP, render_map("world", data, tiles, language, shared_root)),
        (urls.LOCATOR_MAP, render_map("locator", [urls.BASEMAP_DATA], tiles, language, "")),
    ]

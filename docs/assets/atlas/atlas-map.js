/* Solidarity Atlas map: builds markers, popups and the category filter from window.ATLAS_DATA.
 * Each item has the named fields of a map item (builder/site/record.py: MapItem).
 * Contributor text only ever reaches the page through textContent and setAttribute. */
(function () {
  "use strict";

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    if (text) node.textContent = text;
    return node;
  }

  /* TopoJSON (quantised, delta-encoded arcs) to GeoJSON features. */
  function topoFeatures(topology) {
    var transform = topology.transform;
    var arcs = topology.arcs.map(function (arc) {
      var x = 0, y = 0;
      return arc.map(function (point) {
        if (!transform) return point;
        x += point[0];
        y += point[1];
        return [x * transform.scale[0] + transform.translate[0], y * transform.scale[1] + transform.translate[1]];
      });
    });
    function ring(indexes) {
      var points = [];
      indexes.forEach(function (index) {
        var arc = index >= 0 ? arcs[index] : arcs[~index].slice().reverse();
        points = points.concat(points.length ? arc.slice(1) : arc);
      });
      /* Unwrap longitudes so no edge jumps across the antimeridian. */
      for (var i = 1; i < points.length; i++) {
        var shift = 360 * Math.round((points[i - 1][0] - points[i][0]) / 360);
        if (shift) points[i] = [points[i][0] + shift, points[i][1]];
      }
      return points;
    }
    return topology.objects.countries.geometries.filter(function (geometry) {
      return geometry.type === "Polygon" || geometry.type === "MultiPolygon";
    }).map(function (geometry) {
      var polygons = geometry.type === "Polygon" ? [geometry.arcs] : geometry.arcs;
      return {
        type: "Feature",
        properties: {},
        geometry: { type: "MultiPolygon", coordinates: polygons.map(function (p) { return p.map(ring); }) }
      };
    });
  }

  function drawBasemap(map) {
    if (!window.ATLAS_BASEMAP) return;
    L.geoJSON({ type: "FeatureCollection", features: topoFeatures(window.ATLAS_BASEMAP) }, {
      interactive: false,
      style: { color: "#9aa5a8", weight: 0.6, fillColor: "#f4f1e8", fillOpacity: 1 }
    }).addTo(map);
  }

  var POPUP_PICTURE_WIDTH = 200;

  function dotIcon(colour) {
    var dot = element("span", { "class": "atlas-dot", style: "background:" + colour });
    return L.divIcon({ className: "atlas-marker", html: dot.outerHTML, iconSize: [16, 16] });
  }

  function popupFor(item, data, root, sharedRoot) {
    var box = element("div", { "class": "atlas-popup", lang: item.language, dir: item.direction });
    var picture = item.picture;
    if (picture) {
      var height = Math.round(POPUP_PICTURE_WIDTH * picture.height / picture.width);
      box.appendChild(element("img", {
        src: root + sharedRoot + picture.src, alt: picture.alt, width: String(POPUP_PICTURE_WIDTH), height: String(height)
      }));
    }
    var heading = box.appendChild(element("p", { "class": "atlas-popup__title" }));
    heading.appendChild(element("a", { href: root + item.url, target: "_top" }, item.title));
    var separator = data.labels.separator;
    var names = item.categories.map(function (id) { return data.categoryById[id].title; }).join(separator);
    var countries = item.countries.map(function (code) { return data.countries[code]; }).join(separator);
    box.appendChild(element("p", { "class": "atlas-popup__meta", lang: data.language, dir: data.direction }, names + " · " + countries));
    box.appendChild(element("p", {}, item.summary));
    return box;
  }

  function markerFor(item, data, options) {
    var marker = L.marker([item.lat, item.lon], {
      icon: dotIcon(data.categoryById[item.categories[0]].colour),
      title: item.title,
      alt: item.title,
      keyboard: true
    });
    marker.bindPopup(function () { return popupFor(item, data, options.siteRoot, options.sharedRoot); }, { maxWidth: 240 });
    return marker;
  }

  function legend(map, data, groups, cluster, root) {
    var control = L.control({ position: "topright" });
    control.onAdd = function () {
      var box = element("details", { "class": "atlas-legend", lang: data.language, dir: data.direction });
      box.open = window.innerWidth > 900;
      box.appendChild(element("summary", {}, data.labels.categories));
      var form = box.appendChild(element("form", { "aria-label": data.labels.filter }));
      data.categories.forEach(function (category, index) {
        if (!groups[index].length) return;
        var label = form.appendChild(element("label"));
        var toggle = label.appendChild(element("input", { type: "checkbox", "data-category": category.id }));
        toggle.checked = true;
        toggle.addEventListener("change", function () {
          if (toggle.checked) cluster.addLayers(groups[index]);
          else cluster.removeLayers(groups[index]);
        });
        label.appendChild(element("span", { "class": "atlas-dot", style: "background:" + category.colour }));
        label.appendChild(document.createTextNode(" " + category.title + " (" + groups[index].length + ")"));
      });
      box.appendChild(element("a", { href: root + data.pages.list, target: "_top" }, data.labels.list));
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    control.addTo(map);
  }

  /* Every initiative, clustered; each marker in the group of its main (first) category.
   * With #category=<id>, only the initiatives in that category. */
  function world(map, options) {
    var data = window.ATLAS_DATA;
    data.categoryById = {};
    var position = {};
    data.categories.forEach(function (category, index) {
      data.categoryById[category.id] = category;
      position[category.id] = index;
    });
    var wanted = new URLSearchParams(location.hash.slice(1)).get("category");
    var only = Object.prototype.hasOwnProperty.call(position, wanted) ? wanted : null;
    var groups = data.categories.map(function () { return []; });
    data.items.forEach(function (item) {
      if (only && item.categories.indexOf(only) < 0) return;
      groups[position[only || item.categories[0]]].push(markerFor(item, data, options));
    });
    var markers = [].concat.apply([], groups);
    var cluster = L.markerClusterGroup({
      chunkedLoading: true,
      showCoverageOnHover: false,
      maxClusterRadius: 45,
      chunkProgress: function (processed, total) {
        if (total && processed === total) window.setTimeout(function () { ready(map, markers); }, 0);
      }
    });
    map.addLayer(cluster);
    legend(map, data, groups, cluster, options.siteRoot);
    if (markers.length) cluster.addLayers(markers);
    else ready(map, markers);
  }

  /* Shows every marker, then marks the document; the browser tests wait for the mark.
   * markercluster reports the last chunk before it has placed it, hence the timeout above. */
  function ready(map, markers) {
    if (document.documentElement.hasAttribute("data-atlas-ready")) return;
    if (markers.length) {
      var bounds = L.latLngBounds(markers.map(function (marker) { return marker.getLatLng(); }));
      map.fitBounds(bounds, { maxZoom: 5, padding: [30, 30] });
    }
    document.documentElement.setAttribute("data-atlas-ready", String(markers.length));
  }

  /* One point, from #lat=..&lon=.. in the address. */
  function locator(map) {
    var hash = new URLSearchParams(location.hash.slice(1));
    var lat = parseFloat(hash.get("lat")), lon = parseFloat(hash.get("lon"));
    if (isFinite(lat) && isFinite(lon)) {
      L.marker([lat, lon], { icon: dotIcon("#d62728"), interactive: false, keyboard: false }).addTo(map);
      map.setView([lat, lon], 4);
    }
    document.documentElement.setAttribute("data-atlas-ready", "1");
  }

  function start(map, options) {
    map.setMaxZoom(options.maxZoom);
    map.attributionControl.addAttribution("Countries: Natural Earth");
    drawBasemap(map);
    if (options.mode === "locator") locator(map);
    else world(map, options);
  }

  window.AtlasMap = { start: start };
})();

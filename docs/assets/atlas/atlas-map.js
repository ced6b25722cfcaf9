/* Solidarity Atlas map: builds markers, popups and the category filter from window.ATLAS_DATA.
 * Each item has the named fields of a map item (builder/site/record.py: MapItem).
 * Contributor text only ever reaches the page through textContent and setAttribute. */
(function () {
  "use strict";

  function prefers(query) {
    return !!(window.matchMedia && window.matchMedia(query).matches);
  }

  /* A reader who asks for less motion gets a map that jumps instead of gliding: no zoom, fade
   * or pan animation. Set before folium's script creates the map, which reads these options. */
  var STILL = prefers("(prefers-reduced-motion: reduce)");
  if (STILL) {
    L.Map.mergeOptions({ zoomAnimation: false, fadeAnimation: false, markerZoomAnimation: false, inertia: false });
    var panBy = L.Map.prototype.panBy;
    L.Map.include({
      panBy: function (offset, options) {
        return panBy.call(this, offset, L.extend({}, options, { animate: false }));
      }
    });
  }
  var DARK = prefers("(prefers-color-scheme: dark)");
  var WIDE = "(min-width: 48em)";

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
    var land = DARK ? { color: "#5d7377", fillColor: "#2c3b3e" } : { color: "#9aa5a8", fillColor: "#f4f1e8" };
    L.geoJSON({ type: "FeatureCollection", features: topoFeatures(window.ATLAS_BASEMAP) }, {
      interactive: false,
      style: { color: land.color, weight: 0.6, fillColor: land.fillColor, fillOpacity: 1 }
    }).addTo(map);
  }

  /* The words around the map (builder/site/maps.py: map_words), written into each document. */
  function words() {
    var found = document.getElementById("atlas-map-words");
    return found ? JSON.parse(found.textContent) : {};
  }

  var POPUP_PICTURE_BOX = 200;
  var SOUTH_COLOUR = "#b3006b";
  var LINK_COLOUR = "#1d4e89";

  function format(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_, name) { return values[name]; });
  }

  /* A div icon that names itself, so that a screen reader says what a marker is. */
  var NamedIcon = L.DivIcon.extend({
    createIcon: function (old) {
      var icon = L.DivIcon.prototype.createIcon.call(this, old);
      icon.setAttribute("aria-label", this.options.label);
      icon.setAttribute("title", this.options.label);
      return icon;
    }
  });

  function dotIcon(colour, label) {
    var dot = element("span", { "class": "atlas-dot", style: "background:" + colour, "aria-hidden": "true" });
    return new NamedIcon({ className: "atlas-marker", html: dot.outerHTML, iconSize: [16, 16], label: label || "" });
  }

  function clusterIcon(cluster, data) {
    var count = cluster.getChildCount();
    var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
    var label = format(data.labels.cluster, { count: count });
    return new NamedIcon({
      html: "<div><span aria-hidden=\"true\">" + count + "</span></div>",
      className: "marker-cluster marker-cluster-" + size,
      iconSize: new L.Point(40, 40),
      label: label
    });
  }

  /* The picture fits a 200 px square, whatever its shape, so a portrait does not make the
   * popup taller than a small map. */
  function pictureSize(picture) {
    var scale = POPUP_PICTURE_BOX / Math.max(picture.width, picture.height);
    var wide = picture.width >= picture.height;
    return {
      width: wide ? POPUP_PICTURE_BOX : Math.round(picture.width * scale),
      height: wide ? Math.round(picture.height * scale) : POPUP_PICTURE_BOX
    };
  }

  function popupFor(item, data, root, sharedRoot) {
    var box = element("div", { "class": "atlas-popup", lang: item.language, dir: item.direction });
    var picture = item.picture;
    if (picture) {
      var size = pictureSize(picture);
      box.appendChild(element("img", {
        src: root + sharedRoot + picture.src, alt: picture.alt, width: String(size.width), height: String(size.height)
      }));
    }
    var heading = box.appendChild(element("p", { "class": "atlas-popup__title" }));
    heading.appendChild(element("a", { href: root + item.url, target: "_top" }, item.title));
    var separator = data.labels.separator;
    var names = item.categories.map(function (id) { return data.categoryById[id].title; }).join(separator);
    box.appendChild(element("p", { "class": "atlas-popup__meta", lang: data.language, dir: data.direction }, names + " · " + countryNames(item, data)));
    box.appendChild(element("p", {}, item.summary));
    return box;
  }

  function countryNames(item, data) {
    return item.countries.map(function (code) { return data.countries[code]; }).join(data.labels.separator);
  }

  /* Enter on a marker opens its popup and moves into it; Escape closes it and goes back. */
  function markerFor(item, data, options) {
    var label = format(data.labels.marker, { title: item.title, countries: countryNames(item, data) });
    var marker = L.marker([item.lat, item.lon], {
      icon: dotIcon(data.categoryById[item.categories[0]].colour, label),
      keyboard: true
    });
    marker.bindPopup(function () { return popupFor(item, data, options.siteRoot, options.sharedRoot); }, {
      maxWidth: 240,
      autoPanPadding: [16, 16]
    });
    marker.on("popupopen", function (event) {
      var container = event.popup.getElement();
      var link = container && container.querySelector(".atlas-popup__title a");
      if (link) link.focus();
      if (container && !container.hasAttribute("data-atlas-keys")) {
        container.setAttribute("data-atlas-keys", "");
        L.DomEvent.on(container, "keydown", function (key) {
          if (key.key !== "Escape") return;
          marker.closePopup();
          var icon = marker.getElement();
          if (icon) icon.focus();
        });
      }
    });
    return marker;
  }

  /* The filters: before the map in the document, so that the keyboard meets them first; open
   * where they have a column of their own, a bar to open above the map elsewhere. */
  function panel(map, data, state, onChange) {
    var box = element("details", { "class": "atlas-panel", lang: data.language, dir: data.direction, id: "atlas-filters" });
    box.open = prefers(WIDE);
    var summary = box.appendChild(element("summary", {}, data.labels.filters));
    var shown = summary.appendChild(element("span", { "class": "atlas-panel__shown", "aria-live": "polite" }));
    var form = box.appendChild(element("form", { "class": "atlas-panel__form" }));
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    categoryChoice(form, data, state, onChange);
    ["right", "goal", "group", "region", "country", "solidarity", "seeks", "offers"].forEach(function (name) {
      facetChoice(form, data, state, name, onChange);
    });
    ["south", "cross"].forEach(function (name) {
      var label = form.appendChild(element("label", { "class": "atlas-panel__flag" }));
      var flag = label.appendChild(element("input", { type: "checkbox", name: name }));
      flag.checked = !!state[name];
      flag.addEventListener("change", function () {
        if (flag.checked) state[name] = true; else delete state[name];
        onChange();
      });
      label.appendChild(document.createTextNode(" " + data.labels[name]));
    });
    box.appendChild(element("a", { href: "", target: "_top", "class": "atlas-panel__list" }, data.labels.list));
    var container = map.getContainer();
    container.parentNode.insertBefore(box, container);
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    return { shown: shown, list: box.querySelector(".atlas-panel__list") };
  }

  function categoryChoice(form, data, state, onChange) {
    var used = {};
    data.items.forEach(function (item) { item.categories.forEach(function (id) { used[id] = true; }); });
    var set = form.appendChild(element("fieldset", { "class": "atlas-panel__categories" }));
    set.appendChild(element("legend", {}, data.labels.categories));
    var all = set.appendChild(element("button", { type: "button", "class": "atlas-panel__all" }, data.labels.all));
    var toggles = [];
    data.categories.forEach(function (category) {
      if (!used[category.id]) return;
      var row = set.appendChild(element("div", { "class": "atlas-panel__category" }));
      var label = row.appendChild(element("label"));
      var toggle = label.appendChild(element("input", { type: "checkbox", "data-category": category.id }));
      toggle.checked = !state.category || state.category.indexOf(category.id) >= 0;
      label.appendChild(element("span", { "class": "atlas-dot", style: "background:" + category.colour, "aria-hidden": "true" }));
      label.appendChild(document.createTextNode(" " + category.title));
      var only = row.appendChild(element("button", { type: "button", "class": "atlas-panel__only", "data-category": category.id }, data.labels.only));
      only.setAttribute("aria-label", format(data.labels.only_label, { category: category.title }));
      toggles.push(toggle);
      toggle.addEventListener("change", function () { fromToggles(); });
      only.addEventListener("click", function () {
        toggles.forEach(function (other) { other.checked = other === toggle; });
        fromToggles();
      });
    });
    all.addEventListener("click", function () {
      toggles.forEach(function (toggle) { toggle.checked = true; });
      fromToggles();
    });
    function fromToggles() {
      var chosen = toggles.filter(function (t) { return t.checked; }).map(function (t) { return t.getAttribute("data-category"); });
      if (chosen.length === toggles.length) delete state.category; else state.category = chosen;
      onChange();
    }
  }

  function facetChoice(form, data, state, name, onChange) {
    var names = data.facets[name] || {};
    var field = AtlasFilters.FIELDS[name];
    var present = {};
    data.items.forEach(function (item) {
      [].concat(item[field]).forEach(function (value) { present[String(value)] = true; });
    });
    var values = Object.keys(names).filter(function (value) { return present[value]; });
    if (!values.length) return;
    var label = form.appendChild(element("label", { "class": "atlas-panel__facet" }, data.labels[name]));
    var select = label.appendChild(element("select", { name: name }));
    select.appendChild(element("option", { value: "" }, data.labels.any));
    values.forEach(function (value) {
      var text = /^\d+$/.test(value) ? value + ". " + names[value] : names[value];
      var option = select.appendChild(element("option", { value: value }, text));
      if (state[name] && state[name].indexOf(value) >= 0) option.selected = true;
    });
    select.addEventListener("change", function () {
      if (select.value) state[name] = [select.value]; else delete state[name];
      onChange();
    });
  }

  /* Lines between the countries each shown cross-border initiative links: its partner
   * countries with its countries, and its countries with each other. */
  function linkLines(items, data) {
    var pairs = {};
    items.forEach(function (item) {
      if (!item.cross_border) return;
      var places = item.countries, partners = item.partner_countries;
      function add(a, b) {
        if (a === b || !data.centres[a] || !data.centres[b]) return;
        var key = a < b ? a + "|" + b : b + "|" + a;
        var pair = pairs[key] || (pairs[key] = { ends: [a, b], count: 0, south: false });
        pair.count += 1;
        pair.south = pair.south || item.south_south;
      }
      partners.forEach(function (partner) { places.forEach(function (place) { add(partner, place); }); });
      places.forEach(function (one, n) { places.slice(n + 1).forEach(function (other) { add(one, other); }); });
    });
    return Object.keys(pairs).sort().map(function (key) {
      var pair = pairs[key];
      return L.polyline([data.centres[pair.ends[0]], data.centres[pair.ends[1]]], {
        color: pair.south ? SOUTH_COLOUR : LINK_COLOUR,
        weight: 1.5 + Math.log(pair.count + 1),
        opacity: 0.75,
        dashArray: pair.south ? null : "6 6",
        interactive: false
      });
    });
  }

  /* Every initiative, clustered, as the filters in the address choose; each filter change
   * is written back to the address, and to the page around the map. */
  function world(map, options) {
    var data = window.ATLAS_DATA;
    data.categoryById = {};
    data.categories.forEach(function (category) { data.categoryById[category.id] = category; });
    var state = AtlasFilters.parse(location.hash);
    var markers = data.items.map(function (item) { return markerFor(item, data, options); });
    var lines = L.layerGroup().addTo(map);
    var first = true;
    var cluster = L.markerClusterGroup({
      chunkedLoading: true,
      animate: !STILL,
      showCoverageOnHover: false,
      maxClusterRadius: 45,
      iconCreateFunction: function (group) { return clusterIcon(group, data); },
      chunkProgress: function (processed, total) {
        if (total && processed === total) window.setTimeout(function () { placed(map, shownMarkers()); }, 0);
      }
    });
    map.addLayer(cluster);
    var controls = panel(map, data, state, apply);
    var visible = [];
    function shownMarkers() {
      return visible.map(function (index) { return markers[index]; });
    }
    function apply() {
      visible = [];
      data.items.forEach(function (item, index) { if (AtlasFilters.matches(item, state)) visible.push(index); });
      var hash = AtlasFilters.serialize(state);
      controls.shown.textContent = " · " + format(data.labels.shown, { count: visible.length });
      controls.list.setAttribute("href", options.siteRoot + data.pages.list + (hash ? "#" + hash : ""));
      document.documentElement.setAttribute("data-atlas-shown", String(visible.length));
      cluster.clearLayers();
      lines.clearLayers();
      if (state.cross) linkLines(visible.map(function (i) { return data.items[i]; }), data).forEach(function (line) { lines.addLayer(line); });
      if (visible.length) cluster.addLayers(shownMarkers());
      else placed(map, []);
      if (!first) {
        history.replaceState(null, "", hash ? "#" + hash : location.pathname);
        if (window.parent !== window) window.parent.postMessage({ atlasFilters: hash }, "*");
      }
      first = false;
    }
    window.addEventListener("hashchange", function () {
      state = AtlasFilters.parse(location.hash);
      document.querySelectorAll("#atlas-filters").forEach(function (old) { old.remove(); });
      controls = panel(map, data, state, apply);
      apply();
    });
    apply();
  }

  /* Shows every marker, then marks the document; the browser tests wait for the mark.
   * markercluster reports the last chunk before it has placed it, hence the timeout above. */
  function placed(map, shown) {
    if (document.documentElement.hasAttribute("data-atlas-ready")) return;
    if (shown.length) {
      var bounds = L.latLngBounds(shown.map(function (marker) { return marker.getLatLng(); }));
      map.fitBounds(bounds, { maxZoom: 5, padding: [30, 30] });
    }
    document.documentElement.setAttribute("data-atlas-ready", String(shown.length));
  }

  /* One point, from #lat=..&lon=.. in the address. */
  function locator(map) {
    var hash = new URLSearchParams(location.hash.slice(1));
    var lat = parseFloat(hash.get("lat")), lon = parseFloat(hash.get("lon"));
    if (isFinite(lat) && isFinite(lon)) {
      L.marker([lat, lon], { icon: dotIcon("#d62728", ""), interactive: false, keyboard: false }).addTo(map);
      map.setView([lat, lon], 4);
    }
    document.documentElement.setAttribute("data-atlas-ready", "1");
  }

  /* A popup never grows taller than the map that holds it: its text scrolls instead. */
  function fitPopups(map) {
    map.on("popupopen", function (event) {
      var room = Math.max(120, map.getSize().y - 48);
      if (event.popup.options.maxHeight !== room) {
        event.popup.options.maxHeight = room;
        event.popup.update();
      }
    });
  }

  /* Leaflet's own controls, in the reader's language; the disclaimer, when no page around the
   * map shows it already. */
  function surround(map, said) {
    if (said.zoom_in && map.zoomControl) {
      map.zoomControl.remove();
      map.zoomControl = L.control.zoom({ zoomInTitle: said.zoom_in, zoomOutTitle: said.zoom_out }).addTo(map);
    }
    /* Leaflet writes attributions as HTML: the words go in as text. */
    map.attributionControl.addAttribution(element("span", {}, said.attribution || "Natural Earth").outerHTML);
    var disclaimer = document.querySelector(".atlas-disclaimer");
    if (disclaimer && window.top === window) disclaimer.hidden = false;
  }

  function start(map, options) {
    map.setMaxZoom(options.maxZoom);
    surround(map, words());
    fitPopups(map);
    drawBasemap(map);
    if (options.mode === "locator") locator(map);
    else world(map, options);
  }

  window.AtlasMap = { start: start };
})();

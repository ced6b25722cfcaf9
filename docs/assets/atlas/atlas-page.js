/* Solidarity Atlas pages: the list's filters, and the map page's address, which keeps the
 * map's filters so that a filtered view can be shared. Works from file:// too. */
(function () {
  "use strict";

  function fold(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f\u064b-\u065f]/g, "").toLowerCase();
  }

  function words(value) {
    return value ? value.split(" ") : [];
  }

  /* An initiative of the list as the filters see it (the fields of a map item). */
  function itemOf(row) {
    var d = row.dataset;
    return {
      categories: words(d.categories), rights: words(d.rights), sdgs: words(d.sdgs),
      groups: words(d.groups), regions: words(d.regions), countries: words(d.countries),
      solidarity: d.solidarity, seeks: words(d.seeks), offers: words(d.offers),
      south_south: d.south_south === "true", cross_border: d.cross_border === "true",
      text: fold(row.textContent)
    };
  }

  function setUpList(form) {
    var rows = Array.prototype.slice.call(document.querySelectorAll(".atlas-list-item"));
    var items = rows.map(itemOf);
    var shown = form.querySelector(".atlas-list-filter__shown");
    form.hidden = false;
    function readHash() {
      var state = AtlasFilters.parse(location.hash);
      var text = new URLSearchParams(location.hash.slice(1)).get("text") || "";
      Array.prototype.forEach.call(form.elements, function (field) {
        if (field.type === "checkbox") field.checked = !!state[field.name];
        else if (field.name === "text") field.value = text;
        else if (field.name) field.value = state[field.name] ? state[field.name][0] : "";
      });
      return { state: state, text: text };
    }
    function readForm() {
      var state = {};
      var text = "";
      Array.prototype.forEach.call(form.elements, function (field) {
        if (!field.name) return;
        if (field.type === "checkbox") { if (field.checked) state[field.name] = true; }
        else if (field.name === "text") text = field.value.trim();
        else if (field.value) state[field.name] = [field.value];
      });
      return { state: state, text: text };
    }
    function apply(view) {
      var query = fold(view.text);
      var count = 0;
      rows.forEach(function (row, index) {
        var visible = AtlasFilters.matches(items[index], view.state) && (!query || items[index].text.indexOf(query) >= 0);
        row.hidden = !visible;
        if (visible) count += 1;
      });
      document.querySelectorAll(".atlas-list-section").forEach(function (section) {
        section.hidden = !section.querySelector(".atlas-list-item:not([hidden])") && !!section.querySelector(".atlas-list-item");
      });
      shown.textContent = shown.getAttribute("data-template").replace("%(count)s", String(count));
      document.documentElement.setAttribute("data-atlas-shown", String(count));
    }
    function changed() {
      var view = readForm();
      var hash = AtlasFilters.serialize(view.state);
      if (view.text) hash += (hash ? "&" : "") + "text=" + encodeURIComponent(view.text);
      history.replaceState(null, "", hash ? "#" + hash : location.pathname);
      apply(view);
    }
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    window.addEventListener("hashchange", function () { apply(readHash()); });
    apply(readHash());
  }

  /* The map lives in its own document: its filters come from this page's address, and come
   * back to it when the reader changes them. */
  function setUpMapPage(frame) {
    var filters = location.hash.slice(1);
    if (filters) frame.src = frame.getAttribute("src").split("#")[0] + "#" + filters;
    window.addEventListener("message", function (event) {
      if (event.source !== frame.contentWindow || !event.data || typeof event.data.atlasFilters !== "string") return;
      var hash = event.data.atlasFilters;
      history.replaceState(null, "", hash ? "#" + hash : location.pathname);
    });
  }

  var form = document.querySelector(".atlas-list-filter");
  if (form) setUpList(form);
  var frame = document.querySelector("iframe.atlas-map--world");
  if (frame && !/#/.test(frame.getAttribute("src"))) setUpMapPage(frame);
})();

/* Solidarity Atlas filters, shared by the map and the list: what the address after "#" says
 * (category=health,education&right=25&south=1), and whether an initiative matches it.
 * The names are those of builder/site/urls.py (FILTERS). */
(function () {
  "use strict";

  /* Each filter, and the field of an initiative it looks at (builder/site/record.py, MapItem). */
  var FIELDS = {
    category: "categories", right: "rights", goal: "sdgs", group: "groups", region: "regions",
    country: "countries", solidarity: "solidarity", seeks: "seeks", offers: "offers",
    south: "south_south", cross: "cross_border"
  };
  var FLAGS = { south: true, cross: true };
  var ORDER = Object.keys(FIELDS);

  /* The filters in an address's fragment; unknown names and empty values are ignored. */
  function parse(hash) {
    var state = {};
    new URLSearchParams(String(hash || "").replace(/^#/, "")).forEach(function (value, name) {
      if (!Object.prototype.hasOwnProperty.call(FIELDS, name)) return;
      if (FLAGS[name]) {
        if (value === "1") state[name] = true;
        return;
      }
      var values = value.split(",").filter(function (v) { return v !== ""; });
      if (values.length) state[name] = values;
    });
    return state;
  }

  function serialize(state) {
    return ORDER.filter(function (name) { return state[name]; }).map(function (name) {
      if (FLAGS[name]) return name + "=1";
      return name + "=" + state[name].map(encodeURIComponent).join(",");
    }).join("&");
  }

  /* Whether an initiative (an object with MapItem's fields) passes every filter: for a
   * filter with several values, any of them. */
  function matches(item, state) {
    return ORDER.every(function (name) {
      if (!state[name]) return true;
      var value = item[FIELDS[name]];
      if (FLAGS[name]) return value === true;
      var values = Array.isArray(value) ? value.map(String) : [String(value)];
      return state[name].some(function (wanted) { return values.indexOf(wanted) >= 0; });
    });
  }

  window.AtlasFilters = { FIELDS: FIELDS, FLAGS: FLAGS, ORDER: ORDER, parse: parse, serialize: serialize, matches: matches };
})();

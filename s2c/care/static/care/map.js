/* The public reports map: markers from the GeoJSON endpoint for the visible box. */
(function () {
  "use strict";
  var el = document.getElementById("reports-map");
  if (!el || !window.L) { return; }
  var status = document.getElementById("map-status");
  var map = window.L.map(el).setView([-3.0, 104.76], 12);
  var tiles = el.getAttribute("data-tiles");
  if (tiles) {
    window.L.tileLayer(tiles, { maxZoom: 19, attribution: el.getAttribute("data-attribution") }).addTo(map);
  }
  var layer = window.L.layerGroup().addTo(map), pending = null;
  function esc(s) { var d = document.createElement("div"); d.textContent = s; return d.innerHTML; }
  function load() {
    var url = el.getAttribute("data-geojson") + "?bbox=" + map.getBounds().toBBoxString();
    var query = el.getAttribute("data-query");
    if (query) { url += "&" + query; }
    if (pending) { pending.abort(); }
    pending = new AbortController();
    fetch(url, { signal: pending.signal }).then(function (r) { return r.json(); }).then(function (data) {
      layer.clearLayers();
      (data.features || []).forEach(function (f) {
        var p = f.properties, c = f.geometry.coordinates;
        window.L.marker([c[1], c[0]]).bindPopup(
          '<strong>' + esc(p.tracking_number) + '</strong><br>' + esc(p.title) + '<br>' +
          esc(p.category) + ' · ' + esc(p.status_label) + '<br><a href="' + esc(p.url) + '">' + esc(p.tracking_number) + ' →</a>'
        ).addTo(layer);
      });
      status.textContent = data.truncated ? el.getAttribute("data-truncated")
        : el.getAttribute("data-count").replace("{n}", (data.features || []).length);
    }).catch(function () {});
  }
  map.on("moveend", load);
  load();
})();

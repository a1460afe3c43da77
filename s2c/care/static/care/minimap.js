/* A small map with one pin: <div id="mini-map" data-lat data-lon data-tiles>. */
(function () {
  "use strict";
  var el = document.getElementById("mini-map");
  if (!el || !window.L) { el && (el.hidden = true); return; }
  var at = [parseFloat(el.getAttribute("data-lat")), parseFloat(el.getAttribute("data-lon"))];
  var map = window.L.map(el, { scrollWheelZoom: false }).setView(at, 16);
  var tiles = el.getAttribute("data-tiles");
  if (tiles) {
    window.L.tileLayer(tiles, { maxZoom: 19, attribution: el.getAttribute("data-attribution") }).addTo(map);
  }
  window.L.marker(at).addTo(map);
})();

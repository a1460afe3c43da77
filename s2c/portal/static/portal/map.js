/* Sumsel Gov: draw the offices on a Leaflet map where JavaScript runs. Without it the
   page lists the same addresses with a link to open them in a map application. */
(function () {
  "use strict";
  function draw(el) {
    if (typeof L === "undefined" || el.dataset.drawn) { return; }
    var source = document.getElementById(el.dataset.points);
    var points = source ? JSON.parse(source.textContent) : [];
    if (!points.length) { el.hidden = true; return; }
    el.dataset.drawn = "1";
    var map = L.map(el, { scrollWheelZoom: false, attributionControl: !!el.dataset.tiles });
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, { maxZoom: 18, attribution: el.dataset.attribution || "" })
        .addTo(map);
    }
    var bounds = [];
    points.forEach(function (p) {
      var marker = L.circleMarker([p.lat, p.lon], {
        radius: 9, color: "#0b3d2e", weight: 3, fillColor: "#e3b53c", fillOpacity: 1
      }).addTo(map);
      var popup = document.createElement("div");
      var title = document.createElement("strong");
      title.textContent = p.name;
      popup.appendChild(title);
      if (p.address) {
        popup.appendChild(document.createElement("br"));
        popup.appendChild(document.createTextNode(p.address));
      }
      marker.bindPopup(popup);
      marker.bindTooltip(p.name);
      bounds.push([p.lat, p.lon]);
    });
    if (bounds.length === 1) { map.setView(bounds[0], 15); }
    else { map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 }); }
    el.classList.add("map-ready");
  }
  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".map[data-points]"), draw);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); }
  else { init(); }
})();

/* Sumsel Care report form: a map pin (tap or phone GPS), the chosen category's extra
   questions, and a live check for similar open reports. The form works without it. */
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  if (!form) { return; }
  var $ = function (sel) { return form.querySelector(sel); };
  var lat = $("#id_latitude"), lon = $("#id_longitude"), category = $("#id_category");
  var SUMSEL = [-3.3, 104.0];

  // Extra questions of the chosen category only.
  function showAttributes() {
    var groups = form.querySelectorAll(".care-attributes");
    for (var i = 0; i < groups.length; i++) {
      groups[i].hidden = groups[i].getAttribute("data-category") !== category.value;
    }
  }
  if (category) { category.addEventListener("change", showAttributes); showAttributes(); }

  // Fields required for some categories only (data-required-for="a b"): marked as
  // required while one of those is chosen.
  function markConditional() {
    var fields = form.querySelectorAll("[data-required-for]");
    for (var i = 0; i < fields.length; i++) {
      var codes = fields[i].getAttribute("data-required-for").split(" ");
      var needed = !!category && codes.indexOf(category.value) >= 0;
      fields[i].setAttribute("aria-required", needed ? "true" : "false");
      var box = fields[i].closest(".field");
      var mark = box && box.querySelector(".required-mark");
      if (mark) { mark.hidden = !needed; }
    }
  }
  if (category) { category.addEventListener("change", markConditional); markConditional(); }

  // The map.
  var mapEl = document.getElementById("pick-map");
  var marker = null, map = null;
  function setPin(latlng, zoom) {
    lat.value = latlng.lat.toFixed(6);
    lon.value = latlng.lng.toFixed(6);
    if (map) {
      if (marker) { marker.setLatLng(latlng); } else { marker = window.L.marker(latlng).addTo(map); }
      map.setView(latlng, zoom || Math.max(map.getZoom(), 15));
    }
    checkSimilar();
  }
  if (mapEl && window.L) {
    var shown = form.querySelectorAll(".js-only");
    for (var i = 0; i < shown.length; i++) { shown[i].hidden = false; }
    map = window.L.map(mapEl, { zoomControl: true }).setView(SUMSEL, 7);
    var tiles = mapEl.getAttribute("data-tiles");
    if (tiles) {
      window.L.tileLayer(tiles, { maxZoom: 19, attribution: mapEl.getAttribute("data-attribution") }).addTo(map);
    }
    map.on("click", function (e) { setPin(e.latlng); });
    if (lat.value && lon.value) { setPin(window.L.latLng(+lat.value, +lon.value), 16); }
    var locate = document.getElementById("locate");
    var hint = document.getElementById("map-hint");
    locate.addEventListener("click", function () {
      if (!navigator.geolocation) { hint.textContent = locate.getAttribute("data-none") || hint.textContent; return; }
      locate.disabled = true;
      navigator.geolocation.getCurrentPosition(function (pos) {
        locate.disabled = false;
        setPin(window.L.latLng(pos.coords.latitude, pos.coords.longitude), 17);
      }, function () { locate.disabled = false; }, { enableHighAccuracy: true, timeout: 15000 });
    });
  }

  // Similar open reports, as the citizen types.
  var box = document.getElementById("similar"), timer = null, last = "";
  function checkSimilar() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var params = new URLSearchParams({
        category: category ? category.value : "", latitude: lat.value, longitude: lon.value,
        text: (($("#id_title") || {}).value || "")
      });
      var query = params.toString();
      if (query === last) { return; }
      last = query;
      fetch(form.getAttribute("data-similar-url") + "?" + query, { headers: { "HX-Request": "true" } })
        .then(function (r) { return r.ok ? r.text() : ""; })
        .then(function (html) {
          box.innerHTML = html;
          // Shown while typing: the citizen has seen them, so no second step is needed.
          var confirm = $("#id_confirm_new");
          if (confirm) { confirm.value = html.trim() ? "on" : ""; }
        })
        .catch(function () {});
    }, 600);
  }
  if (category) { category.addEventListener("change", checkSimilar); }
  var title = $("#id_title");
  if (title) { title.addEventListener("input", checkSimilar); }
})();

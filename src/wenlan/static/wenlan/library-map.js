/* A library's map (Leaflet, served by Wenlan): only where the operator has set a
   tile server (WENLAN_MAP_TILE_URL). If no tile loads (the server cannot be
   reached), the map is taken away again; the address above it stays. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("library-map");
    if (!box || !window.L || !box.dataset.tiles) return;
    var lat = parseFloat(box.dataset.lat), lon = parseFloat(box.dataset.lon);
    if (!isFinite(lat) || !isFinite(lon)) return;
    box.hidden = false;
    var map = L.map(box, { scrollWheelZoom: false }).setView([lat, lon], 16);
    map.attributionControl.setPrefix("Leaflet");
    var loaded = false, gone = false;
    function giveUp() {
      if (loaded || gone) return;
      gone = true;
      map.remove();
      box.hidden = true;
    }
    var layer = L.tileLayer(box.dataset.tiles, { maxZoom: 19, attribution: box.dataset.attribution || "" });
    layer.on("tileload", function () { loaded = true; });
    layer.on("load", function () { if (!loaded) giveUp(); });
    layer.addTo(map);
    setTimeout(giveUp, 8000);
    var icon = L.icon({
      iconUrl: box.dataset.icon, iconRetinaUrl: box.dataset.icon2x, shadowUrl: box.dataset.shadow,
      iconSize: [25, 41], iconAnchor: [12, 41], popupAnchor: [1, -34], shadowSize: [41, 41]
    });
    L.marker([lat, lon], { icon: icon, title: box.dataset.name, alt: box.dataset.name }).addTo(map);
  });
})();

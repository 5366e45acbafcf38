// "Near me": a button with data-near-me="FORM-ID" fills that form's lat and lon
// fields with the device's position and submits it. Hidden where the browser
// cannot tell the position.
(function () {
  document.querySelectorAll("[data-near-me]").forEach(function (button) {
    if (!navigator.geolocation) { button.hidden = true; return; }
    button.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (pos) {
        var form = document.getElementById(button.dataset.nearMe);
        form.elements.lat.value = pos.coords.latitude.toFixed(6);
        form.elements.lon.value = pos.coords.longitude.toFixed(6);
        form.submit();
      });
    });
  });
})();

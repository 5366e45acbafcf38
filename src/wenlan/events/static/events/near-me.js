/* "Nearest to me" on the event calendar. Says what happened when the browser gives
   no position (refused, unavailable, unsupported) in the page's language, and opens
   the filters at the district/library choice as the fallback. */
(function () {
  "use strict";
  var button = document.querySelector("[data-near-me]");
  var message = document.querySelector("[data-near-me-message]");
  var form = document.getElementById("event-filters");
  var panel = document.getElementById("event-filter-panel");
  /* On a wide screen there is room for the filters: show them open. */
  if (panel && window.matchMedia && window.matchMedia("(min-width: 48em)").matches) {
    panel.open = true;
  }
  if (!button || !message || !form) { return; }
  button.hidden = false;

  function say(kind) {
    message.textContent = message.getAttribute("data-" + kind) || "";
    message.className = "near-me-message" + (kind === "locating" ? "" : " warning");
  }

  function fallBack(kind) {
    say(kind);
    if (panel) { panel.open = true; }
    var library = form.elements.library;
    if (library) { library.focus(); }
  }

  button.addEventListener("click", function () {
    if (!navigator.geolocation) { fallBack("unsupported"); return; }
    say("locating");
    navigator.geolocation.getCurrentPosition(function (pos) {
      form.elements.lat.value = pos.coords.latitude.toFixed(6);
      form.elements.lon.value = pos.coords.longitude.toFixed(6);
      form.submit();
    }, function (error) {
      fallBack(error && error.code === 1 ? "denied" : "unavailable");
    }, {timeout: 15000, maximumAge: 600000});
  });

})();

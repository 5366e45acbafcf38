/* The reader's e-card: counts down the QR code's life and fetches the next one
   (the API's /patrons/me/ecard) before it ends. A code past its time is never
   left on the screen: when the next one cannot be had (offline, signed out, the
   card suspended), the page says so and, once the time is up, hides the code. */
(function () {
  "use strict";
  var box = document.getElementById("ecard");
  if (!box || !window.fetch) { return; }
  var qr = document.getElementById("ecard-qr");
  var countdown = document.getElementById("ecard-countdown");
  var seconds = document.getElementById("ecard-seconds");
  var status = document.getElementById("ecard-status");
  var url = box.getAttribute("data-url");
  var RETRY_MS = 5000;
  // Counted on this device's clock from what the server said was left, so a
  // phone whose clock is wrong still counts right.
  var deadline = Date.now() + Number(box.getAttribute("data-seconds")) * 1000;
  var refreshBefore = Number(box.getAttribute("data-refresh-before"));
  var fetching = false, refused = false, retryAt = 0;

  function say(text, kind) {
    status.textContent = text;
    status.className = "ecard-status" + (kind ? " " + kind : "");
  }

  function secondsLeft() {
    return Math.max(0, Math.floor((deadline - Date.now()) / 1000));
  }

  function withdraw(text) {
    qr.hidden = true;
    countdown.hidden = true;
    say(text, "error");
  }

  function show(card) {
    var svg = new DOMParser().parseFromString(card.svg, "image/svg+xml").documentElement;
    qr.replaceChildren(document.importNode(svg, true));
    deadline = Date.now() + card.seconds_left * 1000;
    refreshBefore = card.refresh_before;
    seconds.textContent = String(secondsLeft());
    qr.hidden = false;
    countdown.hidden = false;
    say("", "");
  }

  function refuse(answer) {
    refused = true;
    withdraw(answer.status === 401 ? box.getAttribute("data-signed-out")
                                    : (answer.body.title || box.getAttribute("data-expired")));
  }

  function refresh() {
    fetching = true;
    fetch(url, {credentials: "same-origin", cache: "no-store", headers: {Accept: "application/json"}})
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          return {ok: response.ok, status: response.status, body: body};
        });
      })
      .then(function (answer) {
        if (answer.ok && answer.body.svg) { show(answer.body); return; }
        if (answer.status >= 400 && answer.status < 500) { refuse(answer); return; }
        throw new Error("HTTP " + answer.status);
      })
      .catch(function () {
        retryAt = Date.now() + RETRY_MS;
        if (secondsLeft() > 0) {
          say(box.getAttribute(navigator.onLine === false ? "data-offline" : "data-retry"), "warning");
        }
      })
      .then(function () { fetching = false; tick(); });
  }

  function tick() {
    if (refused) { return; }
    var left = secondsLeft();
    if (left > 0) {
      seconds.textContent = String(left);
    } else if (!qr.hidden) {
      withdraw(box.getAttribute("data-expired"));
    }
    if (left <= refreshBefore && !fetching && Date.now() >= retryAt) { refresh(); }
  }

  window.setInterval(tick, 1000);
  window.addEventListener("online", function () { retryAt = 0; tick(); });
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) { tick(); }
  });
  window.addEventListener("pageshow", tick);
})();

/* Camera check-in at the door. Reads the ticket's QR code with the browser's own
   BarcodeDetector where there is one, otherwise with the vendored jsQR (loaded only
   when needed). Typing the code into the form always works without any of this. */
(function () {
  "use strict";
  var button = document.getElementById("scan");
  var video = document.getElementById("camera");
  var form = document.getElementById("checkin-form");
  var message = document.getElementById("scan-message");
  var thisScript = document.currentScript;
  if (!button || !video || !form || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    return;
  }
  var jsqrUrl = thisScript ? thisScript.getAttribute("data-jsqr") : "";

  function loadJsQR() {
    return new Promise(function (resolve, reject) {
      if (window.jsQR) { resolve(window.jsQR); return; }
      var tag = document.createElement("script");
      tag.src = jsqrUrl;
      tag.onload = function () { window.jsQR ? resolve(window.jsQR) : reject(new Error("jsQR")); };
      tag.onerror = reject;
      document.head.appendChild(tag);
    });
  }

  /* A reader of one video frame: resolves to the code's text, or "" when none is seen. */
  function makeReader() {
    if ("BarcodeDetector" in window) {
      var detector = new window.BarcodeDetector({formats: ["qr_code"]});
      return Promise.resolve(function (source) {
        return detector.detect(source).then(function (codes) {
          return codes.length ? codes[0].rawValue : "";
        });
      });
    }
    return loadJsQR().then(function (jsQR) {
      var canvas = document.createElement("canvas");
      var context = canvas.getContext("2d", {willReadFrequently: true});
      return function (source) {
        var width = source.videoWidth, height = source.videoHeight;
        if (!width || !height) { return Promise.resolve(""); }
        canvas.width = width; canvas.height = height;
        context.drawImage(source, 0, 0, width, height);
        var found = jsQR(context.getImageData(0, 0, width, height).data, width, height,
                         {inversionAttempts: "dontInvert"});
        return Promise.resolve(found ? found.data : "");
      };
    });
  }

  function noCamera() {
    message.textContent = message.getAttribute("data-no-camera");
    form.elements.code.focus();
  }

  button.hidden = false;
  button.addEventListener("click", function () {
    Promise.all([
      makeReader(),
      navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}})
    ]).then(function (ready) {
      var read = ready[0], stream = ready[1];
      video.srcObject = stream; video.hidden = false; video.play();
      var look = function () {
        read(video).then(function (code) {
          if (code) {
            stream.getTracks().forEach(function (track) { track.stop(); });
            form.elements.code.value = code;
            form.submit();
          } else { requestAnimationFrame(look); }
        }).catch(function () { requestAnimationFrame(look); });
      };
      look();
    }).catch(noCamera);
  });
})();

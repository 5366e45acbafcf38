// Event check-in: where the browser can read QR codes from the camera, the scan
// button fills the ticket code and submits the check-in form.
(function () {
  if (!("BarcodeDetector" in window) || !navigator.mediaDevices) { return; }
  var button = document.getElementById("scan"), video = document.getElementById("camera");
  var form = document.getElementById("checkin-form");
  if (!button || !video || !form) { return; }
  var detector = new BarcodeDetector({formats: ["qr_code"]});
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}}).then(function (stream) {
      video.srcObject = stream; video.hidden = false; video.play();
      var look = function () {
        detector.detect(video).then(function (codes) {
          if (codes.length) {
            stream.getTracks().forEach(function (t) { t.stop(); });
            form.elements.code.value = codes[0].rawValue; form.submit();
          } else { requestAnimationFrame(look); }
        }).catch(function () { requestAnimationFrame(look); });
      };
      look();
    });
  });
})();

/* Wenlan reading list widget: <script src=".../static/rankings/embed.js"
   data-wenlan-list="https://.../reading-lists/china/<slug>/embed/" async></script>
   writes an iframe of the list just after itself. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) {
    return;
  }
  var source = script.getAttribute("data-wenlan-list");
  if (!source || !/^https?:\/\//.test(source)) {
    return;
  }
  var frame = document.createElement("iframe");
  frame.src = source;
  frame.title = script.getAttribute("data-title") || "文澜推荐书单 · Wenlan reading list";
  frame.width = "100%";
  frame.height = script.getAttribute("data-height") || "600";
  frame.loading = "lazy";
  frame.style.border = "0";
  script.parentNode.insertBefore(frame, script.nextSibling);
})();

// The answer form's "add another source" button: a copy of the formset's empty
// form, numbered as the next one, and the formset's total raised by one.
(function () {
  "use strict";
  document.querySelectorAll("[data-add-source]").forEach(function (button) {
    var rows = document.getElementById(button.getAttribute("data-add-source"));
    var template = document.getElementById("source-template");
    var total = document.getElementById("id_sources-TOTAL_FORMS");
    var max = document.getElementById("id_sources-MAX_NUM_FORMS");
    if (!rows || !template || !total) return;
    button.addEventListener("click", function () {
      var n = parseInt(total.value, 10);
      if (max && n >= parseInt(max.value, 10)) return;
      var html = template.innerHTML.replace(/__prefix__/g, String(n));
      rows.insertAdjacentHTML("beforeend", html);
      total.value = String(n + 1);
      var first = rows.lastElementChild && rows.lastElementChild.querySelector("input");
      if (first) first.focus();
    });
  });
})();

// Catalog search box: suggestions from the API (data-suggest) fill its datalist.
(function () {
  var input = document.getElementById("q"), list = document.getElementById("catalog-suggest"), timer;
  if (!input || !list || !input.dataset.suggest || !window.fetch) return;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var value = input.value.trim();
    if (value.length < 1) return;
    timer = setTimeout(function () {
      fetch(input.dataset.suggest + "?q=" + encodeURIComponent(value)).then(function (r) { return r.ok ? r.json() : []; })
        .then(function (items) {
          list.textContent = "";
          items.forEach(function (text) { var o = document.createElement("option"); o.value = text; list.appendChild(o); });
        });
    }, 150);
  });
})();

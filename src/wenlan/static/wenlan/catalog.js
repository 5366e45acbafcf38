/* Catalog search: completions under the query box (titles and authors from
   /api/catalog/suggest, as a listbox the keyboard can walk), and a new sort
   applied as soon as it is chosen. Without JavaScript the form works as it is. */
(function () {
  "use strict";

  function setupSuggest(input) {
    var list = document.getElementById(input.getAttribute("aria-controls"));
    if (!list || !window.fetch) return;
    var timer = null, active = -1, items = [];

    function close() {
      list.hidden = true;
      list.textContent = "";
      items = [];
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function choose(text) {
      input.value = text;
      close();
      if (input.form) input.form.submit();
    }

    function highlight(index) {
      items.forEach(function (li, i) { li.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (index >= 0) input.setAttribute("aria-activedescendant", items[index].id);
      else input.removeAttribute("aria-activedescendant");
    }

    function show(texts) {
      // A list that arrives while the reader is walking the last one keeps their
      // choice where it is still offered, so Enter picks what they see chosen.
      var chosen = active >= 0 ? items[active].textContent : null;
      list.textContent = "";
      items = texts.map(function (text, i) {
        var li = document.createElement("li");
        li.id = list.id + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.title = text;  // the whole title when the line is cut with an ellipsis
        li.textContent = text;
        li.addEventListener("mousedown", function (event) { event.preventDefault(); choose(text); });
        list.appendChild(li);
        return li;
      });
      list.hidden = items.length === 0;
      input.setAttribute("aria-expanded", items.length ? "true" : "false");
      highlight(texts.indexOf(chosen));
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      var value = input.value.trim();
      if (!value) { close(); return; }
      timer = setTimeout(function () {
        fetch(input.dataset.suggest + "?q=" + encodeURIComponent(value))
          .then(function (r) { return r.ok ? r.json() : []; })
          // Only the answer to what is in the box now: a slow answer to an earlier
          // prefix, arriving after it, is dropped rather than drawn over it.
          .then(function (texts) { if (value === input.value.trim()) show(texts); })
          .catch(close);
      }, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) return;
      if (event.key === "ArrowDown") { event.preventDefault(); highlight((active + 1) % items.length); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active <= 0 ? items.length - 1 : active - 1); }
      else if (event.key === "Enter" && active >= 0) { event.preventDefault(); choose(items[active].textContent); }
      else if (event.key === "Escape") { close(); }
    });
    input.addEventListener("blur", close);
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("input[data-suggest]"), setupSuggest);
    Array.prototype.forEach.call(document.querySelectorAll("select[data-autosubmit]"), function (select) {
      select.addEventListener("change", function () { if (select.form) select.form.submit(); });
    });
  });
})();

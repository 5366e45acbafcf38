// Slips (a transit slip) open the print dialogue once the page has loaded.
window.addEventListener("load", function () {
  if (document.body.hasAttribute("data-print-on-load")) { window.print(); }
});

// Zoom and country filter for the server-drawn campaign map; the SVG works without this.
(function () {
  "use strict";
  var figure = document.querySelector("[data-campaign-map]");
  if (!figure) { return; }
  var svg = figure.querySelector("[data-map-svg]");
  var tools = figure.querySelector("[data-map-tools]");
  var full = [0, 0, 360, 180];
  var box = full.slice();
  tools.hidden = false;
  function apply() { svg.setAttribute("viewBox", box.join(" ")); }
  function zoom(factor) {
    var cx = box[0] + box[2] / 2, cy = box[1] + box[3] / 2;
    var w = Math.min(360, Math.max(22.5, box[2] * factor)), h = w / 2;
    box = [Math.max(0, Math.min(360 - w, cx - w / 2)), Math.max(0, Math.min(180 - h, cy - h / 2)), w, h];
    apply();
  }
  tools.addEventListener("click", function (event) {
    var kind = event.target.getAttribute("data-zoom");
    if (kind === "in") { zoom(0.5); } else if (kind === "out") { zoom(2); }
    else if (kind === "reset") { box = full.slice(); apply(); }
  });
  var drag = null;
  svg.addEventListener("pointerdown", function (e) { drag = [e.clientX, e.clientY]; });
  window.addEventListener("pointerup", function () { drag = null; });
  svg.addEventListener("pointermove", function (e) {
    if (!drag) { return; }
    var scale = box[2] / svg.getBoundingClientRect().width;
    box[0] = Math.max(0, Math.min(360 - box[2], box[0] - (e.clientX - drag[0]) * scale));
    box[1] = Math.max(0, Math.min(180 - box[3], box[1] - (e.clientY - drag[1]) * scale));
    drag = [e.clientX, e.clientY];
    apply();
  });
  svg.addEventListener("click", function (e) {
    var code = e.target.getAttribute && e.target.getAttribute("data-country");
    var input = tools.querySelector("[data-map-filter]");
    if (code && input) { input.value = code; filter(code); }
  });
  var table = document.querySelector("[data-map-table]");
  function filter(text) {
    var q = text.trim().toLowerCase();
    var keep = {};
    if (table) {
      table.querySelectorAll("tbody tr[data-country]").forEach(function (row) {
        var match = !q || row.textContent.toLowerCase().indexOf(q) !== -1 ||
          row.getAttribute("data-country").toLowerCase() === q;
        row.hidden = !match;
        if (match) { keep[row.getAttribute("data-country")] = true; }
      });
    }
    svg.querySelectorAll("circle[data-country]").forEach(function (dot) {
      dot.classList.toggle("dimmed", !!q && !keep[dot.getAttribute("data-country")]);
    });
    svg.querySelectorAll("path[data-country]").forEach(function (path) {
      path.classList.toggle("selected", !!q && !!keep[path.getAttribute("data-country")]);
    });
  }
  tools.querySelector("[data-map-filter]").addEventListener("input", function (e) { filter(e.target.value); });
})();

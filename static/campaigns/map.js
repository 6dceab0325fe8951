// Zoom, country zoom-and-filter and dragging for the server-drawn campaign map; without this
// script the map is still drawn, each city dot links to its actions and each country to its
// calendar. Dots keep their size on screen at any zoom. The page scrolls over the map on
// touch screens: dragging takes over touches only once the reader has zoomed in.
(function () {
  "use strict";
  var figure = document.querySelector("[data-campaign-map]");
  if (!figure) { return; }
  var svg = figure.querySelector("[data-map-svg]");
  var tools = figure.querySelector("[data-map-tools]");
  var input = tools.querySelector("[data-map-filter]");
  var countryLink = tools.querySelector("[data-map-country-link]");
  var table = document.querySelector("[data-map-table]");
  var dots = svg.querySelectorAll("circle[data-r]");
  var full = [0, 0, 360, 180];
  var box = full.slice();
  tools.hidden = false;
  svg.classList.add("sized");
  window.addEventListener("resize", function () { apply(); });

  // A dot's radius on screen: its size class at 3.5 px a map unit (the desktop's full
  // view), never under 4 px, whatever the zoom and the screen's width.
  function apply() {
    svg.setAttribute("viewBox", box.map(function (v) { return Math.round(v * 100) / 100; }).join(" "));
    var perUnit = (svg.getBoundingClientRect().width || 360) / box[2];
    dots.forEach(function (dot) {
      var pixels = Math.max(parseFloat(dot.getAttribute("data-r")) * 3.5, 4);
      dot.setAttribute("r", (pixels / perUnit).toFixed(3));
    });
    // Zoomed in, a drag pans the map; at full size touches scroll the page as usual.
    svg.style.touchAction = box[2] < 360 ? "none" : "";
  }
  function show(x, y, w) {
    w = Math.min(360, Math.max(11.25, w));
    var h = w / 2;
    box = [Math.max(0, Math.min(360 - w, x - w / 2)), Math.max(0, Math.min(180 - h, y - h / 2)), w, h];
    apply();
  }
  function zoom(factor) { show(box[0] + box[2] / 2, box[1] + box[3] / 2, box[2] * factor); }

  tools.addEventListener("click", function (event) {
    var kind = event.target.getAttribute("data-zoom");
    if (kind === "in") { zoom(0.5); } else if (kind === "out") { zoom(2); }
    else if (kind === "reset") { box = full.slice(); apply(); input.value = ""; filter(""); }
  });

  var drag = null, moved = false;
  svg.addEventListener("pointerdown", function (e) {
    if (box[2] >= 360) { return; }
    drag = [e.clientX, e.clientY]; moved = false;
  });
  window.addEventListener("pointerup", function () { drag = null; });
  svg.addEventListener("pointermove", function (e) {
    if (!drag) { return; }
    var dx = e.clientX - drag[0], dy = e.clientY - drag[1];
    if (Math.abs(dx) + Math.abs(dy) > 4) { moved = true; }
    var scale = box[2] / svg.getBoundingClientRect().width;
    box[0] = Math.max(0, Math.min(360 - box[2], box[0] - dx * scale));
    box[1] = Math.max(0, Math.min(180 - box[3], box[1] - dy * scale));
    drag = [e.clientX, e.clientY];
    apply();
  });

  // A click on a country zooms to it and filters the table; the link to its actions shows.
  svg.addEventListener("click", function (e) {
    if (moved) { e.preventDefault(); moved = false; return; }
    var link = e.target.closest && e.target.closest(".countries a[data-country]");
    if (!link) { return; }
    e.preventDefault();
    var shape = link.querySelector("path").getBBox();
    show(shape.x + shape.width / 2, shape.y + shape.height / 2, Math.max(shape.width, shape.height * 2) * 1.4);
    input.value = link.getAttribute("data-name");
    filter(link.getAttribute("data-country"));
    countryLink.href = link.getAttribute("href");
    countryLink.textContent = link.getAttribute("aria-label");
    countryLink.hidden = false;
  });

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
      if (q && table.closest("details")) { table.closest("details").open = true; }
    }
    svg.querySelectorAll(".points a[data-country]").forEach(function (dot) {
      dot.classList.toggle("dimmed", !!q && !keep[dot.getAttribute("data-country")]);
    });
    svg.querySelectorAll(".countries path[data-country]").forEach(function (path) {
      path.classList.toggle("selected", !!q && !!keep[path.getAttribute("data-country")]);
    });
    if (!q) { countryLink.hidden = true; }
  }
  input.addEventListener("input", function (e) { filter(e.target.value); });
  apply();
})();

// Shows each hearing's time in the reader's own zone next to the court's; the page reads fine without it.
document.addEventListener("DOMContentLoaded", () => {
  let zone = "";
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { return; }
  for (const el of document.querySelectorAll(".local-time[data-utc]")) {
    const when = new Date(el.dataset.utc);
    if (isNaN(when)) continue;
    // dateStyle/timeStyle cannot be combined with timeZoneName: name the zone ourselves.
    const text = when.toLocaleString(document.documentElement.lang || undefined, {
      dateStyle: "medium", timeStyle: "short",
    });
    const label = el.dataset.label ? `${el.dataset.label} ` : "";
    el.textContent = `(${label}${text} ${zone})`.replace(" )", ")");
    el.title = el.dataset.utc;
    el.dataset.readerZone = zone;
  }
});

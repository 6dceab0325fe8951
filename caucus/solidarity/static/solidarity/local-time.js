// Shows each hearing's time in the reader's own zone next to the court's; the page reads fine without it.
document.addEventListener("DOMContentLoaded", () => {
  for (const el of document.querySelectorAll(".local-time[data-utc]")) {
    const when = new Date(el.dataset.utc);
    if (isNaN(when)) continue;
    const text = when.toLocaleString(document.documentElement.lang || undefined, {
      dateStyle: "medium", timeStyle: "short", timeZoneName: "short",
    });
    el.textContent = `(${text})`;
    el.title = el.dataset.utc;
  }
});

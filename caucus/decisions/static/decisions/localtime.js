// Adds the reader's own time beside each meeting or vote time (the page states both the
// place's zone and UTC without JavaScript).
document.addEventListener("DOMContentLoaded", () => {
  for (const el of document.querySelectorAll("time.local-time[datetime]")) {
    const at = new Date(el.getAttribute("datetime"));
    if (Number.isNaN(at.getTime())) continue;
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const span = document.createElement("span");
    span.className = "muted";
    span.textContent = " · " + at.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" }) + " (" + zone + ")";
    el.after(span);
  }
});

// Tell the server the reader's time zone (a cookie), so pages show times in it too.
// Without JavaScript the selector on the page does the same through a form.
(function () {
  "use strict";
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  if (!zone) { return; }
  var has = document.cookie.split("; ").some(function (c) { return c.indexOf("caucus_tz=") === 0; });
  if (has) { return; }  // a zone chosen with the selector wins over the browser's
  document.cookie = "caucus_tz=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; samesite=lax";
  var form = document.querySelector("[data-reader-zone]");
  var shown = form ? form.getAttribute("data-reader-zone") : null;
  if (shown && shown !== zone && !/[?&]tz=/.test(window.location.search)) {
    window.location.reload();
  }
})();

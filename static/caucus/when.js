// Times in the reader's zone, one script for every page (caucus/lib/dates.py is its server side).
// 1. Tells the server the reader's zone in a cookie, so pages it renders show their times too;
//    a page drawn for another zone (its selector, [data-reader-zone], says which) is reloaded.
//    Without JavaScript the selector does the same through a form.
// 2. Pages every reader shares (cached ones) carry empty slots, span.reader-time[data-utc]:
//    each is filled with the time on the reader's clock, in the page's language
//    (<html lang>), following the server's pattern for that language (data-format).
(function () {
  "use strict";
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  if (!zone) { return; }
  var lang = document.documentElement.lang || "en";
  // Inside right-to-left text a time range and an offset are isolated, as the server does
  // (caucus/lib/dates.py, isolated): "18:00–20:00" would otherwise read "20:00–18:00".
  var rtl = document.documentElement.dir === "rtl";
  function isolate(text, firstStrong) {
    return rtl ? (firstStrong ? "\u2068" : "\u2066") + text + "\u2069" : text;
  }

  function rememberZone() {
    var has = document.cookie.split("; ").some(function (c) { return c.indexOf("caucus_tz=") === 0; });
    if (has) { return false; }  // a zone chosen with the selector wins over the browser's
    document.cookie = "caucus_tz=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; samesite=lax";
    var form = document.querySelector("[data-reader-zone]");
    var shown = form ? form.getAttribute("data-reader-zone") : null;
    if (shown && shown !== zone && !/[?&]tz=/.test(window.location.search)) {
      window.location.reload();
      return true;
    }
    return false;
  }

  // The parts of `moment` on `inZone`'s clock, named as in caucus/lib/dates.py's JS_PARTS.
  function parts(moment, inZone) {
    var out = {};
    var options = {
      timeZone: inZone, year: "numeric", month: "long", day: "numeric", weekday: "short",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23", numberingSystem: "latn"
    };
    new Intl.DateTimeFormat(lang, options).formatToParts(moment).forEach(function (p) {
      out[p.type] = p.value;
    });
    var long = new Intl.DateTimeFormat(lang, { timeZone: inZone, weekday: "long" });
    out.weekday_long = long.format(moment);
    out.day2 = ("0" + out.day).slice(-2);
    out.date = out.year + "-" + out.month + "-" + out.day;
    return out;
  }

  function fill(pattern, values) {
    return pattern.replace(/\{(\w+)\}/g, function (all, name) {
      return values[name] !== undefined ? values[name] : "";
    });
  }

  function offset(moment, inZone) {
    var name = new Intl.DateTimeFormat("en", { timeZone: inZone, timeZoneName: "longOffset" })
      .formatToParts(moment).filter(function (p) { return p.type === "timeZoneName"; })[0];
    var text = name ? name.value.replace("GMT", "") : "";
    return (text || "+00:00").replace("-", "\u2212");
  }

  // Cities whose IANA spelling drops the accents or reads oddly: caucus/lib/dates.py CITIES,
  // so the reader's zone is named as the server names it.
  var CITIES = {
    "Asuncion": "Asunción", "Bogota": "Bogotá", "Cordoba": "Córdoba", "Sao_Paulo": "São Paulo",
    "Reykjavik": "Reykjavík", "Ho_Chi_Minh": "Ho Chi Minh City", "Kiev": "Kyiv",
    "Calcutta": "Kolkata"
  };

  function zoneLabel(slot, moment) {
    if (zone === "UTC" || zone === "Etc/UTC") { return "UTC"; }
    var part = zone.split("/").pop();
    var city = CITIES[part] || part.replace(/_/g, " ");
    var off = offset(moment, zone);
    var label = fill(slot.dataset.zoneTemplate, { city: isolate(city, true), offset: off });
    return label.replace("UTC" + off, isolate("UTC" + off));
  }

  function readerTime(slot) {
    var start = new Date(slot.dataset.utc);
    if (isNaN(start) || slot.dataset.zone === zone) { return; }
    var end = slot.dataset.end ? new Date(slot.dataset.end) : null;
    var mine = parts(start, zone);
    var sameDay = mine.date === parts(start, slot.dataset.zone).date;
    var text = fill(sameDay ? slot.dataset.timeFormat : slot.dataset.format, mine);
    if (end && !isNaN(end)) {
      var last = parts(end, zone);
      if (last.date !== mine.date) {
        text += " \u2013 " + fill(slot.dataset.format, last);
      } else if (sameDay) {
        text = isolate(text + "\u2013" + fill(slot.dataset.timeFormat, last));
      } else {
        text += "\u2013" + fill(slot.dataset.timeFormat, last);
      }
    }
    slot.textContent = " \u00b7 " + fill(slot.dataset.template, { when: text, zone: zoneLabel(slot, start) });
    slot.title = slot.dataset.utc;
    slot.hidden = false;
  }

  if (rememberZone()) { return; }
  document.querySelectorAll("span.reader-time[data-utc]").forEach(readerTime);
})();

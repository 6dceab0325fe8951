"""Dates and times as people read them: one style for every page, email, feed and script.

Every language has one way to write a date ("4 December 2026", "4 de diciembre de 2026"), a
date with its weekday, a month, and a time. Times are 24-hour in every language: pages put
the place's time beside the reader's, often in different countries, and "17:30" cannot be
misread where "5:30" needs an a.m. or p.m. that half of our languages write differently. A
zone is named after its city ("Buenos Aires time, UTC−03:00"), never by its IANA identifier.

Why not Django's locale formats: they disagree with each other (English "Dec. 4, 2026, 5 p.m.",
Greek "04/12/2026", Arabic with no date-time format at all), and why not Babel: Django's
catalogs already name the months and weekdays in every language we ship; what was missing is
a consistent pattern per language, which is the small table below. The same patterns are
handed to the browser's script (`js_pattern`) so times it writes look like the server's.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from zoneinfo import ZoneInfo

from django.utils import dateformat, timezone
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _

LRI, FSI, PDI = "\u2066", "\u2068", "\u2069"  # left-to-right / first-strong isolate, pop


@dataclass(frozen=True)
class Style:
    """How one language writes dates, in Django's date-format letters (backslash escapes)."""

    date: str  # 4 December 2026
    weekday_date: str  # Fri 4 December 2026
    month: str  # December 2026
    weekday_day: str  # Fri 4 (a calendar's cell)
    time: str = "H:i"  # 17:30
    joiner: str = ", "  # between a date and its time
    # Months and weekdays are common nouns here ("dicembre"), but Django's catalogs capitalize
    # some of them ("Dicembre", "Venerdì").
    lower_names: bool = False


STYLES = {
    "en": Style("j F Y", "D j F Y", "F Y", "D j"),
    "es": Style(r"j \d\e F \d\e Y", r"D j \d\e F \d\e Y", r"F \d\e Y", "D j", lower_names=True),
    "tr": Style("j F Y", "j F Y l", "F Y", "j D"),
    "ar": Style("j F Y", "l j F Y", "F Y", "l j", joiner="، "),
    "el": Style("j E Y", "D j E Y", "F Y", "D j"),
    "it": Style("j F Y", "D j F Y", "F Y", "D j", lower_names=True),
    "pt-br": Style(r"j \d\e F \d\e Y", r"D, j \d\e F \d\e Y", r"F \d\e Y", "D j", lower_names=True),
    "az": Style("j E Y", "D, j E Y", "F Y", "j D", lower_names=True),
}
NAMES = frozenset("DlFEMN")  # the letters that write a word rather than digits
# Cities whose IANA spelling drops the accents or reads oddly; the rest is the IANA city part.
CITIES = {
    "Asuncion": "Asunción",
    "Bogota": "Bogotá",
    "Cordoba": "Córdoba",
    "Sao_Paulo": "São Paulo",
    "Reykjavik": "Reykjavík",
    "Ho_Chi_Minh": "Ho Chi Minh City",
    "Kiev": "Kyiv",
    "Calcutta": "Kolkata",
}
# Django's date-format letters the browser's script can write (caucus/static/caucus/when.js).
JS_PARTS = {
    "j": "{day}",
    "d": "{day2}",
    "F": "{month}",
    "E": "{month}",
    "Y": "{year}",
    "D": "{weekday}",
    "l": "{weekday_long}",
    "H": "{hour}",
    "i": "{minute}",
}


def style(language: str | None = None) -> Style:
    """The style of `language` (default: the active one); English for a language we lack."""
    code = (language or get_language() or "en").lower()
    return STYLES.get(code) or STYLES.get(code.split("-")[0]) or STYLES["en"]


def _tokens(pattern: str):
    """(letter, is_literal) for each character of a Django format, honouring backslashes."""
    escaped = False
    for char in pattern:
        if escaped:
            yield char, True
            escaped = False
        elif char == "\\":
            escaped = True
        else:
            yield char, not char.isalpha()


def render(value: date | datetime, pattern: str, language: str | None = None) -> str:
    lower = style(language).lower_names
    out = []
    for char, literal in _tokens(pattern):
        if literal:
            out.append(char)
            continue
        text = dateformat.format(value, char)
        out.append(text.lower() if lower and char in NAMES else text)
    return "".join(out)


def local(value: datetime, zone: tzinfo | str | None = None) -> datetime:
    """`value` on the clock of `zone`, a name or a tzinfo (None: the active zone, which a
    template's {% timezone %} block sets; UTC for a naive value)."""
    if isinstance(zone, str):
        zone = ZoneInfo(zone or "UTC")
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    if zone is None and getattr(value, "convert_to_local_time", True) is False:
        return value  # already converted by the |timezone filter
    return value.astimezone(zone or timezone.get_current_timezone())


def format_date(value: date | datetime | None, *, weekday: bool = False) -> str:
    """ "4 December 2026" ("Fri 4 December 2026" with `weekday`); a datetime's date is the
    one on the active zone's clock."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        value = local(value)
    s = style()
    return render(value, s.weekday_date if weekday else s.date)


def format_month(value: date | None) -> str:
    return render(value, style().month) if value else ""


def format_weekday_day(value: date | None) -> str:
    return render(value, style().weekday_day) if value else ""


def format_time(value: datetime | None, zone: tzinfo | str | None = None) -> str:
    return render(local(value, zone), style().time) if value else ""


def format_datetime(
    value: datetime | None, zone: tzinfo | str | None = None, *, weekday: bool = False
) -> str:
    """ "4 December 2026, 17:30" on `zone`'s clock (default: the active zone's)."""
    if not value:
        return ""
    moment, s = local(value, zone), style()
    return render(moment, s.weekday_date if weekday else s.date) + s.joiner + render(moment, s.time)


def isolated(text: str, *, ltr: bool = True) -> str:
    """`text` kept whole inside right-to-left text (Unicode isolates, which work in plain-text
    emails and feeds too): on an Arabic page "18:00–20:00" would otherwise read "20:00–18:00"
    and "UTC−03:00" scatter. Left as is in left-to-right languages."""
    if not text or not get_language_bidi():
        return text
    return f"{LRI if ltr else FSI}{text}{PDI}"


def format_span(start: datetime, end: datetime | None, zone: tzinfo | str | None) -> str:
    """ "Fri 4 December 2026, 17:30–19:00", or both dates when it ends on another day."""
    first = format_datetime(start, zone, weekday=True)
    if end is None:
        return first
    moment, s = local(start, zone), style()
    if moment.date() == local(end, zone).date():
        times = f"{format_time(start, zone)}–{format_time(end, zone)}"
        return render(moment, s.weekday_date) + s.joiner + isolated(times)
    return f"{first} – {format_datetime(end, zone, weekday=True)}"


def format_date_range(first: date | None, last: date | None) -> str:
    """ "4 December 2026 – 18 December 2026": both dates whole, so every language reads it."""
    if first and last and first != last:
        return f"{format_date(first)} – {format_date(last)}"
    return format_date(first or last)


def offset(moment: datetime) -> str:
    """ "+03:00" or "−05:00" (a real minus sign), the zone's offset from UTC at `moment`."""
    delta = moment.utcoffset()
    seconds = int(delta.total_seconds()) if delta else 0
    sign = "+" if seconds >= 0 else "−"
    hours, minutes = divmod(abs(seconds) // 60, 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


def city(zone_name: str) -> str:
    """The city an IANA zone is named after: "America/Argentina/Buenos_Aires" → "Buenos Aires"."""
    part = zone_name.rsplit("/", 1)[-1]
    return CITIES.get(part, part.replace("_", " "))


def zone_label(zone: tzinfo | str | None, at: datetime | None = None) -> str:
    """ "Buenos Aires time, UTC−03:00" (the offset at `at`, default now); "UTC" for UTC."""
    name = zone if isinstance(zone, str) else getattr(zone, "key", "UTC")
    if not name or name in ("UTC", "Etc/UTC", "GMT"):
        return "UTC"
    moment = local(at or datetime.now(UTC), name)
    if "/" not in name or name.startswith("Etc/"):
        return isolated(f"UTC{offset(moment)}")
    # The city (Latin script) and "UTC−03:00" each keep their order inside Arabic text; the
    # "UTC" is in the translators' sentence, so the isolate goes around it after translating.
    utc = f"UTC{offset(moment)}"
    label = _("%(city)s time, UTC%(offset)s") % {
        "city": isolated(city(name), ltr=False),
        "offset": offset(moment),
    }
    return label.replace(utc, isolated(utc))


def place_datetime(value: datetime | None, zone: tzinfo | str | None) -> str:
    """ "4 December 2026, 17:30 (Istanbul time, UTC+03:00)": a moment as text (emails, flash
    messages) on the place's clock with its friendly label; "(UTC)" where there is no place."""
    if not value:
        return ""
    zone = zone or "UTC"
    return f"{format_datetime(value, zone)} ({zone_label(zone, value)})"


def js_pattern(kind: str = "datetime", language: str | None = None) -> str:
    """A style's pattern for the browser's script, e.g. "{weekday} {day} {month} {year}, "
    "{hour}:{minute}" for kind "weekday_datetime"; literal braces cannot occur in a pattern."""
    s = style(language)
    patterns = {
        "time": s.time,
        "datetime": s.date,
        "weekday_datetime": s.weekday_date,
    }
    out = []
    for char, literal in _tokens(patterns[kind]):
        out.append(char if literal else JS_PARTS.get(char, ""))
    text = "".join(out)
    return text if kind == "time" else text + s.joiner + js_pattern("time", language)

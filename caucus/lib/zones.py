"""Wall-clock times in IANA zones turned into UTC instants, one way for every form and API.

A local time in a spring-forward gap does not exist; one in a fall-back overlap happens twice.
zoneinfo silently reads the first as if the clocks had not moved and the second as the first
occurrence, so a meeting, a vote's closing time (which goes into a signed manifest) or a
scheduled publication could be stored an hour off. Here we never guess: a time that does not
exist is refused with the valid time suggested, and an ambiguous one is refused unless the
caller says which occurrence it means (`fold`: 0 the first, 1 the second). Times whose
instant cannot be shown in every zone (year 1, year 9999) are refused too.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

# The stored instant must convert into any zone (offsets stay under a day) and leave room for
# the day and week arithmetic of calendars, feeds and reminders around it.
EARLIEST = datetime(2, 1, 1, tzinfo=UTC)
LATEST = datetime(9998, 12, 31, tzinfo=UTC)

FOLD_CHOICES = [
    ("", _l("Not needed")),
    ("0", _l("The first time (before the clocks go back)")),
    ("1", _l("The second time (after the clocks go back)")),
]


@cache
def zone_names() -> frozenset[str]:
    return frozenset(available_timezones())


@cache
def zone_choices() -> list[tuple[str, str]]:
    """The pick-list of zones for forms: region/city names and UTC, sorted."""
    names = sorted(z for z in zone_names() if "/" in z and not z.startswith(("Etc/", "SystemV/")))
    return [("UTC", "UTC"), *((z, z.replace("_", " ")) for z in names)]


def get_zone(name: str) -> ZoneInfo | None:
    """The zone called `name`, or None for an unknown or malformed name."""
    if not isinstance(name, str) or name not in zone_names():
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


@dataclass(frozen=True)
class Choice:
    """A valid reading of a local time the person typed: the value and how to say it."""

    fold: int
    local: datetime

    @property
    def label(self) -> str:
        return f"{self.local:%Y-%m-%d %H:%M} (UTC{_offset(self.local)})"


def _offset(value: datetime) -> str:
    seconds = int((value.utcoffset() or timedelta(0)).total_seconds())
    sign = "+" if seconds >= 0 else "−"
    hours, minutes = divmod(abs(seconds) // 60, 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


class LocalTimeError(ValueError):
    """Why a wall-clock time was refused; `choices` are the valid readings, if any."""

    def __init__(self, message: str, choices: list[Choice] | None = None) -> None:
        super().__init__(message)
        self.choices = choices or []


def _out_of_range() -> LocalTimeError:
    return LocalTimeError(_("This date is too far in the past or future."))


def is_nonexistent(naive: datetime, zone: ZoneInfo) -> bool:
    """Whether the clocks skip `naive` in `zone` (False for times out of range)."""
    try:
        aware = naive.replace(tzinfo=zone, fold=0)
        return aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != naive.replace(fold=0)
    except OverflowError:
        return False


def is_ambiguous(naive: datetime, zone: ZoneInfo) -> bool:
    """Whether `naive` happens twice in `zone` (the clocks go back over it)."""
    first, second = naive.replace(tzinfo=zone, fold=0), naive.replace(tzinfo=zone, fold=1)
    try:
        return first.utcoffset() != second.utcoffset() and not is_nonexistent(naive, zone)
    except OverflowError:
        return False


def _nonexistent(naive: datetime, zone: ZoneInfo) -> LocalTimeError:
    # In a gap, fold=0 reads the time with the offset before the jump, which lands after it:
    # the time the person would have reached had the clocks not moved.
    readings = sorted({naive.replace(tzinfo=zone, fold=f).astimezone(UTC) for f in (0, 1)})
    choices = [Choice(fold=0, local=r.astimezone(zone)) for r in readings]
    before, after = choices[0].local, choices[-1].local
    return LocalTimeError(
        _(
            "%(time)s does not exist in %(zone)s: that day the clocks jump forward from "
            "UTC%(before)s to UTC%(after)s and skip it. Did you mean %(later)s (or %(earlier)s)?"
        )
        % {
            "time": f"{naive:%Y-%m-%d %H:%M}",
            "zone": zone.key,
            "before": _offset(before),
            "after": _offset(after),
            "later": choices[-1].label,
            "earlier": choices[0].label,
        },
        choices,
    )


def _ambiguous(naive: datetime, zone: ZoneInfo) -> LocalTimeError:
    choices = [Choice(fold=f, local=naive.replace(tzinfo=zone, fold=f)) for f in (0, 1)]
    return LocalTimeError(
        _(
            "%(time)s happens twice in %(zone)s: that day the clocks go back. Choose the "
            "first (%(first)s) or the second (%(second)s)."
        )
        % {
            "time": f"{naive:%Y-%m-%d %H:%M}",
            "zone": zone.key,
            "first": f"UTC{_offset(choices[0].local)}",
            "second": f"UTC{_offset(choices[1].local)}",
        },
        choices,
    )


def to_utc(naive: datetime, zone: ZoneInfo, *, fold: int | None = None) -> datetime:
    """The UTC instant of wall-clock `naive` in `zone`.

    1. an aware `naive` is read by its wall clock alone (forms hand times back made aware in
       the server's zone);
    2. a time the clocks skip raises LocalTimeError (choices: the real times either side);
    3. a time that happens twice raises LocalTimeError unless `fold` says which (0 or 1);
    4. an instant outside EARLIEST..LATEST raises LocalTimeError.
    """
    naive = naive.replace(tzinfo=None, fold=0)
    try:
        if is_nonexistent(naive, zone):
            raise _nonexistent(naive, zone)
        if is_ambiguous(naive, zone):
            if fold not in (0, 1):
                raise _ambiguous(naive, zone)
            instant = naive.replace(tzinfo=zone, fold=fold).astimezone(UTC)
        else:
            instant = naive.replace(tzinfo=zone).astimezone(UTC)
    except OverflowError as exc:
        raise _out_of_range() from exc
    if not EARLIEST <= instant <= LATEST:
        raise _out_of_range()
    return instant


def wall_clock(moment: datetime, zone: ZoneInfo) -> tuple[datetime, str]:
    """(naive wall clock, fold as "" or "0"/"1") of a stored instant: what a form shows."""
    local = moment.astimezone(zone)
    fold = str(local.fold) if is_ambiguous(local.replace(tzinfo=None), zone) else ""
    return local.replace(tzinfo=None, fold=0), fold


# --- Forms ---------------------------------------------------------------------------------


def fold_field(label) -> forms.ChoiceField:
    """The field with which a person says which of two repeated times they mean."""
    return forms.ChoiceField(label=label, choices=FOLD_CHOICES, required=False)


class LocalDateTimeField(forms.Field):
    """A wall-clock date and time with no zone attached (the zone is another field), to be
    turned into an instant by to_utc once the zone is known."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, datetime):
            return value.replace(tzinfo=None)
        try:
            parsed = datetime.fromisoformat(str(value).strip().replace(" ", "T"))
        except ValueError as exc:
            raise forms.ValidationError(
                _("Enter a date and time like 2026-05-01 18:30."), code="invalid"
            ) from exc
        return parsed.replace(tzinfo=None, second=0, microsecond=0)


def parse_fold(value) -> int | None:
    return int(value) if value in ("0", "1", 0, 1) else None


def clean_local_times(
    form: forms.Form, zone: ZoneInfo | str | None, fields: dict[str, str]
) -> dict[str, datetime]:
    """Convert the form's wall-clock fields to UTC; each refusal is that field's error.

    `fields` maps a datetime field to its fold field ("" when the form has none). Returns
    {field: UTC instant} for the times that could be converted.
    """
    if isinstance(zone, str):
        zone = get_zone(zone)
    if zone is None:
        return {}
    converted = {}
    for field, fold_name in fields.items():
        value = form.cleaned_data.get(field)
        if value is None:
            continue
        fold = parse_fold(form.cleaned_data.get(fold_name)) if fold_name else None
        try:
            converted[field] = to_utc(value, zone, fold=fold)
        except LocalTimeError as exc:
            form.add_error(field, str(exc))
    return converted

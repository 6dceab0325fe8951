"""Wall-clock times in IANA zones: refusing times that do not exist or occur twice.

A local time in a spring-forward gap does not exist; one in a fall-back overlap happens twice.
zoneinfo marks the second occurrence with `fold=1`; we never guess: the form says which
choices are valid and the person picks one (issue 5).
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.utils.translation import gettext as _


@cache
def zone_names() -> frozenset[str]:
    return frozenset(available_timezones())


def get_zone(name: str) -> ZoneInfo | None:
    """The zone called `name`, or None for an unknown or malformed name."""
    if name not in zone_names():
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
    seconds = int(value.utcoffset().total_seconds())
    sign = "+" if seconds >= 0 else "−"
    hours, minutes = divmod(abs(seconds) // 60, 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


class LocalTimeError(ValueError):
    def __init__(self, message: str, choices: list[Choice]) -> None:
        super().__init__(message)
        self.choices = choices


def is_nonexistent(naive: datetime, zone: ZoneInfo) -> bool:
    aware = naive.replace(tzinfo=zone)
    return aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != naive


def is_ambiguous(naive: datetime, zone: ZoneInfo) -> bool:
    first, second = naive.replace(tzinfo=zone, fold=0), naive.replace(tzinfo=zone, fold=1)
    return first.utcoffset() != second.utcoffset() and not is_nonexistent(naive, zone)


def to_utc(naive: datetime, zone: ZoneInfo, *, fold: int | None = None) -> datetime:
    """The UTC instant of wall-clock `naive` in `zone`.

    Raises LocalTimeError when the time does not exist (choices: the two real times either
    side of the gap) or is ambiguous and `fold` is None (choices: both occurrences).
    """
    naive = naive.replace(tzinfo=None, fold=0)
    if is_nonexistent(naive, zone):
        readings = sorted({naive.replace(tzinfo=zone, fold=f).astimezone(UTC) for f in (0, 1)})
        choices = [Choice(fold=0, local=r.astimezone(zone)) for r in readings]
        raise LocalTimeError(
            _(
                "%(time)s does not exist in %(zone)s: the clocks skip it that day. "
                "Choose %(choices)s."
            )
            % {
                "time": f"{naive:%Y-%m-%d %H:%M}",
                "zone": zone.key,
                "choices": _(" or ").join(c.label for c in choices),
            },
            choices,
        )
    if is_ambiguous(naive, zone):
        if fold is None:
            choices = [Choice(fold=f, local=naive.replace(tzinfo=zone, fold=f)) for f in (0, 1)]
            raise LocalTimeError(
                _(
                    "%(time)s happens twice in %(zone)s when the clocks go back. "
                    "Choose the first (%(first)s) or the second (%(second)s)."
                )
                % {
                    "time": f"{naive:%Y-%m-%d %H:%M}",
                    "zone": zone.key,
                    "first": f"UTC{_offset(choices[0].local)}",
                    "second": f"UTC{_offset(choices[1].local)}",
                },
                choices,
            )
        return naive.replace(tzinfo=zone, fold=fold).astimezone(UTC)
    return naive.replace(tzinfo=zone).astimezone(UTC)

"""Demo data for this app, loaded by `manage.py loaddemo` after the demo coalition exists.

Two fictional cases: a protected organizer shown only as initials, with an upcoming hearing,
and a released group of dockers. All names are invented.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from caucus.organizations.models import Organization
from caucus.solidarity.models import Case, CaseLink, CaseRecord, EntryKind, TimelineEntry

PROTECTED_SUMMARY = """\
A rail maintenance worker and shop steward, detained after a strike ballot at a depot.
Prosecutors accuse the steward of "obstructing public transport" for organizing a lawful
work stoppage.

**What the coalition asks:** release pending trial, and the charges dropped.
"""

GROUP_SUMMARY = """\
Seven dockers were charged after a picket at the container terminal of Santos during the
national day of action. All seven were released; the charges were dismissed on appeal.
"""


def _hearing(entry_date: date, hh: int, mm: int, zone: str) -> tuple[date, datetime]:
    local = datetime(
        entry_date.year, entry_date.month, entry_date.day, hh, mm, tzinfo=ZoneInfo(zone)
    )
    return entry_date, local.astimezone(ZoneInfo("UTC"))


def load(*, coalition, stdout) -> None:
    """Add this app's fictional demo content to `coalition` (idempotent)."""
    if Case.objects.filter(coalition=coalition, slug__in=["ek", "santos-seven"]).exists():
        stdout.write("Solidarity cases: already loaded.")
        return
    today = timezone.localdate()
    rail = Organization.objects.filter(slug="demiryol-is").first()
    port = Organization.objects.filter(slug="sindmar").first()
    now = timezone.now()
    with transaction.atomic():
        protected = Case.objects.create(
            coalition=coalition,
            organization=rail,
            slug="ek",
            kind="person",
            display_name="E.K.",
            country="TR",
            summary=PROTECTED_SUMMARY,
            status="on_trial",
            protected=True,
            published_at=now,
            topics=["labour", "prisoners"],
            regions=["europe", "tr"],
        )
        group = Case.objects.create(
            coalition=coalition,
            organization=port,
            slug="santos-seven",
            kind="group",
            display_name="The Santos Seven",
            country="BR",
            summary=GROUP_SUMMARY,
            status="released",
            published_at=now,
            topics=["labour"],
            regions=["south-america", "br"],
        )
        CaseRecord.objects.bulk_create(
            [
                CaseRecord(case=protected, full_name="Emre Kaplanoğlu", city="Eskişehir"),
                CaseRecord(case=group, full_name="The Santos Seven", city="Santos"),
            ]
        )
        hearing_day, hearing_utc = _hearing(today + timedelta(days=24), 9, 30, "Europe/Istanbul")
        past_day, past_utc = _hearing(today - timedelta(days=40), 10, 0, "Europe/Istanbul")
        TimelineEntry.objects.bulk_create(
            [
                TimelineEntry(
                    case=protected,
                    kind=EntryKind.ARREST,
                    date=today - timedelta(days=95),
                    note="Detained at home before dawn, two days after the strike ballot.",
                    notified_at=now,
                ),
                TimelineEntry(
                    case=protected,
                    kind=EntryKind.CHARGE,
                    date=today - timedelta(days=80),
                    note='Charged with "obstructing public transport".',
                    notified_at=now,
                ),
                TimelineEntry(
                    case=protected,
                    kind=EntryKind.HEARING,
                    date=past_day,
                    starts_at=past_utc,
                    time_zone="Europe/Istanbul",
                    place="Heavy Penal Court No. 2",
                    note="First hearing: detention extended.",
                    notified_at=now,
                ),
                TimelineEntry(
                    case=protected,
                    kind=EntryKind.HEARING,
                    date=hearing_day,
                    starts_at=hearing_utc,
                    time_zone="Europe/Istanbul",
                    place="Heavy Penal Court No. 2",
                    note="Second hearing. **Vigil outside the court from 08:30.**",
                    notified_at=now,
                ),
                TimelineEntry(
                    case=group,
                    kind=EntryKind.ARREST,
                    date=today - timedelta(days=300),
                    note="Seven dockers detained at the picket line.",
                    notified_at=now,
                ),
                TimelineEntry(
                    case=group,
                    kind=EntryKind.RELEASE,
                    date=today - timedelta(days=298),
                    note="Released under judicial control.",
                    notified_at=now,
                ),
                TimelineEntry(
                    case=group,
                    kind=EntryKind.VERDICT,
                    date=today - timedelta(days=120),
                    note="Charges dismissed on appeal.",
                    notified_at=now,
                ),
            ]
        )
        CaseLink.objects.bulk_create(
            [
                CaseLink(
                    case=protected,
                    kind="appeal",
                    title="Appeal to the Minister of Justice",
                    url=f"/c/{coalition.slug}/",
                    call_to_action="Sign the appeal",
                ),
                CaseLink(
                    case=protected,
                    kind="event",
                    title="Vigil outside the court",
                    url="/cases/calendar/" + coalition.slug + ".ics",
                    call_to_action="Attend the hearing vigil",
                ),
            ]
        )
    stdout.write("Solidarity cases: 2 cases with timelines and an upcoming hearing.")

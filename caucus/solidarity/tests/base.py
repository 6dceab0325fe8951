"""Cases every solidarity test starts from, on top of the cast in caucus/test.py.

protected  "A.Y." (Ayşe Yılmaz of Gebze), opened by alpha, published, protected; its arrest
           entry names her and the city, as text stored before protection was turned on
           would (the public accessors withhold such fields whole)
open_case  "Mehmet Demir" of Rosario, published, not protected
draft      "Draft Person", not published
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from caucus.solidarity.models import Case, CaseRecord, EntryKind, TimelineEntry
from caucus.test import BaseTestCase

FULL_NAME = "Ayşe Yılmaz"
CITY = "Gebze"
PHOTO = "cases/ayse-portrait-4f2a.png"


def next_year_hearing() -> datetime:
    return datetime(timezone.now().year + 1, 3, 10, 9, 30, tzinfo=ZoneInfo("Europe/Istanbul"))


class CaseTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        now = timezone.now()
        cls.protected = Case.objects.create(
            coalition=cls.coalition,
            organization=cls.alpha,
            slug="a-y",
            display_name="A.Y.",
            country="TR",
            summary="**A union organizer** was detained after a strike.",
            status="detained",
            protected=True,
            published_at=now,
        )
        cls.open_case = Case.objects.create(
            coalition=cls.coalition,
            slug="mehmet-demir",
            display_name="Mehmet Demir",
            country="AR",
            summary="A docker charged for a strike.",
            status="charged",
            published_at=now,
        )
        cls.draft = Case.objects.create(
            coalition=cls.coalition,
            slug="draft-person",
            display_name="Draft Person",
            country="CL",
            status="other",
        )
        CaseRecord.objects.create(case=cls.protected, full_name=FULL_NAME, city=CITY, photo=PHOTO)
        CaseRecord.objects.create(case=cls.open_case, full_name="Mehmet Demir", city="Rosario")
        cls.arrest = TimelineEntry.objects.create(
            case=cls.protected,
            kind=EntryKind.ARREST,
            date=date(2025, 11, 2),
            place=f"Police station in {CITY}",
            note=f"{FULL_NAME} was taken at dawn.",
        )
        start = next_year_hearing()
        cls.hearing = TimelineEntry.objects.create(
            case=cls.protected,
            kind=EntryKind.HEARING,
            date=start.date(),
            starts_at=start.astimezone(ZoneInfo("UTC")),
            time_zone="Europe/Istanbul",
            place="Heavy Penal Court No. 2",
            note="Vigil outside the court from 9:00.",
        )

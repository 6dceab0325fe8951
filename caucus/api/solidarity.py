"""Solidarity cases in the API: public cases (public details only) and keeping a timeline."""

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from caucus.api.auth import ANYONE, SIGNED_IN
from caucus.api.forms import valid
from caucus.api.pagination import Pages
from caucus.api.schemas import ERRORS, Fold, In, Text, TimeZoneOrBlank, choice
from caucus.coalitions.models import Coalition
from caucus.lib.urls import absolute_url
from caucus.solidarity import services
from caucus.solidarity.forms import EntryForm
from caucus.solidarity.models import (
    Case,
    CaseLink,
    EntryKind,
    TimelineEntry,
    upcoming_hearings,
)
from caucus.solidarity.permissions import get_case_for_user, get_public_case

router = Router(tags=["solidarity cases"])


class EntryOut(Schema):
    id: int
    kind: str
    title: str
    date: dt.date
    starts_at: dt.datetime | None = Field(None, description="UTC; hearings only.")
    time_zone: str = Field("", description="The court's IANA zone; hearings only.")
    place: str
    note_html: str
    source_url: str
    case: str = Field(description="The case's slug.")

    @staticmethod
    def resolve_title(obj: TimelineEntry) -> str:
        return obj.public_title()

    @staticmethod
    def resolve_place(obj: TimelineEntry) -> str:
        return obj.public_place()

    @staticmethod
    def resolve_note_html(obj: TimelineEntry) -> str:
        return obj.public_note()

    @staticmethod
    def resolve_source_url(obj: TimelineEntry) -> str:
        return obj.public_source_url()

    @staticmethod
    def resolve_case(obj: TimelineEntry) -> str:
        return obj.case.slug


class LinkOut(Schema):
    kind: str
    title: str
    url: str
    call_to_action: str

    @staticmethod
    def resolve_title(obj: CaseLink) -> str:
        return obj.link_title

    @staticmethod
    def resolve_url(obj: CaseLink) -> str:
        return obj.href


class CaseSummaryOut(Schema):
    """What the public may know of a case: a protected one has no city and no photo."""

    slug: str
    display_name: str
    kind: str
    status: str
    country: str
    city: str
    photo_url: str
    coalition: str
    url: str

    @staticmethod
    def resolve_display_name(obj: Case) -> str:
        return obj.public_display_name

    @staticmethod
    def resolve_city(obj: Case) -> str:
        return obj.public_city

    @staticmethod
    def resolve_photo_url(obj: Case) -> str:
        return absolute_url(obj.public_photo_url) if obj.public_photo_url else ""

    @staticmethod
    def resolve_coalition(obj: Case) -> str:
        return obj.coalition.slug

    @staticmethod
    def resolve_url(obj: Case) -> str:
        return absolute_url(obj.get_absolute_url())


class CaseOut(CaseSummaryOut):
    summary_html: str
    timeline: list[EntryOut]
    links: list[LinkOut]

    @staticmethod
    def resolve_summary_html(obj: Case) -> str:
        return obj.public_summary

    @staticmethod
    def resolve_timeline(obj: Case) -> list[TimelineEntry]:
        entries = list(obj.entries.order_by("-date", "-starts_at", "-pk"))
        for entry in entries:
            entry.case = obj
        return entries

    @staticmethod
    def resolve_links(obj: Case) -> list[CaseLink]:
        return obj.public_links()


class CaseRecordOut(Schema):
    """The case file for those who edit it; the full name and city only for coordinators."""

    slug: str
    display_name: str
    protected: bool
    status: str
    country: str
    full_name: str | None
    city: str | None
    published: bool


class EntryIn(In):
    kind: choice("EntryKind", EntryKind.values)
    date: dt.date
    time: dt.time | None = None
    time_fold: Fold = ""
    time_zone: TimeZoneOrBlank = Field("", description="The court's IANA zone; hearings only.")
    place: Text = Field("", max_length=200)
    note: Text = Field("", max_length=10_000)
    source_url: Text = Field("", max_length=500)


@router.get("/cases", response=list[CaseSummaryOut], auth=ANYONE)
@paginate(Pages)
def list_cases(request: HttpRequest, country: str = "", coalition: str = ""):
    """Published cases, by country and name; filter with `?country=TR` or `?coalition=slug`."""
    cases = Case.objects.public().select_related("coalition", "record")
    cases = cases.order_by("country", "display_name")
    if country:
        cases = cases.filter(country=country.upper()[:2])
    if coalition:
        cases = cases.filter(coalition__slug=coalition)
    return cases


@router.get("/cases/{slug:slug}", response={200: CaseOut, **ERRORS}, auth=ANYONE)
def get_case(request: HttpRequest, slug: str):
    """A published case with its timeline and links (public details only)."""
    return get_public_case(slug)


@router.get(
    "/coalitions/{slug:slug}/hearings", response={200: list[EntryOut], **ERRORS}, auth=ANYONE
)
@paginate(Pages)
def list_hearings(request: HttpRequest, slug: str):
    """Upcoming hearings of the coalition's published cases, soonest first."""
    coalition = get_object_or_404(Coalition.objects.public(), slug=slug)
    return list(upcoming_hearings(coalition))


@router.get(
    "/coalitions/{slug:slug}/cases/{case_slug}/record",
    response={200: CaseRecordOut, **ERRORS},
    auth=SIGNED_IN,
)
def get_record(request: HttpRequest, slug: str, case_slug: str):
    """The case file (coordinators; editors of the case's organization without the private
    fields of a protected case, which come as null)."""
    case, full = get_case_for_user(request, slug, case_slug)
    private = full or not case.protected
    record = case.private
    return {
        "slug": case.slug,
        # one stored before the Trust rule may hold the secret: the public one for the others
        "display_name": case.display_name if full else case.public_display_name,
        "protected": case.protected,
        "status": case.status,
        "country": case.country,
        "full_name": record.full_name if private else None,
        "city": record.city if private else None,
        "published": case.published_at is not None,
    }


@router.post(
    "/coalitions/{slug:slug}/cases/{case_slug}/timeline",
    response={201: EntryOut, **ERRORS},
    auth=SIGNED_IN,
)
def add_entry(request: HttpRequest, slug: str, case_slug: str, payload: EntryIn):
    """Add a timeline entry. A hearing needs `time` (local) and `time_zone` (IANA); dates more
    than five years ahead are refused; a hearing before the arrest is accepted. In a protected
    case only coordinators add entries, and a note, place or source that could identify the
    person is refused (422, the same message for every field)."""
    case, _full = get_case_for_user(request, slug, case_slug, write=True)
    data = payload.dict()
    data["time"] = data["time"].strftime("%H:%M") if data["time"] else ""
    entry = services.entry_add(case=case, actor=request.user, **valid(EntryForm(data)))
    return Status(201, entry)

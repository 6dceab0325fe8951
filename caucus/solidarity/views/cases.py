"""Public pages of solidarity cases: the list by country, a case, its print view and its photo.

Everything here reads a case through its public accessors, whoever is signed in: the full
record lives only on the coordinators' pages (workspace.py).
"""

from itertools import groupby

from django.http import FileResponse, Http404
from django.shortcuts import render

from caucus.lib.urls import absolute_url
from caucus.solidarity.forms import FollowForm
from caucus.solidarity.models import Case
from caucus.solidarity.permissions import can_edit_case, get_public_case
from caucus.solidarity.translated import case_reading, localized_case, localized_entries


def case_list(request):
    cases = Case.objects.public().select_related("coalition", "record")
    cases = cases.order_by("country", "display_name")
    by_country = [
        (rows[0].country_name, rows)
        for _code, group in groupby(cases, key=lambda c: c.country)
        for rows in [list(group)]
    ]
    by_country.sort(key=lambda item: item[0])
    return render(request, "solidarity/case_list.html", {"by_country": by_country})


def case_context(request, case: Case) -> dict:
    entries = list(case.entries.order_by("-date", "-starts_at", "-pk"))
    for entry in entries:
        entry.case = case  # the accessors read the case; no query per entry
    reading = case_reading(request, case)
    return {
        "case": localized_case(reading, case),
        "entries": localized_entries(reading, entries),
        "reading": reading,
        "links": case.public_links(),
        "follow_form": FollowForm(),
        "can_edit": can_edit_case(request.user, case),
        "canonical": absolute_url(case.get_absolute_url()),
        "og_image": absolute_url(case.public_photo_url) if case.public_photo_url else "",
    }


def case_detail(request, slug):
    case = get_public_case(slug)
    return render(request, "solidarity/case_detail.html", case_context(request, case))


def case_print(request, slug):
    case = get_public_case(slug)
    return render(request, "solidarity/case_print.html", case_context(request, case))


def case_photo(request, slug):
    """The photo of a published case that is not protected; 404 for anything else."""
    case = get_public_case(slug)
    if not case.public_photo_url:
        raise Http404
    return photo_response(case)


# No shared cache ever holds a case photo, and a browser keeps one so briefly that turning
# protection on takes effect at once (security audit #17).
PHOTO_MAX_AGE = 60


def photo_response(case: Case) -> FileResponse:
    try:
        response = FileResponse(case.private.photo.open("rb"))
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    if case.protected:
        response["Cache-Control"] = "private, no-store"
    else:
        response["Cache-Control"] = f"private, max-age={PHOTO_MAX_AGE}"
    return response

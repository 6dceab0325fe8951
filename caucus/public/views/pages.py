"""The public site's pages: home, an organization's and a coalition's."""

from itertools import groupby

from django.shortcuts import render

from caucus.coalitions.models import Coalition, MemberListVisibility, PlatformVersion
from caucus.coalitions.permissions import get_coalition_for_reader, is_coordinator
from caucus.decisions.services.votes import close_due
from caucus.lib.markdown import render_markdown
from caucus.organizations.models import Organization
from caucus.organizations.permissions import get_organization_for_reader
from caucus.public import organization_page
from caucus.public.listing import keyset_page
from caucus.public.models import Publication
from caucus.translations.reader import Localized, Reading, read


def home(request):
    ctx = {
        "latest": keyset_page(Publication.objects.filter(listed=True), "", size=10).items,
        "coalitions": Coalition.objects.public().order_by("name")[:50],
        "organizations": Organization.objects.public().order_by("name")[:100],
    }
    return render(request, "public/home.html", ctx)


def organization(request, slug):
    org, is_own = get_organization_for_reader(request, slug)
    coalitions = (
        Coalition.objects.public()
        .with_active_member(org)
        .filter(member_list=MemberListVisibility.PUBLIC)
    )
    reading = read(
        request,
        original=org.language,
        translations=list(org.translations.all()),
        path=org.get_absolute_url(),
    )
    ctx = {
        "organization": org,
        # Its texts in the reader's language (a stand-in for templates, never for queries).
        "shown": reading.localize(org, description="description"),
        "reading": reading,
        "coalitions": coalitions,
        "bodies": org.bodies.all(),
        "is_own": is_own,
        **organization_page.activity(request, org),
    }
    return render(request, "public/organization.html", ctx)


def coalition(request, slug):
    obj, member = get_coalition_for_reader(request, slug)
    close_due(coalition=obj)  # the page lists resolutions: a due vote's result comes first
    members_by_country = None
    if obj.member_list_is_public or member:
        members = obj.active_members().order_by("organization__country", "organization__name")
        members_by_country = [
            (group[0].organization.country_name, group)
            for _code, rows in groupby(members, key=lambda m: m.organization.country)
            for group in [list(rows)]
        ]
        members_by_country.sort(key=lambda item: item[0])
    reading = read(
        request,
        original=obj.language,
        translations=list(obj.translations.all()),
        path=obj.get_absolute_url(),
    )
    ctx = {
        "coalition": obj,
        "shown": reading.localize(obj, description="description"),
        "reading": reading,
        "platform": _platform_in(reading, obj.current_platform()),
        "members_by_country": members_by_country,
        "member_count": obj.memberships.active().count(),
        "is_member": member,
        "is_coordinator": is_coordinator(request.user, obj),
    }
    return render(request, "public/coalition.html", ctx)


def _platform_in(reading: Reading, platform: PlatformVersion | None):
    """The platform with its points in the reading's language, by number."""
    if platform is None or reading.translation is None:
        return platform
    points = [
        reading.text(f"points.{n}", point) for n, point in enumerate(platform.points, start=1)
    ]
    return Localized(platform, {"points_html": [render_markdown(point) for point in points]})

"""The public list of campaigns, reached from the main navigation: running and coming
campaigns first (soonest first), then past ones (latest first), paged. A campaign's days
have no place, so "running" means its last day has not ended on the reader's clock."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from caucus.campaigns.models import Campaign
from caucus.campaigns.reader import reader_zone

PER_PAGE = 20


@require_GET
def campaigns(request):
    today = timezone.localdate(timezone=reader_zone(request))
    public = Campaign.objects.filter(coalition__is_public=True).select_related("coalition")
    current = list(public.filter(ends_on__gte=today).order_by("starts_on", "pk")[:PER_PAGE])
    past = Paginator(public.filter(ends_on__lt=today).order_by("-ends_on", "-pk"), PER_PAGE)
    ctx = {"current": current, "past": past.get_page(request.GET.get("page"))}
    return render(request, "public/campaigns.html", ctx)

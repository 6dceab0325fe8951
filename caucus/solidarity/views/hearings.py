"""The court hearings of a public coalition's cases, as an iCalendar feed."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from caucus.coalitions.models import Coalition
from caucus.solidarity.ical import hearings_calendar
from caucus.translations.feeds import feed_language, in_feed_language_view


@in_feed_language_view
def hearings_ical(request, slug):
    coalition = get_object_or_404(Coalition.objects.public(), slug=slug)
    calendar = hearings_calendar(coalition, feed_language(request))
    response = HttpResponse(calendar, content_type="text/calendar")
    response["Content-Disposition"] = f'inline; filename="{coalition.slug}-hearings.ics"'
    return response

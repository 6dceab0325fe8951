"""What every iCalendar file of the site shares: the PRODID and version of a calendar, and
event UIDs on the site's host name, so campaigns', hearings' and meetings' .ics are alike."""

import icalendar

from caucus.lib.urls import site_host


def new_calendar(product: str, *, method: str = "") -> icalendar.Calendar:
    """An empty VCALENDAR from "-//Caucus//<product>//EN"; `method` PUBLISH, REQUEST, CANCEL."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//Caucus//{product}//EN")
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    return calendar


def event_uid(local: str) -> str:
    """A UID unique to this site: `local` (e.g. "meeting-12") at the site's host name."""
    return f"{local}@{site_host()}"

"""Events keep only their city's point from the shipped list, or none.

Before, an organizer could type a venue's exact coordinates, and the demo scattered its actions
around their cities; the API and the iCal GEO line published them even for an address shown
only to confirmed RSVPs. Forms already take the city's point; this moves the existing rows.
"""

from django.db import migrations


def events_on_city_points(apps, schema_editor):
    from caucus.campaigns.cities import find_city

    Event = apps.get_model("campaigns", "Event")
    moved = []
    for event in (
        Event.objects.exclude(latitude=None)
        .only("pk", "city", "country", "latitude", "longitude")
        .iterator(chunk_size=2000)
    ):
        city = find_city(event.city, event.country)
        point = (city.latitude, city.longitude) if city is not None else (None, None)
        if (event.latitude, event.longitude) != point:
            event.latitude, event.longitude = point
            moved.append(event)
        if len(moved) >= 2000:
            Event.objects.bulk_update(moved, ["latitude", "longitude"])
            moved.clear()
    Event.objects.bulk_update(moved, ["latitude", "longitude"])


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0007_rsvp_language")]

    operations = [migrations.RunPython(events_on_city_points, migrations.RunPython.noop)]

"""Finding a campaign's actions nearest a place: "Find an action near you" and the API's `near`.

1. The reader names a city of the shipped list (caucus/campaigns/cities.py), or gives a
   latitude and longitude (the API); an ambiguous name is resolved by its country.
2. The campaign's places (PlaceCount rows: one per city, with the city's coordinates, never
   a venue's) inside a bounding box around that point are read from an index, in widening
   rings until enough are found, and ranked by great-circle distance.
3. The upcoming actions of the nearest places are counted per place in one aggregate, and a
   page is read place by place from the (campaign, approval, country, city, starts_at,
   ends_at) index: nearest place first, then by start time. No event is read to rank, and
   a page reads only the events it shows.
"""

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from caucus.campaigns.cities import EARTH_RADIUS_KM, City, cities_named, distance_km
from caucus.campaigns.models import Campaign, Event, PlaceCount

# Rings searched in turn (km); the last one is half the Earth's circumference: everything.
RINGS = (250, 2_000, 20_100)
# How many places a search ranks at most: beyond them the calendar's filters serve better.
MAX_PLACES = 25
# An action that began longer ago than this is not offered as one to join (and the bound
# lets the index skip the campaign's past).
STARTED_WITHIN = timedelta(days=2)
# A name shared by several cities resolves to the most populous one when it is this many
# times larger than the next (Paris, France over Paris, Texas); otherwise the reader chooses.
CLEAR_LEAD = 10


@dataclass(frozen=True)
class Origin:
    """The point distances are measured from, and how to name it to the reader."""

    latitude: float
    longitude: float
    name: str = ""
    country: str = ""


@dataclass
class Place:
    country: str
    city: str
    latitude: float
    longitude: float
    distance: float
    upcoming: int = 0


def origin_from_city(city: City) -> Origin:
    return Origin(city.latitude, city.longitude, city.name, city.country)


def resolve(name: str, country: str = "") -> tuple[Origin | None, list[City]]:
    """(the origin, other cities so called) for a name; (None, choices) when the reader must
    pick a country; (None, []) when no city of the list is so called."""
    found = cities_named(name, country)
    if not found:
        return None, []
    if len(found) == 1 or found[0].population >= CLEAR_LEAD * found[1].population:
        return origin_from_city(found[0]), found[1:6]
    return None, found[:12]


def _longitude_range(origin: Origin, km: float, lat_span: float) -> Q | None:
    """Longitudes within `km` of the origin at any latitude of the box (None: all of them,
    when the box reaches a pole), split in two where the range crosses ±180°."""
    north, south = origin.latitude + lat_span, origin.latitude - lat_span
    if north >= 90 or south <= -90:
        return None
    ratio = math.sin(km / EARTH_RADIUS_KM) / math.cos(math.radians(origin.latitude))
    if ratio >= 1:
        return None
    span = math.degrees(math.asin(ratio))
    west, east = origin.longitude - span, origin.longitude + span
    if west < -180:
        return Q(longitude__gte=west + 360) | Q(longitude__lte=east)
    if east > 180:
        return Q(longitude__gte=west) | Q(longitude__lte=east - 360)
    return Q(longitude__gte=west, longitude__lte=east)


def _box(origin: Origin, km: float) -> Q:
    lat_span = math.degrees(km / EARTH_RADIUS_KM)
    box = Q(latitude__gte=origin.latitude - lat_span, latitude__lte=origin.latitude + lat_span)
    longitudes = _longitude_range(origin, km, lat_span)
    return box & longitudes if longitudes is not None else box


def ranked_places(
    campaign: Campaign, origin: Origin, *, limit: int = MAX_PLACES, radius: float | None = None
) -> list[Place]:
    """The campaign's places nearest `origin` (within `radius` km when given), nearest first."""
    rows = PlaceCount.objects.filter(campaign=campaign, events__gt=0).exclude(latitude=None)
    for ring in RINGS:
        ring = min(ring, radius) if radius is not None else ring
        places = []
        for country, city, lat, lon in rows.filter(_box(origin, ring)).values_list(
            "country", "city", "latitude", "longitude"
        ):
            distance = distance_km(origin.latitude, origin.longitude, lat, lon)
            if distance <= ring:
                places.append(Place(country, city, lat, lon, distance))
        if len(places) >= limit or ring == RINGS[-1] or ring == radius:
            places.sort(key=lambda p: (p.distance, p.country, p.city))
            return places[:limit]
    return []


@dataclass
class NearEvents:
    """The upcoming actions of ranked places as a sliceable sequence with a length, so
    Django's Paginator and the API's pagination page it like a queryset."""

    campaign: Campaign
    places: list[Place]
    exclude: int | None = None
    # Further filters (the API's country, kind…): the campaign's listed events by default.
    base: QuerySet | None = None
    now: datetime = field(default_factory=timezone.now)

    def _events(self) -> QuerySet:
        events = self.base if self.base is not None else Event.objects.listed()
        events = events.filter(
            campaign=self.campaign,
            starts_at__gte=self.now - STARTED_WITHIN,
            ends_at__gte=self.now,
        ).select_related("organization", "campaign", "day_of_action")
        return events.exclude(pk=self.exclude) if self.exclude else events

    def _counted(self) -> list[Place]:
        """The places with their number of upcoming actions (one aggregate), empty ones out."""
        if not hasattr(self, "_places_counted"):
            counts: dict[tuple[str, str], int] = {}
            if self.places:
                # IN lists (not ORed pairs) let the database walk the (campaign, approval,
                # country, city, starts_at, ends_at) index per pair and count from it alone;
                # the cross product's stray pairs are dropped below.
                for country, city, n in (
                    self._events()
                    .filter(
                        country__in={p.country for p in self.places},
                        city__in={p.city for p in self.places},
                    )
                    .order_by()
                    .values_list("country", "city")
                    # starts_at, not id: PostgreSQL then counts from the index alone.
                    .annotate(n=Count("starts_at"))
                ):
                    counts[(country, city)] = n
            for place in self.places:
                place.upcoming = counts.get((place.country, place.city), 0)
            self._places_counted = [p for p in self.places if p.upcoming]
        return self._places_counted

    def count(self) -> int:
        return sum(p.upcoming for p in self._counted())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Event]:
        """Events [start, stop) in (distance, start time) order, one query per place shown."""
        if not isinstance(index, slice):
            raise TypeError("NearEvents is read by slices")
        start, stop = index.start or 0, index.stop if index.stop is not None else len(self)
        found: list[Event] = []
        offset = 0
        for place in self._counted():
            low, high = max(start - offset, 0), min(stop - offset, place.upcoming)
            if low < high:
                rows = (
                    self._events()
                    .filter(country=place.country, city=place.city)
                    .order_by("starts_at", "id")[low:high]
                )
                for event in rows:
                    event.distance_km = place.distance
                    found.append(event)
            offset += place.upcoming
            if offset >= stop:
                break
        return found


def nearby(event: Event, *, limit: int = 5) -> list[Event]:
    """Other upcoming actions of the event's campaign nearest its city (for its page)."""
    if event.campaign_id is None:
        return []
    place = PlaceCount.objects.filter(
        campaign_id=event.campaign_id, country=event.country, city=event.city
    ).first()
    if place is None or place.latitude is None:
        return []
    origin = Origin(place.latitude, place.longitude, event.city, event.country)
    places = ranked_places(event.campaign, origin, limit=6)
    return NearEvents(event.campaign, places, exclude=event.pk)[:limit]

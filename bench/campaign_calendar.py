"""Campaign calendar at scale: 100,000 events of 1,000 organizations against 1,000 events.

One SQLite file (var/bench/campaigns/caucus.sqlite3) holds both campaigns: "big" with
100,000 events over a year by 1,000 organizations, "small" with 1,000 events. The server is
the one `make run` uses (granian --interface wsgi --workers 3 --blocking-threads 1). For each
campaign it times, sequentially over keep-alive-free HTTP requests, the month view, a
filtered list (country + kind, page 2), the per-country iCalendar feed and the map page, and
prints p50 / p90 and the big/small ratio of the p50s (target ≤ 1.5×). The JSON API's
filtered event list (page 2) is timed too.

Like for like: both campaigns draw their events from the same distribution, in which Turkey
holds 30 % of the actions and rallies half of them, so the small campaign too has more
than 100 Turkish rallies; the small campaign's 1,000 events spread over 130 days (the big
one's over a year), so the month timed has more than three actions a day in both. Every page
timed then holds as many rows in both (the month grid: three actions a day; page 2 of the
filtered list: 50; the Turkish feed: its cap of 200). The script checks the row counts
before timing and stops if they differ.

    .venv/bin/python bench/campaign_calendar.py [--requests 60] [--rebuild]
    .venv/bin/python bench/campaign_calendar.py --database-url \
        postgres://postgres@127.0.0.1:5432/h_bench_campaigns [--rebuild]

With --database-url the same data goes into that PostgreSQL database (created if missing,
dropped and created again with --rebuild) instead of the SQLite file.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GRANIAN = str(ROOT / ".venv" / "bin" / "granian")
VAR = ROOT / "var" / "bench" / "campaigns"
PORT = 8766
SIZES = {"big": 100_000, "small": 1_000}

POPULATE = r"""
import random, sys
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo
import django
django.setup()
from django.utils import timezone
from caucus.campaigns import services
from caucus.campaigns.cities import cities_in
from caucus.campaigns.models import Campaign, Event
from caucus.coalitions.models import Coalition, CoalitionMembership
from caucus.organizations.models import Organization

# (events, days they spread over from 30 days ago): a year for the big campaign; 130 days
# for the small one, enough that the month timed has more than 3 actions every day in both.
sizes = {"big": (100_000, 365), "small": (1_000, 130)}
if Campaign.objects.filter(slug="small").exists():
    sys.exit(0)
rng = random.Random(1)
countries = ["TR", "AR", "GR", "CL", "PE", "IT", "BR", "AZ", "ES", "FR", "DE", "MX", "CO",
             "ZA", "IN", "US", "JP", "KE", "PH", "AU"]
cities = {cc: cities_in(cc)[:15] for cc in countries}
# The same skew in both campaigns (see the module's docstring): TR 30 %, rallies 50 %.
country_weights = [30 if cc == "TR" else 70 / (len(countries) - 1) for cc in countries]
kinds = ["rally", "march", "vigil", "picket", "meeting"]
kind_weights = [50, 12.5, 12.5, 12.5, 12.5]
coalition = Coalition.objects.create(name="Bench", slug="bench")
orgs = Organization.objects.bulk_create(
    Organization(name=f"Org {n}", slug=f"org-{n}", country=countries[n % len(countries)])
    for n in range(1000))
now = timezone.now()
CoalitionMembership.objects.bulk_create(
    CoalitionMembership(coalition=coalition, organization=o, status="active", joined_at=now)
    for o in orgs)
today = timezone.localdate()
for slug, (size, span) in sizes.items():
    campaign = services.campaign_save(
        campaign=Campaign(title=slug.title(), slug=slug, starts_on=today - timedelta(days=30),
                          ends_on=today + timedelta(days=span - 31), status="active"),
        coalition=coalition, actor=None, days=[], demands=["One"], targets=[])
    batch = []
    for n in range(size):
        city = rng.choice(cities[rng.choices(countries, country_weights)[0]])
        zone = ZoneInfo(city.time_zone)
        day = today - timedelta(days=30) + timedelta(days=n % span)  # as many each day
        starts = datetime.combine(day, time(rng.randrange(8, 21)), tzinfo=zone)
        batch.append(Event(
            campaign=campaign, organization=orgs[n % 1000], title=f"Action {n}",
            kind=rng.choices(kinds, kind_weights)[0],
            description="Bench", description_html="<p>Bench</p>",
            starts_at=starts, ends_at=starts + timedelta(hours=2), time_zone=city.time_zone,
            city=city.name, country=city.country, latitude=city.latitude,
            longitude=city.longitude, venue="Square", address="1 Street",
            created=now, updated=now))
        if len(batch) == 5000:
            Event.objects.bulk_create(batch)
            batch = []
    Event.objects.bulk_create(batch)
    services.rebuild_counts(campaign)
    print(f"  {slug}: {size} events", flush=True)
from django.db import connection
if connection.vendor == "postgresql":
    # What autovacuum does soon after a bulk load (PostgreSQL 13 and later vacuum tables
    # that only grew, too): without statistics the planner sorts every matching row instead
    # of reading the index in order, and until VACUUM sets the visibility map a COUNT reads
    # every matching row from the table instead of the index alone.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
"""


DATABASE_URL = ""


def env() -> dict[str, str]:
    result = {
        **os.environ,
        "CAUCUS_VAR_DIR": str(VAR),
        "LOG_LEVEL": "ERROR",
        "DJANGO_SETTINGS_MODULE": "caucus.settings",
    }
    result.pop("DATABASE_URL", None)
    if DATABASE_URL:
        result["DATABASE_URL"] = DATABASE_URL
    return result


def postgres_database(url: str, rebuild: bool) -> None:
    """Create the bench's PostgreSQL database (dropping it first with --rebuild)."""
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        if rebuild:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def prepare(rebuild: bool) -> None:
    if rebuild and VAR.exists() and not DATABASE_URL:
        shutil.rmtree(VAR)
    VAR.mkdir(parents=True, exist_ok=True)
    if DATABASE_URL:
        postgres_database(DATABASE_URL, rebuild)
    subprocess.run([PY, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env(), check=True)
    subprocess.run(
        [PY, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env(), check=True
    )
    started = time.perf_counter()
    subprocess.run([PY, "-c", POPULATE], cwd=ROOT, env=env(), check=True)
    print(f"database ready in {time.perf_counter() - started:.1f} s")


def serve() -> subprocess.Popen:
    server = subprocess.Popen(
        [
            GRANIAN,
            "--interface",
            "wsgi",
            "--workers",
            "2",
            "--blocking-threads",
            "1",
            "--host",
            "127.0.0.1",
            "--port",
            str(PORT),
            "--log-level",
            "error",
            "caucus.wsgi:application",
        ],
        cwd=ROOT,
        env=env(),
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2)  # noqa: S310
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("the server did not start")


def timed(path: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=60) as response:  # noqa: S310
        response.read()
        assert response.status == 200, path
    return (time.perf_counter() - started) * 1000


def views(slug: str) -> dict[str, str]:
    month = time.strftime("%Y-%m", time.localtime(time.time() + 40 * 86400))
    return {
        "month view": f"/campaigns/{slug}/calendar/?view=month&month={month}&tz=Asia/Baku",
        "filtered list": f"/campaigns/{slug}/calendar/?country=TR&kind=rally&page=2",
        "country iCal": f"/campaigns/{slug}/countries/TR/calendar.ics",
        "map page": f"/campaigns/{slug}/map/",
        "API list": f"/api/v1/campaigns/{slug}/events?country=TR&kind=rally&page=2",
    }


def fetch(path: str) -> bytes:
    with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=60) as response:  # noqa: S310
        return response.read()


def rows_compared() -> dict[str, dict[str, int]]:
    """How many rows each size's pages hold: they must be equal for a fair ratio."""
    found: dict[str, dict[str, int]] = {}
    for slug in SIZES:
        paths = views(slug)
        found.setdefault("month view", {})[slug] = fetch(paths["month view"]).count(
            b'href="/events/'
        )
        found.setdefault("filtered list", {})[slug] = fetch(paths["filtered list"]).count(
            b'class="event-row'
        )
        found.setdefault("country iCal", {})[slug] = fetch(paths["country iCal"]).count(
            b"BEGIN:VEVENT"
        )
        found.setdefault("API list", {})[slug] = len(json.loads(fetch(paths["API list"]))["items"])
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--database-url", default="", help="a PostgreSQL URL; else SQLite")
    args = parser.parse_args()
    global DATABASE_URL
    DATABASE_URL = args.database_url
    print("database:", DATABASE_URL or VAR / "caucus.sqlite3")
    prepare(args.rebuild)
    server = serve()
    try:
        rows = rows_compared()
        for name, by_size in rows.items():
            print(
                f"rows on the timed page, {name}: "
                + ", ".join(f"{k} {v}" for k, v in by_size.items())
            )
        if any(len(set(by_size.values())) != 1 for by_size in rows.values()):
            raise SystemExit("the two campaigns' pages hold different numbers of rows")
        results: dict[str, dict[str, list[float]]] = {}
        for slug in SIZES:
            for path in views(slug).values():
                for _ in range(5):
                    timed(path)  # warm both workers
        for _round in range(args.requests):  # interleave so drift hits both sizes alike
            for slug in SIZES:
                for name, path in views(slug).items():
                    results.setdefault(name, {}).setdefault(slug, []).append(timed(path))
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"{'view':<14} {'1,000 p50':>10} {'p90':>8} {'100,000 p50':>12} {'p90':>8} {'ratio':>6}")
    worst = 0.0
    for name, by_size in results.items():
        small, big = by_size["small"], by_size["big"]
        s50, b50 = statistics.median(small), statistics.median(big)
        s90 = statistics.quantiles(small, n=10)[-1]
        b90 = statistics.quantiles(big, n=10)[-1]
        ratio = b50 / s50
        worst = max(worst, ratio)
        print(f"{name:<14} {s50:>8.1f}ms {s90:>6.1f}ms {b50:>10.1f}ms {b90:>6.1f}ms {ratio:>5.2f}×")
    print(f"worst ratio {worst:.2f}× (target ≤ 1.5×)")
    sys.exit(0)


if __name__ == "__main__":
    main()

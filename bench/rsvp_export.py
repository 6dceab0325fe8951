"""Memory of the RSVP CSV export at scale (issue 18): does a million rows stream in the memory
of ten thousand?

One SQLite database under var/bench/export/ holds two events of one campaign, "small" with
SMALL RSVPs and "big" with --rows (a million by default), emails encrypted as in production.
In one process, the export view (POST /events/<uid>/rsvps.csv, a coordinator signed in) is
read through Django's test client chunk by chunk; the figures are the growth of the resident
set (the peak while streaming, less the size just before), the time, and the rows read.
The baseline is the small event's export, measured in the same run. Target: big's growth
within a few MB of small's (constant memory), time linear in the rows.

    .venv/bin/python bench/rsvp_export.py [--rows 1000000] [--rebuild]
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench" / "export"
SMALL = 10_000
BATCH = 5_000


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def setup_django() -> None:
    VAR.mkdir(parents=True, exist_ok=True)
    os.environ["CAUCUS_VAR_DIR"] = str(VAR)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "caucus.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def load(rows: int) -> None:
    from caucus.campaigns.models import Rsvp, RsvpState
    from caucus.campaigns.tests.helpers import make_campaign, make_event
    from caucus.lib.crypto import email_index
    from caucus.test import build_cast

    class Cast:
        pass

    cast = Cast()
    build_cast(cast)
    campaign = make_campaign(cast.coalition, actor=cast.coordinator)
    for title, n in (("small", SMALL), ("big", rows)):
        event = make_event(campaign, cast.alpha, title=title)
        for start in range(0, n, BATCH):
            batch = []
            for i in range(start, min(n, start + BATCH)):
                email = f"person{i}@{title}.example.net"
                batch.append(
                    Rsvp(
                        event=event,
                        name=f"Person {i}",
                        email=email,
                        email_index=email_index(email),
                        state=RsvpState.CONFIRMED,
                    )
                )
            Rsvp.objects.bulk_create(batch)
        print(f"loaded {n} RSVPs into {title}", flush=True)


def measure(client, event) -> tuple[int, float, float]:
    """(rows, seconds, peak RSS growth in MB) of one export."""
    import gc

    gc.collect()
    before = rss_mb()
    peak = before
    started = time.perf_counter()
    response = client.post(f"/events/{event.uid}/rsvps.csv")
    assert response.status_code == 200 and response.streaming, response.status_code
    lines = 0
    for chunk in response.streaming_content:
        lines += chunk.count(b"\n")
        if lines % 20_000 == 0:
            peak = max(peak, rss_mb())
    peak = max(peak, rss_mb())
    return lines - 1, time.perf_counter() - started, peak - before


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    if args.rebuild and VAR.exists():
        for path in VAR.glob("caucus.sqlite3*"):
            path.unlink()
    setup_django()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    from django.core.management import call_command

    from caucus.accounts.models import User
    from caucus.campaigns.models import Event
    from caucus.test import Client

    call_command("migrate", verbosity=0)
    if not Event.objects.filter(title="big").exists():
        load(args.rows)
    client = Client()
    client.force_login(User.objects.get(email="coordinator@example.org"))
    print("event   rows       seconds  rows/s    RSS growth (MB)")
    for title in ("small", "big", "small"):
        rows, seconds, growth = measure(client, Event.objects.get(title=title))
        print(f"{title:7} {rows:<10} {seconds:<8.1f} {rows / seconds:<9.0f} {growth:.1f}")


if __name__ == "__main__":
    main()

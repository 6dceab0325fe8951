"""Find an action near you at scale: 100,000 events against 1,000, in the calendar bench's data.

The same database as bench/campaign_calendar.py (built by it, or here with --rebuild): "big"
with 100,000 events over a year, "small" with 1,000 over 130 days, Turkey 30 % of both. It
times, over the same granian server, the near page for Istanbul (the densest place: page 1
and page 2), for Lima (sparse), the API's `near` list (page 2) and an event page (its "other
actions nearby"), and prints p50 / p90 and the big/small ratio of the p50s.

Like for like: each timed page shows the same number of actions in both campaigns (a full
page of 20 on the web, 50 in the API, 5 nearby); the script checks before timing.

    .venv/bin/python bench/campaign_near.py [--requests 40] [--rebuild]
    .venv/bin/python bench/campaign_near.py --database-url \
        postgres://postgres@127.0.0.1:5432/h_bench_campaigns [--rebuild]
"""

import argparse
import json
import statistics
import sys

import campaign_calendar as calendar_bench
from campaign_calendar import SIZES, fetch, prepare, serve, timed


def event_path(slug: str) -> str:
    """An Istanbul action of the campaign, for its page's nearby list."""
    found = json.loads(fetch(f"/api/v1/campaigns/{slug}/events?near=Istanbul&near_country=TR"))
    return f"/events/{found['items'][0]['uid']}/"


def views(slug: str, event: str) -> dict[str, str]:
    near = f"/campaigns/{slug}/near/?city=Istanbul&country=TR"
    return {
        "near Istanbul": near,
        "near, page 2": near + "&page=2",
        "near Lima": f"/campaigns/{slug}/near/?city=Lima&country=PE",
        "API near p2": f"/api/v1/campaigns/{slug}/events?near=Istanbul&near_country=TR&page=2",
        "event nearby": event,
    }


def rows(name: str, body: bytes) -> int:
    if name.startswith("API"):
        return len(json.loads(body)["items"])
    if name == "event nearby":
        return body.split(b'id="nearby-h"', 1)[-1].count(b'class="event-row')
    return body.count(b'class="event-row')


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--database-url", default="", help="a PostgreSQL URL; else SQLite")
    args = parser.parse_args()
    calendar_bench.DATABASE_URL = args.database_url
    print("database:", args.database_url or calendar_bench.VAR / "caucus.sqlite3")
    prepare(args.rebuild)
    server = serve()
    try:
        paths = {slug: views(slug, event_path(slug)) for slug in SIZES}
        for name in paths["big"]:
            counts = {slug: rows(name, fetch(paths[slug][name])) for slug in SIZES}
            print(f"rows on the timed page, {name}: {counts}")
            if len(set(counts.values())) != 1:
                raise SystemExit("the two campaigns' pages hold different numbers of rows")
        for slug in SIZES:
            for path in paths[slug].values():
                for _ in range(5):
                    timed(path)  # warm both workers (and their city lists)
        results: dict[str, dict[str, list[float]]] = {}
        for _round in range(args.requests):  # interleaved, so drift hits both sizes alike
            for slug in SIZES:
                for name, path in paths[slug].items():
                    results.setdefault(name, {}).setdefault(slug, []).append(timed(path))
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"{'view':<14} {'1,000 p50':>10} {'p90':>8} {'100,000 p50':>12} {'p90':>8} {'ratio':>6}")
    for name, by_size in results.items():
        small, big = by_size["small"], by_size["big"]
        s50, b50 = statistics.median(small), statistics.median(big)
        s90, b90 = statistics.quantiles(small, n=10)[-1], statistics.quantiles(big, n=10)[-1]
        ratio = b50 / s50
        print(f"{name:<14} {s50:>8.1f}ms {s90:>6.1f}ms {b50:>10.1f}ms {b90:>6.1f}ms {ratio:>5.2f}×")
    sys.exit(0)


if __name__ == "__main__":
    main()

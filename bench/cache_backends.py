"""Which shared cache for one machine without Redis: the signing path's cache calls, timed.

Each backend gets a fresh SQLite database (WAL, IMMEDIATE transactions, as settings.py) in a
temporary folder, then for `--seconds`:
  * 3 processes (bin/serve's web workers) repeat what one signing request asks of the cache:
    the statement (get, set every 2 s), the per-network and per-domain counters (add + incr
    each), the mail-batch guard (add);
  * a 4th process inserts `--inserts` rows per second into a table of the same database, in
    IMMEDIATE transactions, standing in for the signatures themselves;
then 3 processes increment one shared key 300 times each: the final count shows lost hits.
Local memory is the baseline: fastest, but each process counts alone (what finding 10 was).

    .venv/bin/python bench/cache_backends.py [--seconds 8] [--inserts 500]
"""

import argparse
import multiprocessing as mp
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BACKENDS = {
    "locmem (per process)": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "file": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache"},
    "django database": {"BACKEND": "django.core.cache.backends.db.DatabaseCache"},
    "caucus database": {"BACKEND": "caucus.lib.dbcache.DatabaseCache"},
    "caucus database, own file": {"BACKEND": "caucus.lib.dbcache.DatabaseCache", "OWN_FILE": True},
}


class CacheRouter:
    """Sends the cache table to the database alias "cache" (a file of its own)."""

    def db_for_read(self, model, **hints):
        return "cache" if model._meta.app_label == "django_cache" else None

    db_for_write = db_for_read

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "cache" if app_label == "django_cache" else None


def _django(var: str, cache: dict) -> None:
    from django.conf import settings

    own_file = cache.get("OWN_FILE", False)
    cache = {k: v for k, v in cache.items() if k != "OWN_FILE"}
    cache = {**cache, "OPTIONS": {"MAX_ENTRIES": 20000}}
    if cache["BACKEND"].endswith("FileBasedCache"):
        cache["LOCATION"] = f"{var}/cache"
    elif "DatabaseCache" in cache["BACKEND"]:
        cache["LOCATION"] = "caucus_cache"
    sys.path.insert(0, str(ROOT))

    def sqlite(name: str) -> dict:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": f"{var}/{name}",
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }

    databases = {"default": sqlite("db.sqlite3")}
    if own_file:
        databases["cache"] = sqlite("cache.sqlite3")
    settings.configure(
        USE_TZ=True,
        DATABASES=databases,
        DATABASE_ROUTERS=["bench.cache_backends.CacheRouter"] if own_file else [],
        CACHES={"default": cache},
    )
    import django

    django.setup()


def _signing_calls(cache, i: int, worker: int) -> None:
    """As signatures/views.py, signatures/abuse.slowdown and services._enqueue_confirmations."""
    if cache.get("sig-statement:joint") is None:
        cache.set("sig-statement:joint", {"title": "x" * 500}, 2)
    for key in (f"sig-rate:p:10.{worker}.{i % 50}.0/24:1", f"sig-rate:d:d{i % 200}.example:1"):
        cache.add(key, 0, 65)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, 65)
    cache.add("sig-mail-batch", 1, 2)


def _web(var: str, cache: dict, seconds: float, worker: int, out) -> None:
    _django(var, cache)
    from django.core.cache import cache as default

    times, i, end = [], 0, time.monotonic() + seconds
    while time.monotonic() < end:
        start = time.perf_counter()
        _signing_calls(default, i, worker)
        times.append((time.perf_counter() - start) * 1000)
        i += 1
    out.put(times)


def _inserts(var: str, seconds: float, rate: int, out) -> None:
    db = sqlite3.connect(f"{var}/db.sqlite3", timeout=20, isolation_level=None)
    waits, end = [], time.monotonic() + seconds
    while time.monotonic() < end:
        start = time.perf_counter()
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO signature(v) VALUES ('x')")
        db.execute("COMMIT")
        waits.append((time.perf_counter() - start) * 1000)
        time.sleep(max(0.0, 1 / rate - (time.perf_counter() - start)))
    out.put(waits)


def _count(var: str, cache: dict, n: int, out) -> None:
    _django(var, cache)
    from django.core.cache import cache as default

    for _ in range(n):
        default.add("shared", 0, 600)
        default.incr("shared")
    out.put(default.get("shared"))


def _prepare(var: str, cache: dict) -> None:
    db = sqlite3.connect(f"{var}/db.sqlite3")
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE signature(id INTEGER PRIMARY KEY, v TEXT)")
    db.commit()
    if "DatabaseCache" in cache["BACKEND"]:
        _django(var, cache)
        from django.core.management import call_command

        call_command("createcachetable", database="cache" if cache.get("OWN_FILE") else "default")


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))]


def run(name: str, cache: dict, seconds: float, rate: int) -> str:
    ctx = mp.get_context("spawn")  # each process configures Django for itself
    with tempfile.TemporaryDirectory(prefix="caucus-cache-bench-") as var:
        prepare = ctx.Process(target=_prepare, args=(var, cache))
        prepare.start()
        prepare.join()
        web_out, insert_out = ctx.Queue(), ctx.Queue()
        procs = [ctx.Process(target=_web, args=(var, cache, seconds, w, web_out)) for w in range(3)]
        procs.append(ctx.Process(target=_inserts, args=(var, seconds, rate, insert_out)))
        for proc in procs:
            proc.start()
        web = [t for _ in range(3) for t in web_out.get()]
        inserts = insert_out.get()
        for proc in procs:
            proc.join()
        counts = ctx.Queue()
        counters = [ctx.Process(target=_count, args=(var, cache, 300, counts)) for _ in range(3)]
        for proc in counters:
            proc.start()
        last = max(counts.get() for _ in counters)
        for proc in counters:
            proc.join()
    return (
        f"| {name} | {len(web) / seconds:,.0f} | {_pct(web, 0.5):.2f} | {_pct(web, 0.9):.2f} | "
        f"{_pct(web, 0.99):.2f} | {_pct(inserts, 0.5):.2f} / {_pct(inserts, 0.99):.2f} | "
        f"{last} of 900 |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--inserts", type=int, default=500, help="signature rows per second")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    print(
        "| backend | signing requests/s (3 procs) | p50 ms | p90 ms | p99 ms "
        "| insert p50 / p99 ms | one key, 3×300 incr |"
    )
    print("|---|---|---|---|---|---|---|")
    for name, cache in BACKENDS.items():
        print(run(name, cache, args.seconds, args.inserts), flush=True)


if __name__ == "__main__":
    main()

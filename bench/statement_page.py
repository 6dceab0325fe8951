"""The public statement page with 1,000,000 confirmed signatures, beside a bare "hello" view.

A fresh SQLite database under var/bench/statement-sqlite/ (or PostgreSQL database
caucus_bench with --db postgres) gets a statement with 1,000,000 confirmed signatures and one
with 10,000 (bulk inserted), then the server `make run` uses answers:
  1. throughput of the anonymous statement page (its signatures block cached) vs /bench/hello/;
  2. p50 of the public names at page 1 and page 1,000 (keyset) and page 1 of the small one.

    .venv/bin/python bench/statement_page.py [--rows 1000000] [--seconds 10] [--db sqlite]
"""

import argparse
import json
import sys

from sign_surge import (
    Server,
    bench_env,
    django_run,
    drive,
    fresh_database,
    http_request,
    manage,
    p50_of,
)

SETUP = """
import hashlib, json, time
from datetime import timedelta
from django.db import connection, transaction
from django.utils import timezone
from caucus.coalitions.models import Coalition
from caucus.signatures.counting import fold
from caucus.signatures.models import Signature
from caucus.statements.models import Statement, StatementVersion

ROWS = {rows}
c = Coalition.objects.create(slug="bench", name="Bench Coalition")
ids = {{}}
for slug in ("big", "small", "bench-baseline"):
    s = Statement.objects.create(slug=slug, author_coalition=c, language="en", status="published",
                                 published_at=timezone.now() - timedelta(days=1))
    v = StatementVersion.objects.create(statement=s, number=1, title="Joint declaration " + slug,
                                        body="We declare. " * 200)
    s.current_version = s.published_version = v
    s.save()
    ids[slug] = s.pk
table = Signature._meta.db_table
cols = ("statement_id, name, name_key, city, country, email, email_index, email_domain, "
        "ip_prefix, language, show_name, may_contact, state, created, confirmed_at")
marks = ", ".join(["%s"] * 15)
sql = f"INSERT INTO {{table}} ({{cols}}) VALUES ({{marks}})"
start = time.time()
base = timezone.now() - timedelta(hours=20)
for slug, n in (("big", ROWS), ("small", 10_000)):
    sid = ids[slug]
    for first in range(0, n, 20_000):
        batch = []
        for i in range(first, min(n, first + 20_000)):
            at = base + timedelta(microseconds=i * 50)
            name = f"Signer {{i}}"
            batch.append((sid, name, name.casefold(), "Rosario", "AR", "",
                          hashlib.sha256(f"{{slug}}{{i}}".encode()).hexdigest(), "example.org",
                          "192.0.2.0/24", "en", i % 10 != 0, False, "confirmed", at, at))
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(sql, batch)
    fold(sid, until=timezone.now())
public = Signature.objects.filter(statement_id=ids["big"], state="confirmed", show_name=True)
cursor_1000 = public.order_by("-id").values_list("id", flat=True)[49_949]
took = round(time.time() - start, 1)
print(json.dumps({{"insert_seconds": took, "page_1000_before": cursor_1000}}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--db", default="sqlite")
    args = parser.parse_args()
    db = args.db
    fresh_database(db if db == "postgres" else "statement-sqlite")
    env = bench_env(db if db == "postgres" else "statement-sqlite")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    setup = json.loads(django_run(env, SETUP.format(rows=args.rows)))
    print(f"{db}: inserted {args.rows:,} + 10,000 confirmed signatures in "
          f"{setup['insert_seconds']} s", flush=True)  # fmt: skip
    with Server(env):
        for path in ("/bench/hello/", "/s/big/", "/s/big/signatures/", "/s/small/signatures/"):
            p50_of(path, n=20)  # warm both workers and the block cache

        def get(path):
            return lambda: (http_request("GET", path), None)

        hello = drive("hello (bare view)", get("/bench/hello/"), lambda s, b: s == 200,
                      seconds=args.seconds, clients=args.clients)  # fmt: skip
        page = drive("statement page (1M)", get("/s/big/"), lambda s, b: s == 200,
                     seconds=args.seconds, clients=args.clients)  # fmt: skip
        ratio = page.rate / hello.rate if hello.rate else 0
        first = p50_of("/s/big/signatures/")
        thousandth = p50_of(f"/s/big/signatures/?before={setup['page_1000_before']}")
        small = p50_of("/s/small/signatures/")
    spread = max(first, thousandth, small) / min(first, thousandth, small)
    print("\n=== summary ===")
    print(f"{db}: statement page {page.rate:.1f}/s vs hello {hello.rate:.1f}/s = {ratio:.0%} "
          f"(target 80%) {'OK' if ratio >= 0.8 else 'MISS'}; "
          f"page p50 {page.pct(50):.1f} ms, p99 {page.pct(99):.1f} ms")  # fmt: skip
    print(f"{db}: names p50: page 1 {first:.2f} ms, page 1,000 {thousandth:.2f} ms, "
          f"10k-statement page 1 {small:.2f} ms → spread {spread:.2f}× (target ≤ 1.3×) "
          f"{'OK' if spread <= 1.3 else 'MISS'}")  # fmt: skip
    return 0 if ratio >= 0.8 and spread <= 1.3 else 1


if __name__ == "__main__":
    sys.exit(main())

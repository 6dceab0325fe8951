"""A signing surge against the server `make run` uses, on SQLite and then on PostgreSQL.

For each database: a fresh database (var/bench/sqlite/, or PostgreSQL caucus_bench_issue4),
bin/serve (granian --workers 3 --blocking-threads 1, and one db_worker), then
  1. baseline: a bare POST view inserting one row into the signatures table (bench/urls.py,
     routed only with CAUCUS_BENCH);
  2. sign: concurrent clients submit the public signing form with unique emails;
  3. wait until the worker has sent every confirmation email (signers confirm from it), and
     report how long that backlog took to drain after the surge;
  4. confirm: the clients press the button behind the confirmation link of every acknowledged
     signature (a POST to the link);
and a check that the confirmed signatures in the database equal the acknowledged
confirmations, with no duplicate, and one email per signature. Each phase also prints the CPU
milliseconds per request used by the web workers, the task worker, PostgreSQL and the load
generator. The load generator is asyncio with raw HTTP/1.1 keep-alive
connections (no dependency), on the same 2-core machine.

    .venv/bin/python bench/sign_surge.py [--seconds 20] [--clients 16] [--db sqlite,postgres]

Also the shared harness of bench/statement_page.py.
"""

import argparse
import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
PG_ADMIN_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PG_BENCH_DB = "caucus_bench_issue4"
PORT = 8770  # issue 4 benchmarks use ports 8770-8779


# --- Environment and server -------------------------------------------------------------


def bench_env(db: str) -> dict[str, str]:
    var = ROOT / "var" / "bench" / db
    env = {
        **os.environ,
        "CAUCUS_BENCH": "true",
        "CAUCUS_VAR_DIR": str(var),
        "EMAIL_BACKEND": "locmem",  # the worker renders and "sends" every email, in memory
        "SIGNATURE_RATE_PER_PREFIX": "0",  # every client is 127.0.0.1: limits off
        "SIGNATURE_RATE_PER_DOMAIN": "0",
        "LOG_LEVEL": "ERROR",
        "DJANGO_SETTINGS_MODULE": "caucus.settings",
    }
    env.pop("DATABASE_URL", None)
    if db == "postgres":
        base, _, _name = PG_ADMIN_URL.rpartition("/")
        env["DATABASE_URL"] = f"{base}/{PG_BENCH_DB}"
    return env


def fresh_database(db: str) -> None:
    var = ROOT / "var" / "bench" / db
    shutil.rmtree(var, ignore_errors=True)
    var.mkdir(parents=True)
    if db == "postgres":
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_BENCH_DB} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {PG_BENCH_DB}")


def manage(env: dict, *args: str) -> None:
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True)


def django_run(env: dict, code: str) -> str:
    """Run Python with Django set up in `env`; returns its stdout (last line is the answer)."""
    prelude = "import django; django.setup()\n"
    out = subprocess.run(
        [PY, "-c", prelude + code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return out.stdout.strip().splitlines()[-1] if out.stdout.strip() else ""


class Server:
    """bin/serve itself, as `make run` starts it: granian and the (niced) db_worker in one
    session, so the scheduler weighs them against each other as in production."""

    def __init__(self, env: dict):
        self.env = {**env, "PY": PY, "PORT": str(PORT), "HOST": "127.0.0.1"}
        self.procs: list[subprocess.Popen] = []

    def __enter__(self) -> "Server":
        log = open(Path(self.env["CAUCUS_VAR_DIR"]) / "serve.log", "ab")  # noqa: SIM115
        self.procs.append(
            subprocess.Popen(
                ["sh", str(ROOT / "bin" / "serve")],
                cwd=ROOT,
                env=self.env,
                start_new_session=True,
                stdout=log,
                stderr=log,
            )
        )
        log.close()  # the server holds its own copy
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2)  # noqa: S310
                return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"the server did not start; see {self.env['CAUCUS_VAR_DIR']}/serve.log")

    def __exit__(self, *exc) -> None:
        for proc in self.procs:
            os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)


# --- Where the CPU goes ---------------------------------------------------------------


def cpu_seconds() -> dict[str, float]:
    """CPU seconds used so far by the web workers, the task worker, PostgreSQL and this
    process (the load generator), read from /proc (Linux)."""
    tick = os.sysconf("SC_CLK_TCK")
    totals = {"web": 0.0, "worker": 0.0, "postgres": 0.0}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        used = (int(fields[11]) + int(fields[12])) / tick  # utime + stime
        if "db_worker" in cmdline:
            totals["worker"] += used
        elif "granian" in cmdline:
            totals["web"] += used
        elif cmdline.startswith("postgres"):
            totals["postgres"] += used
    times = os.times()
    totals["load"] = times.user + times.system
    return totals


def cpu_line(before: dict[str, float], after: dict[str, float], requests: int) -> str:
    per = {k: (after[k] - before[k]) * 1000 / max(requests, 1) for k in before}
    return "    CPU ms per request: " + "  ".join(f"{k} {v:.2f}" for k, v in per.items())


# --- Load generator ---------------------------------------------------------------------


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        body = b""
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip(), 16)
            body += await reader.readexactly(size + 2)
            if size == 0:
                break
    else:
        body = b""
    return status, body


def http_request(method: str, path: str, body: bytes = b"", headers: dict | None = None) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{PORT}"]
    for name, value in (headers or {}).items():
        lines.append(f"{name}: {value}")
    if body or method == "POST":
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


class Result:
    def __init__(self, name: str):
        self.name = name
        self.latencies: list[float] = []
        self.ok = 0
        self.errors = 0
        self.statuses: dict[int, int] = {}
        self.elapsed = 0.0
        self.acknowledged: list = []

    @property
    def rate(self) -> float:
        return self.ok / self.elapsed if self.elapsed else 0.0

    def pct(self, p: float) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000

    def line(self) -> str:
        return (
            f"{self.name:<28} {self.rate:8.1f}/s  p50 {self.pct(50):6.1f} ms  "
            f"p99 {self.pct(99):7.1f} ms  ok {self.ok:6d}  errors {self.errors}  {self.statuses}"
        )


async def _client(make, accept, deadline: float, result: Result) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", PORT)
    try:
        while time.perf_counter() < deadline:
            item = make()
            if item is None:
                break
            raw, key = item
            start = time.perf_counter()
            writer.write(raw)
            await writer.drain()
            status, body = await _read_response(reader)
            result.latencies.append(time.perf_counter() - start)
            result.statuses[status] = result.statuses.get(status, 0) + 1
            if accept(status, body):
                result.ok += 1
                result.acknowledged.append(key)
            else:
                result.errors += 1
    finally:
        writer.close()


def drive(name: str, make, accept, *, seconds: float, clients: int) -> Result:
    """Run `clients` keep-alive connections for `seconds` (or until `make` returns None)."""
    result = Result(name)

    async def main():
        deadline = time.perf_counter() + seconds
        start = time.perf_counter()
        await asyncio.gather(*(_client(make, accept, deadline, result) for _ in range(clients)))
        result.elapsed = time.perf_counter() - start

    asyncio.run(main())
    print(result.line(), flush=True)
    return result


def p50_of(path: str, n: int = 200) -> float:
    """Median latency of `n` sequential GETs of `path` (one connection)."""
    result = Result(path)
    counter = iter(range(n))

    def make():
        return (http_request("GET", path), None) if next(counter, None) is not None else None

    asyncio.run(_client(make, lambda s, b: s == 200, time.perf_counter() + 120, result))
    return result.pct(50)


# --- The surge ----------------------------------------------------------------------------

SETUP = """
from django.utils import timezone
from caucus.coalitions.models import Coalition
from caucus.statements.models import Statement, StatementVersion
c = Coalition.objects.create(slug="bench", name="Bench Coalition")
for slug in ("surge", "bench-baseline"):
    s = Statement.objects.create(slug=slug, author_coalition=c, language="en", status="published",
                                 published_at=timezone.now() - timezone.timedelta(hours=1))
    v = StatementVersion.objects.create(statement=s, number=1, title="Surge", body="We declare.")
    s.current_version = s.published_version = v
    s.save()
print(Statement.objects.get(slug="surge").pk)
"""

MAIL_WAITING = """
from caucus.signatures.models import Signature
print(Signature.objects.filter(statement__slug="surge", state="pending",
                               mail_sent_at__isnull=True).count())
"""

MAIL_LAG = """
import json, statistics
from caucus.signatures.models import Signature
lags = sorted((s.mail_sent_at - s.created).total_seconds() for s in Signature.objects.filter(
    statement__slug="surge", mail_sent_at__isnull=False).only("created", "mail_sent_at"))
print(json.dumps({"sent": len(lags), "p50": statistics.median(lags) if lags else 0,
                  "max": lags[-1] if lags else 0}))
"""


def wait_for_emails(env: dict, timeout: float = 600) -> dict:
    """Real signers confirm from the email: wait until every confirmation email is out and
    report how long the backlog took to drain after the surge, and each email's delay."""
    start = time.perf_counter()
    while int(django_run(env, MAIL_WAITING)) and time.perf_counter() - start < timeout:
        time.sleep(0.5)
    lag = json.loads(django_run(env, MAIL_LAG))
    lag["drained_after"] = time.perf_counter() - start
    print(
        f"emails: {lag['sent']} sent; the last one {lag['drained_after']:.1f} s after the surge "
        f"ended; delay from signing to email p50 {lag['p50']:.1f} s, max {lag['max']:.1f} s",
        flush=True,
    )
    return lag


TOKENS = """
import json
from caucus.signatures.models import Signature
from caucus.signatures.tokens import confirm_tokens
rows = Signature.objects.filter(statement__slug="surge", state="pending")
print(json.dumps([confirm_tokens.make(s.pk, s.token_state()) for s in rows.iterator()]))
"""

VERIFY = """
import json
from django.db.models import Count
from caucus.signatures.counting import confirmed_count, fold
from caucus.signatures.models import Signature
rows = Signature.objects.filter(statement__slug="surge")
dupes = rows.values("email_index").annotate(n=Count("id")).filter(n__gt=1).count()
sid = rows.values_list("statement_id", flat=True).first()
live = confirmed_count(sid)
from django.utils import timezone
fold(sid, until=timezone.now())
print(json.dumps({"rows": rows.count(), "confirmed": rows.filter(state="confirmed").count(),
                  "duplicates": dupes, "live_count": live, "folded_count": confirmed_count(sid)}))
"""


def surge(db: str, *, seconds: float, clients: int) -> dict:
    print(f"\n=== {db}: fresh database, migrate, server ===", flush=True)
    fresh_database(db)
    env = bench_env(db)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    django_run(env, SETUP)
    with Server(env):
        counter = iter(range(10**9))

        def baseline():
            return http_request("POST", "/bench/insert/"), None

        def sign():
            n = next(counter)
            email = f"signer{n}@example{n % 50}.org"
            body = urlencode(
                {"name": f"Signer {n}", "city": "Rosario", "country": "AR", "email": email,
                 "show_name": "on"}
            ).encode()  # fmt: skip
            headers = {"Content-Type": "application/x-www-form-urlencoded"}
            return http_request("POST", "/s/surge/sign/", body, headers), email

        drive("warm-up", baseline, lambda s, b: s == 204, seconds=2, clients=clients)
        cpu = cpu_seconds()
        base = drive("baseline insert", baseline, lambda s, b: s == 204, seconds=seconds,
                     clients=clients)  # fmt: skip
        print(cpu_line(cpu, cpu := cpu_seconds(), base.ok + base.errors), flush=True)
        signed = drive("sign (form, 1 INSERT)", sign, lambda s, b: s == 302, seconds=seconds,
                       clients=clients)  # fmt: skip
        print(cpu_line(cpu, cpu := cpu_seconds(), signed.ok + signed.errors), flush=True)
        mail = wait_for_emails(env)
        tokens = json.loads(django_run(env, TOKENS))
        queue = iter(tokens)

        def confirm():
            token = next(queue, None)
            if token is None:
                return None
            # The email's link shows a button; pressing it POSTs (mail scanners only GET).
            return http_request("POST", f"/s/surge/sign/confirm/{token}/"), token

        confirmed = drive(
            "confirm (link)",
            confirm,
            lambda s, b: s == 200 and b"your signature counts" in b,
            seconds=max(seconds, 120),
            clients=clients,
        )
    check = json.loads(django_run(env, VERIFY))
    lost = len(set(signed.acknowledged)) - check["rows"]
    ok = (
        mail["sent"] == len(signed.acknowledged)
        and check["duplicates"] == 0
        and lost == 0
        and check["confirmed"] == confirmed.ok
        and check["live_count"] == confirmed.ok == check["folded_count"]
    )
    ratio = signed.rate / base.rate if base.rate else 0.0
    print(
        f"{db}: signing at {ratio:.0%} of the baseline; acknowledged {len(signed.acknowledged)} "
        f"signatures, {check['rows']} rows (lost {lost}, duplicates {check['duplicates']}); "
        f"confirmed {confirmed.ok} acknowledged, {check['confirmed']} in the database, live count "
        f"{check['live_count']}, after folding {check['folded_count']} → {'OK' if ok else 'FAIL'}",
        flush=True,
    )
    return {"db": db, "baseline": base, "sign": signed, "confirm": confirmed, "ratio": ratio,
            "ok": ok, "check": check, "lost": lost, "mail": mail}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--db", default="sqlite,postgres")
    args = parser.parse_args()
    results = []
    for db in args.db.split(","):
        if db == "postgres":
            try:
                import psycopg

                psycopg.connect(PG_ADMIN_URL, connect_timeout=2).close()
            except Exception:  # noqa: BLE001
                print(f"PostgreSQL at {PG_ADMIN_URL} does not answer: skipped.")
                continue
        results.append(surge(db, seconds=args.seconds, clients=args.clients))
    print("\n=== summary ===")
    for r in results:
        print(
            f"{r['db']:<9} baseline {r['baseline'].rate:7.1f}/s  sign {r['sign'].rate:7.1f}/s "
            f"(p50 {r['sign'].pct(50):.1f} ms, p99 {r['sign'].pct(99):.1f} ms, "
            f"errors {r['sign'].errors})  ratio {r['ratio']:.0%} (target 60%)  confirm "
            f"{r['confirm'].rate:7.1f}/s  lost {r['lost']} dup {r['check']['duplicates']}  "
            f"emails drained {r['mail']['drained_after']:.0f} s after the surge  "
            f"{'OK' if r['ok'] else 'FAIL'}"
        )
    return 0 if all(r["ok"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())

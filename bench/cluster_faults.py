"""A signing surge through the reference cluster (bin/cluster), with faults along the way.

Starts `bin/cluster --fresh --bench` on its own ports (8790-8798, data in var/bench/cluster),
then drives the public signing form through HAProxy from many source networks: each client
connection is bound to a loopback address of its own /24 (127.1.0.x, 127.1.1.x, ...; Linux
routes all of 127/8 to loopback), HAProxy passes it on in X-Forwarded-For, and the app counts
its rate limits per /24 (default limits, untouched). Phases, each on a statement of its own:

  baseline   bare GET /bench/hello/ and bare POST /bench/insert/ through the balancer
  control    signing, no fault: signatures/s, p50/p99, ratio to the baselines
  faults     signing for --seconds; kill -9 of one app server, then of a task worker that
             holds leased unsent emails, then of Redis; the cluster's supervisor starts each
             again 3 s later
  rolling    signing while `bin/cluster rolling-restart` drains and restarts both app servers
  postgres   signing while the cluster's private PostgreSQL is stopped and started again

After each phase it waits until every confirmation email is out, then checks: acknowledged
signatures (302), lost (acknowledged but not in the database: must be 0), duplicated (rows
sharing an email: 0), throttled (429: 0), emails at the SMTP sink per acknowledged signer
(exactly one each), and client-visible errors per fault window (< 1% of its requests; a 503
with Retry-After while PostgreSQL is down is the designed answer and counted apart). Exits
non-zero when a check fails.

    .venv/bin/python bench/cluster_faults.py [--seconds 30] [--clients 24] [--networks 400]
"""

import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

from sign_surge import PY, ROOT, Result, _read_response, http_request
from sign_surge import django_run as _django_run

sys.path.insert(0, str(ROOT))
from caucus.lib.localservers import PostgresServer  # noqa: E402

BASE_PORT = 8790
CLUSTER_DIR = ROOT / "var" / "bench" / "cluster"
WINDOW = 8.0  # seconds after a fault during which its errors are counted
REQUESTS_PER_CONNECTION = 4


class Cluster:
    """bin/cluster in a session of its own; state.json says where everything is."""

    def __enter__(self) -> "Cluster":
        CLUSTER_DIR.mkdir(parents=True, exist_ok=True)
        (CLUSTER_DIR / "state.json").unlink(missing_ok=True)
        self.env = {**os.environ, "CLUSTER_DIR": str(CLUSTER_DIR), "PY": PY}
        log = open(CLUSTER_DIR / "cluster.log", "wb")  # noqa: SIM115
        self.process = subprocess.Popen(
            [str(ROOT / "bin" / "cluster"), "--fresh", "--bench", "--base-port", str(BASE_PORT)],
            cwd=ROOT, env=self.env, stdout=log, stderr=log, start_new_session=True,
        )  # fmt: skip
        deadline = time.time() + 300
        while not self.state().get("ready"):
            if self.process.poll() is not None or time.time() > deadline:
                raise RuntimeError(f"the cluster did not start; see {CLUSTER_DIR}/cluster.log")
            time.sleep(0.5)
        self.django_env = {**os.environ, **self.state()["env"]}
        self.django_env.pop("CAUCUS_BENCH", None)
        return self

    def state(self) -> dict:
        try:
            return json.loads((CLUSTER_DIR / "state.json").read_text())
        except (OSError, ValueError):
            return {}

    def pid(self, name: str) -> int:
        return self.state()["children"][name]["pid"]

    def postgres(self) -> PostgresServer:
        pg = self.state()["postgres"]
        return PostgresServer(Path(pg["datadir"]), pg["port"])

    def __exit__(self, *exc) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)


# --- Load from many networks ---------------------------------------------------------------


def source_address(network: int) -> str:
    """A host in the network-th /24 of 127.1.0.0/16 and up."""
    return f"127.{1 + network // 256}.{network % 256}.{random.randint(1, 254)}"


class Log(Result):
    """A Result that also keeps (end time, outcome) of each request for the fault windows."""

    def __init__(self, name: str):
        super().__init__(name)
        self.events: list[tuple[float, str]] = []
        self.origin = time.perf_counter()

    def record(self, status: int | None, latency: float, ok: bool) -> None:
        outcome = "ok" if ok else {429: "throttled", 503: "unavailable"}.get(status, "error")
        self.events.append((time.perf_counter() - self.origin, outcome))
        self.statuses[status or 0] = self.statuses.get(status or 0, 0) + 1
        if ok:
            self.ok += 1
            self.latencies.append(latency)
        else:
            self.errors += 1


async def _client(make, accept, deadline: float, log: Log, networks: int) -> None:
    while time.perf_counter() < deadline:
        try:
            reader, writer = await asyncio.open_connection(
                "127.0.0.1", BASE_PORT, local_addr=(source_address(random.randrange(networks)), 0)
            )
        except OSError:
            log.record(None, 0, False)
            await asyncio.sleep(0.1)
            continue
        try:
            for _ in range(REQUESTS_PER_CONNECTION):
                if time.perf_counter() >= deadline:
                    break
                raw, key = make()
                start = time.perf_counter()
                writer.write(raw)
                await writer.drain()
                status, body = await asyncio.wait_for(_read_response(reader), 30)
                ok = accept(status, body)
                log.record(status, time.perf_counter() - start, ok)
                if ok and key is not None:
                    log.acknowledged.append(key)
                if status >= 500:
                    break  # HAProxy may close after an error: start afresh
        except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError):
            log.record(None, 0, False)
        finally:
            writer.close()


def drive(name, make, accept, *, seconds, clients, networks, during=None) -> Log:
    """`clients` connections for `seconds`; `during(log)` runs alongside (the faults)."""
    log = Log(name)

    async def main():
        deadline = time.perf_counter() + seconds
        jobs = [_client(make, accept, deadline, log, networks) for _ in range(clients)]
        if during is not None:
            jobs.append(asyncio.to_thread(during, log))
        await asyncio.gather(*jobs)
        log.elapsed = time.perf_counter() - log.origin

    asyncio.run(main())
    print(log.line(), flush=True)
    return log


def signer(phase: str):
    counter = iter(range(10**9))
    headers = {"Content-Type": "application/x-www-form-urlencoded"}

    def make():
        n = next(counter)
        email = f"{phase}{n}@example{n % 500}.org"
        body = urlencode({"name": f"Signer {n}", "city": "Rosario", "country": "AR",
                          "email": email, "show_name": "on"}).encode()  # fmt: skip
        return http_request("POST", f"/s/{phase}/sign/", body, headers), email

    return make


def signed(status: int, body: bytes) -> bool:
    return status == 302


# --- Data and checks (run with the cluster's settings) --------------------------------------


def django_run(env: dict, code: str, attempts: int = 5) -> str:
    """sign_surge's django_run, tried again when the check fails to start (a database that is
    coming back, or a working tree that others are editing mid-run)."""
    for attempt in range(attempts):
        try:
            return _django_run(env, code)
        except subprocess.CalledProcessError as failure:
            if attempt == attempts - 1:
                raise
            print(f"(check failed, retrying: {failure.stderr.strip().splitlines()[-1:]})")
            time.sleep(3)
    return ""


PHASES = ("control", "faults", "rolling", "postgres")
SETUP = """
from django.utils import timezone
from caucus.coalitions.models import Coalition
from caucus.statements.models import Statement, StatementVersion
c = Coalition.objects.create(slug="bench", name="Bench Coalition")
for slug in ("bench-baseline", "control", "faults", "rolling", "postgres"):
    s = Statement.objects.create(slug=slug, author_coalition=c, language="en", status="published",
                                 published_at=timezone.now() - timezone.timedelta(hours=1))
    v = StatementVersion.objects.create(statement=s, number=1, title="Surge", body="We declare.")
    s.current_version = s.published_version = v
    s.save()
print("ok")
"""
WAITING = """
from caucus.signatures.models import Signature
print(Signature.objects.filter(statement__slug=%r, state="pending",
                               mail_sent_at__isnull=True).count())
"""
LEASES = """
from django.utils import timezone
from caucus.signatures.models import Signature
print(list(Signature.objects.filter(mail_sent_at__isnull=True, mail_lease_until__gt=timezone.now())
           .values_list("mail_worker", flat=True)))
"""
VERIFY = """
import json, os
from django.db.models import Count
from caucus.lib.crypto import email_index
from caucus.signatures.models import Signature
acknowledged = json.load(open(os.environ["BENCH_ACK"]))
rows = Signature.objects.filter(statement__slug=os.environ["BENCH_PHASE"])
stored = set(rows.values_list("email_index", flat=True))
found = sum(1 for e in acknowledged if email_index(e) in stored)
dupes = rows.values("email_index").annotate(n=Count("id")).filter(n__gt=1).count()
print(json.dumps({"rows": rows.count(), "found": found, "duplicated": dupes}))
"""


def wait_for_emails(cluster: Cluster, phase: str, stall: float = 90) -> float:
    """Seconds until no signer of `phase` waits for the email. Gives up only when nothing was
    sent for `stall` seconds (longer than a killed worker's lease): on a busy machine the
    workers' small CPU budget makes the backlog slow, not stuck."""
    start = last_change = time.perf_counter()
    last = None
    while waiting := int(django_run(cluster.django_env, WAITING % phase)):
        if waiting != last:
            last, last_change = waiting, time.perf_counter()
        elif time.perf_counter() - last_change > stall:
            break
        time.sleep(1)
    time.sleep(1)  # the sink writes the last message's line after answering
    return time.perf_counter() - start


def check(cluster: Cluster, phase: str, log: Log) -> dict:
    drained = wait_for_emails(cluster, phase)
    ack_file = CLUSTER_DIR / f"{phase}-acknowledged.json"
    ack_file.write_text(json.dumps(log.acknowledged))
    env = {**cluster.django_env, "BENCH_ACK": str(ack_file), "BENCH_PHASE": phase}
    db = json.loads(django_run(env, VERIFY))
    sent = Counter()
    for line in (CLUSTER_DIR / "mail.jsonl").read_text().splitlines():
        for to in json.loads(line)["to"]:
            sent[to] += 1
    per_signer = Counter(min(sent[email], 2) for email in log.acknowledged)
    ids = [
        json.loads(line)["message_id"]
        for line in (CLUSTER_DIR / "mail.jsonl").read_text().splitlines()
    ]
    return {
        "phase": phase,
        "requests": len(log.events),
        "acknowledged": len(log.acknowledged),
        "lost": len(log.acknowledged) - db["found"],
        "duplicated": db["duplicated"],
        "stored_unacknowledged": db["rows"] - db["found"],
        "throttled": log.statuses.get(429, 0),
        "one_email": per_signer[1],
        "no_email": per_signer[0],
        "several_emails": per_signer[2],
        "message_ids_repeated": len(ids) - len(set(ids)),
        "errors": sum(1 for _t, o in log.events if o == "error"),
        "unavailable": sum(1 for _t, o in log.events if o == "unavailable"),
        "emails_drained_after": drained,
    }


# --- The faults --------------------------------------------------------------------------


def at(log: Log, seconds: float) -> float:
    time.sleep(max(0.0, log.origin + seconds - time.perf_counter()))
    return time.perf_counter() - log.origin


def leased_worker(cluster: Cluster) -> tuple[str, int]:
    """The task worker holding leased, unsent emails right now (else worker1), and how many."""
    pids = {cluster.pid(name): name for name in ("worker1", "worker2")}
    deadline = time.time() + 5
    while time.time() < deadline:
        held = Counter(int(w.split("-")[0]) for w in json.loads(
            django_run(cluster.django_env, LEASES).replace("'", '"')) if w)  # fmt: skip
        for pid, count in held.most_common():
            if pid in pids:
                return pids[pid], count
        time.sleep(0.2)
    return "worker1", 0


def fault_schedule(cluster: Cluster, marks: list):
    def run(log: Log) -> None:
        t = at(log, 4)
        os.killpg(cluster.pid("app1"), signal.SIGKILL)
        marks.append(("kill -9 app server 1", t))
        at(log, 12)
        name, held = leased_worker(cluster)
        t = time.perf_counter() - log.origin
        os.killpg(cluster.pid(name), signal.SIGKILL)
        marks.append((f"kill -9 {name} (held {held} leased emails)", t))
        t = at(log, max(20, marks[-1][1] + WINDOW))  # its own window, after the worker's
        os.killpg(cluster.pid("redis"), signal.SIGKILL)
        marks.append(("kill -9 Redis", t))

    return run


def rolling_schedule(cluster: Cluster, marks: list):
    def run(log: Log) -> None:
        t = at(log, 3)
        marks.append(("rolling restart of both app servers", t))
        subprocess.run([str(ROOT / "bin" / "cluster"), "rolling-restart"], cwd=ROOT,
                       env=cluster.env, check=True, stdout=subprocess.DEVNULL)  # fmt: skip
        marks.append(("rolling restart done", time.perf_counter() - log.origin))

    return run


def postgres_schedule(cluster: Cluster, marks: list):
    def run(log: Log) -> None:
        pg = cluster.postgres()
        t = at(log, 5)
        pg.stop()
        marks.append(("PostgreSQL stopped", t))
        t = at(log, 10)
        pg.start()
        marks.append(("PostgreSQL started", t))

    return run


def windows(log: Log, marks: list) -> list[dict]:
    rows = []
    for label, start in marks:
        inside = [o for t, o in log.events if start <= t < start + WINDOW]
        errors = inside.count("error")
        rows.append({"fault": label, "at": start, "requests": len(inside), "errors": errors,
                     "unavailable": inside.count("unavailable"),
                     "share": errors / len(inside) if inside else 0.0})  # fmt: skip
    return rows


# --- The run -------------------------------------------------------------------------------


def run_phase(cluster, phase, schedule, args) -> tuple[dict, list[dict], Log]:
    print(f"\n=== {phase} ===", flush=True)
    marks: list = []
    during = schedule(cluster, marks) if schedule else None
    log = drive(phase, signer(phase), signed, seconds=args.seconds, clients=args.clients,
                networks=args.networks, during=during)  # fmt: skip
    result = check(cluster, phase, log)
    print(json.dumps(result), flush=True)
    return result, windows(log, marks), log


def report(results, fault_windows, control, hello, insert) -> bool:
    print(f"\n=== summary (load average now {os.getloadavg()[0]:.1f}) ===")
    print(
        "| phase | requests | acknowledged | lost | duplicated | throttled (429) | "
        "emails: exactly one / none / more | client errors | 503 (database down) |"
    )
    ok = True
    for r in results:
        print(
            f"| {r['phase']} | {r['requests']:,} | {r['acknowledged']:,} | {r['lost']} | "
            f"{r['duplicated']} | {r['throttled']} | {r['one_email']:,} / {r['no_email']} / "
            f"{r['several_emails']} | {r['errors']} | {r['unavailable']} |"
        )
        ok &= r["lost"] == r["duplicated"] == r["throttled"] == 0
        ok &= r["one_email"] == r["acknowledged"]
    print("\n| fault | at | requests in the next 8 s | errors | share | 503 |")
    for w in fault_windows:
        print(
            f"| {w['fault']} | {w['at']:.1f} s | {w['requests']:,} | {w['errors']} | "
            f"{w['share']:.2%} | {w['unavailable']} |"
        )
        ok &= w["share"] < 0.01
    print(f"\nthroughput through HAProxy: bare GET {hello.rate:.1f}/s, bare POST insert "
          f"{insert.rate:.1f}/s, signing {control.rate:.1f}/s (p50 {control.pct(50):.1f} ms, "
          f"p99 {control.pct(99):.1f} ms) = {control.rate / insert.rate:.0%} of the insert, "
          f"{control.rate / hello.rate:.0%} of the GET")  # fmt: skip
    print("RESULT:", "OK" if ok else "FAIL")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--clients", type=int, default=24)
    parser.add_argument("--networks", type=int, default=400, help="distinct /24s (≤ 65,000)")
    parser.add_argument("--phases", default=",".join(PHASES))
    args = parser.parse_args()
    missing = [tool for tool in ("haproxy", "redis-server") if shutil.which(tool) is None]
    if missing:
        print(f"Missing {', '.join(missing)}: run `make cluster-tools` (Debian packages).")
        return 2
    print(f"load average before: {os.getloadavg()}", flush=True)
    with Cluster() as cluster:
        django_run(cluster.django_env, SETUP)
        kw = {"seconds": 15, "clients": args.clients, "networks": args.networks}
        get, post = http_request("GET", "/bench/hello/"), http_request("POST", "/bench/insert/")
        hello = drive("bare GET /bench/hello/", lambda: (get, None), lambda s, b: s == 200, **kw)
        insert = drive(
            "bare POST /bench/insert/", lambda: (post, None), lambda s, b: s == 204, **kw
        )
        schedules = {"control": None, "faults": fault_schedule, "rolling": rolling_schedule,
                     "postgres": postgres_schedule}  # fmt: skip
        results, fault_windows, control = [], [], None
        for phase in args.phases.split(","):
            result, marks, log = run_phase(cluster, phase, schedules[phase], args)
            results.append(result)
            fault_windows += marks
            control = log if phase == "control" else control
    return 0 if report(results, fault_windows, control or log, hello, insert) else 1


if __name__ == "__main__":
    sys.exit(main())

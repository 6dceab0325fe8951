"""The reference topology on one machine: HAProxy in front of two granian app servers and two
task workers, on a private PostgreSQL and a Redis of its own, with an SMTP sink.

    bin/cluster [--fresh] [--base-port 8780]     start it; Ctrl-C (or SIGTERM) stops it all
    bin/cluster rolling-restart                 restart the app servers one at a time

Everything lives in var/cluster/ (CLUSTER_DIR): the PostgreSQL data directory (kept between
runs unless --fresh), logs, the recorded mail (mail.jsonl), each app server's metrics folder
(metrics/app1, metrics/app2) and state.json, which names every process and port for
bench/cluster_faults.py. /metrics answers on each app server to the METRICS_TOKEN made at each
start (printed with the addresses, kept in state.json). A child that dies is started again after
--restart-delay seconds, as systemd's Restart= would; PostgreSQL is started with pg_ctl and
left to the operator (or the benchmark) to stop and start. Never touches the shared
PostgreSQL (5432) or Redis (6379).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from caucus.lib.localservers import PostgresServer, wait_for_port  # noqa: E402
from caucus.lib.smtpsink import SmtpSink  # noqa: E402

PY = os.environ.get("PY", str(ROOT / ".venv" / "bin" / "python"))
GRANIAN = str(Path(PY).parent / "granian")
CLUSTER_DIR = Path(os.environ.get("CLUSTER_DIR", ROOT / "var" / "cluster"))
STATE = CLUSTER_DIR / "state.json"
# Each app server's granian workers count requests into memory-mapped files in a folder of its
# own, which a scrape of that server adds up (caucus/ops/metrics.py); emptied at each start,
# as systemd's RuntimeDirectory= would be. The task workers count into the database only.
METRICS_DIR = CLUSTER_DIR / "metrics"
# The task workers get a CPU budget of their own, below the web's: a session (autogroup) with
# weight nice 10, about a tenth of the CPU while the app servers are busy, all of it when they
# are idle. Not SCHED_IDLE: on a machine that other work keeps busy an idle-class worker would
# never run, and the emails would wait for as long as the load lasts. WORKER_NICE=19 is what
# bin/serve uses; on real machines the workers run on their own.
LOW_PRIORITY = (
    'n="${WORKER_NICE:-10}"; { echo "$n" > /proc/self/autogroup; } 2>/dev/null; '
    'exec nice -n "$n" "$@"'
)


@dataclass
class Ports:
    base: int

    @property
    def lb(self) -> int:
        return self.base

    @property
    def apps(self) -> list[int]:
        return [self.base + 1, self.base + 2]

    @property
    def postgres(self) -> int:
        return self.base + 5

    @property
    def redis(self) -> int:
        return self.base + 6

    @property
    def smtp(self) -> int:
        return self.base + 7

    @property
    def stats(self) -> int:
        return self.base + 8


@dataclass
class Child:
    """One supervised process: started again `delay` seconds after it dies."""

    name: str
    command: list[str]
    env: dict[str, str]
    port: int | None = None
    process: subprocess.Popen | None = None
    restarts: int = 0
    died_at: float | None = None
    extra: dict = field(default_factory=dict)
    fresh_dir: Path | None = None  # emptied before each start (an app server's metrics)

    def start(self) -> None:
        if self.fresh_dir is not None:
            shutil.rmtree(self.fresh_dir, ignore_errors=True)
            self.fresh_dir.mkdir(parents=True)
        log = open(CLUSTER_DIR / "logs" / f"{self.name}.log", "ab")  # noqa: SIM115
        self.process = subprocess.Popen(  # noqa: S603
            self.command, cwd=ROOT, env=self.env, stdout=log, stderr=log, start_new_session=True
        )
        log.close()
        self.died_at = None

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, timeout: float = 10) -> None:
        if self.process is None or not self.alive():
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def metrics_token() -> str:
    """The bearer token /metrics answers to: METRICS_TOKEN if exported, else a new one."""
    return os.environ.get("METRICS_TOKEN") or secrets.token_urlsafe(32)


def cluster_settings(ports: Ports, *, bench: bool, token: str) -> dict[str, str]:
    """The environment every Caucus process of the cluster shares (also in state.json)."""
    env = {
        "DJANGO_SETTINGS_MODULE": "caucus.settings",
        "CAUCUS_VAR_DIR": str(CLUSTER_DIR / "var"),  # one set of keys for every process
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{ports.postgres}/caucus",
        "REDIS_URL": f"redis://127.0.0.1:{ports.redis}/0",
        "BEHIND_PROXY": "true",
        "TRUSTED_PROXIES": "127.0.0.1",
        "EMAIL_BACKEND": "smtp",
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(ports.smtp),
        "SMTP_TLS": "false",
        "SITE_URL": f"http://127.0.0.1:{ports.lb}",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"),
        "METRICS_TOKEN": token,
    }
    if bench:
        env["CAUCUS_BENCH"] = "true"  # the baselines of bench/urls.py
    return env


def app_env(ports: Ports, *, bench: bool, token: str) -> dict[str, str]:
    """The shell's environment with the cluster's settings; a PROMETHEUS_MULTIPROC_DIR of the
    shell's is dropped: only app servers get one, each its own (app_server_env)."""
    inherited = {k: v for k, v in os.environ.items() if k != "PROMETHEUS_MULTIPROC_DIR"}
    return {**inherited, **cluster_settings(ports, bench=bench, token=token)}


def app_server_env(env: dict[str, str], name: str) -> dict[str, str]:
    return {**env, "PROMETHEUS_MULTIPROC_DIR": str(METRICS_DIR / name)}


def haproxy_env(ports: Ports) -> dict[str, str]:
    return {
        **os.environ,
        "CAUCUS_HAPROXY_SOCKET": str(CLUSTER_DIR / "haproxy.sock"),
        "CAUCUS_LB_ADDRESS": f"127.0.0.1:{ports.lb}",
        "CAUCUS_APP1": f"127.0.0.1:{ports.apps[0]}",
        "CAUCUS_APP2": f"127.0.0.1:{ports.apps[1]}",
        "CAUCUS_STATS_ADDRESS": f"127.0.0.1:{ports.stats}",
    }


def prepare_database(pg: PostgresServer, env: dict[str, str], *, fresh: bool) -> None:
    """Initialize the private cluster on first use, then migrate (safe to repeat)."""
    new = fresh or not (pg.datadir / "PG_VERSION").exists()
    if new:
        print(f"Creating a private PostgreSQL cluster in {pg.datadir} …", flush=True)
        pg.init()
    pg.start()
    if new:
        pg.create_database("caucus")
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run([PY, "manage.py", *command, "-v0"], cwd=ROOT, env=env, check=True)  # noqa: S603
    if new:
        demo = {**env, "CAUCUS_DEMO": "true"}
        subprocess.run([PY, "manage.py", "loaddemo"], cwd=ROOT, env=demo, check=True)  # noqa: S603
    for command in ("schedule_housekeeping", "schedule_webhook_retries"):
        subprocess.run([PY, "manage.py", command, "-v0"], cwd=ROOT, env=env, check=True)  # noqa: S603


def children(ports: Ports, env: dict[str, str]) -> list[Child]:
    apps = [
        Child(
            f"app{n + 1}",
            [
                GRANIAN,
                "--interface",
                "wsgi",
                "--workers",
                os.environ.get("WEB_WORKERS", "2"),
                "--blocking-threads",
                "1",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--log-level",
                "warning",
                "caucus.wsgi:application",
            ],
            app_server_env(env, f"app{n + 1}"),
            port=port,
            fresh_dir=METRICS_DIR / f"app{n + 1}",
        )  # fmt: skip
        for n, port in enumerate(ports.apps)
    ]
    workers = [
        Child(
            f"worker{n + 1}",
            [
                "sh",
                "-c",
                LOW_PRIORITY,
                "sh",
                PY,
                "manage.py",
                "db_worker",
                "--no-reload",
                "--no-startup-delay",
                "--worker-id",
                f"cluster-worker{n + 1}",
            ],
            env,
        )  # fmt: skip
        for n in range(2)
    ]
    redis_args = ["redis-server", "--port", str(ports.redis), "--bind", "127.0.0.1",
                  "--save", "", "--appendonly", "no"]  # fmt: skip
    cache = Child("redis", redis_args, env, port=ports.redis)
    haproxy = Child(
        "haproxy", ["haproxy", "-W", "-db", "-f", str(ROOT / "deploy" / "haproxy.cfg")],
        haproxy_env(ports), port=ports.lb,
    )  # fmt: skip
    return [cache, *apps, *workers, haproxy]


def write_state(
    ports: Ports, kids: list[Child], pg: PostgresServer, ready: bool, settings: dict[str, str]
) -> None:
    state = {
        "ready": ready,
        "base_port": ports.base,
        "url": f"http://127.0.0.1:{ports.lb}",
        "stats": f"http://127.0.0.1:{ports.stats}/",
        "haproxy_socket": str(CLUSTER_DIR / "haproxy.sock"),
        "smtp": {"port": ports.smtp, "record": str(CLUSTER_DIR / "mail.jsonl")},
        "postgres": {"port": pg.port, "datadir": str(pg.datadir), "url": pg.url("caucus")},
        "metrics": [f"http://127.0.0.1:{port}/metrics" for port in ports.apps],
        "env": settings,
        "children": {
            kid.name: {
                "pid": kid.process.pid if kid.alive() else None,
                "port": kid.port,
                "restarts": kid.restarts,
            }
            for kid in kids
        },  # fmt: skip
    }
    tmp = STATE.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, indent=2))
    tmp.replace(STATE)


def healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:  # noqa: S310
            return r.status == 200
    except OSError:
        return False


def wait_healthy(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not healthy(port):
        if time.monotonic() > deadline:
            raise RuntimeError(f"the app server on {port} did not become healthy")
        time.sleep(0.2)


def run(args: argparse.Namespace) -> int:
    ports = Ports(args.base_port)
    for folder in ("logs", "var"):
        (CLUSTER_DIR / folder).mkdir(parents=True, exist_ok=True)
    token = metrics_token()
    settings = cluster_settings(ports, bench=args.bench, token=token)
    env = app_env(ports, bench=args.bench, token=token)
    pg = PostgresServer(CLUSTER_DIR / "pg", ports.postgres)
    (CLUSTER_DIR / "mail.jsonl").unlink(missing_ok=True)
    sink = SmtpSink(port=ports.smtp, record=CLUSTER_DIR / "mail.jsonl").start()
    kids = children(ports, env)
    stopping = threading.Event()

    def stop(*_args) -> None:
        stopping.set()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        prepare_database(pg, env, fresh=args.fresh)
        for kid in kids:
            kid.start()
            if kid.name == "redis":
                wait_for_port(ports.redis)
        for port in ports.apps:
            wait_healthy(port)
        wait_for_port(ports.lb)
        write_state(ports, kids, pg, ready=True, settings=settings)
        announce(ports, pg, token)
        supervise(
            kids,
            lambda: write_state(ports, kids, pg, ready=True, settings=settings),
            args.restart_delay,
            stopping,
        )
    finally:
        print("\nStopping the cluster …", flush=True)
        for kid in reversed(kids):  # the balancer first, Redis last
            kid.stop()
        sink.stop()
        pg.stop()
        write_state(ports, kids, pg, ready=False, settings=settings)
        print("Stopped.", flush=True)
    return 0


def supervise(kids: list[Child], save, delay: float, stopping: threading.Event) -> None:
    """Start again, `delay` seconds later, any child that died (a crash, a kill -9, a
    rolling restart's SIGTERM); keep state.json current for the benchmark."""
    while not stopping.wait(0.2):
        changed = False
        for kid in kids:
            if kid.alive():
                continue
            now = time.monotonic()
            if kid.died_at is None:
                kid.died_at = now
                print(f"{kid.name} exited; starting it again in {delay:g} s", flush=True)
                changed = True
            elif now - kid.died_at >= delay:
                kid.restarts += 1
                kid.start()
                changed = True
        if changed:
            save()


def announce(ports: Ports, pg: PostgresServer, token: str) -> None:
    metrics = "  ".join(f"http://127.0.0.1:{port}/metrics" for port in ports.apps)
    print(
        f"""
Caucus cluster is up (state in {STATE}):
  site (HAProxy)      http://127.0.0.1:{ports.lb}/
  HAProxy stats       http://127.0.0.1:{ports.stats}/
  app servers         http://127.0.0.1:{ports.apps[0]}/  http://127.0.0.1:{ports.apps[1]}/
  task workers        2 (db_worker, a CPU budget below the web's)
  PostgreSQL          {pg.url("caucus")}  (data in {pg.datadir})
  Redis               redis://127.0.0.1:{ports.redis}/0
  SMTP sink           127.0.0.1:{ports.smtp}, messages in {CLUSTER_DIR / "mail.jsonl"}
  metrics             {metrics}
                      (scrape each app server; header  Authorization: Bearer {token})
Demo accounts: see `manage.py loaddemo` above. Ctrl-C stops everything.""",
        flush=True,
    )


def haproxy_command(command: str) -> str:
    import socket

    state = json.loads(STATE.read_text())
    with socket.socket(socket.AF_UNIX) as sock:
        sock.connect(state["haproxy_socket"])
        sock.sendall(command.encode() + b"\n")
        chunks = []
        while data := sock.recv(65536):
            chunks.append(data)
    return b"".join(chunks).decode()


def current_sessions(server: str) -> int:
    """Requests HAProxy has in flight to `server` (scur in `show stat`)."""
    lines = haproxy_command("show stat").splitlines()
    header = lines[0].lstrip("# ").split(",")
    for line in lines[1:]:
        row = dict(zip(header, line.split(","), strict=False))
        if row.get("pxname") == "caucus" and row.get("svname") == server:
            return int(row["scur"] or 0)
    return 0


def rolling_restart(args: argparse.Namespace) -> int:
    """Drain one app server, wait for its requests to finish, restart it, wait for /healthz,
    put it back; then the next. The supervisor of the running cluster does the restart."""
    state = json.loads(STATE.read_text())
    for name in ("app1", "app2"):
        child = state["children"][name]
        for server in (name, f"{name}-fallback"):
            haproxy_command(f"set server caucus/{server} state drain")
        deadline = time.monotonic() + 30
        while current_sessions(name) and time.monotonic() < deadline:
            time.sleep(0.1)
        old_pid = child["pid"]
        print(f"{name}: drained; restarting pid {old_pid}", flush=True)
        os.killpg(old_pid, signal.SIGTERM)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            fresh = json.loads(STATE.read_text())["children"][name]["pid"]
            if fresh and fresh != old_pid and healthy(child["port"]):
                break
            time.sleep(0.2)
        else:
            raise RuntimeError(f"{name} did not come back")
        for server in (name, f"{name}-fallback"):
            haproxy_command(f"set server caucus/{server} state ready")
        print(f"{name}: back in rotation", flush=True)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", nargs="?", default="run", choices=["run", "rolling-restart"])
    parser.add_argument("--base-port", type=int, default=int(os.environ.get("CLUSTER_PORT", 8780)))
    parser.add_argument("--fresh", action="store_true", help="a new database (loses the old)")
    parser.add_argument("--bench", action="store_true", help="route bench/'s baselines")
    parser.add_argument("--restart-delay", type=float, default=3.0)
    args = parser.parse_args()
    return rolling_restart(args) if args.action == "rolling-restart" else run(args)


if __name__ == "__main__":
    sys.exit(main())

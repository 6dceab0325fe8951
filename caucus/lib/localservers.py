"""Private Redis and PostgreSQL servers on ports of their own, for bin/cluster and fault tests.

Fault tests and the cluster benchmark stop and kill these; they never touch the shared servers
on 5432 and 6379. PostgreSQL refuses to run as root, so as root its commands run as the
`postgres` system user, in a data directory that user owns.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess  # noqa: S404 — starts the fixed server programs with arguments we build
import time
from pathlib import Path


def free_port() -> int:
    """A TCP port nobody listens on right now (the kernel's choice)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    try:
        socket.create_connection((host, port), timeout=0.2).close()
    except OSError:
        return False
    return True


def wait_for_port(port: int, *, timeout: float = 30, closed: bool = False) -> None:
    deadline = time.monotonic() + timeout
    while port_open(port) == closed:
        if time.monotonic() > deadline:
            raise RuntimeError(f"port {port} still {'open' if closed else 'closed'}")
        time.sleep(0.05)


class RedisServer:
    """A redis-server without persistence (a restart empties it, as a crash would)."""

    def __init__(self, port: int | None = None, *, log: Path | None = None) -> None:
        self.port = port or free_port()
        self.log = log
        self.process: subprocess.Popen | None = None

    @staticmethod
    def available() -> bool:
        return shutil.which("redis-server") is not None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        args = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        args += ["--save", "", "--appendonly", "no", "--protected-mode", "no"]
        out = open(self.log, "ab") if self.log else subprocess.DEVNULL  # noqa: SIM115
        self.process = subprocess.Popen(args, stdout=out, stderr=out, start_new_session=True)  # noqa: S603
        wait_for_port(self.port)
        return self

    def signal(self, signum: int) -> None:
        if self.process and self.process.poll() is None:
            os.kill(self.process.pid, signum)

    def kill(self) -> None:
        """kill -9, as a crash."""
        self.signal(signal.SIGKILL)
        if self.process:
            self.process.wait()
        wait_for_port(self.port, closed=True)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _pg_bindir() -> Path | None:
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(candidate, "pg_ctl").exists():
            return Path(candidate)
    found = shutil.which("pg_ctl")
    return Path(found).parent if found else None


class PostgresServer:
    """A PostgreSQL cluster of its own (initdb + pg_ctl), trust authentication on 127.0.0.1."""

    def __init__(self, datadir: Path, port: int | None = None, *, durable: bool = True) -> None:
        self.datadir = Path(datadir)
        self.port = port or free_port()
        self.durable = durable  # False for tests: no fsync
        self.bindir = _pg_bindir()

    @staticmethod
    def available() -> bool:
        return _pg_bindir() is not None

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        if self.bindir is None:
            raise RuntimeError("PostgreSQL's server programs (pg_ctl, initdb) are not installed")
        command = [str(self.bindir / args[0]), *args[1:]]
        if os.geteuid() == 0:  # initdb and postgres refuse root
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True)  # noqa: S603
        if check and result.returncode:
            raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")
        return result

    def init(self) -> PostgresServer:
        """A fresh cluster in `datadir` (emptied first)."""
        shutil.rmtree(self.datadir, ignore_errors=True)
        self.datadir.mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(self.datadir, "postgres", "postgres")
            parent = self.datadir.parent  # e.g. a mkdtemp() folder, 0700: postgres must enter
            parent.chmod(parent.stat().st_mode | 0o711)
        self.datadir.chmod(0o700)
        self._run("initdb", "-D", str(self.datadir), "-U", "postgres", "-A", "trust", "--no-sync")
        return self

    def start(self) -> PostgresServer:
        options = [
            f"-p {self.port}",
            "-c listen_addresses=127.0.0.1",
            "-c unix_socket_directories=''",
            "-c max_connections=200",
        ]
        if not self.durable:
            options += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        log = str(self.datadir / "server.log")
        self._run(
            "pg_ctl", "-D", str(self.datadir), "-l", log, "-w", "-o", " ".join(options), "start"
        )
        return self

    def stop(self, mode: str = "fast") -> None:
        """A clean shutdown (`fast`: open sessions are ended), as an operator's restart does."""
        self._run("pg_ctl", "-D", str(self.datadir), "-w", "-m", mode, "stop", check=False)

    def running(self) -> bool:
        return self._run("pg_ctl", "-D", str(self.datadir), "status", check=False).returncode == 0

    def create_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')

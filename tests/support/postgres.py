"""A throwaway PostgreSQL server for the tests: initdb and pg_ctl in a temporary folder.

One cluster per test session, listening only on a unix socket in its own folder (and on a free
TCP port of 127.0.0.1, for tests that want a URL with a host), started on first use and stopped
at the end. The server refuses to run as root: as root (CI, this build machine) the cluster
belongs to an unprivileged user (`postgres` if there is one, else `nobody`) and is started with
`runuser`; its folder is chowned to that user.

If no server binaries are found, the PostgreSQL tests FAIL: CI installs the server (.ci/run).
A developer without one may set DOORSTEP_NO_POSTGRES=1 to skip them, knowingly.

Each test gets a database of its own (`fresh_database_url`), created from the cluster's
template, so tests never see each other's rows.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

NO_POSTGRES_ENV = "DOORSTEP_NO_POSTGRES"
_SUPERUSER = "doorstep_test"


def find_bin_dir() -> Path | None:
    """The folder of `postgres`, `initdb` and `pg_ctl`: $PG_BIN, PATH, then Debian's layout."""
    explicit = os.environ.get("PG_BIN")
    candidates = [Path(explicit)] if explicit else []
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(on_path).parent)
    candidates += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)]
    for folder in candidates:
        if all((folder / name).is_file() for name in ("postgres", "initdb", "pg_ctl")):
            return folder
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Cluster:
    def __init__(self, bin_dir: Path, *, durable: bool = False) -> None:
        self.bin_dir = bin_dir
        # Tests throw the cluster away: no fsync. A benchmark keeps it (durable=True).
        self.durable = durable
        self.root = Path(tempfile.mkdtemp(prefix="doorstep-pg-"))
        self.data = self.root / "data"
        self.socket_dir = self.root / "socket"
        self.port = _free_port()
        self.user: str | None = None  # the OS user the server runs as, when we are root
        self._names = itertools.count(1)

    def _run(self, *args: str) -> None:
        argv = [str(a) for a in args]
        if self.user is not None:
            argv = ["runuser", "-u", self.user, "--", *argv]
        done = subprocess.run(argv, capture_output=True, text=True, cwd=self.root)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} failed:\n{done.stdout}\n{done.stderr}")

    def start(self) -> None:
        self.socket_dir.mkdir()
        if os.geteuid() == 0:
            self.user = next(u for u in ("postgres", "nobody") if _has_user(u))
            entry = pwd.getpwnam(self.user)
            for path in (self.root, self.socket_dir):
                os.chown(path, entry.pw_uid, entry.pw_gid)
        self._run(self.bin_dir / "initdb", "-D", self.data, "-U", _SUPERUSER, "--auth=trust",
                  "--encoding=UTF8", "--locale=C", "--no-sync")
        options = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.socket_dir} "
                   "-c max_connections=200")
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run(self.bin_dir / "pg_ctl", "-D", self.data, "-l", self.root / "server.log", "-w",
                  "-o", options, "start")

    def stop(self) -> None:
        with contextlib.suppress(RuntimeError):
            self._run(self.bin_dir / "pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://{_SUPERUSER}@/{dbname}?host={self.socket_dir}&port={self.port}"

    def tcp_url(self, dbname: str = "postgres", password: str | None = None) -> str:
        auth = f"{_SUPERUSER}:{password}" if password else _SUPERUSER
        return f"postgresql://{auth}@127.0.0.1:{self.port}/{dbname}"

    def new_database(self) -> str:
        import psycopg

        name = f"t{os.getpid()}_{next(self._names)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def _has_user(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    bin_dir = find_bin_dir()
    if bin_dir is None:
        if os.environ.get(NO_POSTGRES_ENV) == "1":
            pytest.skip(f"{NO_POSTGRES_ENV}=1: PostgreSQL tests skipped on request")
        pytest.fail("no PostgreSQL server binaries (postgres, initdb, pg_ctl) found: install the "
                    "distribution's postgresql package (.ci/run does), or set PG_BIN; "
                    f"{NO_POSTGRES_ENV}=1 skips these tests knowingly")
    cluster = Cluster(bin_dir)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def fresh_database_url(pg_cluster: Cluster) -> str:
    """The URL of an empty database of its own for this test."""
    return pg_cluster.new_database()

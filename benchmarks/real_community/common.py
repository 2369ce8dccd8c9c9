"""Shared glue of the real-community-software benchmark: ports, processes, waiting, installs.

Each application lives in its own folder ``benchmarks/real_community/<app>/`` with an ``app.py``
that follows the contract in this folder's README (``install``, ``start``, ``PERSONAS`` ...).
Everything an application installs or writes (venvs, npm prefixes, databases, logs, mail) goes
below the git-ignored ``cache/<app>/``; third-party code is never committed, only pins and glue.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import httpx

HERE = Path(__file__).resolve().parent
CACHE = HERE / "cache"
REQUIRED = ("NAME", "PLATFORM", "KIND", "PERSONAS", "install", "start")


def cache_dir(app: str) -> Path:
    d = CACHE / app
    d.mkdir(parents=True, exist_ok=True)
    return d


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def npm_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "osa-auditor" / "npm"


def run(cmd: list[str], *, log: Path | None = None, cwd: Path | None = None,
        env: dict[str, str] | None = None, check: bool = True) -> subprocess.CompletedProcess:
    """Run a set-up command; its output goes to ``log`` (appended) when given."""
    print("  $", " ".join(str(c) for c in cmd), flush=True)
    full_env = {**os.environ, **(env or {})}
    if log is None:
        r = subprocess.run(cmd, cwd=cwd, env=full_env)
    else:
        log.parent.mkdir(parents=True, exist_ok=True)
        with open(log, "ab") as fh:
            r = subprocess.run(cmd, cwd=cwd, env=full_env, stdout=fh, stderr=subprocess.STDOUT)
    if check and r.returncode != 0:
        where = f" (output in {log})" if log else ""
        raise RuntimeError(f"command failed with {r.returncode}: {' '.join(map(str, cmd))}{where}")
    return r


def apt_install(packages: list[str], log: Path | None = None) -> None:
    """Install Debian packages that are not there yet (needs root, as on these machines)."""
    missing = [p for p in packages
               if subprocess.run(["dpkg", "-s", p], capture_output=True).returncode != 0]
    if not missing:
        return
    if shutil.which("apt-get") is None:
        raise RuntimeError(f"needs the Debian packages {' '.join(missing)} and there is no apt-get")
    env = {"DEBIAN_FRONTEND": "noninteractive"}
    # one apt at a time on this machine (several apps may install at once)
    lock = ["flock", "/tmp/osa-auditor-apt.lock"] if shutil.which("flock") else []
    run([*lock, "apt-get", "install", "-y", "--no-install-recommends", *missing], log=log, env=env)


def venv(path: Path, requirements: list[str], log: Path | None = None) -> Path:
    """A venv at ``path`` with the pinned requirements; returns its python."""
    py = path / "bin" / "python"
    if not py.exists():
        run([sys.executable, "-m", "venv", str(path)], log=log)
    run([str(py), "-m", "pip", "install", "-q", *requirements], log=log)
    return py


@dataclass
class Running:
    """The processes of one started application, and where it answers."""

    base_url: str
    start_path: str = "/"
    procs: list[subprocess.Popen] = field(default_factory=list)
    mail_dir: Path | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def start_url(self) -> str:
        return self.base_url.rstrip("/") + self.start_path

    def stop(self) -> None:
        for p in reversed(self.procs):
            if p.poll() is None:
                try:
                    os.killpg(p.pid, signal.SIGTERM)
                except (ProcessLookupError, PermissionError):
                    p.terminate()
        deadline = time.monotonic() + 15
        for p in self.procs:
            try:
                p.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    p.kill()


def spawn(cmd: list[str], *, log: Path, cwd: Path | None = None,
          env: dict[str, str] | None = None) -> subprocess.Popen:
    """Start a long-running server in its own process group, output to ``log``."""
    print("  &", " ".join(str(c) for c in cmd), flush=True)
    log.parent.mkdir(parents=True, exist_ok=True)
    fh = open(log, "ab")  # noqa: SIM115 - lives as long as the process
    return subprocess.Popen(cmd, cwd=cwd, env={**os.environ, **(env or {})}, stdout=fh,
                            stderr=subprocess.STDOUT, start_new_session=True)


def wait_http(url: str, timeout: float = 120.0, procs: list[subprocess.Popen] = ()) -> None:
    """Wait until ``url`` answers with any HTTP status below 500."""
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        for p in procs:
            if p.poll() is not None:
                raise RuntimeError(f"a server exited with {p.returncode} before {url} answered")
        try:
            r = httpx.get(url, timeout=5.0, follow_redirects=True)
            if r.status_code < 500:
                return
            last = f"HTTP {r.status_code}"
        except httpx.HTTPError as exc:
            last = type(exc).__name__
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s (last: {last})")


def wait_port(port: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout:.0f} s")


def dob_for_age(years: int, days_past_birthday: int = 40) -> str:
    """A seeded member's date of birth (ISO) making them ``years`` old today, away from their
    birthday so that the age holds for the whole benchmark run."""
    today = dt.date.today()
    try:
        birthday = today.replace(year=today.year - years)
    except ValueError:                      # 29 February
        birthday = today.replace(year=today.year - years, day=28)
    return (birthday - dt.timedelta(days=days_past_birthday)).isoformat()


def apps() -> list[str]:
    return sorted(p.parent.name for p in HERE.glob("*/app.py") if p.parent.name != "cache")


def load_app(name: str) -> ModuleType:
    path = HERE / name / "app.py"
    if not path.is_file():
        raise SystemExit(f"no application {name!r}: expected {path} (have: {', '.join(apps())})")
    spec = importlib.util.spec_from_file_location(f"real_community_{name}", path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    missing = [n for n in REQUIRED if not hasattr(mod, n)]
    if missing:
        raise SystemExit(f"{path}: missing {', '.join(missing)} (see README, 'An application')")
    return mod

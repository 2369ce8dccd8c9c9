"""Distributed sweeps in tests: ``auditor worker`` processes, the collector as a process, the
demo web's hosts as ``--resolve`` flags, and a real Redis (:mod:`redis_kit`)."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from auditor.demo import DemoWeb

REPO = Path(__file__).resolve().parents[1]
PASSWORD = "tests-only-pw"


class Worker:
    """An ``auditor worker`` in its own process group (killing the group takes its browser
    with it, as a machine that dies would)."""

    def __init__(self, url: str, name: str, folder: Path, *extra: str):
        self.name = name
        self.log = folder / f"{name}.log"
        self._fh = open(self.log, "w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "auditor.cli", "worker", "--broker", url, "--name", name,
             "--render-concurrency", "2", *extra],
            stdout=self._fh, stderr=subprocess.STDOUT, cwd=REPO, start_new_session=True)

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_for(self, needle: str, timeout: float = 120.0) -> None:
        end = time.monotonic() + timeout
        while needle not in self.text():
            if self.proc.poll() is not None:
                raise AssertionError(f"worker {self.name} exited {self.proc.returncode}:\n"
                                     f"{self.text()}")
            if time.monotonic() > end:
                raise AssertionError(f"worker {self.name}: no {needle!r} in {timeout:.0f} s:\n"
                                     f"{self.text()}")
            time.sleep(0.2)

    def kill(self) -> None:
        """SIGKILL, the whole process group: no goodbye to the broker."""
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(30)

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(180)
            except subprocess.TimeoutExpired:
                self.kill()
        self._fh.close()
        with_group = self.proc.pid
        try:
            os.killpg(with_group, signal.SIGKILL)           # any browser left behind
        except ProcessLookupError:
            pass
        return self.proc.returncode


def _resolve(web: DemoWeb) -> list[str]:
    out = []
    for host, (ip, port) in web.host_map.items():
        out += ["--resolve", f"{host}={ip}:{port}"]
    return out


def _observations(run: Path) -> dict[tuple[str, str], str]:
    with open(run / "observations.csv", newline="", encoding="utf-8") as fh:
        return {(r["target_id"], r["signal"]): r["value"] for r in csv.DictReader(fh)}


def _collector(args: list[str], log: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "auditor.cli", *args], cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=open(log, "w"))


def _wait_text(path: Path, needle: str, timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if path.is_file() and needle in path.read_text(errors="replace"):
            return
        time.sleep(0.2)
    raise AssertionError(f"no {needle!r} in {path} within {timeout:.0f} s")

"""The SQLite store of a run (``run.db``): targets and their state, observations, evidence.

A target's results are written in one transaction when it ends, so a run killed at any moment
holds each target either whole or not at all; ``--resume`` redoes exactly the unfinished ones.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

from auditor.model import Evidence, Observation, Target, TargetResult

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS targets (
    id TEXT PRIMARY KEY, seq INTEGER NOT NULL, row_json TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',  -- pending | done
    outcome TEXT, reason TEXT, started_at TEXT, finished_at TEXT,
    pages INTEGER DEFAULT 0, bytes INTEGER DEFAULT 0, attempts INTEGER DEFAULT 0,
    timings TEXT);
CREATE TABLE IF NOT EXISTS observations (
    target_id TEXT NOT NULL, probe TEXT NOT NULL, signal TEXT NOT NULL, value_json TEXT,
    confidence REAL NOT NULL, note TEXT NOT NULL, url TEXT NOT NULL, observed_at TEXT NOT NULL,
    evidence TEXT NOT NULL, PRIMARY KEY (target_id, signal));
CREATE TABLE IF NOT EXISTS evidence (
    evidence_id TEXT PRIMARY KEY, target_id TEXT NOT NULL, path TEXT NOT NULL,
    sha256 TEXT NOT NULL, original_sha256 TEXT NOT NULL, url TEXT NOT NULL, kind TEXT NOT NULL,
    captured_at TEXT NOT NULL, read_via TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS workers (   -- distributed sweeps: who audited a target
    target_id TEXT PRIMARY KEY, worker TEXT NOT NULL, delivery INTEGER NOT NULL);
"""


def target_row(t: Target) -> dict:
    d = asdict(t)
    d["extra_domains"] = list(t.extra_domains)
    d["regime"] = list(t.regime)
    return d


def target_from_row(d: dict) -> Target:
    d = dict(d)
    d["extra_domains"] = tuple(d.get("extra_domains") or ())
    d["regime"] = tuple(d.get("regime") or ())
    return Target(**d)


class Store:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.db = sqlite3.connect(self.path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    # -- meta --------------------------------------------------------------------------------
    def set_meta(self, key: str, value: object) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, json.dumps(value)))

    def get_meta(self, key: str, default=None):
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

    # -- targets -----------------------------------------------------------------------------
    def add_targets(self, targets: list[Target], *, prune: bool = False) -> None:
        """Register the run's targets; ones already present (resume) keep their state.

        ``prune`` first removes every target not in ``targets``, with its observations and
        evidence rows, so the store holds exactly this list."""
        with self.db:
            self.db.execute("BEGIN")
            if prune:
                self.db.execute("CREATE TEMP TABLE IF NOT EXISTS keep_ids (id TEXT PRIMARY KEY)")
                self.db.execute("DELETE FROM keep_ids")
                self.db.executemany("INSERT OR IGNORE INTO keep_ids VALUES (?)",
                                    [(t.id,) for t in targets])
                self.db.execute("DELETE FROM observations "
                                "WHERE target_id NOT IN (SELECT id FROM keep_ids)")
                self.db.execute("DELETE FROM evidence "
                                "WHERE target_id NOT IN (SELECT id FROM keep_ids)")
                self.db.execute("DELETE FROM workers "
                                "WHERE target_id NOT IN (SELECT id FROM keep_ids)")
                self.db.execute("DELETE FROM targets WHERE id NOT IN (SELECT id FROM keep_ids)")
            for seq, t in enumerate(targets):
                self.db.execute(
                    "INSERT INTO targets (id, seq, row_json) VALUES (?, ?, ?) "
                    "ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, "
                    "row_json = excluded.row_json",
                    (t.id, seq, json.dumps(target_row(t))))

    def done_ids(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT id FROM targets WHERE state = 'done'")}

    def targets(self) -> list[tuple[Target, dict]]:
        rows = self.db.execute("SELECT row_json, state, outcome, reason, started_at, finished_at, "
                               "pages, bytes, timings FROM targets ORDER BY seq")
        out = []
        for row_json, state, outcome, reason, started, finished, pages, nbytes, tj in rows:
            out.append((target_from_row(json.loads(row_json)),
                        {"state": state, "outcome": outcome, "reason": reason,
                         "started_at": started, "finished_at": finished, "pages": pages,
                         "bytes": nbytes, "timings": json.loads(tj) if tj else {}}))
        return out

    def save_result(self, result: TargetResult, evidence: list[Evidence], *,
                    worker: str | None = None, delivery: int = 1) -> None:
        """Replace everything known about one target with its finished result, atomically
        (with the worker host that audited it, in a distributed sweep)."""
        tid = result.target_id
        with self.db:
            self.db.execute("BEGIN")
            self.db.execute("DELETE FROM workers WHERE target_id = ?", (tid,))
            if worker:
                self.db.execute("INSERT INTO workers VALUES (?, ?, ?)", (tid, worker, delivery))
            self.db.execute("DELETE FROM observations WHERE target_id = ?", (tid,))
            self.db.execute("DELETE FROM evidence WHERE target_id = ?", (tid,))
            self.db.executemany(
                "INSERT INTO observations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(tid, o.probe, o.signal, json.dumps(o.value), float(o.confidence), o.note, o.url,
                  o.observed_at, ";".join(o.evidence)) for o in result.observations])
            self.db.executemany(
                "INSERT INTO evidence VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(e.evidence_id, tid, e.path, e.sha256, e.original_sha256, e.url, e.kind,
                  e.captured_at, e.read_via) for e in evidence])
            self.db.execute(
                "UPDATE targets SET state = 'done', outcome = ?, reason = ?, started_at = ?, "
                "finished_at = ?, pages = ?, bytes = ?, timings = ?, attempts = attempts + 1 "
                "WHERE id = ?",
                (result.outcome, result.reason, result.started_at, result.finished_at,
                 result.pages, result.bytes, json.dumps(result.timings), tid))

    # -- reading -------------------------------------------------------------------------------
    def workers(self) -> dict[str, tuple[str, int]]:
        """target id -> (worker host, delivery) for the targets a distributed sweep audited."""
        return {t: (w, d) for t, w, d in self.db.execute("SELECT * FROM workers")}

    def observations(self, target_id: str | None = None) -> Iterator[tuple[str, Observation]]:
        sql = ("SELECT o.target_id, probe, signal, value_json, confidence, note, o.url, "
               "observed_at, evidence FROM observations o JOIN targets t ON t.id = o.target_id ")
        args: tuple = ()
        if target_id is not None:
            sql += "WHERE o.target_id = ? "
            args = (target_id,)
        sql += "ORDER BY t.seq, o.rowid"
        for tid, probe, signal, vj, conf, note, url, at, ev in self.db.execute(sql, args):
            yield tid, Observation(probe, signal, json.loads(vj) if vj else None, conf, note, url,
                                   [e for e in ev.split(";") if e], at)

    def evidence(self) -> Iterator[Evidence]:
        rows = self.db.execute("SELECT e.evidence_id, e.path, e.sha256, e.original_sha256, e.url, "
                               "e.kind, e.captured_at, e.read_via, e.target_id FROM evidence e "
                               "JOIN targets t ON t.id = e.target_id ORDER BY t.seq, e.rowid")
        for r in rows:
            yield Evidence(*r)

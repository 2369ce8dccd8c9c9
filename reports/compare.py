"""Changes between two runs, the previous run of the same target list, and trends over runs.

A verdict *regresses* when its status drops on the scale ``met > partly_met > not_met`` and
*improves* when it rises.  A move into or out of ``not_observable`` or ``not_applicable`` is a
change worth showing but neither (the tool could not see, or the measure's scope changed).
"""

from __future__ import annotations

import csv
import difflib
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from auditor.runfolder import RunFolder, RunFolderError, read_meta, read_run
from reports.safety import evidence_relpath
from reports.view import RANK, STATUS_ORDER, list_name, parse_time

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass
class Change:
    target_id: str
    name: str
    measure_id: str
    old: str
    new: str
    kind: str            # regression | improvement | unobservable | observable | scope
    severity: str = ""
    reason: str = ""     # the new verdict's reason
    old_reason: str = ""  # the earlier verdict's reason


@dataclass
class TermsChange:
    target_id: str
    name: str
    old_sha: str
    new_sha: str
    url: str
    blocks: list[dict[str, Any]]   # see text_diff
    added: int
    removed: int
    reworded: int = 0
    note: str = ""


@dataclass
class Comparison:
    new_dir: Path
    old_dir: Path
    new_started_at: str
    old_started_at: str
    changes: list[Change] = field(default_factory=list)
    new_services: list[tuple[str, str]] = field(default_factory=list)       # (id, name)
    dropped_services: list[tuple[str, str]] = field(default_factory=list)
    outcome_changes: list[tuple[str, str, str, str]] = field(default_factory=list)
    terms_changes: list[TermsChange] = field(default_factory=list)
    new_measures: list[str] = field(default_factory=list)
    dropped_measures: list[str] = field(default_factory=list)
    old_edition: str = ""
    new_edition: str = ""
    automatic: bool = False        # found by find_previous_run rather than named
    old_run: RunFolder | None = field(default=None, repr=False)
    warnings: list[str] = field(default_factory=list)   # what could not be compared, and why

    @cached_property
    def regressions(self) -> list[Change]:
        return [c for c in self.changes if c.kind == "regression"]

    @cached_property
    def improvements(self) -> list[Change]:
        return [c for c in self.changes if c.kind == "improvement"]

    @cached_property
    def other_changes(self) -> list[Change]:
        return [c for c in self.changes if c.kind not in ("regression", "improvement")]

    def by_target(self) -> dict[str, list[Change]]:
        out: dict[str, list[Change]] = {}
        for c in self.changes:
            out.setdefault(c.target_id, []).append(c)
        return out

    def summary(self) -> dict[str, Any]:
        return {
            "old_dir": str(self.old_dir),
            "new_dir": str(self.new_dir),
            "old_started_at": self.old_started_at,
            "new_started_at": self.new_started_at,
            "automatic": self.automatic,
            "regressions": len(self.regressions),
            "improvements": len(self.improvements),
            "other_changes": len(self.other_changes),
            "new_services": [i for i, _ in self.new_services],
            "dropped_services": [i for i, _ in self.dropped_services],
            "outcome_changes": len(self.outcome_changes),
            "terms_changed": [t.target_id for t in self.terms_changes],
            "new_measures": self.new_measures,
            "dropped_measures": self.dropped_measures,
            "old_edition": self.old_edition,
            "new_edition": self.new_edition,
            "warnings": list(self.warnings),
        }


def change_kind(old: str, new: str) -> str | None:
    if old == new:
        return None
    if old in RANK and new in RANK:
        return "regression" if RANK[new] < RANK[old] else "improvement"
    if new == "not_observable" and old in RANK:
        return "unobservable"
    if old == "not_observable" and new in RANK:
        return "observable"
    return "scope"


# ---------------------------------------------------------------------------------------------
# finding earlier runs


def _started(meta: dict[str, Any], folder: Path) -> datetime:
    dt = parse_time(meta.get("started_at"))
    if dt is not None:
        return dt
    try:
        return datetime.fromtimestamp((folder / "run.json").stat().st_mtime, UTC)
    except OSError:
        return _EPOCH


def earlier_runs(run_dir: str | Path, skipped: list[tuple[Path, str]] | None = None
                 ) -> list[Path]:
    """Earlier runs of the same target list (same file name) in the parent folder, oldest
    first.  The list's hash is provenance only: adding a row still matches.

    Folders with a ``run.json`` that cannot be read are left out; ``skipped``, when given,
    receives each of them with the reason (their list and date are unknown)."""
    run_dir = Path(run_dir).resolve()
    try:
        meta = read_meta(run_dir)
    except RunFolderError:
        return []
    name = list_name(meta)
    if not name:
        return []
    mine = _started(meta, run_dir)
    found: list[tuple[datetime, str, Path]] = []
    try:
        siblings = list(run_dir.parent.iterdir())
    except OSError:
        return []
    for d in siblings:
        if not d.is_dir() or d.resolve() == run_dir or not (d / "run.json").is_file():
            continue
        try:
            m = read_meta(d)
        except RunFolderError as exc:
            if skipped is not None:
                skipped.append((d, str(exc)))
            continue
        if list_name(m) != name:
            continue
        t = _started(m, d)
        if t < mine:
            found.append((t, d.name, d))
    found.sort()
    return [d for _, _, d in found]


def find_previous_run(run_dir: str | Path, *, skipped: list[tuple[Path, str]] | None = None
                      ) -> Path | None:
    """The latest earlier run in the parent folder of ``run_dir`` whose target list had the
    same file name, or ``None``.  ``skipped`` receives the unreadable run folders passed over
    (see :func:`earlier_runs`)."""
    runs = earlier_runs(run_dir, skipped)
    return runs[-1] if runs else None


# ---------------------------------------------------------------------------------------------
# terms text


_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")
_TOKEN = re.compile(r"\s+|[^\s\w]|\w+")
TEXT_LIMIT = 400_000
# Terms texts are stored as light markdown: heading and quote markers, list bullets and
# backslash escapes (``\<``, ``\*``) are markup, not words of the terms.
_MD_LINE = re.compile(r"^(?:#{1,6}\s+|>\s*|[-*+]\s+(?=\S))+")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|~\"'=])")
# A piece that is only the number or letter of a heading or list ("6.", "6.1.", "a.", "iv."),
# or that ends in an abbreviation ("e.g."), ends no sentence: it is joined to what follows.
_NOT_AN_END = re.compile(r"^\(?(?:\d+(?:\.\d+)*|[A-Za-z]|[ivxlcIVXLC]+)\)?\.$|"
                         r"(?:^|\s)(?:e\.g|i\.e|cf|No|no|Mr|Mrs|Ms|Dr|St|vs|Art|para)\.$")


def plain_line(line: str) -> str:
    """One line of terms text without its markdown markers and backslash escapes."""
    line = _MD_LINE.sub("", line.strip())
    line = _MD_ESCAPE.sub(r"\1", line)
    return line.strip()


def sentences(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        line = plain_line(line)
        if not line:
            continue
        pieces = [p.strip() for p in _SENTENCE.split(line) if p.strip()]
        merged: list[str] = []
        for p in pieces:
            if merged and _NOT_AN_END.search(merged[-1]):
                merged[-1] = f"{merged[-1]} {p}"
            else:
                merged.append(p)
        out.extend(merged)
    return out


def _word_diff(a: str, b: str) -> list[tuple[str, str]]:
    ta, tb = _TOKEN.findall(a), _TOKEN.findall(b)
    sm = difflib.SequenceMatcher(None, ta, tb, autojunk=False)
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            out.append(("same", "".join(ta[i1:i2])))
        else:
            if i2 > i1:
                out.append(("del", "".join(ta[i1:i2])))
            if j2 > j1:
                out.append(("ins", "".join(tb[j1:j2])))
    return out


def _similar(x: str, y: str) -> float:
    sm = difflib.SequenceMatcher(None, x, y, autojunk=False)
    return sm.ratio() if sm.quick_ratio() > 0.6 else 0.0


def _align(old_l: list[str], new_l: list[str]) -> list[dict[str, Any]]:
    """Blocks for a replaced run of sentences: a reworded sentence (similar to one removed,
    in order) becomes a word-level ``change``; the rest are ``del`` and ``ins``."""
    out: list[dict[str, Any]] = []
    i = 0
    pending_ins: list[str] = []
    for y in new_l:
        best, best_k = 0.0, -1
        if len(old_l) * len(new_l) <= 400:
            for k in range(i, len(old_l)):
                r = _similar(old_l[k], y)
                if r > best:
                    best, best_k = r, k
        if best_k >= 0 and best > 0.6:
            if old_l[i:best_k]:
                out.append({"op": "del", "lines": old_l[i:best_k]})
            if pending_ins:
                out.append({"op": "ins", "lines": pending_ins})
                pending_ins = []
            out.append({"op": "change", "tokens": _word_diff(old_l[best_k], y)})
            i = best_k + 1
        else:
            pending_ins.append(y)
    if old_l[i:]:
        out.append({"op": "del", "lines": old_l[i:]})
    if pending_ins:
        out.append({"op": "ins", "lines": pending_ins})
    return out


def text_diff(old: str, new: str, context: int = 1) -> tuple[list[dict[str, Any]], int, int, int]:
    """A readable sentence-level diff: blocks of ``same`` (context only, with the number of
    sentences skipped), ``del``, ``ins`` and ``change`` (a sentence reworded: word tokens).

    Returns the blocks and the numbers of sentences added, removed and reworded."""
    a, b = sentences(old[:TEXT_LIMIT]), sentences(new[:TEXT_LIMIT])
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    blocks: list[dict[str, Any]] = []
    ops = sm.get_opcodes()
    for n, (op, i1, i2, j1, j2) in enumerate(ops):
        if op == "equal":
            lines = a[i1:i2]
            head = lines[:context] if n > 0 else []
            tail = lines[-context:] if n < len(ops) - 1 else []
            if len(lines) <= len(head) + len(tail) + 1:
                blocks.append({"op": "same", "lines": lines, "skipped": 0})
            else:
                blocks.append({"op": "same", "lines": head, "skipped": 0})
                blocks.append({"op": "skip", "lines": [],
                               "skipped": len(lines) - len(head) - len(tail)})
                blocks.append({"op": "same", "lines": tail, "skipped": 0})
            continue
        blocks.extend(_align(a[i1:i2], b[j1:j2]))
    blocks = [b for b in blocks if b.get("lines") or b["op"] in ("skip", "change")]
    added = sum(len(b["lines"]) for b in blocks if b["op"] == "ins")
    removed = sum(len(b["lines"]) for b in blocks if b["op"] == "del")
    reworded = sum(1 for b in blocks if b["op"] == "change")
    return blocks, added, removed, reworded


def terms_text(run: RunFolder, terms_obs: dict[str, dict[str, str]],
               evidence: dict[str, dict[str, str]]) -> tuple[str, str]:
    """(text, url) of a target's terms ``text`` evidence, or empty strings.  ``terms_obs``
    maps the target's ``terms.*`` signals to their observation rows."""
    first = terms_obs.get("terms.text_sha256")
    cand: list[str] = [e for e in first["evidence"].split(";") if e] if first else []
    for o in terms_obs.values():
        if o is not first:
            cand += [e for e in o["evidence"].split(";") if e]
    for eid in cand:
        e = evidence.get(eid)
        if not e or e.get("kind") != "text":
            continue
        rel = evidence_relpath(e.get("path"))
        if rel is None:
            continue
        try:
            with (run.path / rel).open(encoding="utf-8", errors="replace") as f:
                return f.read(TEXT_LIMIT), e.get("url", "")
        except OSError:
            continue
    return "", ""


def _terms_obs(run: RunFolder) -> dict[str, dict[str, dict[str, str]]]:
    out: dict[str, dict[str, dict[str, str]]] = {}
    for o in run.observations:
        if o["signal"].startswith("terms."):
            out.setdefault(o["target_id"], {})[o["signal"]] = o
    return out


def compare(new_dir: str | Path, old_dir: str | Path, *, new_run: RunFolder | None = None,
            old_run: RunFolder | None = None) -> Comparison:
    """What changed from the run in ``old_dir`` to the run in ``new_dir``.

    Raises :class:`RunFolderError` when either run has no readable ``run.json``, or no
    verdicts to compare (no ``verdicts.csv``, or one without rows while the run has targets):
    comparing them would find no regression and say nothing.  Files whose absence only narrows
    the comparison (the observations or the evidence manifest, for the terms) become
    ``Comparison.warnings``."""
    new = new_run or read_run(new_dir, signals="terms.")
    old = old_run or read_run(old_dir, signals="terms.")   # only the terms are compared
    for run, d, which in ((old, old_dir, "the earlier run"), (new, new_dir, "this run")):
        if "verdicts.csv" in run.missing:
            raise RunFolderError(f"{d}: {which} has no verdicts.csv, so there are no verdicts "
                                 "to compare (was it judged? auditor rescore re-judges a run)")
        if not run.verdicts and run.targets:
            raise RunFolderError(f"{d}: {which}'s verdicts.csv holds no verdicts, so there is "
                                 "nothing to compare (an interrupted sweep?)")
    warnings: list[str] = []
    for run, d, which in ((old, old_dir, "The earlier run"), (new, new_dir, "This run")):
        for name, what in (("observations.csv", "changed terms are not compared"),
                           ("evidence/manifest.csv", "the text of changed terms is not shown")):
            if name in run.missing:
                warnings.append(f"{which} ({Path(d).name}) has no {name}: {what}.")
    comp = Comparison(Path(new_dir), Path(old_dir), str(new.meta.get("started_at") or ""),
                      str(old.meta.get("started_at") or ""),
                      old_edition=str(old.meta.get("catalogue_edition") or ""),
                      new_edition=str(new.meta.get("catalogue_edition") or ""), old_run=old,
                      warnings=warnings)
    new_t = {str(t.get("id")): t for t in new.targets if t.get("id")}
    old_t = {str(t.get("id")): t for t in old.targets if t.get("id")}
    names = {i: str(t.get("name") or i) for i, t in {**old_t, **new_t}.items()}
    comp.new_services = [(i, names[i]) for i in new_t if i not in old_t]
    comp.dropped_services = [(i, names[i]) for i in old_t if i not in new_t]
    for i, t in new_t.items():
        if i in old_t and str(old_t[i].get("outcome")) != str(t.get("outcome")):
            comp.outcome_changes.append((i, names[i], str(old_t[i].get("outcome")),
                                         str(t.get("outcome"))))

    new_m = {m["id"] for m in new.measures} or {v["measure_id"] for v in new.verdicts}
    old_m = {m["id"] for m in old.measures} or {v["measure_id"] for v in old.verdicts}
    comp.new_measures = sorted(new_m - old_m)
    comp.dropped_measures = sorted(old_m - new_m)

    old_v = {(v["target_id"], v["measure_id"]): v for v in old.verdicts}
    order = {s: i for i, s in enumerate(STATUS_ORDER)}
    for v in new.verdicts:
        key = (v["target_id"], v["measure_id"])
        o = old_v.get(key)
        if o is None or key[0] not in old_t:
            continue
        kind = change_kind(o["status"], v["status"])
        if kind:
            comp.changes.append(Change(key[0], names.get(key[0], key[0]), key[1], o["status"],
                                       v["status"], kind, v["severity"], v["reason"],
                                       o["reason"]))
    sev = {"critical": 0, "high": 1, "medium": 2, "low": 3}
    comp.changes.sort(key=lambda c: (sev.get(c.severity, 4), order.get(c.new, 9),
                                     c.name.lower(), c.measure_id))

    new_obs, old_obs = _terms_obs(new), _terms_obs(old)
    new_ev = {e["evidence_id"]: e for e in new.evidence}
    old_ev = {e["evidence_id"]: e for e in old.evidence}
    for i in new_t:
        n_terms, o_terms = new_obs.get(i, {}), old_obs.get(i, {})
        n_sha = n_terms.get("terms.text_sha256", {}).get("value", "")
        o_sha = o_terms.get("terms.text_sha256", {}).get("value", "")
        if i not in old_t or not n_sha or not o_sha or n_sha == o_sha:
            continue          # terms unchanged, or not read in one of the runs
        n_text, url = terms_text(new, n_terms, new_ev)
        o_text, _ = terms_text(old, o_terms, old_ev)
        if n_text and o_text:
            blocks, added, removed, reworded = text_diff(o_text, n_text)
            note = ""
        else:
            blocks, added, removed, reworded = [], 0, 0, 0
            note = "The text of one of the two versions is not in the run's evidence."
        comp.terms_changes.append(TermsChange(i, names[i], o_sha, n_sha, url, blocks, added,
                                              removed, reworded, note))
    return comp


# ---------------------------------------------------------------------------------------------
# trends


@dataclass
class HistoryPoint:
    path: Path
    started_at: str
    counts: dict[str, int]
    per_target: dict[str, Counter]
    services: int


def history_point(path: Path, run: RunFolder | None = None) -> HistoryPoint | None:
    """Status counts of one run (reads only run.json and the status columns)."""
    per: dict[str, Counter] = {}
    total: Counter = Counter()
    if run is not None:
        meta = run.meta
        rows = ((v["target_id"], v["status"]) for v in run.verdicts)
    else:
        try:
            meta = read_meta(path)
        except RunFolderError:
            return None
        try:
            f = (path / "verdicts.csv").open(encoding="utf-8", errors="replace", newline="")
        except OSError:
            return None
        with f:
            r = csv.reader(f)
            header = next(r, [])
            try:
                ti, si = header.index("target_id"), header.index("status")
            except ValueError:
                return None
            rows = [(rec[ti], rec[si]) for rec in r if len(rec) > max(ti, si)]
    for tid, status in rows:
        total[status] += 1
        per.setdefault(tid, Counter())[status] += 1
    return HistoryPoint(path, str(meta.get("started_at") or ""),
                        {s: total.get(s, 0) for s in STATUS_ORDER}, per,
                        len(meta.get("targets") or []))


def history(run_dir: Path, run: RunFolder, extra: Path | None = None,
            limit: int = 10, known: dict[Path, RunFolder | None] | None = None
            ) -> list[HistoryPoint]:
    """This run and up to ``limit - 1`` earlier runs of the same target list, oldest first.
    ``known`` maps run folders already read to their rows (not read again)."""
    dirs = earlier_runs(run_dir)
    if extra is not None and extra.resolve() not in {d.resolve() for d in dirs}:
        dirs.append(extra)
    have = {Path(k).resolve(): v for k, v in (known or {}).items() if v is not None}
    points = []
    for d in dirs[-(limit - 1):] if limit > 1 else []:
        p = history_point(d, have.get(d.resolve()))
        if p is not None:
            points.append(p)
    cur = history_point(run_dir, run)
    if cur is not None:
        points.append(cur)
    points.sort(key=lambda p: parse_time(p.started_at) or _EPOCH)
    return points

"""Restore the real-age-gates benchmark's GitHub files from local git mirrors into cache/repos.

``sources.csv`` (id,repo,commit,path,license) pins files of public repositories by commit;
the project never commits their code.  Each row is read with ``git -C MIRROR show COMMIT:PATH``
and written to ``cache/repos/ID/PATH``; ``server.py`` serves it as ``/_vendor/repo/ID/PATH``.

Mirrors are looked up as in ``benchmarks/real_terms/restore.py`` (``--mirror DIR`` or
``$OSA_TERMS_MIRROR``, then ``~/.cache/osa-auditor/mirrors``, then ``/work/.mirror``; for
OWNER/NAME: ``DIR/OWNER+NAME/repo``, ``DIR/OWNER+NAME``, ``DIR/NAME``, ``DIR/NAME.git``).

    .venv/bin/python benchmarks/real_agegates/restore.py [--mirror DIR] [--only ID,ID]
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("real_terms_restore",
                                               HERE.parent / "real_terms" / "restore.py")
_terms = sys.modules.setdefault("real_terms_restore", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(_terms)
find_mirror, mirror_roots = _terms.find_mirror, _terms.mirror_roots
missing_mirror = _terms.missing_mirror

SOURCES = HERE / "sources.csv"
REPOS = HERE / "cache" / "repos"
FIELDS = ["id", "repo", "commit", "path", "license"]


def load_sources(path: Path = SOURCES) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with path.open(newline="", encoding="utf-8") as fh:
        return [row for row in csv.DictReader(fh) if row.get("id")]


def restore(rows: list[dict[str, str]], roots: list[Path]) -> tuple[int, list[str]]:
    done, problems = 0, []
    mirrors: dict[str, Path | None] = {}
    for row in rows:
        repo = row["repo"]
        if repo not in mirrors:
            mirrors[repo] = find_mirror(repo, roots)
        mirror = mirrors[repo]
        if mirror is None:
            continue
        r = subprocess.run(["git", "-C", str(mirror), "show", f"{row['commit']}:{row['path']}"],
                           capture_output=True)
        if r.returncode != 0:
            problems.append(
                f"{row['id']}: {repo} at {row['commit'][:10]} has no {row['path']!r} "
                f"({r.stderr.decode(errors='replace').strip()[:160]}). Fix: fetch that commit "
                f"into {mirror} (git -C {mirror} fetch origin {row['commit']}).")
            continue
        out = REPOS / row["id"] / row["path"]
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(r.stdout)
        done += 1
    for repo, mirror in mirrors.items():
        if mirror is None:
            problems.insert(0, missing_mirror(repo, roots))
    return done, problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mirror", help="folder holding the git mirrors")
    ap.add_argument("--only", default="", help="comma-separated source ids")
    a = ap.parse_args(argv)
    rows = load_sources()
    if a.only:
        want = {x.strip() for x in a.only.split(",") if x.strip()}
        rows = [r for r in rows if r["id"] in want]
    done, problems = restore(rows, mirror_roots(a.mirror))
    for p in problems:
        print(p, file=sys.stderr)
    print(f"restored {done} of {len(rows)} files into {REPOS}")
    return 0 if done == len(rows) else 1


if __name__ == "__main__":
    sys.exit(main())

"""Restore the real-terms benchmark's documents from local git mirrors into a git-ignored cache.

The documents are other people's text: the project commits only where they are
(``sources.csv``: repository, commit, path) and its own labels, never the text.  This script
reads each pinned file out of a local mirror of its repository with ``git show COMMIT:PATH``
and writes

* ``cache/originals/ID.md`` or ``ID.html``: the original, byte for byte (the labels' character
  offsets count into this file, decoded as UTF-8);
* ``cache/pages/ID.html``: the page the benchmark and ``auditor probe terms`` read.  For an HTML
  original it is the original itself; a **Markdown original is served inside a plain HTML page
  that this script writes** (the Markdown rendered by markdown-it-py, CommonMark, under a
  ``<main>`` with the document's title), since real services publish HTML, not Markdown.

Mirrors: ``--mirror DIR`` or ``$OSA_TERMS_MIRROR`` (else ``~/.cache/osa-auditor/mirrors``, then
``/work/.mirror``).  For a repository ``OWNER/NAME`` the script looks in ``DIR/OWNER+NAME/repo``,
``DIR/OWNER+NAME``, ``DIR/NAME`` and ``DIR/NAME.git``.  To make one::

    mkdir -p ~/.cache/osa-auditor/mirrors && cd ~/.cache/osa-auditor/mirrors
    git clone --bare https://github.com/OpenTermsArchive/contrib-versions.git
    git clone --bare https://github.com/OpenTermsArchive/dating-snapshots.git
    git clone --bare https://github.com/OpenTermsArchive/genai-eu-snapshots.git

The services of ``../shared/EVALUATION.md`` are kept for independent evaluation: a row whose
service folder names one of them is skipped without its file being read (the list below is
checked against that file by ``tests/test_real_terms_glue.py`` when it is present).

    .venv/bin/python benchmarks/real_terms/restore.py [--mirror DIR] [--only ID,ID]
"""

from __future__ import annotations

import argparse
import csv
import html
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources.csv"
CACHE = HERE / "cache"
#: Kept for independent evaluation (``shared/EVALUATION.md``): never restored, never read.
EVALUATION_SERVICES = frozenset(s.lower() for s in (
    "BeReal", "Bluesky", "Bumble", "Coffee Meets Bagel", "Discord", "eharmony", "Grindr", "happn",
    "Imgur", "Kick", "LEX", "Match", "MediaFire", "Nextdoor", "OnlyFans", "Pinterest", "Reddit",
    "Roblox", "ROMEO", "Snapchat", "Steam", "Telegram", "TikTok", "Tinder", "Tumblr", "Twitch",
    "Zoosk", "ASKfm", "DeviantArt", "Disqus", "Gofile", "Guilded", "hi5", "Hily", "Kbin",
    "OkCupid", "pixiv", "Revolt", "Streamable", "Tagged", "Tildes", "We Heart It", "Wordfeud"))


@dataclass(frozen=True)
class Source:
    id: str
    service: str
    kind: str
    doc_type: str
    format: str
    repo: str
    commit: str
    path: str

    @property
    def folder(self) -> str:
        return self.path.split("/", 1)[0]

    @property
    def kept_for_evaluation(self) -> bool:
        return (self.folder.lower() in EVALUATION_SERVICES
                or self.service.lower() in EVALUATION_SERVICES)

    @property
    def original(self) -> Path:
        return CACHE / "originals" / f"{self.id}.{self.format}"

    @property
    def page(self) -> Path:
        return CACHE / "pages" / f"{self.id}.html"


def load_sources(path: Path = SOURCES) -> list[Source]:
    with path.open(newline="", encoding="utf-8") as fh:
        rows = [Source(**row) for row in csv.DictReader(fh)]
    return [s for s in rows if not s.kept_for_evaluation]


def mirror_roots(cli: str | None) -> list[Path]:
    roots = [cli] if cli else []
    if os.environ.get("OSA_TERMS_MIRROR"):
        roots.append(os.environ["OSA_TERMS_MIRROR"])
    roots += [str(Path.home() / ".cache" / "osa-auditor" / "mirrors"), "/work/.mirror"]
    return [Path(r).expanduser() for r in roots]


def find_mirror(repo: str, roots: list[Path]) -> Path | None:
    owner, name = repo.split("/", 1)
    for root in roots:
        for cand in (root / f"{owner}+{name}" / "repo", root / f"{owner}+{name}",
                     root / name, root / f"{name}.git"):
            if cand.is_dir() and _is_git(cand):
                return cand
    return None


def _is_git(path: Path) -> bool:
    r = subprocess.run(["git", "-C", str(path), "rev-parse", "--git-dir"],
                       capture_output=True, text=True)
    return r.returncode == 0


def markdown_page(markdown: str, title: str) -> str:
    """A plain HTML page around a Markdown original (CommonMark, tables on, raw HTML kept
    as the original has it: it is served to a browser the benchmark starts, never opened by a
    person)."""
    from markdown_it import MarkdownIt

    body = MarkdownIt("commonmark").enable("table").render(markdown)
    return ("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)}</title></head>\n<body><main>\n{body}</main></body></html>\n")


def restore(sources: list[Source], roots: list[Path]) -> tuple[int, list[str]]:
    (CACHE / "originals").mkdir(parents=True, exist_ok=True)
    (CACHE / "pages").mkdir(parents=True, exist_ok=True)
    done, problems = 0, []
    mirrors: dict[str, Path | None] = {}
    for s in sources:
        if s.repo not in mirrors:
            mirrors[s.repo] = find_mirror(s.repo, roots)
        mirror = mirrors[s.repo]
        if mirror is None:
            continue
        r = subprocess.run(["git", "-C", str(mirror), "show", f"{s.commit}:{s.path}"],
                           capture_output=True)
        if r.returncode != 0:
            problems.append(f"{s.id}: {s.repo} at {s.commit[:10]} has no {s.path!r} "
                            f"({r.stderr.decode(errors='replace').strip()[:160]}). Fix: fetch "
                            f"that commit into {mirror} (git -C {mirror} fetch origin).")
            continue
        s.original.write_bytes(r.stdout)
        if s.format == "md":
            title = f"{s.service} {s.path.split('/', 1)[1].rsplit('.', 1)[0]}"
            s.page.write_text(markdown_page(r.stdout.decode("utf-8", "replace"), title),
                              encoding="utf-8")
        else:
            s.page.write_bytes(r.stdout)
        done += 1
    for repo, mirror in mirrors.items():
        if mirror is None:
            problems.insert(0, missing_mirror(repo, roots))
    return done, problems


def missing_mirror(repo: str, roots: list[Path]) -> str:
    """What to do when no local mirror of ``repo`` is found."""
    owner, name = repo.split("/", 1)
    return (f"no local mirror of {repo} (looked in {', '.join(str(r) for r in roots)}). "
            f"Fix: mkdir -p ~/.cache/osa-auditor/mirrors && git clone --bare "
            f"https://github.com/{owner}/{name}.git ~/.cache/osa-auditor/mirrors/{name}.git "
            f"(or pass --mirror DIR / set OSA_TERMS_MIRROR), then run restore.py again.")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mirror", help="folder holding the git mirrors (see the module docstring)")
    ap.add_argument("--only", default="", help="comma-separated document ids")
    a = ap.parse_args(argv)
    sources = load_sources()
    if a.only:
        want = {x.strip() for x in a.only.split(",") if x.strip()}
        sources = [s for s in sources if s.id in want]
    done, problems = restore(sources, mirror_roots(a.mirror))
    for p in problems:
        print(p, file=sys.stderr)
    print(f"restored {done} of {len(sources)} documents into {CACHE}")
    return 0 if done == len(sources) else 1


if __name__ == "__main__":
    sys.exit(main())

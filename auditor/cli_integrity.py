"""``auditor verify`` and ``auditor case``: the commands that check and bundle a run's evidence."""

from __future__ import annotations

import sys
from pathlib import Path

EXIT_INTACT, EXIT_CHANGED = 0, 1


def cmd_verify(a) -> int:
    """Exit 0 intact, 1 changed; what is not a run folder or bundle (``NotVerifiable``) is
    bad input, exit 2, like every input error of ``auditor.cli.main``."""
    from auditor.verify import verify

    result = verify(Path(a.path), expected_root=a.root)
    for line in result.lines():
        print(line)
    print(f"{result.kind} {result.path}: {result.files:,} files hashed, "
          f"{result.manifest_rows:,} evidence manifest rows, {result.archives:,} web archives "
          "checked against their own digests")
    print(f"root hash: {result.root_hash or '(none: no SHA256SUMS)'}")
    if result.intact:
        print("intact" + ("" if a.root else " (compare the root hash with the one recorded at "
                                            "the end of the sweep, or give it with --root)"))
        return EXIT_INTACT
    print(f"NOT intact: {len(result.problems):,} file(s) changed, missing or extra")
    return EXIT_CHANGED


def cmd_case(a) -> int:
    from auditor.case import build_case

    bundle = build_case(Path(a.dir), a.target_id, Path(a.out))   # CaseError: its exit code
    print(f"case bundle: {bundle.path} ({bundle.files} files, {bundle.evidence} evidence)")
    print(f"bundle hash: {bundle.root_hash} (SHA-256 of its SHA256SUMS)")
    if bundle.source_root_hash:
        print(f"from the run with root hash {bundle.source_root_hash}")
    else:
        print("warning: the run has no SHA256SUMS (made before hash lists were kept); the "
              "bundle cannot be traced to a root hash", file=sys.stderr)
    return EXIT_INTACT


def add_parsers(sub) -> None:
    v = sub.add_parser("verify", help="re-check every hash of a run folder or case bundle "
                                      "(0 intact, 1 changed, 2 not a run folder)")
    v.add_argument("path", help="a run folder (a sweep's --out) or a case bundle (.zip)")
    v.add_argument("--root", default=None, metavar="HASH",
                   help="the root hash recorded at the end of the sweep: a different one is a "
                        "change")
    v.set_defaults(func=cmd_verify)
    c = sub.add_parser("case", help="bundle one service's verdicts, observations and evidence "
                                    "with their hashes")
    c.add_argument("dir", help="the run folder")
    c.add_argument("target_id")
    c.add_argument("--out", required=True, metavar="FILE.zip")
    c.set_defaults(func=cmd_case)

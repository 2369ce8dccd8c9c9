"""The demo sweep's web archives (issue 17): one WACZ per audited service, each passing the
``wacz`` package's own validator and its own digests, none holding a test account's secret
(the demo's personas log in through forms), each linked from its service's report page."""

from __future__ import annotations

import csv
import gzip
import io
import json
import zipfile

from auditor.archive_build import validate
from auditor.wacz_digests import wacz_problems


def _rows(run) -> list[dict]:
    with open(run / "evidence/manifest.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _archives(run) -> dict[str, dict]:
    return {r["path"].split("/")[1]: r for r in _rows(run) if r["kind"] == "archive"}


def _demo_secrets(tmp_path) -> set[str]:
    """The values the demo sweep masked: its personas' secrets, as `auditor demo` loads them."""
    from auditor.demo import DemoWeb
    from auditor.secrets import load_secrets, secret_values

    path = DemoWeb().write_secrets(tmp_path / "demo-secrets.toml")
    return secret_values(load_secrets(path))


def test_every_audited_demo_service_has_a_valid_archive(demo_run):
    out, _ = demo_run
    meta = json.loads((out / "run.json").read_text(encoding="utf-8"))
    audited = {t["id"] for t in meta["targets"] if t["outcome"] == "ok"}
    archives = _archives(out)
    assert audited and audited <= set(archives), audited - set(archives)
    assert meta["options"]["archive"] == "pages"
    for tid, row in sorted(archives.items()):
        wacz = out / row["path"]
        assert row["path"] == f"evidence/{tid}/{tid}-archive.wacz"
        assert wacz_problems(str(wacz)) == [], tid
        assert validate(wacz), f"{tid}: the wacz package's validator rejects its archive"


def test_no_demo_secret_is_in_any_archive_though_personas_logged_in(demo_run, tmp_path):
    from warcio.archiveiterator import ArchiveIterator

    out, _ = demo_run
    secrets = _demo_secrets(tmp_path)
    assert len(secrets) >= 6
    posts_masked = 0
    for tid, row in sorted(_archives(out).items()):
        with zipfile.ZipFile(out / row["path"]) as zf:
            for name in zf.namelist():
                data = zf.read(name)
                plain = gzip.decompress(data) if name.endswith(".gz") else data
                found = [s for s in secrets if s.encode() in plain]
                assert not found, f"{tid}: {name} holds {found}"
                if name.startswith("archive/"):
                    for rec in ArchiveIterator(io.BytesIO(data)):
                        line = rec.http_headers.statusline if rec.http_headers else ""
                        method = rec.http_headers.protocol if rec.http_headers else ""
                        if rec.rec_type == "request" and "POST" in (method, line[:4]):
                            body = rec.content_stream().read()
                            if not body:            # a post with no fields: nothing to mask
                                continue
                            assert body == b"[redacted]", f"{tid}: a post's body kept"
                            assert "body" in rec.rec_headers.get_header("OSA-Masked")
                            posts_masked += 1
    assert posts_masked >= 2, "no login form went through the demo sweep's archives"


def test_each_service_page_links_its_archive_and_archived_copies(demo_run):
    out, _ = demo_run
    page = (out / "report" / "services" / "chatspot.html").read_text(encoding="utf-8")
    assert 'href="../../evidence/chatspot/chatspot-archive.wacz" download' in page
    assert "wb-manager add --unpack-wacz chatspot evidence/chatspot/chatspot-archive.wacz" in page
    assert 'class="replay" href="http://localhost:8080/chatspot/2' in page

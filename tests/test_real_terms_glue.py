"""The real-terms benchmark's own glue (benchmarks/real_terms), without the real documents: the
pins, the evaluation list kept out, the labels' format, the Markdown page and the comparison.
The documents themselves are a benchmark, not a test: CI never has them."""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks" / "real_terms"
sys.path.insert(0, str(BENCH))

import benchmark  # noqa: E402
import labels as labelfile  # noqa: E402
import restore  # noqa: E402

WORRIED = {"forum", "social", "chat", "file_sharing", "adult", "dating", "gaming"}


def rows() -> list[dict]:
    with restore.SOURCES.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_sources_pin_enough_real_documents_of_the_kinds_the_codes_worry_about():
    sources = rows()
    assert len(sources) >= 100
    services = {r["service"] for r in sources}
    assert len(services) >= 60
    assert len({r["service"] for r in sources if r["kind"] in WORRIED}) >= 40
    assert {r["format"] for r in sources} == {"md", "html"}
    for r in sources:
        assert re.fullmatch(r"[0-9a-f]{40}", r["commit"]), r["id"]
        assert re.fullmatch(r"[\w.-]+/[\w.-]+", r["repo"]), r["id"]
        assert r["path"].endswith("." + r["format"]), r["id"]
    assert len({r["id"] for r in sources}) == len(sources)


def test_no_service_kept_for_evaluation_is_pinned_or_restored():
    assert not [r for r in rows() if restore.Source(**r).kept_for_evaluation]
    # a row naming one would be skipped by folder name, its file never read
    kept = restore.Source("x", "Some Service", "chat", "terms", "md", "o/r", "0" * 40,
                          "Telegram/Terms of Service.md")
    assert kept.kept_for_evaluation


def test_the_evaluation_list_matches_shared_evaluation_md():
    evaluation = ROOT.parent / "shared" / "EVALUATION.md"
    if not evaluation.exists():
        pytest.skip("shared/EVALUATION.md is not beside this checkout")
    text = evaluation.read_text(encoding="utf-8")
    section = text.split("## Terms of service", 1)[1].split("\n## ", 1)[0]
    body = " ".join(section.split("\n(", 1)[0].splitlines()[1:])
    names = {n.strip().rstrip(".").lower() for n in re.split(r"[,;]", body.replace(" and ", ","))
             if n.strip().rstrip(".")}
    assert names == set(restore.EVALUATION_SERVICES)


def test_the_documents_are_never_committed():
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8")
    assert "/benchmarks/real_terms/cache/" in ignored
    own = {"GUIDE.md", "README.md"}
    assert not [p for p in BENCH.rglob("*") if p.suffix in (".md", ".html")
                and "cache" not in p.parts and p.name not in own]


def test_a_missing_mirror_says_what_to_do(tmp_path):
    source = restore.Source("x__terms", "X", "chat", "terms", "md", "SomeOwner/some-versions",
                            "0" * 40, "X/Terms of Service.md")
    done, problems = restore.restore([source], [tmp_path])
    assert done == 0
    assert "no local mirror of SomeOwner/some-versions" in problems[0]
    assert "git clone --bare" in problems[0] and "OSA_TERMS_MIRROR" in problems[0]


def test_a_markdown_original_is_served_inside_a_plain_html_page():
    page = restore.markdown_page("# Terms\n\nYou must be **13**.\n\n- no spam\n- no <b>x</b>",
                                 "Acme <Terms>")
    assert page.startswith("<!doctype html>") and "<main>" in page
    assert "<h1>Terms</h1>" in page and "<li>no spam</li>" in page
    assert "<title>Acme &lt;Terms&gt;</title>" in page


def test_the_committed_labels_follow_the_guide():
    labels_csv = BENCH / "labels.csv"
    second = BENCH / "labels_second.csv"
    for path in (labels_csv, second):
        labels, problems = labelfile.read(path)
        assert not problems, problems[:5]
        assert set(labels) <= {r["id"] for r in rows()}
    first = labelfile.load(labels_csv)
    assert len(first) >= 100
    assert sum("reading_band" in v for v in first.values()) >= 30
    assert len(set(first) & set(labelfile.load(second))) >= 20


def test_a_label_file_with_a_wrong_value_is_refused_with_its_line(tmp_path):
    bad = tmp_path / "labels.csv"
    bad.write_text("doc_id,signal,value,heading,offset,arguable,note\n"
                   "x,min_age,thirteen,,,,\n", encoding="utf-8")
    _, problems = labelfile.read(bad)
    assert problems[0].startswith(f"{bad}:2: x: min_age must be a whole number")


def _label(signal, value, arguable=False):
    return labelfile.Label("d", signal, value, "Eligibility", "120", arguable, "", 2)


def test_the_comparison_counts_precision_recall_and_lists_each_disagreement():
    result = benchmark.Result()
    got = {"min_age": 13, "reporting": True, "proactive_tech": False,
           "harms_covered": ["hate"], "last_updated": "2024-03-05", "reading_grade": 11.0,
           "_quotes": {}}
    labels = {"min_age": _label("min_age", 16), "reporting": _label("reporting", False),
              "proactive_tech": _label("proactive_tech", True, arguable=True),
              "harms_covered": _label("harms_covered", ("hate", "fraud")),
              "last_updated": _label("last_updated", "2024-03"),
              "reading_band": _label("reading_band", "standard")}
    benchmark.compare(result, "d", labels, got)
    c = result.counts
    assert (c["min_age"].agree, c["min_age"].total) == (0, 1)
    assert (c["reporting"].fp, c["proactive_tech"].fn) == (1, 1)
    assert c["proactive_tech"].arguable_total == 1
    assert (c["harm:hate"].tp, c["harm:fraud"].fn, c["harm:csea"].tn) == (1, 1, 1)
    assert c["last_updated"].agree == 1 and c["reading_band"].agree == 1
    missed = {(d.signal, d.expected, d.got) for d in result.disagreements}
    assert missed == {("min_age", 16, 13), ("reporting", False, True),
                      ("proactive_tech", True, False), ("harm:fraud", True, False)}
    assert all("'Eligibility' @120" == d.locator for d in result.disagreements)
    assert "min_age" in benchmark.render(result)

"""The catalogue: data validated at load time, with errors naming the entry and the field."""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

import pytest

from auditor import signals
from auditor.measures import CatalogueError, catalogue_records, format_catalogue, load_catalogue
from auditor.measures.catalogue import DEFAULT_PATH
from auditor.measures.checks import REGISTRY

CAT = load_catalogue()

REQUIRED = (
    [f"ICU {x}" for x in "C9 C10 C14 D1 D2 D3 D4 D5 D6 D8 D9 D11 D12 F1 F2 G1 G3 J1 J2".split()]
    + [f"PCU {x}" for x in "B1 B2 B3 B4 B5 C2 D1 D2 D11 D12 D13 G1 G3 F J".split()]
    + ["ICS D", "ICS suggestions", "ICS statement", "Part5 s81", "Part5 s81 no-exposure",
       "Part5 s81 statement", "Part5 s81 circumvention", "OSA s20", "OSA s20A"])


def test_bundled_catalogue_covers_the_issue():
    ids = {m.id for m in CAT.measures}
    assert set(REQUIRED) <= ids


def test_catalogue_size_by_code():
    assert Counter(m.code for m in CAT.measures) == {"ICU": 22, "PCU": 15, "ICS": 4,
                                                     "Part5": 4, "OSA": 2}


def test_ics_c8_is_a_disclosure_only_measure_from_30_september_2026():
    m = CAT.get("ICS C8")
    assert m.code == "ICS" and m.id_confirmed
    assert m.in_force_from.isoformat() == "2026-09-30"
    assert m.signals == ("terms.hash_matching_iia",)
    assert m.check == "disclosure" and m.observability == "disclosure"
    assert m.basis == "secondary"
    assert CAT.get("ICU C14").in_force_from == m.in_force_from


def test_unconfirmed_ids_are_marked():
    unconfirmed = {m.id for m in CAT.measures if not m.id_confirmed}
    assert {"PCU F", "PCU J", "ICS D", "ICS suggestions", "ICS statement"} == unconfirmed


def test_entries_read_only_contract_signals_and_known_checks():
    for m in CAT.measures:
        assert all(s in signals.SIGNALS for s in m.signals), m.id
        assert m.check in REGISTRY, m.id


def test_j1_j2_large_only_and_c14_from_september():
    for mid in ("ICU J1", "ICU J2"):
        assert CAT.get(mid).applies_to["size"] == ["over_7m"]
    assert CAT.get("ICU C14").in_force_from.isoformat() == "2026-09-30"
    assert CAT.get("OSA s20A").in_force_from.isoformat() == "2026-06-29"


def test_records_have_the_listing_fields():
    recs = catalogue_records(CAT)
    assert len(recs) == len(CAT.measures)
    keys = {"id", "code", "title", "summary", "themes", "severity", "source", "id_confirmed",
            "from", "until"}
    assert all(keys <= set(r) for r in recs)
    g1 = [r for r in recs if r["id"] == "ICU G1"]
    assert [r["until"] for r in g1] == ["2026-06-28", ""]


def test_format_text_and_csv():
    text = format_catalogue(CAT)
    assert "ICU D1" in text and "[id unconfirmed]" in text and "from 2026-09-30" in text
    rows = list(csv.DictReader(io.StringIO(format_catalogue(CAT, "csv"))))
    assert len(rows) == len(CAT.measures)
    c9 = next(r for r in rows if r["id"] == "ICU C9")
    assert c9["themes"] == "csea" and c9["id_confirmed"] == "true"
    with pytest.raises(ValueError):
        format_catalogue(CAT, "xml")


# --- schema errors --------------------------------------------------------------------------

GOOD_ENTRY = '''
[[measure]]
id = "ICU D1"
code = "ICU"
edition = "2025-02-24"
from = 2025-03-17
title = "Enabling complaints"
summary = "A way to complain."
signals = ["reporting.item_control"]
check = "flag"
params = { signal = "reporting.item_control", label = "report control" }
severity = "high"
themes = []
source = "https://example.org/code.pdf"
'''
HEAD = '''schema = 1
name = "test"
[codes.ICU]
title = "ICU"
regime = ["u2u"]
'''


def write(tmp_path: Path, body: str) -> Path:
    p = tmp_path / "cat.toml"
    p.write_text(HEAD + body, encoding="utf-8")
    return p


def test_minimal_catalogue_loads(tmp_path):
    cat = load_catalogue(write(tmp_path, GOOD_ENTRY))
    assert [m.id for m in cat.measures] == ["ICU D1"]


@pytest.mark.parametrize("old,new,words", [
    ('severity = "high"', 'severity = "hgh"', ["'ICU D1'", "'severity'", "hgh"]),
    ('signals = ["reporting.item_control"]', 'signals = ["reporting.nope"]',
     ["'signals'", "reporting.nope", "not a registered signal"]),
    ('check = "flag"', 'check = "nope"', ["'check'", "no check named 'nope'"]),
    ('title = "Enabling complaints"\n', '', ["'title' is missing"]),
    ('from = 2025-03-17', 'from = "2025-03-17"', ["'from'", "YYYY-MM-DD"]),
    ('id = "ICU D1"', 'id = "ICU d-1x"', ["'id'", "Ofcom-style"]),
    ('id = "ICU D1"', 'id = "PCU D1"', ["must start with its code"]),
    ('code = "ICU"', 'code = "XYZ"', ["'code'", "not a code"]),
    ('themes = []', 'themes = ["cats"]', ["'themes'", "cats"]),
    ('source = "https://example.org/code.pdf"', 'source = "ftp://x"', ["https URL"]),
    ('label = "report control" }', 'label = "r", colour = "red" }', ["no parameter 'colour'"]),
    ('params = { signal = "reporting.item_control", label = "report control" }',
     'params = { signal = "reporting.item_control" }', ["needs 'label'"]),
    ('signal = "reporting.item_control"', 'signal = "reporting.logged_out"',
     ["not listed in 'signals'"]),
    ('severity = "high"', 'severity = "high"\ncolour = 1', ["unknown field 'colour'"]),
    ('source = "https://example.org/code.pdf"',
     'source = "https://example.org/code.pdf"\napplies_to = { size = ["huge"] }',
     ["'applies_to'", "'size'", "huge"]),
    ('source = "https://example.org/code.pdf"',
     'source = "https://example.org/code.pdf"\napplies_to = { colour = true }',
     ["unknown condition 'colour'"]),
    ('source = "https://example.org/code.pdf"',
     'source = "https://example.org/code.pdf"\napplies_to = { level = "high" }',
     ["'level' needs 'risk'"]),
    ('from = 2025-03-17', 'from = 2025-03-17\nuntil = 2025-01-01', ["before 'from'"]),
])
def test_schema_errors_name_entry_and_field(tmp_path, old, new, words):
    assert old in GOOD_ENTRY
    with pytest.raises(CatalogueError) as e:
        load_catalogue(write(tmp_path, GOOD_ENTRY.replace(old, new)))
    for w in words:
        assert w in str(e.value), str(e.value)
    assert "measure 1" in str(e.value) or "measure 'ICU D1'" in str(e.value)


def test_overlapping_editions_rejected(tmp_path):
    with pytest.raises(CatalogueError, match="both in force"):
        load_catalogue(write(tmp_path, GOOD_ENTRY + GOOD_ENTRY.replace("2025-03-17",
                                                                       "2026-01-01")))
    second = GOOD_ENTRY.replace("2025-03-17", "2026-01-01")
    first = GOOD_ENTRY.replace("from = 2025-03-17", "from = 2025-03-17\nuntil = 2025-12-31")
    cat = load_catalogue(write(tmp_path, first + second))
    assert len(cat.measures) == 2


def test_unreadable_and_invalid_files(tmp_path):
    with pytest.raises(CatalogueError, match="cannot read"):
        load_catalogue(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("schema = = 1", encoding="utf-8")
    with pytest.raises(CatalogueError, match="not valid TOML"):
        load_catalogue(bad)
    headless = tmp_path / "headless.toml"
    headless.write_text(GOOD_ENTRY, encoding="utf-8")
    with pytest.raises(CatalogueError, match="'schema' must be 1"):
        load_catalogue(headless)


def test_default_path_is_packaged():
    assert DEFAULT_PATH.name == "catalogue.toml" and DEFAULT_PATH.exists()


def test_applies_to_described_in_words():
    from auditor.measures import describe
    m = CAT.get("ICU C9")
    text = describe(m.applies_to, CAT.regimes(m))
    assert text.startswith("user-to-user")
    assert "csam_image risk high" in text and "kind file_sharing" in text

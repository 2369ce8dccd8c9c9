"""Age-assurance providers as data (probes/age_providers.toml, --providers FILE): the bundled
table's shape and sources, how a provider is recognised (hosts, SDK scripts, globals, elements),
a user's own file added without code, and bad files refused with where and how to fix them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from probes.age_gate import offered_methods, provider_offer
from probes.age_gate_dom import provider_key
from probes.age_providers import METHODS, ProvidersFileError, load, read

ROOT = Path(__file__).resolve().parents[1]


def test_the_bundled_table_names_a_source_for_every_fact():
    table = load()
    assert len(table.providers) >= 20
    assert len({p.key for p in table.providers}) == len(table.providers)
    for p in table.providers:
        assert p.domains, p.key
        assert set(p.methods) <= set(METHODS)
        for fact in ("methods", "globals", "elements", "script_hints"):
            if getattr(p, fact):
                assert any(k.startswith(fact) for k in p.sources), (p.key, fact)


def test_a_provider_is_recognised_by_host_script_and_marks():
    table = load()
    yoti, veriff = table.by_key("yoti"), table.by_key("veriff")
    assert table.by_url(f"https://age.{yoti.domains[0]}/start?x=1")[0].key == "yoti"
    assert table.by_url(f"https://example.com/{yoti.domains[0]}") is None   # a path is no host
    assert table.by_script("http://127.0.0.1:8000/npm/@veriff/incontext-sdk/dist/index.js"
                           ).key == "veriff"
    assert table.by_script("https://cdn.example.net/personalisation.js") is None
    assert [p.key for p in table.by_marks({"globals": ["veriffSDK"], "elements": []})] == \
        ["veriff"]
    assert [p.key for p in table.by_marks({"globals": [], "elements": ["jumio-sdk"]})] == \
        ["jumio"]
    assert table.by_marks({}) == []
    hints = table.hints()
    assert "veriffSDK" in hints["globals"] and "veriffFrame" in hints["elements"]
    # one name per provider, whichever of its hosts was seen
    assert provider_key(f"https://cdn.{veriff.domains[1]}/sdk.js") == \
        provider_key(f"https://{veriff.domains[0]}/")


def test_methods_are_inferred_from_the_table_only_when_the_page_names_none():
    table = load()
    veriff = table.by_key("veriff")
    assert offered_methods({veriff.domains[0]}, set(), table) == set(veriff.methods)
    assert offered_methods({veriff.domains[0]}, {"credit_card"}, table) == set()
    assert offered_methods({"unknown-provider.test"}, set(), table) == set()
    # age_gate.provider_methods: what the recognised providers offer, page or not
    assert provider_offer({veriff.domains[0], "unknown-provider.test"}, table) == \
        set(veriff.methods)
    assert provider_offer(set(), table) == set()


def test_a_users_file_adds_a_provider_and_replaces_one_by_key(tmp_path):
    extra = tmp_path / "providers.toml"
    extra.write_text('[[provider]]\nkey = "agecheckr"\nname = "AgeCheckr"\n'
                     'domains = ["agecheckr.test"]\nmethods = ["credit_card"]\n'
                     '[[provider]]\nkey = "veriff"\nname = "Veriff (local)"\n'
                     'domains = ["veriff.local.test"]\n', encoding="utf-8")
    table = load(str(extra))
    assert table.by_url("https://verify.agecheckr.test/x")[0].name == "AgeCheckr"
    assert table.by_key("veriff").name == "Veriff (local)"
    assert table.by_url(f"https://{load().by_key('veriff').domains[0]}/") is None  # replaced
    assert provider_key("https://verify.agecheckr.test/x", table) == "agecheckr.test"
    assert load().by_key("veriff").name == "Veriff"               # the bundled table unchanged


@pytest.mark.parametrize("text, says", [
    ("[[provider]]\nname = 'X'\n", "no key"),
    ("[[provider]]\nkey = 'x'\nname = 'X'\nmethods = ['retina']\n", "unknown method(s) retina"),
    ("[[provider]]\nkey = 'x'\nname = 'X'\ndomain = ['x.test']\n", "unknown field(s) domain"),
    ("[[provider]]\nkey = 'x'\nname = 'X'\ndomains = 'x.test'\n", "domains must be a list"),
    ("key = 'x'\n", "no [[provider]] tables"),
    ("[[provider]\nkey = 'x'\n", "not valid TOML"),
])
def test_a_bad_providers_file_is_refused_with_the_fix(tmp_path, text, says):
    bad = tmp_path / "p.toml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(ProvidersFileError) as exc:
        read(bad)
    assert says in str(exc.value) and str(bad) in str(exc.value)


def test_the_command_refuses_a_bad_providers_file_before_any_visit(tmp_path):
    bad = tmp_path / "p.toml"
    bad.write_text("[[provider]]\nkey = 'x'\nname = 'X'\nmethods = ['retina']\n",
                   encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "auditor.cli", "probe", "age_gate",
                           "http://127.0.0.1:9/", "--providers", str(bad)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 2
    assert "unknown method(s) retina" in proc.stderr + proc.stdout

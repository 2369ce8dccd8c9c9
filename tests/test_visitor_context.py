"""A first visitor's look goes on in one browser context: the age gate's landing (when no gate
was met), the sign-up form read without typing, then the visitor survey.  A new context costs
about 130 ms of CPU (mostly its page's new renderer process); what each probe finds must not
change with the sharing."""

from __future__ import annotations

import contextlib

import pytest
import sitekit

import probes
from auditor.model import Target


async def _audit(demo, sid: str, tmp_path, *, share: bool = True):
    """discovery, age_gate, signup and profile on one demo service: the observations, every
    context made, and the context each visitor block was given (in order); without ``share``,
    every visitor block gets a fresh context (as before the sharing)."""
    svc = demo.service(sid)
    made: list = []
    visits: list[tuple[str, object]] = []
    out = {}
    async with sitekit.shared_browser(demo.host_map) as shared:
        target = Target(sid, sid, svc.start_url)
        async with sitekit.probe_session(shared, target, tmp_path) as session:
            new_context, visitor_context = session._new_context, session.visitor_context

            async def counted(**kw):
                ctx = await new_context(**kw)
                made.append(ctx)
                return ctx

            @contextlib.asynccontextmanager
            async def watched():
                async with (visitor_context() if share else session.fresh_context()) as ctx:
                    visits.append((probe, ctx))
                    yield ctx

            session._new_context, session.visitor_context = counted, watched
            for probe in ("discovery", "age_gate", "signup", "profile"):
                for o in await probes.load(probe).run(session):
                    out[o.signal] = o.value
    return out, made, visits


def _differences(shared: dict, alone: dict) -> dict:
    return {k: (v, alone.get(k)) for k, v in shared.items() if alone.get(k) != v}


@pytest.mark.browser
async def test_without_a_gate_the_landing_the_signup_form_and_the_survey_share_a_context(
        demo, tmp_path):
    out, made, visits = await _audit(demo, "quietforum", tmp_path)
    assert [p for p, _ in visits] == ["age_gate", "signup", "profile"]
    assert len({id(c) for _, c in visits}) == 1, visits
    assert len(made) == 2, made                  # the target's own and the visitor's
    assert out["age_gate.type"] == "none" and out["signup.asks_age"] is not None
    alone, made_alone, _ = await _audit(demo, "quietforum", tmp_path / "alone", share=False)
    assert len(made_alone) == 4
    assert not _differences(out, alone)


@pytest.mark.browser
async def test_after_a_gate_the_landing_context_is_not_handed_on(demo, tmp_path):
    out, made, visits = await _audit(demo, "velvetroom", tmp_path)
    assert out["age_gate.type"] == "self_declaration"
    landing = visits[0]
    assert landing[0] == "age_gate"
    later = [c for p, c in visits if p in ("signup", "profile")]
    assert later and all(c is not landing[1] for c in later)
    alone, _, _ = await _audit(demo, "velvetroom", tmp_path / "alone", share=False)
    assert not _differences(out, alone)

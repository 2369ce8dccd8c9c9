"""Accessibility of a page as axe-core sees it (ICU/PCU D2 for report and complaints forms,
G3 for the terms): the serious and critical violations of the WCAG 2 A and AA rules.

axe-core comes bundled with ``axe-playwright-python`` (offline, a pinned version).  It runs in an
isolated world of the page's main frame (a content script's world: the same DOM, but its own
JavaScript globals), so a page that replaces ``Array.prototype.map``, ``Promise`` or a global
``axe`` cannot bend the answer; a page can still change its DOM while axe reads it, or be too
big to read in time.  An answer that is odd (no rule ran, no list of violations) or late is
``None``, "not observed", never "clean".  Only the page's own document is read (``iframes:
false``): a form in a frame from another site is that site's.

Runs inside a ``Session.page()`` block (the render slot is held while axe works).  About
120 ms of CPU a page (half of it reading axe's 500 KB source into the page) and a collection
afterwards; on the synthetic web a sweep is 6% slower with it (``benchmarks/README.md``), so
``auditor sweep`` runs it only with ``--a11y`` (``check``, ``probe`` and ``demo`` by default).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
from dataclasses import dataclass, field
from pathlib import Path

AXE_SECONDS = 8.0              # a page axe cannot read in this long is not observed
#: the note of both signals when the sweep's options leave axe out
OFF_NOTE = "not_run: accessibility checks not asked for (--a11y)"
BLOCKING = ("serious", "critical")
#: The rules of the accessibility standard a UK public body is held to (WCAG 2.2 AA).
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
WORLD = "osa-a11y"


@dataclass
class Violation:
    rule: str
    impact: str
    nodes: int
    help: str = ""
    targets: list[str] = field(default_factory=list)


@dataclass
class A11y:
    """What axe found on one page (``error`` set when it could not say)."""

    url: str
    violations: list[Violation] = field(default_factory=list)   # serious and critical only
    rules_run: int = 0
    scope: str = ""            # a selector when only part of the page (a form, a dialog) was read
    error: str = ""

    @property
    def count(self) -> int | None:
        return None if self.error else len(self.violations)

    def summary(self) -> str:
        """``rule (impact, N elements)`` for each violation, or why nothing was observed."""
        if self.error:
            return self.error
        return "; ".join(f"{v.rule} ({v.impact}, {v.nodes} element{'s' * (v.nodes != 1)})"
                         for v in self.violations)


@functools.lru_cache(maxsize=1)
def axe_source() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text("utf-8")


_RUN_JS = """(async () => {
  const scope = %s;
  const where = scope && document.querySelector(scope) ? {include: [[scope]]} : document;
  const r = await axe.run(where, {runOnly: {type: 'tag', values: %s},
                                  resultTypes: ['violations'], iframes: false,
                                  elementRef: false});
  return JSON.stringify({
    scoped: where !== document,
    run: (r.passes || []).length + (r.violations || []).length + (r.incomplete || []).length
         + (r.inapplicable || []).length,
    violations: (r.violations || []).map((v) => ({
      id: String(v.id), impact: String(v.impact || ''), help: String(v.help || ''),
      nodes: (v.nodes || []).length,
      targets: (v.nodes || []).slice(0, 3).map((n) => [].concat(n.target || []).join(' '))}))});
})()"""


_FORGET_JS = "try { axe.teardown && axe.teardown(); } catch (e) {} delete globalThis.axe;"


def parse(url: str, answer: object, scope: str = "") -> A11y:
    """An :class:`A11y` from the JSON text the run script answers; odd answers are errors."""
    res = A11y(url)
    try:
        data = json.loads(answer) if isinstance(answer, str) else None
        violations = data["violations"] if isinstance(data, dict) else None
        if not isinstance(violations, list) or not isinstance(data.get("run"), int):
            raise ValueError
        res.rules_run = data["run"]
        res.scope = scope if data.get("scoped") else ""
        for v in violations:
            if not isinstance(v, dict) or v.get("impact") not in BLOCKING:
                continue
            res.violations.append(Violation(
                str(v.get("id", ""))[:80], str(v["impact"]), int(v.get("nodes") or 0),
                str(v.get("help", ""))[:200],
                [str(t)[:120] for t in (v.get("targets") or [])[:3]]))
    except (ValueError, TypeError, KeyError):
        res.error = "error: axe-core gave an answer it could not have given"
        return res
    if res.rules_run == 0:
        res.error = "error: axe-core ran no rule on the page"
    return res


async def check_page(page, *, scope: str = "", seconds: float = AXE_SECONDS) -> A11y:
    """axe-core's serious and critical WCAG violations on ``page`` as it is now (only inside
    ``scope``, a CSS selector, when it matches)."""
    url = page.url
    cdp = None
    script = _RUN_JS % (json.dumps(scope or None), json.dumps(list(WCAG_TAGS)))

    async def run() -> object:
        nonlocal cdp
        cdp = await page.context.new_cdp_session(page)
        tree = await cdp.send("Page.getFrameTree")
        world = await cdp.send("Page.createIsolatedWorld", {
            "frameId": tree["frameTree"]["frame"]["id"], "worldName": WORLD})
        ctx_id = world["executionContextId"]
        await cdp.send("Runtime.evaluate", {"expression": axe_source(), "contextId": ctx_id})
        out = await cdp.send("Runtime.evaluate", {
            "expression": script, "contextId": ctx_id, "awaitPromise": True,
            "returnByValue": True})
        if out.get("exceptionDetails"):
            raise RuntimeError(str(out["exceptionDetails"].get("text", "exception"))[:100])
        answer = (out.get("result") or {}).get("value")
        # axe and what it built stay in the renderer's heap, even once the document has gone,
        # until a full collection (about 12 MiB a page, for every target open at once: a sweep
        # of 32 peaked 320 MiB higher): forget it and collect now (about 65 ms of CPU)
        await cdp.send("Runtime.evaluate", {"expression": _FORGET_JS, "contextId": ctx_id})
        await cdp.send("HeapProfiler.collectGarbage")
        return answer

    try:
        answer = await asyncio.wait_for(run(), seconds)   # every step: a busy page blocks any
    except TimeoutError:
        if cdp is not None:       # a script still running (ours, or the page's) is stopped
            with contextlib.suppress(Exception):
                await asyncio.wait_for(cdp.send("Runtime.terminateExecution"), 2)
        return A11y(url, error=f"timeout: axe-core did not finish in {seconds:g} s")
    except Exception as exc:  # noqa: BLE001 - a page that went away, a renderer that crashed
        return A11y(url, error=f"error: axe-core could not run ({type(exc).__name__}: "
                               f"{str(exc)[:80]})")
    finally:
        if cdp is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(cdp.detach(), 2)
    return parse(url, answer, scope)


def total(results: list[A11y]) -> tuple[int | None, str]:
    """(serious and critical violations summed over the pages axe could read, a note naming
    each rule and page); ``None`` when it could read none of them."""
    read = [r for r in results if not r.error]
    if not read:
        why = results[0].error if results else "not_found: no page to check"
        return None, why[:300]
    n = sum(len(r.violations) for r in read)
    parts = [f"{r.summary() or 'none'} on {r.url}" for r in read]
    parts += [f"{r.error} on {r.url}" for r in results if r.error]
    return n, ("axe: " + "; ".join(parts))[:600]

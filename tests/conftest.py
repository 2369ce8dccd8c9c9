"""Shared test helpers: a target list writer and fast sweep options."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitekit import write_targets


@pytest.fixture
def targets_csv(tmp_path):
    def make(rows: list[dict], name: str = "targets.csv") -> Path:
        return write_targets(tmp_path / name, rows)
    return make


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory):
    """One sweep of the whole bundled demo web (``auditor demo``), shared by the tests that read
    its run folder: ground-truth agreement, verdict coverage, the report."""
    from auditor.cli import main

    out = tmp_path_factory.mktemp("demo") / "run"
    code = main(["demo", "--out", str(out), "--progress", "none", "--delay", "0.25"])
    return out, code


@pytest.fixture(scope="module")
def demo():
    """The bundled demo web, served on 127.0.0.1 for one test module (the probes' own tests
    run a probe against some of its services)."""
    from auditor.demo import DemoWeb

    with DemoWeb() as web:
        yield web


@pytest.fixture(scope="module")
def report_browser():
    """Headless Chromium through Playwright's sync API, found and launched as a sweep launches
    it, with no name resolving beyond this machine: for report pages opened from disk.  One per
    test module (a sync Playwright must not outlive its module's event-loop users)."""
    from playwright.sync_api import sync_playwright

    from auditor.browser import find_chromium, launch_args

    choice = find_chromium()
    with sync_playwright() as pw:
        kw = {"headless": True, "args": launch_args(isolate_dns=True)}
        if choice.executable:
            kw["executable_path"] = choice.executable
        browser = pw.chromium.launch(**kw)
        yield browser
        browser.close()


@pytest.fixture
def fleet(tmp_path):
    """A distributed sweep's parts: a real Redis (with a password) and the list of workers the
    test starts (tests/worker_kit.py), all stopped after it."""
    from redis_kit import RedisServer
    from worker_kit import PASSWORD

    server = RedisServer(tmp_path / "redis", password=PASSWORD)
    workers: list = []
    yield server, workers
    for w in workers:
        w.stop()
    server.stop()


def pytest_itemcollected(item):
    """Under pytest-xdist (``--dist loadgroup``): a test file's tests stay on one worker (its
    module fixtures, e.g. the npm install, run once), and every test that reads the shared demo
    sweep joins one group, so the sweep runs once.  Marked as each item is collected, before
    xdist turns the marks into node ids."""
    group = "demo_run" if "demo_run" in getattr(item, "fixturenames", ()) \
        else item.nodeid.split("::", 1)[0]
    item.add_marker(pytest.mark.xdist_group(group))


def pytest_collection_modifyitems(items):
    """The demo sweep's group first: xdist hands out groups in collection order, and the
    longest group started last would be the suite's tail (one worker sweeping while the
    others idle)."""
    items.sort(key=lambda item: "demo_run" not in getattr(item, "fixturenames", ()))

"""Launch plus screenshot: the Playwright pin and the Chromium found here still agree."""

from __future__ import annotations

import sys

import pytest
from playwright.async_api import async_playwright
from sitekit import Site, page

from auditor.browser import (
    ENV_VAR,
    BrowserChoice,
    BrowserNotFound,
    find_chromium,
    launch,
    launch_args,
)

pytestmark = pytest.mark.browser


async def test_launch_and_screenshot(tmp_path):
    with Site({"/": page("Smoke", "<h1>Hello</h1>")}) as site:
        async with async_playwright() as pw:
            browser, choice = await launch(pw)
            try:
                p = await browser.new_page()
                await p.goto(site.url("/"))
                assert await p.title() == "Smoke"
                shot = await p.screenshot(full_page=True)
            finally:
                await browser.close()
    assert shot[:8] == b"\x89PNG\r\n\x1a\n" and len(shot) > 1000
    assert choice.source in ("env", "playwright", "system")


def test_env_override_wins_and_bad_override_says_the_fix(monkeypatch, tmp_path):
    fake = tmp_path / "chrome"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv(ENV_VAR, str(fake))
    assert find_chromium().executable == str(fake)
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "missing"))
    with pytest.raises(BrowserNotFound, match="Fix"):
        find_chromium()


def test_no_browser_anywhere_says_how_to_install(monkeypatch, tmp_path):
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(BrowserNotFound, match="apt-get install -y chromium-headless-shell"):
        find_chromium()


def test_the_systems_headless_shell_comes_before_its_full_browser(monkeypatch, tmp_path):
    """Debian's chromium-headless-shell does the same page work for a third of the CPU of the
    full browser's headless mode (benchmarks/README.md): with both on PATH, the shell is used,
    and the full browser where the shell is missing."""
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "none"))
    bin_dir = tmp_path / "bin"
    full = _fake_exe(bin_dir / "chromium")
    monkeypatch.setenv("PATH", str(bin_dir))
    assert find_chromium() == BrowserChoice(str(full), "system")
    shell = _fake_exe(bin_dir / "chromium-headless-shell")
    assert find_chromium() == BrowserChoice(str(shell), "system")


def test_playwright_bundled_browser_is_found(monkeypatch, tmp_path):
    exe = tmp_path / "chromium-1200" / "chrome-linux" / "chrome"
    exe.parent.mkdir(parents=True)
    exe.write_text("#!/bin/sh\n")
    exe.chmod(0o755)
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path))
    choice = find_chromium()
    assert choice.source == "playwright" and choice.executable == str(exe)


def _fake_exe(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return path


def _pinned(name: str) -> str:
    import json

    from auditor.browser import _playwright_package

    data = json.loads((_playwright_package() / "browsers.json").read_text())
    return next(b["revision"] for b in data["browsers"] if b["name"] == name)


def test_the_installed_playwrights_own_layout_is_found(monkeypatch, tmp_path):
    """Playwright 1.65 installs chromium_headless_shell-REV/chrome-headless-shell-linux64/
    chrome-headless-shell, which the old glob (``*headless_shell``) missed."""
    from auditor.browser import BrowserChoice, _short_platform

    if _short_platform() != "linux-x64":
        pytest.skip("the fake folder below is the linux-x64 layout")
    rev = _pinned("chromium-headless-shell")
    shell = _fake_exe(tmp_path / f"chromium_headless_shell-{rev}" /
                      "chrome-headless-shell-linux64" / "chrome-headless-shell")
    full = _fake_exe(tmp_path / f"chromium-{_pinned('chromium')}" / "chrome-linux64" / "chrome")
    _fake_exe(tmp_path / "chromium_headless_shell-99999" / "chrome-headless-shell-linux64" /
              "chrome-headless-shell")            # a newer leftover: the pinned one wins
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path))
    assert find_chromium() == BrowserChoice(str(shell), "playwright")
    shell.unlink()
    assert find_chromium().executable == str(full)
    full.chmod(0o644)                               # not executable: not a browser
    assert find_chromium().executable.endswith("chromium_headless_shell-99999/"
                                               "chrome-headless-shell-linux64/"
                                               "chrome-headless-shell")


def test_an_empty_browser_folder_is_not_a_browser(monkeypatch, tmp_path):
    """setup.sh used to count any chromium*/ folder as a browser."""
    (tmp_path / "chromium-1255").mkdir()
    (tmp_path / "chromium_headless_shell-1255" / "chrome-headless-shell-linux64").mkdir(
        parents=True)
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(BrowserNotFound):
        find_chromium()


def test_the_browsers_folder_is_where_playwright_puts_it(monkeypatch, tmp_path):
    from auditor.browser import _playwright_package, playwright_browsers_path

    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "pw"))
    assert playwright_browsers_path() == tmp_path / "pw"
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", "0")
    assert playwright_browsers_path() == _playwright_package() / ".local-browsers"
    monkeypatch.delenv("PLAYWRIGHT_BROWSERS_PATH")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    if sys.platform.startswith("linux"):
        assert playwright_browsers_path() == tmp_path / "cache" / "ms-playwright"


def test_the_override_wins_over_playwrights_browser(monkeypatch, tmp_path):
    _fake_exe(tmp_path / "pw" / "chromium-1200" / "chrome-linux" / "chrome")
    mine = _fake_exe(tmp_path / "bin" / "my-chrome")
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "pw"))
    monkeypatch.setenv(ENV_VAR, str(mine))
    assert find_chromium().executable == str(mine) and find_chromium().source == "env"


def test_setup_script_asks_the_package_which_browser_there_is():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "scripts" / "setup.sh").read_text()
    assert "from auditor.browser import" in text and "find_chromium" in text
    assert "ms-playwright" not in text                # no folder guessing of its own
    assert text.index("-m venv") < text.index("find_chromium()") < text.index("apt-get install")


def test_launch_flags_never_carry_our_own_disable_features():
    args = launch_args({"a.test": ("127.0.0.1", 9)}, None)
    assert not any(a.startswith("--disable-features") for a in args)
    rules = next(a for a in args if a.startswith("--host-resolver-rules="))
    assert "MAP a.test 127.0.0.1:9" in rules and "MAP * ~NOTFOUND" in rules

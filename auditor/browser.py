"""Finding and launching Chromium.

Order: ``$AUDITOR_CHROMIUM`` (a path to a Chromium or Chrome binary), then Playwright's own
browser if it was installed with ``playwright install`` (found where the installed Playwright
puts it: ``$PLAYWRIGHT_BROWSERS_PATH`` or ``~/.cache/ms-playwright``, its pinned revision
first), then the system's: its headless shell first (Debian's ``chromium-headless-shell``, what
Playwright itself runs headless), then the full browser (``/usr/bin/chromium``,
``chromium-browser``, ``google-chrome``).  The headless shell does the same page work for a
third of the CPU and two thirds of the memory (measured: ``benchmarks/README.md``, issue 15), so
it comes first wherever it is installed.  ``scripts/setup.sh`` asks :func:`find_chromium` too,
so set-up and sweeps agree on whether there is a browser.  Launch flags follow
shared/platform.md: never pass our own ``--disable-features`` (Chromium obeys only the last one
and Playwright already passes one).
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "AUDITOR_CHROMIUM"
#: the headless shells first: the full browser's headless mode runs the whole browser UI stack
SYSTEM_NAMES = ("chromium-headless-shell", "chrome-headless-shell", "chromium", "chromium-browser",
                "google-chrome", "google-chrome-stable")
BASE_ARGS = ["--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class BrowserNotFound(RuntimeError):
    pass


@dataclass(frozen=True)
class BrowserChoice:
    executable: str | None      # None: Playwright's own bundled browser
    source: str                 # env | playwright | system


# Where ``playwright install`` puts Chromium, per platform (Playwright's registry:
# EXECUTABLE_PATHS in the driver): the headless shell first (what Playwright itself launches for
# headless), then the full browser.  Older Playwrights used other folder names; they are tried
# last.
_LAYOUTS = {
    "linux-x64": (("chromium-headless-shell", ("chrome-headless-shell-linux64",
                                               "chrome-headless-shell")),
                  ("chromium", ("chrome-linux64", "chrome"))),
    "linux-arm64": (("chromium-headless-shell", ("chrome-headless-shell-linux-arm64",
                                                 "chrome-headless-shell")),
                    ("chromium", ("chrome-linux-arm64", "chrome"))),
    "mac-x64": (("chromium-headless-shell", ("chrome-headless-shell-mac-x64",
                                             "chrome-headless-shell")),
                ("chromium", ("chrome-mac-x64", "Google Chrome for Testing.app", "Contents",
                              "MacOS", "Google Chrome for Testing"))),
    "mac-arm64": (("chromium-headless-shell", ("chrome-headless-shell-mac-arm64",
                                               "chrome-headless-shell")),
                  ("chromium", ("chrome-mac-arm64", "Google Chrome for Testing.app", "Contents",
                                "MacOS", "Google Chrome for Testing"))),
    "win-x64": (("chromium-headless-shell", ("chrome-headless-shell-win64",
                                             "chrome-headless-shell.exe")),
                ("chromium", ("chrome-win64", "chrome.exe"))),
}
_OLD_PATTERNS = ("chromium_headless_shell-*/chrome-*/*headless[-_]shell",
                 "chromium-*/chrome-*/chrome")


def _short_platform() -> str:
    machine = platform.machine().lower()
    arm = machine in ("arm64", "aarch64")
    if sys.platform == "darwin":
        return "mac-arm64" if arm else "mac-x64"
    if sys.platform == "win32":
        return "win-x64"
    return "linux-arm64" if arm else "linux-x64"


def playwright_browsers_path() -> Path:
    """The folder ``playwright install`` writes to, as Playwright computes it:
    ``$PLAYWRIGHT_BROWSERS_PATH`` (``0``: inside the package), else the user's cache folder."""
    env = os.environ.get("PLAYWRIGHT_BROWSERS_PATH", "")
    if env == "0":
        return _playwright_package() / ".local-browsers"
    if env:
        return Path(env).expanduser().absolute()
    if sys.platform == "darwin":
        cache = Path.home() / "Library" / "Caches"
    elif sys.platform == "win32":
        cache = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    else:
        cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "ms-playwright"


def _playwright_package() -> Path:
    """The installed Playwright's driver package (holds ``browsers.json``)."""
    import playwright

    return Path(playwright.__file__).resolve().parent / "driver" / "package"


def _revisions() -> dict[str, str]:
    """The Chromium revisions the installed Playwright is pinned to (its ``browsers.json``)."""
    try:
        data = json.loads((_playwright_package() / "browsers.json").read_text())
    except (ImportError, OSError, ValueError):
        return {}
    return {b["name"]: str(b["revision"]) for b in data.get("browsers", [])
            if isinstance(b, dict) and "name" in b and "revision" in b}


def _executable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def _revision_of(path: Path, root: Path) -> int:
    folder = path.relative_to(root).parts[0]
    tail = folder.rpartition("-")[2]
    return int(tail) if tail.isdigit() else -1


def _playwright_bundled() -> str | None:
    """Playwright's own Chromium: the revision the installed Playwright is pinned to (headless
    shell, then full Chromium), else the newest other revision found in its browsers folder.

    Computed from the installed Playwright's ``browsers.json`` and folder layout rather than by
    asking the driver (``chromium.executable_path``), which needs a driver process and cannot
    run inside the sweep's event loop."""
    root = playwright_browsers_path()
    if not root.is_dir():
        return None
    revisions = _revisions()
    layouts = _LAYOUTS.get(_short_platform(), ())
    for name, parts in layouts:
        rev = revisions.get(name)
        if rev:
            cand = root / f"{name.replace('-', '_')}-{rev}" / Path(*parts)
            if _executable(cand):
                return str(cand)
    found: set[Path] = set()
    for name, parts in layouts:
        found.update(root.glob(f"{name.replace('-', '_')}-*/{Path(*parts)}"))
    for pattern in _OLD_PATTERNS:
        found.update(root.glob(pattern))
    usable = [p for p in found if _executable(p)]
    usable.sort(key=lambda p: (_revision_of(p, root), "headless" in str(p)), reverse=True)
    return str(usable[0]) if usable else None


def find_chromium() -> BrowserChoice:
    override = os.environ.get(ENV_VAR, "").strip()
    if override:
        path = shutil.which(override) or override
        if not (os.path.isfile(path) and os.access(path, os.X_OK)):
            raise BrowserNotFound(f"{ENV_VAR}={override!r} is not an executable file. "
                                  f"Fix: point {ENV_VAR} at a Chromium or Chrome binary, "
                                  "or unset it.")
        return BrowserChoice(path, "env")
    bundled = _playwright_bundled()
    if bundled:
        return BrowserChoice(bundled, "playwright")
    for name in SYSTEM_NAMES:
        path = shutil.which(name)
        if path:
            return BrowserChoice(path, "system")
    raise BrowserNotFound(
        "No Chromium found. Fix: on Debian/Ubuntu run "
        "`sudo apt-get install -y chromium-headless-shell` "
        "(or `make setup`, which does it); elsewhere run `playwright install chromium`; "
        f"or set {ENV_VAR}=/path/to/chrome.")


def launch_args(host_map: dict[str, tuple[str, int]] | None = None,
                proxy: str | None = None, *, isolate_dns: bool = False) -> list[str]:
    """Chromium flags.  ``host_map`` sends named hosts to local addresses (demo web, tests)."""
    args = list(BASE_ARGS)
    rules = [f"MAP {h} {ip}:{port}" for h, (ip, port) in sorted((host_map or {}).items())]
    if host_map or isolate_dns:
        rules += ["MAP * ~NOTFOUND", "EXCLUDE localhost", "EXCLUDE 127.0.0.1"]
    if rules:
        args.append("--host-resolver-rules=" + ", ".join(rules))
    return args


async def launch(playwright, *, host_map=None, proxy: str | None = None, isolate_dns=False):
    """Launch headless Chromium; returns ``(browser, BrowserChoice)``."""
    choice = find_chromium()
    kwargs: dict = {"headless": True, "args": launch_args(host_map, proxy, isolate_dns=isolate_dns)}
    if choice.executable:
        kwargs["executable_path"] = choice.executable
    if proxy:
        kwargs["proxy"] = {"server": proxy}
    browser = await playwright.chromium.launch(**kwargs)
    return browser, choice

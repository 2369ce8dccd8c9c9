#!/usr/bin/env bash
# Everything a fresh machine needs: a venv and the package with its test tools, then Chromium
# (Debian's, where we can install it and no other is found).  Safe to run again: it skips what
# is already done.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
# --test (make test): also what only the tests need: Celery (the 'distributed' extra) and
# Debian's redis-server, for the tests of sweeps spread over several workers
for_tests=
[ "${1:-}" = "--test" ] && for_tests=1
extras=dev
[ -n "$for_tests" ] && extras=dev,distributed

# 1. The venv and the package first: whether there is a usable Chromium is decided by the
#    package's own finder (auditor.browser.find_chromium), the one the sweeps use.
if ! .venv/bin/python -m pip --version >/dev/null 2>&1; then
  # absent, or left half-made by an interrupted run: (re)create it
  echo "setup: creating .venv"
  rm -rf .venv
  "$PY" -m venv .venv
fi
stamp=.venv/.installed-$( (cat pyproject.toml constraints.txt; echo "$extras") | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ]; then
  echo "setup: installing the package and its test tools (about 15 s)"
  # constraints.txt: the versions the suite last passed with, so a fresh machine tests what
  # was tested (a library's new release cannot break CI overnight)
  .venv/bin/python -m pip install -q --disable-pip-version-check -c constraints.txt \
    -e ".[$extras]" 2>&1 \
    | grep -v -e "is ignored" -e "^WARNING: Location" || true
  .venv/bin/python -c "import auditor, playwright, pandas" \
    || { echo "setup: the install failed; see the pip output above" >&2; exit 1; }
  rm -f .venv/.installed-* && touch "$stamp"
fi

# 2. Chromium: $AUDITOR_CHROMIUM, Playwright's own (its pinned revision, where the installed
#    Playwright puts it), or the system's; prints "SOURCE PATH", or the reason and the fix.
find_chromium() {
  .venv/bin/python -c 'import sys
from auditor.browser import BrowserNotFound, find_chromium
try:
    c = find_chromium()
except BrowserNotFound as exc:
    sys.exit(str(exc))
print(c.source, c.executable)'
}

# Debian packages, where this script may install them (root and apt-get); the index once.
can_apt() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }
apt_updated=
apt_install() {
  [ -n "$apt_updated" ] || { apt-get update -qq; apt_updated=1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

if ! found=$(find_chromium 2>/dev/null); then
  if [ -n "${AUDITOR_CHROMIUM:-}" ]; then
    find_chromium >/dev/null || true          # says what is wrong with the override
    echo "setup: \$AUDITOR_CHROMIUM does not name a usable browser; not installing another" >&2
    exit 1
  fi
  if can_apt; then
    echo "setup: no Chromium found; installing Debian's chromium-headless-shell (about 15 s)"
    apt_install chromium-headless-shell fonts-liberation \
      || apt_install chromium fonts-liberation      # an older Debian without the shell
    found=$(find_chromium) \
      || { echo "setup: chromium was installed but is still not found" >&2; exit 1; }
  else
    cat >&2 <<'MSG'
setup: no Chromium found and this script cannot install one (needs root and apt-get).
  Fix, one of:
    sudo apt-get install -y chromium-headless-shell fonts-liberation   # Debian / Ubuntu
    .venv/bin/playwright install chromium                       # where downloads work
    export AUDITOR_CHROMIUM=/path/to/chrome                     # any Chromium or Chrome
MSG
    exit 1
  fi
elif [ "${found%% *}" = system ] && [[ "$found" != *headless* ]] && can_apt; then
  # the system's full browser: its headless shell does the same page work for a third of the
  # CPU (benchmarks/README.md); where Debian has none, the full browser stays in use
  echo "setup: installing Debian's chromium-headless-shell beside $found (a third of the CPU)"
  if apt_install chromium-headless-shell; then
    found=$(find_chromium)
  else
    echo "setup: chromium-headless-shell could not be installed; using $found" >&2
  fi
fi
# 3. npm, for the tests that try the age-gate probe on open-source gate libraries installed
#    from the npm registry at test time (only where it is missing; those tests skip without it).
if ! command -v npm >/dev/null 2>&1; then
  if can_apt; then
    echo "setup: no npm found; installing Debian's npm (for the tests on real gate libraries)"
    apt_install npm || echo "setup: npm could not be installed; those tests will be skipped" >&2
  else
    echo "setup: no npm (the tests on real age-gate libraries will be skipped)." \
         "Fix: install Node.js and npm" >&2
  fi
fi
# 4. redis-server, for the tests of distributed sweeps (make test only; a demo needs none)
if [ -n "$for_tests" ] && ! command -v redis-server >/dev/null 2>&1; then
  if can_apt; then
    echo "setup: installing Debian's redis-server (for the tests of distributed sweeps)"
    apt_install redis-server \
      || { echo "setup: redis-server could not be installed; the distributed tests need it" >&2
           exit 1; }
    # the package starts a system-wide server; the tests start their own on free ports
    if command -v systemctl >/dev/null 2>&1; then systemctl disable --now redis-server \
      >/dev/null 2>&1 || true; fi
  else
    echo "setup: the distributed tests need redis-server. Fix: sudo apt-get install -y" \
         "redis-server (Debian/Ubuntu), or brew install redis" >&2
    exit 1
  fi
fi
echo "setup: ready ($found)"

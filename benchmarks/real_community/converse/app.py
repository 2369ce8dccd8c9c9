"""Prosody (Debian) + the converse.js web client: an XMPP chat service run on 127.0.0.1.

Prosody runs in the foreground with its own config, data, certificate and logs in
``cache/converse/``; it serves the HTTP side itself on one free port: the glue page
(``index.html``, loading converse.js's ``dist`` files from the pinned npm package) through
``mod_http_files`` at ``/``, XMPP over WebSocket at ``/xmpp-websocket`` and BOSH at ``/http-bind``.
c2s listens on a second free port (the seeding client uses it, with STARTTLS on a self-signed
certificate). Seeding (``seed.py``, run in its own venv with slixmpp) makes the public room
``lobby@conference.localhost`` and posts in it, and one private message.

Settings changed from Debian's ``/etc/prosody/prosody.cfg.lua`` (see NOTES.md): ports, paths and
logging (local run); ``run_as_root`` (these machines run everything as root);
``consider_websocket_secure``/``consider_bosh_secure`` (no TLS terminator in front locally);
``allow_registration = true`` and ``registration_invite_only = false`` (a public chat service
lets people sign up in-band; Debian's file leaves registration off, and with its
``invites_register`` module on, ``allow_registration`` alone gives invitation-only sign-up);
``mam`` on the host and ``muc_mam`` on the MUC component (both are commented lines of Debian's
file) so history survives a fresh browser profile.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import common  # noqa: E402

PROSODY_DEB = "prosody"            # Debian bookworm: 0.12.3-1+deb12u1 (recorded in NAME)
PROSODY_VERSION = "0.12.3-1+deb12u1"
CONVERSE_NPM = "converse.js@14.0.0"
SEED_REQUIREMENTS = ["slixmpp==1.8.6"]

NAME = f"Prosody {PROSODY_VERSION} (Debian) + converse.js 14.0.0"
PLATFORM = "converse"
KIND = "chat"
# converse.js is a 3 MB one-page client that every fresh test-account context downloads
# again: the account tests need more than the sweep's default 40 MB, as a user would allow
SWEEP_ARGS = ["--max-megabytes", "150"]
DOMAIN = "localhost"
MUC = f"conference.{DOMAIN}"
ROOM = f"lobby@{MUC}"

PERSONAS = {
    "adult": {"username": "alex", "email": "alex@example.test", "password": "Adult-pass-2026",
              "date_of_birth": "1988-04-12", "age": 38, "login_url": "/"},
    "child": {"username": "casey", "email": "casey@example.test", "password": "Child-pass-2026",
              "date_of_birth": "2012-03-15", "age": 14, "login_url": "/"},
}
THIRD = {"username": "sam", "password": "Member-pass-2026"}

INDEX_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Community chat</title>
  <link rel="stylesheet" type="text/css" media="screen" href="/dist/converse.min.css">
  <script type="module" src="/dist/converse.min.js"></script>
</head>
<body class="converse-fullscreen">
<noscript>This chat needs JavaScript.</noscript>
<script type="module">
  const ws = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host
    + '/xmpp-websocket';
  converse.initialize({
    assets_path: '/dist/',
    websocket_url: ws,
    bosh_service_url: '/http-bind',
    view_mode: 'fullscreen',
    default_domain: '%(domain)s',
    registration_domain: '%(domain)s',
    muc_domain: '%(muc)s',
    auto_join_rooms: ['%(room)s'],
    i18n: 'en',
    discover_connection_methods: false,
  });
</script>
</body>
</html>
"""

CONFIG = """-- written by benchmarks/real_community/converse/app.py
-- based on Debian's /etc/prosody/prosody.cfg.lua
admins = { }
run_as_root = true
pidfile = "%(dir)s/prosody.pid"
data_path = "%(dir)s/data"
admin_socket = "%(dir)s/prosody.sock"
certificates = "%(dir)s/certs"
log = { { levels = { min = "info" }, to = "console" } }

interfaces = { "127.0.0.1" }
c2s_ports = { %(c2s)d }
c2s_direct_tls_ports = { }
s2s_ports = { }
component_ports = { }
http_ports = { %(http)d }
http_interfaces = { "127.0.0.1" }
https_ports = { }
http_default_host = "%(domain)s"

modules_enabled = {
  "disco"; "roster"; "saslauth"; "tls"; "blocklist"; "bookmarks"; "carbons"; "dialback";
  "limits"; "pep"; "private"; "smacks"; "vcard4"; "vcard_legacy"; "csi_simple"; "invites";
  "invites_adhoc"; "invites_register"; "ping"; "register"; "time"; "uptime"; "version";
  "admin_adhoc"; "admin_shell"; "posix";
  -- commented out in Debian's file, switched on here (see app.py)
  "mam"; "bosh"; "websocket"; "http_files";
}
modules_disabled = { "s2s" }
s2s_secure_auth = true
limits = { c2s = { rate = "10kb/s"; }; s2sin = { rate = "30kb/s"; }; }
authentication = "internal_hashed"
archive_expires_after = "1w"

allow_registration = true
registration_invite_only = false
consider_websocket_secure = true
consider_bosh_secure = true
http_files_dir = "%(dir)s/www"
http_paths = { files = "/"; bosh = "/http-bind"; websocket = "/xmpp-websocket"; }

VirtualHost "%(domain)s"

Component "%(muc)s" "muc"
  modules_enabled = { "muc_mam" }
"""


def _npm_dist(cache: Path) -> Path:
    return cache / "npm" / "node_modules" / "converse.js" / "dist"


def install(cache: Path) -> None:
    log = cache / "install.log"
    common.apt_install([PROSODY_DEB, "openssl"], log=log)
    got = subprocess.run(["dpkg-query", "-W", "-f=${Version}", PROSODY_DEB],
                         capture_output=True, text=True).stdout.strip()
    if got != PROSODY_VERSION:
        print(f"  note: Debian's prosody is {got}, pinned {PROSODY_VERSION}", flush=True)
    npm = cache / "npm"
    npm.mkdir(parents=True, exist_ok=True)
    pkg = npm / "node_modules" / "converse.js" / "package.json"
    if not pkg.is_file() or '"version": "14.0.0"' not in pkg.read_text(encoding="utf-8"):
        (npm / "package.json").write_text('{"private": true}\n', encoding="utf-8")
        common.run(["npm", "install", "--no-audit", "--no-fund", "--ignore-scripts",
                    "--omit=dev", "--save-exact", "--cache", str(common.npm_cache()),
                    CONVERSE_NPM], cwd=npm, log=log)
    if not (cache / "venv" / "bin" / "python").exists() or not list(
            (cache / "venv").glob("lib/python*/site-packages/slixmpp-1.8.6*")):
        common.venv(cache / "venv", SEED_REQUIREMENTS, log=log)


def _cert(cache: Path) -> None:
    certs = cache / "certs"
    certs.mkdir(parents=True, exist_ok=True)
    if (certs / f"{DOMAIN}.crt").is_file():
        return
    common.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3650",
                "-subj", f"/CN={DOMAIN}", "-keyout", str(certs / f"{DOMAIN}.key"),
                "-out", str(certs / f"{DOMAIN}.crt")], log=cache / "install.log")


def _www(cache: Path) -> None:
    www = cache / "www"
    www.mkdir(parents=True, exist_ok=True)
    (www / "index.html").write_text(INDEX_HTML % {"domain": DOMAIN, "muc": MUC, "room": ROOM},
                                    encoding="utf-8")
    dist = www / "dist"
    if dist.is_symlink() or dist.exists():
        if dist.is_symlink() and dist.resolve() == _npm_dist(cache).resolve():
            return
        if dist.is_symlink():
            dist.unlink()
        else:
            shutil.rmtree(dist)
    dist.symlink_to(_npm_dist(cache))


def _prosodyctl(cache: Path, *args: str) -> None:
    common.run(["prosodyctl", "--config", str(cache / "prosody.cfg.lua"), *args],
               log=cache / "prosody-ctl.log")


def start(cache: Path, port: int) -> common.Running:
    c2s = common.free_port()
    while c2s == port:
        c2s = common.free_port()
    (cache / "data").mkdir(parents=True, exist_ok=True)
    _cert(cache)
    _www(cache)
    cfg = cache / "prosody.cfg.lua"
    cfg.write_text(CONFIG % {"dir": str(cache), "c2s": c2s, "http": port, "domain": DOMAIN,
                             "muc": MUC}, encoding="utf-8")
    seeded = cache / "data" / ".seeded"
    if not seeded.exists():
        for p in (*PERSONAS.values(), THIRD):
            _prosodyctl(cache, "register", p["username"], DOMAIN, p["password"])
    for stale in ("prosody.pid", "prosody.sock"):
        (cache / stale).unlink(missing_ok=True)
    proc = common.spawn(["prosody", "--config", str(cfg), "-F"], log=cache / "prosody.log")
    running = common.Running(base_url=f"http://127.0.0.1:{port}", start_path="/", procs=[proc])
    try:
        common.wait_port(c2s, timeout=60)
        common.wait_http(f"http://127.0.0.1:{port}/", timeout=60, procs=[proc])
        if not seeded.exists():
            _prosodyctl(cache, "shell", f"muc:create('{ROOM}', {{ name = 'Lobby'; "
                        "description = 'Everyone is welcome: say hello!'; public = true; "
                        "persistent = true; })")
            users = {"adult": PERSONAS["adult"], "child": PERSONAS["child"], "third": THIRD}
            args = [str(cache / "venv" / "bin" / "python"), str(HERE / "seed.py"),
                    "--port", str(c2s), "--domain", DOMAIN, "--room", ROOM]
            for role, p in users.items():
                args += [f"--{role}", f"{p['username']}:{p['password']}"]
            common.run(args, log=cache / "seed.log")
            seeded.write_text("seeded\n", encoding="utf-8")
    except BaseException:
        running.stop()
        raise
    running.notes.append(f"c2s on 127.0.0.1:{c2s}; room {ROOM}; in-band registration open")
    return running

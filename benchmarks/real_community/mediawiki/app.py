"""MediaWiki from Debian 12 (bookworm), SQLite, served by PHP's built-in web server.

Debian packages (apt, bookworm + bookworm-security), versions seen installed on 2026-12-06:
``mediawiki`` 1:1.39.17-1+deb12u2 (MediaWiki 1.39.17), ``php-cli``, ``php-sqlite3``,
``php-intl``, ``php-mbstring``, ``php-xml`` 2:8.2+93 (PHP 8.2.36).  apt also pulls in apache2
(the package's first ``httpd`` alternative); it is never started (policy-rc.d), and the wiki is
served by ``php -S`` on a free port instead.

Layout: the code stays in Debian's ``/usr/share/mediawiki``; the configuration, database,
logs and mail live in ``cache/mediawiki/``.  Debian's ``LocalSettings.php`` symlink chain
(``/usr/share/mediawiki`` -> ``/var/lib/mediawiki`` -> ``/etc/mediawiki``) is left alone: the
server and the maintenance scripts are pointed at ``cache/mediawiki/LocalSettings.php`` by
MediaWiki's own ``MW_CONFIG_FILE`` environment variable (``wfDetectLocalSettingsFile``).

Settings: what ``maintenance/install.php`` writes (the same defaults as the web installer, no
extensions, so no ConfirmEdit CAPTCHA, no uploads), plus, in ``LocalSettings.local.php``
(rewritten on every start), only what running locally needs: ``$wgServer`` (the free port),
``$wgSMTP = false`` and PHP's ``sendmail_path`` pointing at a script that writes each mail to
``cache/mediawiki/mail/``, and ``$wgPasswordSender``.  ``$wgEnableEmail``,
``$wgEnableUserEmail`` (Special:EmailUser) and ``$wgEmailAuthentication`` keep their defaults.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import common  # noqa: E402

HERE = Path(__file__).resolve().parent
NAME = "MediaWiki 1.39.17 (Debian mediawiki 1:1.39.17-1+deb12u2, PHP 8.2, SQLite)"
PLATFORM = "mediawiki"
# A wiki: pages written together, with talk pages and user-to-user email; not a forum (no
# threads, topics or replies as the unit of content), not a social network: "other".
KIND = "other"

APT = ["mediawiki", "php-cli", "php-sqlite3", "php-intl", "php-mbstring", "php-xml"]
MW = Path("/usr/share/mediawiki")
ADMIN = ("WikiAdmin", "Bench-admin-pass-2026")


def _child_dob() -> str:
    # 1 January fourteen years ago: the child is 14 all year round
    return dt.date(dt.date.today().year - 14, 1, 1).isoformat()


LOGIN = "/index.php?title=Special:UserLogin"
PERSONAS = {
    "adult": {"username": "AdultAlex", "email": "adult.alex@bench.example",
              "password": "Bench-adult-pass-2026", "date_of_birth": "1988-05-01",
              "login_url": LOGIN},
    "child": {"username": "KidKim", "email": "kid.kim@bench.example",
              "password": "Bench-child-pass-2026", "date_of_birth": _child_dob(),
              "login_url": LOGIN},
}
THIRD = {"username": "ThirdTaylor", "email": "third.taylor@bench.example",
         "password": "Bench-third-pass-2026"}

SENDMAIL = """#!/bin/sh
# PHP's sendmail_path: each mail into a file of its own
dir="{mail}"
mkdir -p "$dir"
f="$dir/$(date +%Y%m%d-%H%M%S)-$$.eml"
cat > "$f"
exit 0
"""

LOCAL = """<?php
# Rewritten on every start by benchmarks/real_community/mediawiki/app.py
$wgServer = "http://127.0.0.1:{port}";
$wgSMTP = false;
$wgPasswordSender = "wiki@bench.example";
$wgEmergencyContact = "wiki@bench.example";
$wgDebugLogFile = "{cache}/debug.log";
"""

PAGES = {
    "Main Page": (ADMIN[0], """'''Welcome to the Community Wiki.''' Written by its members.

== Start here ==
* [[Local walking routes]]
* [[Allotment tips]]
* [[Community notice board]]

Anyone can read and edit; please discuss changes on the talk pages."""),
    "Local walking routes": ("AdultAlex", """Routes around the village, written by members.

== River loop ==
Four miles along the river path, flat and easy. Start at the old bridge.

== Hill fort ==
A steeper climb with views over the valley. Good boots needed after rain."""),
    "Allotment tips": ("ThirdTaylor", """Advice for new allotment holders.

== Soil ==
Dig in compost in the autumn.

== Slugs ==
Beer traps work; so do copper rings."""),
    "Community notice board": ("KidKim", """Notices from members.

* The library book swap is on Saturday.
* Lost: a blue scarf near the park."""),
    "Talk:Local walking routes": ("ThirdTaylor", """== Hill fort path closed? ==
Is the hill fort path still closed after the storm? ~~~~"""),
    "User:AdultAlex": ("AdultAlex", "Hello, I'm Alex. I write about walks and local history."),
    "User:KidKim": ("KidKim", "Hi, I'm Kim. I like drawing and the library book swap."),
    "User:ThirdTaylor": ("ThirdTaylor", "Taylor: allotments, bees and bread."),
}
TALK_REPLIES = [
    ("Talk:Local walking routes", "AdultAlex",
     ":It reopened last week, but the stiles are muddy. ~~~~"),
    ("Talk:Local walking routes", "KidKim",
     "::We walked it on Sunday with my school, it was fine. ~~~~"),
]


def _env(cache: Path) -> dict[str, str]:
    return {"MW_CONFIG_FILE": str(cache / "LocalSettings.php"), "MW_INSTALL_PATH": str(MW)}


def _php(cache: Path) -> list[str]:
    return ["php", "-d", f"sendmail_path={cache / 'sendmail.sh'}"]


def _maint(cache: Path, script: str, *args: str, stdin_text: str | None = None,
           check: bool = True):
    cmd = [*_php(cache), str(MW / "maintenance" / script), *args]
    if stdin_text is None:
        return common.run(cmd, log=cache / "setup.log", env=_env(cache), check=check)
    import subprocess
    print("  $", " ".join(cmd), "< (text)", flush=True)
    with open(cache / "setup.log", "ab") as fh:
        r = subprocess.run(cmd, input=stdin_text.encode(), stdout=fh, stderr=subprocess.STDOUT,
                           env={**os.environ, **_env(cache)})
    if check and r.returncode:
        raise RuntimeError(f"{script} failed (output in {cache / 'setup.log'})")
    return r


def install(cache: Path) -> None:
    common.apt_install(APT, log=cache / "install.log")
    for exe in ("php",):
        if shutil.which(exe) is None:
            raise RuntimeError(f"{exe} missing after installing {' '.join(APT)}")


def _write_local(cache: Path, port: int) -> None:
    mail = cache / "mail"
    mail.mkdir(parents=True, exist_ok=True)
    sm = cache / "sendmail.sh"
    sm.write_text(SENDMAIL.format(mail=mail), encoding="utf-8")
    sm.chmod(0o755)
    (cache / "LocalSettings.local.php").write_text(LOCAL.format(port=port, cache=cache),
                                                   encoding="utf-8")


def _install_wiki(cache: Path, port: int) -> None:
    data = cache / "data"
    data.mkdir(parents=True, exist_ok=True)
    (cache / "adminpass").write_text(ADMIN[1], encoding="utf-8")
    tmp = cache / "confpath"
    tmp.mkdir(exist_ok=True)
    _maint(cache, "install.php", "--dbtype", "sqlite", "--dbpath", str(data),
           "--dbname", "wiki", "--server", f"http://127.0.0.1:{port}", "--scriptpath", "",
           "--lang", "en", "--passfile", str(cache / "adminpass"), "--confpath", str(tmp),
           "Community Wiki", ADMIN[0])
    text = (tmp / "LocalSettings.php").read_text(encoding="utf-8")
    text += "\n# local run (benchmark): server URL and mail to files\n" \
            "require __DIR__ . '/LocalSettings.local.php';\n"
    (cache / "LocalSettings.php").write_text(text, encoding="utf-8")


def _seed(cache: Path) -> None:
    for who in (PERSONAS["adult"], PERSONAS["child"], THIRD):
        _maint(cache, "createAndPromote.php", who["username"], who["password"])
        # the address each member gave and confirmed (the link in the confirmation mail)
        _maint(cache, "resetUserEmail.php", "--no-reset-password", who["username"],
               who["email"])
    for title, (user, text) in PAGES.items():
        _maint(cache, "edit.php", "--user", user, "--summary", "seed", title, stdin_text=text)
    for title, user, reply in TALK_REPLIES:
        _maint(cache, "edit.php", "--user", user, "--summary", "reply", "--nocreate",
               title, stdin_text=_page_text(cache, title) + "\n" + reply)
    # a private message: ThirdTaylor -> AdultAlex through Special:EmailUser
    _maint(cache, "runScript.php", str(HERE / "seed_email.php"), THIRD["username"],
           PERSONAS["adult"]["username"], check=False)
    # the link and cache updates the edits queued (red links on the Main Page otherwise)
    _maint(cache, "runJobs.php")


def _page_text(cache: Path, title: str) -> str:
    import subprocess
    r = subprocess.run([*_php(cache), str(MW / "maintenance" / "getText.php"), title],
                       capture_output=True, env={**os.environ, **_env(cache)})
    return r.stdout.decode("utf-8").rstrip("\n")


def _point_at_data(cache: Path) -> None:
    """The installer wrote the database folder's absolute path: point it at this cache's
    (a cache copied or moved elsewhere keeps working)."""
    conf = cache / "LocalSettings.php"
    text = conf.read_text(encoding="utf-8")
    fixed = re.sub(r'^\$wgSQLiteDataDir = ".*";$',
                   lambda _m: f'$wgSQLiteDataDir = "{cache / "data"}";', text, flags=re.M)
    if fixed != text:
        conf.write_text(fixed, encoding="utf-8")


def start(cache: Path, port: int) -> common.Running:
    _write_local(cache, port)
    if not (cache / "seeded").exists():
        # first start, or one that stopped half-way: install and seed from scratch
        for leftover in ("data", "confpath", "mail"):
            shutil.rmtree(cache / leftover, ignore_errors=True)
        (cache / "LocalSettings.php").unlink(missing_ok=True)
        _write_local(cache, port)
        _install_wiki(cache, port)
        _seed(cache)
        (cache / "seeded").write_text("ok\n", encoding="utf-8")
    _point_at_data(cache)
    env = {**_env(cache), "PHP_CLI_SERVER_WORKERS": "3"}
    proc = common.spawn([*_php(cache), "-S", f"127.0.0.1:{port}", "-t", str(MW)],
                        log=cache / "server.log", cwd=MW, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        common.wait_http(base + "/index.php?title=Main_Page", timeout=60, procs=[proc])
    except RuntimeError:
        common.Running(base, procs=[proc]).stop()
        raise
    return common.Running(base_url=base, start_path="/index.php?title=Main_Page", procs=[proc],
                          mail_dir=cache / "mail",
                          notes=["MediaWiki 1.39.17 on php -S; mail to files"])


if __name__ == "__main__":      # python app.py [PORT]: install, start, wait for Ctrl-C
    import time
    c = common.cache_dir("mediawiki")
    install(c)
    r = start(c, int(sys.argv[1]) if len(sys.argv) > 1 else common.free_port())
    print(r.start_url, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        r.stop()

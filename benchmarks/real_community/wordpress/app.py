"""WordPress from Debian (a blog with open comments and open registration), on MariaDB.

Debian 12 (bookworm) packages, versions as installed here on 2026-12-06:
``wordpress`` 6.1.9+dfsg1-0+deb12u1 (and ``wordpress-theme-twentytwentythree``, which the
``wordpress`` package recommends: without it the site has no theme), ``mariadb-server``
1:10.11.19-0+deb12u1, ``php8.2-cli`` / ``php8.2-mysql`` 8.2.36-1~deb12u1.  Debian packages cannot
be pinned to an exact version across point releases; ``install`` records what it got in
``cache/wordpress/versions.txt``.

Served by PHP's built-in server (``php -S 127.0.0.1:PORT``, 4 workers) with a small router that
maps ``/wp-content/`` to Debian's ``/var/lib/wordpress/wp-content`` (the Alias of Debian's
apache.conf).  MariaDB runs as a foreground ``mariadbd`` with its data in ``cache/wordpress/db``.
Debian's ``wp-config.php`` reads ``/etc/wordpress/config-<host>.php`` (README.Debian), so
``start`` writes ``/etc/wordpress/config-127.0.0.1.php`` (the port is stripped from the host).

Settings changed from a fresh install (see NOTES.md): ``WP_HOME``/``WP_SITEURL`` follow the Host
header (the port changes at every start); "Anyone can register" is on (a community blog with
member comments would have it on); the draft Privacy Policy page that WordPress creates is
published.  PHP's ``sendmail_path`` is a script writing each mail to ``cache/wordpress/mail``.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import common  # noqa: E402

NAME = "WordPress 6.1.9 (Debian 6.1.9+dfsg1-0+deb12u1) + MariaDB 10.11"
PLATFORM = "wordpress"
# A blog whose members can only comment: not a forum, chat or social network in Ofcom's sense
# (no member profiles, connections, feed of members' posts or messages); "other".
KIND = "other"

APT = ["wordpress", "wordpress-theme-twentytwentythree", "php-cli", "php-mysql", "php-xml",
       "php-mbstring", "php-curl", "mariadb-server", "mariadb-client"]
DOCROOT = Path("/usr/share/wordpress")
CONFIG = Path("/etc/wordpress/config-127.0.0.1.php")
HERE = Path(__file__).resolve().parent


def _years_ago(years: int, extra_days: int = 0) -> str:
    today = dt.date.today()
    try:
        d = today.replace(year=today.year - years)
    except ValueError:           # 29 February
        d = today.replace(year=today.year - years, day=28)
    return (d - dt.timedelta(days=extra_days)).isoformat()


ADMIN = {"username": "blogadmin", "email": "admin@blog.example", "password": "Adm1n-pass-7391"}
PERSONAS = {
    "adult": {"username": "adam_adult", "email": "adam@blog.example",
              "password": "Adult-pass-4821", "date_of_birth": "1988-03-15",
              "display_name": "Adam Parker", "login_url": "/wp-login.php"},
    # 14 years and about 5 months old whenever the benchmark runs
    "child": {"username": "chloe_child", "email": "chloe@blog.example",
              "password": "Child-pass-9352", "date_of_birth": _years_ago(14, 150),
              "display_name": "Chloe Green", "login_url": "/wp-login.php"},
}
THIRD = {"username": "tom_third", "email": "tom@blog.example", "password": "Third-pass-1177",
         "display_name": "Tom Reed"}


def install(cache: Path) -> None:
    log = cache / "install.log"
    common.apt_install(APT, log=log)
    out = subprocess.run(["dpkg-query", "-W", *APT[:2], "mariadb-server", "php8.2-cli",
                          "php8.2-mysql"], capture_output=True, text=True)
    (cache / "versions.txt").write_text(out.stdout, encoding="utf-8")


# -- configuration files ------------------------------------------------------------------------

ROUTER = r"""<?php
// php -S router: Debian keeps wp-content in /var/lib/wordpress (apache.conf's Alias)
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
if (strncmp($path, '/wp-content/', 12) === 0) {
    $file = realpath('/var/lib/wordpress' . $path);
    if ($file && strncmp($file, '/usr/share/wordpress/', 21) !== 0
        && strncmp($file, '/var/lib/wordpress/', 19) !== 0) { http_response_code(404); exit; }
    if ($file && is_file($file) && substr($file, -4) !== '.php') {
        $types = ['css' => 'text/css', 'js' => 'application/javascript', 'svg' => 'image/svg+xml',
                  'png' => 'image/png', 'jpg' => 'image/jpeg', 'jpeg' => 'image/jpeg',
                  'gif' => 'image/gif', 'woff2' => 'font/woff2', 'woff' => 'font/woff',
                  'json' => 'application/json', 'webp' => 'image/webp'];
        $ext = strtolower(pathinfo($file, PATHINFO_EXTENSION));
        header('Content-Type: ' . ($types[$ext] ?? 'application/octet-stream'));
        readfile($file);
        return true;
    }
}
return false;
"""

SENDMAIL = """#!/bin/sh
# PHP's sendmail_path: keep each message as a file (nothing leaves the machine)
dir="{mail}"
mkdir -p "$dir"
f="$dir/$(date +%Y%m%d-%H%M%S)-$$.eml"
cat > "$f.tmp" && mv "$f.tmp" "$f"
"""


def _config(db_port: int, db_password: str) -> str:
    return f"""<?php
/* Written by osa-auditor's benchmark (benchmarks/real_community/wordpress/app.py). */
define('DB_NAME', 'wordpress');
define('DB_USER', 'wordpress');
define('DB_PASSWORD', '{db_password}');
define('DB_HOST', '127.0.0.1:{db_port}');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
define('AUTH_KEY', 'osa-bench-1'); define('SECURE_AUTH_KEY', 'osa-bench-2');
define('LOGGED_IN_KEY', 'osa-bench-3'); define('NONCE_KEY', 'osa-bench-4');
define('AUTH_SALT', 'osa-bench-5'); define('SECURE_AUTH_SALT', 'osa-bench-6');
define('LOGGED_IN_SALT', 'osa-bench-7'); define('NONCE_SALT', 'osa-bench-8');
/* the port changes at every start of the benchmark: follow the Host header */
if (!empty($_SERVER['HTTP_HOST'])) {{
    define('WP_HOME', 'http://' . $_SERVER['HTTP_HOST']);
    define('WP_SITEURL', 'http://' . $_SERVER['HTTP_HOST']);
}}
"""


# -- processes ----------------------------------------------------------------------------------

def _start_db(cache: Path) -> tuple[subprocess.Popen, int, Path]:
    data = cache / "db"
    sock = cache / "run" / "mysqld.sock"
    sock.parent.mkdir(parents=True, exist_ok=True)
    log = cache / "logs" / "mariadb.log"
    if not (data / "mysql").is_dir():
        common.run(["mariadb-install-db", "--no-defaults", f"--datadir={data}", "--user=root",
                    "--auth-root-authentication-method=socket", "--skip-test-db"], log=log)
    port = common.free_port()
    proc = common.spawn(["mariadbd", "--no-defaults", f"--datadir={data}", f"--socket={sock}",
                         f"--port={port}", "--bind-address=127.0.0.1", "--user=root",
                         f"--pid-file={cache / 'run' / 'mysqld.pid'}", "--skip-name-resolve"],
                        log=log)
    common.wait_port(port, timeout=90)
    return proc, port, sock


def _sql(sock: Path, statement: str, log: Path) -> None:
    common.run(["mariadb", "--no-defaults", f"--socket={sock}", "-uroot", "-e", statement],
               log=log)


def _php_env(cache: Path) -> dict[str, str]:
    conf = cache / "php"
    conf.mkdir(parents=True, exist_ok=True)
    mail = cache / "mail"
    mail.mkdir(parents=True, exist_ok=True)
    sendmail = conf / "sendmail.sh"
    sendmail.write_text(SENDMAIL.format(mail=mail), encoding="utf-8")
    sendmail.chmod(0o755)
    (conf / "zz-osa-bench.ini").write_text(
        f"sendmail_path = {sendmail}\nmemory_limit = 256M\ndisplay_errors = Off\n"
        f"error_log = {cache / 'logs' / 'php-errors.log'}\nlog_errors = On\n", encoding="utf-8")
    (conf / "router.php").write_text(ROUTER, encoding="utf-8")
    # a leading ':' keeps Debian's conf.d (mysqli and the rest) and adds ours
    return {"PHP_INI_SCAN_DIR": ":" + str(conf), "PHP_CLI_SERVER_WORKERS": "4"}


def start(cache: Path, port: int) -> common.Running:
    logs = cache / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    db, db_port, sock = _start_db(cache)
    procs = [db]
    try:
        pw_file = cache / "db-password"
        if not pw_file.exists():
            pw_file.write_text("wp-" + os.urandom(8).hex(), encoding="utf-8")
        db_password = pw_file.read_text(encoding="utf-8").strip()
        _sql(sock, "CREATE DATABASE IF NOT EXISTS wordpress CHARACTER SET utf8mb4; "
             f"CREATE USER IF NOT EXISTS 'wordpress'@'127.0.0.1' IDENTIFIED BY '{db_password}'; "
             "GRANT ALL ON wordpress.* TO 'wordpress'@'127.0.0.1'; FLUSH PRIVILEGES;",
             logs / "setup.log")
        CONFIG.parent.mkdir(parents=True, exist_ok=True)
        CONFIG.write_text(_config(db_port, db_password), encoding="utf-8")
        env = _php_env(cache)
        base = f"http://127.0.0.1:{port}"
        web = common.spawn(["php", "-S", f"127.0.0.1:{port}", "-t", str(DOCROOT),
                            str(cache / "php" / "router.php")], log=logs / "php-server.log",
                           env=env)
        procs.append(web)
        common.wait_port(port, timeout=30)
        if not (cache / "seeded").exists():
            _install_and_seed(cache, base, env)
            (cache / "seeded").write_text(time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
        common.wait_http(base + "/", procs=procs)
    except BaseException:
        common.Running(base_url="", procs=procs).stop()
        raise
    return common.Running(base_url=base, start_path="/", procs=procs, mail_dir=cache / "mail",
                          notes=["WordPress: registration open, comments open, no DMs"])


def _install_and_seed(cache: Path, base: str, env: dict[str, str]) -> None:
    """The web installer's form (wp-admin/install.php, step 2), as an operator fills it in;
    then members, posts and comments through WordPress's own API (seed.php)."""
    with httpx.Client(base_url=base, timeout=120.0, follow_redirects=True) as c:
        r = c.get("/wp-admin/install.php")
        if "Already Installed" not in r.text:
            r = c.post("/wp-admin/install.php?step=2", data={
                "weblog_title": "Riverside Community Blog", "user_name": ADMIN["username"],
                "admin_password": ADMIN["password"], "admin_password2": ADMIN["password"],
                "pw_weak": "1", "admin_email": ADMIN["email"], "blog_public": "1",
                "language": "", "Submit": "Install WordPress"})
            if "Success!" not in r.text:
                raise RuntimeError("WordPress's installer did not succeed (see "
                                   f"{cache / 'logs'}); answered HTTP {r.status_code}")
    port = base.rsplit(":", 1)[1]
    people = [("adult", PERSONAS["adult"]), ("child", PERSONAS["child"]), ("third", THIRD)]
    args = []
    for role, p in people:
        args += [role, p["username"], p["email"], p["password"], p["display_name"]]
    common.run(["php", str(HERE / "seed.php"), f"127.0.0.1:{port}", *args],
               log=cache / "logs" / "seed.log", env=env)

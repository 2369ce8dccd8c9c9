"""FlaskBB 2.0.2 (PyPI), a Flask forum with private conversations, post reports and registration.

FlaskBB 2.0.2 (2018, still the newest release on PyPI) pins its whole dependency tree with ``==``
(Flask 1.0.2, Werkzeug 0.14.1, Jinja2 2.10, SQLAlchemy 1.2.7, celery 4.0.2, kombu 4.0.2, ...).
Those pins do not install or run on Python 3.11 (MarkupSafe 1.0 needs ``setuptools.Feature``;
kombu 4.0.2 has a module named ``async``, a keyword since 3.7), so the app gets its own venv on
Python 3.6 (pyenv's 3.6.15 here) with exactly FlaskBB's own pins: no pin is changed.

Run locally: SQLite and the search index under ``cache/flaskbb/data``; mail through a small SMTP
sink (``mailsink.py``) on a free port that writes each message to ``cache/flaskbb/mail``; the
Flask development server (``flaskbb run``) on 127.0.0.1.  Settings changed from a fresh
``flaskbb install``: only what running locally needs (paths, secret keys, mail server and port,
``CELERY_ALWAYS_EAGER`` so mail is sent in-process instead of through a Redis-backed celery
worker).  Forum settings (registration on, account activation by email on, reCAPTCHA off, the
conversations plugin on) are the install's defaults.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import common  # noqa: E402

NAME = "FlaskBB 2.0.2 (+ flaskbb-plugin-conversations 1.0.2, Python 3.6.15)"
PLATFORM = "flaskbb"
KIND = "forum"

VERSION = "2.0.2"
PYTHON = "3.6.15"          # pyenv's; FlaskBB's 2018 pins need Python < 3.7
REQUIREMENTS = [f"flaskbb=={VERSION}"]   # it pins every dependency itself with ==

ADMIN = {"username": "forumadmin", "email": "admin@flaskbb.test", "password": "Admin-pass-2026"}


PERSONAS = {
    "adult": {"username": "ann_adult", "email": "ann@flaskbb.test",
              "password": "Ann-pass-2026!", "age": 34,
              "date_of_birth": common.dob_for_age(34, 180),
              "login_url": "/auth/login"},
    "child": {"username": "kit_child", "email": "kit@flaskbb.test",
              "password": "Kit-pass-2026!", "age": 14,
              "date_of_birth": common.dob_for_age(14, 180),
              "login_url": "/auth/login"},
}
THIRD = {"username": "carol_member", "email": "carol@flaskbb.test",
         "password": "Carol-pass-2026!"}


def _python36() -> str:
    candidates = [os.environ.get("FLASKBB_PYTHON", ""),
                  str(Path.home() / ".pyenv" / "versions" / PYTHON / "bin" / "python3.6"),
                  shutil.which("python3.6") or ""]
    for c in candidates:
        if c and Path(c).is_file():
            return c
    raise RuntimeError(f"FlaskBB {VERSION} needs Python 3.6 (its pinned kombu/MarkupSafe do not "
                       f"run on 3.7+); none found. Fix: pyenv install {PYTHON}, or set "
                       "FLASKBB_PYTHON to a python3.6")


def install(cache: Path) -> None:
    log = cache / "install.log"
    venv = cache / "venv36"
    py = venv / "bin" / "python"
    if not py.exists():
        common.run([_python36(), "-m", "venv", str(venv)], log=log)
    have = common.run([str(py), "-m", "pip", "show", "flaskbb"], log=log, check=False)
    if have.returncode != 0:
        common.run([str(py), "-m", "pip", "install", "-q", *REQUIREMENTS], log=log)


def _config(cache: Path, mail_port: int) -> Path:
    data = cache / "data"
    (data / "logs").mkdir(parents=True, exist_ok=True)
    cfg = data / "flaskbb.cfg"
    cfg.write_text(f'''# written by benchmarks/real_community/flaskbb/app.py; only local-run changes
import copy
import os
from flaskbb.configs.default import DefaultConfig

DEBUG = False
SERVER_NAME = None
PREFERRED_URL_SCHEME = "http"
SESSION_COOKIE_HTTPONLY = True
SQLALCHEMY_DATABASE_URI = "sqlite:///{data / "flaskbb.sqlite"}"
SECRET_KEY = "benchmark-secret-key-flaskbb"
WTF_CSRF_ENABLED = True
WTF_CSRF_SECRET_KEY = "benchmark-csrf-key-flaskbb"
WHOOSHEE_DIR = "{data / "whoosh_index"}"
RATELIMIT_STORAGE_URL = "memory://"
CACHE_TYPE = "simple"
REDIS_ENABLED = False
# no Redis/celery worker here: run the mail tasks in-process
CELERY_ALWAYS_EAGER = True
MAIL_SERVER = "127.0.0.1"
MAIL_PORT = {mail_port}
MAIL_USE_SSL = False
MAIL_USE_TLS = False
MAIL_USERNAME = ""
MAIL_PASSWORD = ""
MAIL_DEFAULT_SENDER = ("FlaskBB", "noreply@flaskbb.test")
ADMINS = ["admin@flaskbb.test"]
LOG_PATH = "{data / "logs"}"
LOG_DEFAULT_CONF = copy.deepcopy(DefaultConfig.LOG_DEFAULT_CONF)
for _h in LOG_DEFAULT_CONF["handlers"].values():
    if "filename" in _h:
        _h["filename"] = os.path.join(LOG_PATH, os.path.basename(_h["filename"]))
''', encoding="utf-8")
    return cfg


def _seed_once(cache: Path, cfg: Path, py: str, flaskbb: str, env: dict, logs: Path) -> None:
    """A fresh 'flaskbb install' (admin, default settings, Welcome forum), then seed.py."""
    seeded = cache / "data" / "seeded"
    if not seeded.exists():
        db = cache / "data" / "flaskbb.sqlite"
        if db.exists():
            db.unlink()
        shutil.rmtree(cache / "data" / "whoosh_index", ignore_errors=True)
        common.run([flaskbb, "--config", str(cfg), "install", "--force",
                    "--username", ADMIN["username"], "--email", ADMIN["email"],
                    "--password", ADMIN["password"]], log=logs / "seed.log", env=env)
        seed_json = cache / "data" / "personas.json"
        seed_json.write_text(json.dumps({**PERSONAS, "third": THIRD}), encoding="utf-8")
        common.run([py, str(HERE / "seed.py"), str(cfg), str(seed_json)],
                   log=logs / "seed.log", env=env)
        seeded.write_text("ok\n", encoding="utf-8")


def start(cache: Path, port: int) -> common.Running:
    venv = cache / "venv36"
    py = str(venv / "bin" / "python")
    flaskbb = str(venv / "bin" / "flaskbb")
    logs = cache / "logs"
    mail = cache / "mail"
    mail.mkdir(parents=True, exist_ok=True)
    mail_port = common.free_port()
    cfg = _config(cache, mail_port)
    env = {"PYTHONDONTWRITEBYTECODE": "1", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
           # 'flaskbb install' runs 'pybabel' from PATH
           "PATH": str(venv / "bin") + os.pathsep + os.environ.get("PATH", "")}

    procs = [common.spawn([py, str(HERE / "mailsink.py"), str(mail_port), str(mail)],
                          log=logs / "mailsink.log")]
    common.wait_port(mail_port, timeout=30)

    try:
        _seed_once(cache, cfg, py, flaskbb, env, logs)
    except RuntimeError:
        common.Running(base_url="", procs=procs).stop()
        raise

    procs.append(common.spawn([flaskbb, "--config", str(cfg), "run", "--host", "127.0.0.1",
                               "--port", str(port), "--no-reload", "--no-debugger",
                               "--with-threads"], log=logs / "server.log", env=env))
    base = f"http://127.0.0.1:{port}"
    running = common.Running(base_url=base, start_path="/", procs=procs, mail_dir=mail)
    try:
        common.wait_http(base + "/", timeout=120, procs=procs)
    except RuntimeError:
        running.stop()
        raise
    return running


if __name__ == "__main__":   # manual use: install, start and keep running
    c = common.cache_dir("flaskbb")
    install(c)
    r = start(c, common.free_port())
    print(r.start_url, flush=True)
    try:
        r.procs[-1].wait()
    except KeyboardInterrupt:
        r.stop()

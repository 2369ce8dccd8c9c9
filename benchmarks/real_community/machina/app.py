"""django-machina (forum) + django-postman (private messages) in one small Django project.

The project glue is ours (``site/``: settings, urls, a sign-up view and a few templates, shaped
like machina's own example project: Django's auth views for sign-in and a plain sign-up form that
logs the new member in, no e-mail verification).  Third-party code is installed from PyPI into
``cache/machina/venv``; the database (SQLite), media, search index and mail go to
``cache/machina/data``.  Served by Django's ``runserver --insecure --noreload`` (DEBUG off; the
flag only makes it serve the static files itself) on 127.0.0.1.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import common  # noqa: E402

NAME = "django-machina 1.3.1 + django-postman 4.6 (Django 4.2.30)"
PLATFORM = "machina"
KIND = "forum"

REQUIREMENTS = [
    "Django==4.2.30",
    "django-machina==1.3.1",
    "django-postman==4.6",
    "django-haystack==3.4.0",
    "django-mptt==0.16.0",
    "django-widget-tweaks==1.5.1",
    "markdown2==2.5.6",
    "pillow==11.3.0",
    "Whoosh==2.7.4",
]


PERSONAS = {
    "adult": {"username": "alex_adult", "email": "alex.adult@example.org",
              "password": "Adult-pass-4821", "age": 34, "date_of_birth": common.dob_for_age(34),
              "login_url": "/account/login/"},
    "child": {"username": "sam_child", "email": "sam.child@example.org",
              "password": "Child-pass-7390", "age": 14, "date_of_birth": common.dob_for_age(14),
              "login_url": "/account/login/"},
}
THIRD = {"username": "jo_member", "email": "jo.member@example.org", "password": "Third-pass-5512"}
ADMIN = {"username": "forumadmin", "email": "admin@example.org", "password": "Admin-pass-9034"}


def _paths(cache: Path) -> dict[str, Path]:
    return {"venv": cache / "venv", "data": cache / "data", "mail": cache / "mail",
            "log": cache / "logs"}


def _env(cache: Path) -> dict[str, str]:
    p = _paths(cache)
    return {"MACHINA_DATA": str(p["data"]), "MACHINA_MAIL": str(p["mail"]),
            "DJANGO_SETTINGS_MODULE": "forumsite.settings", "PYTHONPATH": str(HERE / "site"),
            "PYTHONDONTWRITEBYTECODE": "1"}


def install(cache: Path) -> None:
    p = _paths(cache)
    stamp = p["venv"] / ".pins"
    want = "\n".join(REQUIREMENTS)
    if stamp.is_file() and stamp.read_text() == want:
        return
    common.venv(p["venv"], REQUIREMENTS, log=p["log"] / "install.log")
    stamp.write_text(want)


def start(cache: Path, port: int) -> common.Running:
    p = _paths(cache)
    for k in ("data", "mail", "log"):
        p[k].mkdir(parents=True, exist_ok=True)
    py = str(p["venv"] / "bin" / "python")
    manage = str(HERE / "site" / "manage.py")
    env = _env(cache)
    common.run([py, manage, "migrate", "--noinput"], log=p["log"] / "start.log", env=env)
    if not (p["data"] / ".seeded").exists():
        import json
        env_seed = {**env, "MACHINA_SEED": json.dumps(
            {"adult": PERSONAS["adult"], "child": PERSONAS["child"], "third": THIRD,
             "admin": ADMIN})}
        common.run([py, str(HERE / "seed.py")], log=p["log"] / "start.log", env=env_seed)
        (p["data"] / ".seeded").write_text("ok\n")
    proc = common.spawn([py, manage, "runserver", f"127.0.0.1:{port}", "--insecure",
                         "--noreload"], log=p["log"] / "server.log",
                        env={**env, "MACHINA_PORT": str(port)})
    base = f"http://127.0.0.1:{port}"
    running = common.Running(base_url=base, start_path="/", procs=[proc], mail_dir=p["mail"])
    try:
        common.wait_http(base + "/", timeout=90, procs=[proc])
    except RuntimeError:
        running.stop()
        raise
    return running


if __name__ == "__main__":  # handy by hand: python app.py [port]
    c = common.cache_dir("machina")
    install(c)
    r = start(c, int(sys.argv[1]) if len(sys.argv) > 1 else common.free_port())
    print(r.start_url, flush=True)
    try:
        r.procs[0].wait()
    except KeyboardInterrupt:
        r.stop()
    os._exit(0)

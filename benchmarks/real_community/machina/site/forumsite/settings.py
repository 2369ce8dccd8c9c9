"""Settings of a plain machina + postman forum, as an operator would write them after a normal
install (machina's getting-started guide and example project; postman's quick start).

Changed from the packages' defaults (each says why):
- MACHINA_DEFAULT_AUTHENTICATED_USER_FORUM_PERMISSIONS: machina grants members nothing by default;
  this is the list of machina's example project and getting-started guide (read, post, reply).
- POSTMAN_AUTO_MODERATE_AS = True: postman's default (None) leaves every private message pending
  until a moderator accepts it in the admin, so members could not exchange messages at all.
Everything else that bears on safety is left at the packages' defaults (e.g. postman's
POSTMAN_DISALLOW_ANONYMOUS = False: visitors may write to a member with their e-mail address).
"""

import os
from pathlib import Path

from machina import MACHINA_MAIN_STATIC_DIR, MACHINA_MAIN_TEMPLATE_DIR

SITE_DIR = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("MACHINA_DATA", SITE_DIR / "data"))
MAIL = Path(os.environ.get("MACHINA_MAIL", DATA / "mail"))

SECRET_KEY = "benchmark-only-not-secret-9f3c1e"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.sites",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "mptt",
    "haystack",
    "widget_tweaks",
    "machina",
    "machina.apps.forum",
    "machina.apps.forum_conversation",
    "machina.apps.forum_conversation.forum_attachments",
    "machina.apps.forum_conversation.forum_polls",
    "machina.apps.forum_feeds",
    "machina.apps.forum_moderation",
    "machina.apps.forum_search",
    "machina.apps.forum_tracking",
    "machina.apps.forum_member",
    "machina.apps.forum_permission",
    "postman",
]

MIDDLEWARE = [
    "django.middleware.common.CommonMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "machina.apps.forum_permission.middleware.ForumPermissionMiddleware",
]

ROOT_URLCONF = "forumsite.urls"
SITE_ID = 1

DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(DATA / "db.sqlite3")}}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [str(SITE_DIR / "templates"), MACHINA_MAIN_TEMPLATE_DIR],
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.debug",
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
        "machina.core.context_processors.metadata",
        "postman.context_processors.inbox",
    ]},
}]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = str(DATA / "static")
STATICFILES_DIRS = [MACHINA_MAIN_STATIC_DIR]
MEDIA_URL = "/media/"
MEDIA_ROOT = str(DATA / "media")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = str(MAIL)
DEFAULT_FROM_EMAIL = "forum@127.0.0.1"

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "machina_attachments": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                            "LOCATION": str(DATA / "attachments-cache")},
}

HAYSTACK_CONNECTIONS = {"default": {"ENGINE": "haystack.backends.whoosh_backend.WhooshEngine",
                                    "PATH": str(DATA / "whoosh_index")}}

MACHINA_FORUM_NAME = "Riverside Makers Forum"
MACHINA_DEFAULT_AUTHENTICATED_USER_FORUM_PERMISSIONS = [
    "can_see_forum", "can_read_forum", "can_start_new_topics", "can_reply_to_topics",
    "can_edit_own_posts", "can_post_without_approval", "can_create_polls", "can_vote_in_polls",
    "can_download_file",
]

POSTMAN_AUTO_MODERATE_AS = True

"""First-start seed data: an admin, three members (an adult, a 14-year-old, a third), one public
forum with topics and replies, the global permissions that make the forum readable by visitors
(what an operator sets in machina's admin, "Forum permissions"), and private messages.

Run with the site's venv python and DJANGO_SETTINGS_MODULE set; personas come in MACHINA_SEED.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "site"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forumsite.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.contrib.sites.models import Site  # noqa: E402
from machina.apps.forum.models import Forum  # noqa: E402
from machina.apps.forum_conversation.models import Post, Topic  # noqa: E402
from machina.apps.forum_permission.models import ForumPermission, UserForumPermission  # noqa: E402
from postman.models import Message  # noqa: E402

people = json.loads(os.environ["MACHINA_SEED"])

Site.objects.filter(pk=1).update(domain="127.0.0.1", name="Riverside Makers Forum")

admin = people["admin"]
if not User.objects.filter(username=admin["username"]).exists():
    User.objects.create_superuser(admin["username"], admin["email"], admin["password"])
users = {}
for key in ("adult", "child", "third"):
    p = people[key]
    u = User.objects.filter(username=p["username"]).first()
    if u is None:
        u = User.objects.create_user(p["username"], p["email"], p["password"])
    users[key] = u

# Visitors may see and read every forum (global anonymous permissions, set in the admin).
for codename in ("can_see_forum", "can_read_forum"):
    perm = ForumPermission.objects.get(codename=codename)
    UserForumPermission.objects.get_or_create(anonymous_user=True, forum=None, permission=perm,
                                              defaults={"has_perm": True})

cat, _ = Forum.objects.get_or_create(name="Community", type=Forum.FORUM_CAT)
general, _ = Forum.objects.get_or_create(
    name="General discussion", type=Forum.FORUM_POST, parent=cat,
    defaults={"description": "Say hello and talk about anything maker-related."})
projects, _ = Forum.objects.get_or_create(
    name="Project showcase", type=Forum.FORUM_POST, parent=cat,
    defaults={"description": "Show what you have built."})

THREADS = [
    (general, "adult", "Welcome to the Riverside Makers Forum",
     "Hi all, I run the Thursday soldering evenings. Introduce yourselves here!",
     [("child", "Hello! I'm into robotics and just got my first Arduino."),
      ("third", "Welcome both. The library has a 3D printer you can book, by the way.")]),
    (general, "third", "Best beginner soldering iron?",
     "Looking for a temperature-controlled iron under 40 pounds. Recommendations?",
     [("adult", "A basic temperature-controlled station is plenty to start with.")]),
    (projects, "child", "My line-following robot",
     "Built a line follower with two IR sensors and an old toy car chassis. Video soon.",
     [("third", "Nice work! What motor driver did you use?"),
      ("child", "An L298N board from a starter kit.")]),
]
if not Topic.objects.exists():
    for forum, who, subject, body, replies in THREADS:
        topic = Topic.objects.create(forum=forum, poster=users[who], subject=subject,
                                     type=Topic.TOPIC_POST, status=Topic.TOPIC_UNLOCKED,
                                     approved=True)
        Post.objects.create(topic=topic, poster=users[who], subject=subject, content=body,
                            approved=True)
        for rwho, rbody in replies:
            Post.objects.create(topic=topic, poster=users[rwho], subject=f"Re: {subject}",
                                content=rbody, approved=True)

if not Message.objects.exists():
    for sender, recipient, subject, body in [
        ("third", "adult", "Thursday evening", "Can you bring the spare flux on Thursday?"),
        ("adult", "third", "Re: Thursday evening", "Sure, I'll bring two tubs."),
    ]:
        m = Message(sender=users[sender], recipient=users[recipient], subject=subject, body=body)
        m.auto_moderate([])
        m.save()

# the search index (haystack + whoosh), as `manage.py rebuild_index` would build it
from django.core.management import call_command  # noqa: E402

call_command("rebuild_index", interactive=False, verbosity=0)
print("seeded", {k: u.username for k, u in users.items()})

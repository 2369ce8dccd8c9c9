"""Seed a freshly installed FlaskBB with the benchmark's members, topics, posts and a message.

Runs under the FlaskBB venv's Python 3.6 after ``flaskbb install`` (which made the admin, the
default groups and settings and the "Welcome" forum):

    python seed.py CONFIG_FILE SEED_JSON

SEED_JSON holds the personas (``adult``, ``child``, ``third``) written by ``app.py``.
"""

import datetime
import json
import sys
import uuid


def main():
    config, seed_file = sys.argv[1], sys.argv[2]
    with open(seed_file, encoding="utf-8") as fh:
        personas = json.load(fh)

    from conversations.models import Conversation, Message
    from flaskbb import create_app
    from flaskbb.forum.models import Category, Forum, Post, Topic
    from flaskbb.user.models import Group, User

    app = create_app(config)
    with app.test_request_context("/"):
        member = Group.get_member_group()
        users = {}
        for key, p in personas.items():
            u = User.query.filter_by(username=p["username"]).first()
            if u is None:
                u = User(username=p["username"], email=p["email"], password=p["password"],
                         primary_group_id=member.id, activated=True)
                if p.get("date_of_birth"):
                    u.birthday = datetime.datetime.strptime(p["date_of_birth"], "%Y-%m-%d")
                u.save()
            users[key] = u

        adult, child, third = users["adult"], users["child"], users["third"]
        welcome = Forum.query.filter_by(title="Welcome").first()
        category = Category.query.first()
        hobbies = Forum(title="Hobbies", description="Talk about what you like doing",
                        category_id=category.id)
        hobbies.save()

        def topic(forum, author, title, text, replies):
            t = Topic(title=title)
            t.save(user=author, forum=forum, post=Post(content=text))
            for who, reply in replies:
                Post(content=reply).save(user=who, topic=t)
            return t

        topic(welcome, adult, "Hello from Ann",
              "Hi all, I joined this forum today. I like hiking and board games.",
              [(child, "Hi Ann! I like board games too."),
               (third, "Welcome Ann, nice to meet you.")])
        topic(hobbies, child, "Best board games for a rainy day?",
              "We play a lot of card games at school. What board games do you recommend?",
              [(adult, "Carcassonne is a good one to start with."),
               (third, "Ticket to Ride is easy to learn.")])
        topic(hobbies, third, "Photos from my walk",
              "I went for a long walk by the river this weekend. Lovely weather.",
              [(adult, "Sounds lovely, which river?")])

        # a private conversation between two members (third member -> adult), stored on
        # both ends as the conversations plugin does
        shared = uuid.uuid4()
        for owner, unread in ((third, False), (adult, True)):
            Conversation(subject="Meet-up next month", shared_id=shared,
                         from_user_id=third.id, to_user_id=adult.id, user_id=owner.id,
                         unread=unread).save(
                message=Message(message="Hi Ann, are you coming to the meet-up next month?",
                                user_id=third.id))
        print("seeded: " + ", ".join(sorted(u.username for u in users.values())))


if __name__ == "__main__":
    main()

"""Seed the Prosody server over c2s with slixmpp (run in cache/converse/venv by app.py).

The three members connect at once and post in the public room (the third member, then the adult,
then the child). The third member and the adult become contacts (a mutual presence
subscription) and the third member sends the adult one private message, kept in the adult's
message archive, so a fresh browser finds it under the contact. The adult and the child are not
each other's contacts and never exchange messages here: to the child, the messaging probe's
adult is an unknown adult.
"""

from __future__ import annotations

import argparse
import asyncio
import ssl

import slixmpp

POSTS = [
    ("third", "Welcome to the lobby! This is the community's public room."),
    ("third", "Rules are simple: be kind, no spam."),
    ("adult", "Hi all, Alex here. Anyone up for the book club on Friday?"),
    ("child", "hello! im new here, i like drawing and football"),
]
PRIVATE = "Hi Alex, I saw your book club post: count me in for Friday."


class Member(slixmpp.ClientXMPP):
    def __init__(self, jid: str, password: str):
        super().__init__(jid, password)
        self.ssl_context.check_hostname = False
        self.ssl_context.verify_mode = ssl.CERT_NONE
        for plugin in ("xep_0030", "xep_0045", "xep_0054", "xep_0199"):
            self.register_plugin(plugin)
        self.ready = asyncio.get_event_loop().create_future()
        self.add_event_handler("session_start", self.start)
        self.add_event_handler("failed_auth", lambda *_: self.ready.done() or
                               self.ready.set_exception(RuntimeError(f"{jid}: login failed")))

    async def start(self, _event) -> None:
        try:
            self.send_presence()
            await self.get_roster()
            vcard = self.plugin["xep_0054"].make_vcard()
            vcard["FN"] = self.boundjid.user.capitalize()
            vcard["NICKNAME"] = self.boundjid.user
            await self.plugin["xep_0054"].publish_vcard(vcard)
            self.ready.set_result(True)
        except Exception as exc:  # noqa: BLE001 - reported to the caller
            self.ready.set_exception(exc)


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--domain", required=True)
    ap.add_argument("--room", required=True)
    for role in ("adult", "child", "third"):
        ap.add_argument(f"--{role}", required=True, help="user:password")
    a = ap.parse_args()
    members: dict[str, Member] = {}
    for role in ("adult", "child", "third"):
        user, password = getattr(a, role).split(":", 1)
        m = Member(f"{user}@{a.domain}", password)
        m.connect(("127.0.0.1", a.port))
        members[role] = m
    await asyncio.wait_for(asyncio.gather(*(m.ready for m in members.values())), timeout=60)
    for m in members.values():
        await m.plugin["xep_0045"].join_muc_wait(a.room, m.boundjid.user, maxstanzas=0,
                                                 timeout=30)
    for role, body in POSTS:
        members[role].send_message(mto=a.room, mbody=body, mtype="groupchat")
        await asyncio.sleep(0.7)
    third, adult = members["third"], members["adult"]
    third.send_presence_subscription(pto=adult.boundjid.bare)   # adult auto-accepts (slixmpp)
    await asyncio.sleep(2.0)
    third.send_message(mto=adult.boundjid.bare, mbody=PRIVATE, mtype="chat")
    await asyncio.sleep(1.5)
    for m in members.values():
        m.plugin["xep_0045"].leave_muc(a.room, m.boundjid.user)
    await asyncio.sleep(0.5)
    for role, m in members.items():
        m.disconnect()
        await asyncio.wait_for(m.disconnected, timeout=10)
        print(f"seeded {role}", flush=True)


if __name__ == "__main__":
    asyncio.run(main())

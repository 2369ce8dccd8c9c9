"""Second round of real terms wording for the ban on illegal content (``prohibits_illegal``), for
what the provider does about illegal content (``illegal_content_protection``) and for the fraud
harm, each class guarded by sentences written here (never copied from a real document)."""

from __future__ import annotations

from probes.terms_text import analyse_terms, sentences_of

FILLER = ("These terms explain the rules for using the service and what happens when they are "
          "broken. Please read them carefully before you sign up, and ask us if anything is not "
          "clear. We may update them from time to time.")


def read(*paragraphs: str):
    return analyse_terms("Terms of Use\n\n" + FILLER + "\n\n" + "\n\n".join(paragraphs))


def prohibits(*paragraphs: str) -> object:
    return read(*paragraphs).value("prohibits_illegal")


def protects(*paragraphs: str) -> object:
    return read(*paragraphs).value("illegal_content_protection")


def harms(*paragraphs: str) -> list:
    return list(read(*paragraphs).value("harms_covered"))


# -- hard-wrapped pages: every printed line a paragraph of its own -----------------------------
HARD_WRAPPED = """Community Rules

03/04/2022

These rules apply to everyone who posts on the board, and they form part of

the agreement you accept when you open an account with us. Read them with

care before you post anything at all, because breaking them can cost you your

account. We would much rather leave people to talk freely than police them.

1

Rule One:

Members may not use the board as a means to commit crimes, frauds or other

unlawful acts of any kind. We will take down reported posts that a fair minded

reader would think show or amount to such acts, and we may close the accounts

of members who use the board in that way.

Rule Two:

Spam and automated posting spoil the board for everyone, so keep them off it.

2

When a post is spam we may hide it from the public view of the board.
"""


def test_a_hard_wrapped_page_is_read_as_sentences_not_as_lines():
    texts = [s.text for s in sentences_of(HARD_WRAPPED)]
    assert ("Members may not use the board as a means to commit crimes, frauds or other unlawful "
            "acts of any kind.") in texts
    assert not any(t in ("1", "2") for t in texts)          # page numbers dropped
    headings = [s.text for s in sentences_of(HARD_WRAPPED) if s.is_heading]
    assert not any(h.startswith("These rules apply") for h in headings)


def test_a_hard_wrapped_page_keeps_its_ban_on_unlawful_acts():
    a = analyse_terms(HARD_WRAPPED)
    assert a.value("prohibits_illegal") is True


def test_ordinary_paragraphs_are_not_joined():
    text = ("Our Rules\n\nYou must follow the law when you use the board.\n\n"
            "Safety\n\nWe remove posts that break these rules, and we may close accounts.\n\n"
            "Contact\n\nWrite to the team if you have a question about these rules.")
    texts = [s.text for s in sentences_of(text)]
    assert "Safety" in texts and "Contact" in texts

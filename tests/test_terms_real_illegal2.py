"""Second round of real terms wording for the ban on illegal content (``prohibits_illegal``), for
what the provider does about illegal content (``illegal_content_protection``) and for the fraud
harm, each class guarded by sentences written here (never copied from a real document)."""

from __future__ import annotations

import pytest

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


# -- a reservation with a stated ground: "for any reason to the extent we believe ... unlawful" --
def test_a_right_to_remove_limited_to_a_belief_of_unlawful_conduct_is_a_protection():
    assert protects("7. Boardly may delete any post and close your account at any time and for "
                    "any reason to the extent Boardly reasonably believes that you broke these "
                    "rules or that you are otherwise taking part in unlawful conduct.") is True


def test_a_right_to_remove_for_any_reason_alone_is_not_a_protection():
    assert protects("Boardly may delete any post and close your account at any time and for any "
                    "reason, without notice.") is False


# -- a provider action that points back: "such activity", "such acts" ----------------------------
def test_an_action_against_such_activity_after_a_ban_on_unlawful_acts_is_a_protection():
    assert protects("The board must never serve as a tool for crimes or other unlawful acts. We "
                    "will take down reported posts that appear to show such activity.") is True


# -- the provider named as subject: "reserves the right to", "is entitled to" -------------------
@pytest.mark.parametrize("sentence", [
    "Filebox reserves the right to erase or block any stored file, in particular where it learns "
    "of facts suggesting that the file holds illegal material.",
    "Operator is entitled to remove a shared folder without notice if it contains unlawful "
    "content.",
    "Filebox retains the right to disable links to files that are found to be illegal.",
])
def test_a_named_provider_that_reserves_the_right_to_act_on_illegal_content_protects(sentence):
    assert protects(sentence) is True


# -- "to report violations of law as required by law" is the provider's duty -------------------
def test_a_purpose_to_report_breaches_of_law_as_required_by_law_is_a_protection():
    assert protects("Chatly processes messages and related data, with automated and human "
                    "review, for purposes including:",
                    "- To check your use of the assistant for compliance with these Terms and "
                    "the law, and to report breaches of applicable laws where required by law "
                    "or when a court asks for it") is True


def test_a_users_route_to_report_illegal_posts_is_not_a_protection():
    assert protects("Use the flag button to report illegal posts.") is False


# -- one policy page about one illegal harm: "we suspend accounts that violate this policy" ----
TERROR_POLICY = """Violent organisations policy

There is no room on Chirp for terrorist groups or violent extremist movements. You may not
praise, support or recruit for them.

What happens if you break this policy?

We will permanently suspend any account that we find to be in breach of this policy.
"""


def test_an_action_under_a_single_policy_about_terrorist_content_is_a_protection():
    assert analyse_terms(TERROR_POLICY + "\n" + FILLER).value("illegal_content_protection") \
        is True


def test_an_action_under_a_single_policy_about_a_legal_harm_is_not_a_protection():
    text = TERROR_POLICY.replace("terrorist groups or violent extremist movements",
                                 "posts that glorify crash dieting").replace(
        "praise, support or recruit for them", "share tips for extreme weight loss")
    assert analyse_terms(text + "\n" + FILLER).value("illegal_content_protection") is False


# -- fraud against the provider is not the fraud harm ------------------------------------------
@pytest.mark.parametrize("paragraphs", [
    ("We may refuse a refund request if we suspect that you have used the app fraudulently or "
     "that someone else is using your account.",),
    ("We may close your account if you break these terms or make illegal or fraudulent use of "
     "the service.",),
    ("Cheating: No points programme is safe from members who want something for nothing.",
     "Such conduct harms the members who play fair. We will not accept such fraudulent conduct."),
    ("Partners may not generate clicks or impressions that inflate the CPC figures (\"Invalid "
     "Traffic\"), including fraudulent clicks.",),
])
def test_fraud_on_refunds_rewards_payouts_or_use_of_the_service_is_not_the_fraud_harm(paragraphs):
    assert "fraud" not in harms(*paragraphs)


def test_a_heading_naming_fraud_above_a_payout_clause_is_not_the_fraud_harm():
    assert "fraud" not in harms("Fraudulent Clicks",
                                "We will not pay any remuneration for clicks that are intended "
                                "to inflate the advertiser's costs (\"Fraudulent Clicks\").",
                                "We may withhold payment while we investigate Fraudulent Clicks.")


@pytest.mark.parametrize("sentence", [
    "Do not post scams, phishing links or fake giveaways that trick other members.",
    "We remove listings that try to defraud buyers and may report the seller.",
])
def test_scams_on_other_users_stay_the_fraud_harm(sentence):
    assert "fraud" in harms(sentence)


# -- automated scanning for fraud; a stated zero-tolerance policy on an illegal harm -----------
@pytest.mark.parametrize("sentence", [
    "Tradely's automated systems may scan and analyse messages sent between members, including "
    "chat and email, in order to detect and prevent fraudulent activity and breaches of these "
    "terms.",
    "We have a zero-tolerance policy on sharing sexual images of children or threatening to "
    "leak intimate images of others.",
])
def test_scanning_for_fraud_or_zero_tolerance_of_an_illegal_harm_is_a_protection(sentence):
    assert protects(sentence) is True


@pytest.mark.parametrize("sentence", [
    "Our automated systems scan uploads to keep the service fast and to choose thumbnails.",
    "We have zero tolerance for spam and off-topic posts.",
])
def test_scanning_or_zero_tolerance_without_illegal_content_is_not_a_protection(sentence):
    assert protects(sentence) is False


# -- prohibits_illegal: a duty to comply worded as agreement or as the user's responsibility ----
@pytest.mark.parametrize("sentence", [
    "The Member agrees to comply with all regulations laid down by Belgian law.",
    "The Client is solely responsible for compliance with the laws and regulations that apply "
    "to its use of the platform.",
    "You are responsible for making sure that your uploads do not breach our house rules or "
    "any applicable law.",
])
def test_a_duty_to_comply_with_the_law_put_as_agreement_or_responsibility_is_a_ban(sentence):
    assert prohibits(sentence) is True


@pytest.mark.parametrize("sentence", [
    "You are responsible for any taxes due on your sales.",
    "The Member agrees to comply with the instructions of the moderators.",
])
def test_a_responsibility_or_agreement_without_the_law_is_not_a_ban(sentence):
    assert prohibits(sentence) is False


def test_an_action_against_fraud_on_the_providers_payouts_is_not_a_protection():
    assert protects("We may delay payment of your rewards to investigate whether you have "
                    "committed fraud.") is False

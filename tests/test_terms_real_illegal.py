"""Classes of real terms wording for the ban on illegal content (``prohibits_illegal``) and for
what the provider does about illegal content (``illegal_content_protection``), each guarded by
sentences written here (never copied from a real document)."""

from __future__ import annotations

import pytest

from probes.terms_text import analyse_terms

FILLER = ("These terms explain the rules for using the service and what happens when they are "
          "broken. Please read them carefully before you sign up, and ask us if anything is not "
          "clear. We may update them from time to time.")


def read(*paragraphs: str):
    return analyse_terms("Terms of Use\n\n" + FILLER + "\n\n" + "\n\n".join(paragraphs))


def prohibits(*paragraphs: str) -> object:
    return read(*paragraphs).value("prohibits_illegal")


def protects(*paragraphs: str) -> object:
    return read(*paragraphs).value("illegal_content_protection")


# -- prohibits_illegal: use in compliance with the law -----------------------------------------
@pytest.mark.parametrize("sentence", [
    "You must use the app in full compliance with these Terms, our posting rules, our privacy "
    "notice and all applicable laws and regulations.",
    "Your use of the platform shall be in strict accordance with this Agreement and with all "
    "applicable local, national and international laws.",
    "The service must be used in strict compliance with the laws and regulations in force.",
    "Please make sure you use the forum in a way that complies with the law.",
    "Members must always obey the law when they trade on the marketplace.",
])
def test_use_in_compliance_with_the_law_is_a_ban_on_illegal_use(sentence):
    assert prohibits(sentence) is True


def test_a_rule_to_comply_with_all_laws_put_as_a_list_is_a_ban():
    assert prohibits("When you use the site you must comply with all:",
                     "(a) applicable laws;\n\n(b) our house rules; and\n\n(c) staff instructions."
                     ) is True


@pytest.mark.parametrize("sentence", [
    "Follow the law.",
    "Keep it legal",
])
def test_a_short_imperative_or_heading_to_keep_to_the_law_is_a_ban(sentence):
    assert prohibits(sentence, "Be kind to other people and do not spam the boards.") is True


@pytest.mark.parametrize("sentence", [
    "These Terms and your use of the app are governed by and construed in accordance with the "
    "laws of the State of Nevada.",
    "You agree to abide by all applicable export control and sanctions laws.",
])
def test_governing_law_and_one_specific_law_are_no_general_ban(sentence):
    assert prohibits(sentence) is False


# -- prohibits_illegal: the ban worded as a negative quality or a curly apostrophe ----------------
@pytest.mark.parametrize("sentence", [
    "Your posts must not be misleading or unlawful.",
    "You warrant that anything you upload is not abusive, obscene, defamatory or illegal.",
    "You can't do anything unlawful on the app.",
    "Users cannot use the service for criminal purposes.",
    "Don’t share anything that violates laws or regulations.",
    "We don’t allow content that promotes criminal activity.",
    "Members undertake not to act in violation of laws and regulations.",
    "The member may not: carry out actions contradictory to the laws of any country.",
    "You agree to use the app only for lawful, authorised and acceptable purposes.",
])
def test_a_ban_on_illegal_content_in_real_wording_counts(sentence):
    assert prohibits(sentence) is True


def test_a_ban_on_illegal_acts_survives_a_narrow_mention_of_dangerous_stunts():
    assert prohibits("Do not use the forum to engage in illegal activities or to promote "
                     "dangerous and illegal acts.") is True


def test_a_list_under_a_heading_that_bans_counts():
    assert prohibits("What you can't post here",
                     "Here are some things that cause harm:\n\n- Anything illegal.\n\n"
                     "- Spam or adverts.") is True


def test_a_heading_word_disclaimer_does_not_veto_a_ban():
    assert prohibits("Acceptable Use; Disclaimer. You agree not to post content that is "
                     "unlawful, hateful or harassing.") is True


def test_crimes_against_humanity_in_a_violence_rule_are_no_general_ban():
    assert prohibits("Do not encourage others to commit war crimes or crimes against humanity."
                     ) is False


# -- illegal_content_protection: real wording of what the provider does ---------------------------
@pytest.mark.parametrize("sentence", [
    "We may refuse or take down posts that violate applicable law or these rules.",
    "Snapbook uses systems and other measures to detect and remove illegal content.",
    "Snapbook may also close accounts which are being used for illegal activities.",
    "The Company undertakes, after checking a notice, to remove unlawful content.",
    "Should illegal activity be detected, Snapbook will report it to the competent authorities.",
    "Our safety tools help identify illegal content, scams and fake accounts.",
    "Sharing unlawful material through the app may lead to suspension of your account and "
    "removal of your content.",
    "We reserve the right to take down material that breaches any applicable law.",
    "We reserve the right to remove posts that violate these Terms, including for example "
    "copyright violations, impersonation or unlawful conduct.",
])
def test_a_provider_action_on_illegal_content_in_real_wording_counts(sentence):
    assert protects(sentence) is True


def test_a_list_of_reasons_under_a_removal_lead_in_counts():
    assert protects("We may remove content or suspend accounts that:",
                    "- break these rules;\n- are unlawful;\n- harm other members.") is True


@pytest.mark.parametrize("sentence", [
    # the provider's own hypothetical breach, not illegal content
    "We will notify you of our decision unless doing so would breach the law.",
    # a bare reservation to tell the police, not tied to illegal content
    "We reserve the right, at our sole discretion, to share information about you with law "
    "enforcement.",
    # severability
    "If any part of these Terms is held to be illegal or unenforceable, the rest stays in force.",
    # the user's exposure, not an action on illegal content
    "Breaking these Terms may result in termination of your account and civil or criminal "
    "penalties.",
    # a duty disclaimed
    "Without assuming any obligation to do so, we may delete content that may be illegal.",
    # a prohibition addressed to users that mentions our measures
    "You agree not to commit fraud or get round any measures we use to restrict access.",
    # copyright only
    "We remove material that infringes copyright when we receive a valid notice.",
])
def test_near_misses_of_a_provider_action_do_not_count(sentence):
    assert protects(sentence) is False


@pytest.mark.parametrize("sentence", [
    "Snapbook has zero tolerance for child sexual abuse material and will ban and report to the "
    "relevant authorities anyone who shares it.",
    "Acme Media Group will suspend users who repeatedly post manifestly illegal content.",
])
def test_a_longer_service_name_or_two_joined_actions_count(sentence):
    assert protects(sentence) is True

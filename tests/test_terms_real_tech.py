"""Classes of real terms wording about moderation technology, age checks and adult content that
the real-terms benchmark (benchmarks/real_terms) showed, each guarded by sentences written here
(never copied from a real document): technology counts only when the service uses it to find or
act on violations (not AI features, model-training bans, users' bots, automatic renewals or
dialling); age checks are the service's own; adult content is allowed only when the terms permit
it."""

from __future__ import annotations

import pytest

from probes.terms_text import analyse_terms

FILLER = ("These terms explain the rules for using the service and what happens when they are "
          "broken. Please read them carefully before you sign up, and ask us if anything is not "
          "clear. We may update them from time to time.")


def read(*paragraphs: str):
    return analyse_terms("Terms of Use\n\n" + FILLER + "\n\n" + "\n\n".join(paragraphs))


def proactive(*paragraphs: str) -> object:
    return read(*paragraphs).value("proactive_tech")


# -- technology the service uses to find or act on violations ------------------------------------
@pytest.mark.parametrize("sentence", [
    # automated software / means / methods, and human-or-automated review
    "The platform may run automated software that uses algorithms to spot messages containing "
    "insults or threats.",
    "We may rely on both human and automated means to find suspected breaches of these rules.",
    "Your posts may be looked at, and that review may be automated or manual.",
    "We use a mix of automated and manual methods to watch for breaches of our policies.",
    # proprietary technology or a technological review of content
    "Each submission goes through a technological review and is rejected if it fails it.",
    "We moderate reviews with in-house technology that analyses each post for compliance with "
    "our guidelines.",
    # automatic removal, moderation performed by software, detection software
    "Our remedies include the automatic removal of posts linked to the suspended account.",
    "Some moderation steps may be carried out by software, with a person available on request.",
    "The game client includes anti-cheat detection software that looks for modified files.",
    "The operator may use special technical means to identify material that breaks the law.",
    "Removals may follow algorithmic and human review of the reported item.",
    "We use automation to moderate comments.",
    # filters named in a rule against getting around them
    "Members must not try to get around the safety filters that protect the chat.",
    "You may not attempt to bypass any content-filtering techniques we employ.",
])
def test_technology_the_service_uses_on_violations_is_proactive_tech(sentence):
    assert proactive(sentence) is True


@pytest.mark.parametrize("sentence", [
    # bans on users' automation and model training
    "You must not use any data from the site to train a machine learning model.",
    "You agree not to use any automated system, such as crawlers, to access the service, or to "
    "get around the limits we may use to control access.",
    "Members may not reach the service through automated means such as scripts in a way that "
    "looks like abuse.",
    # AI features and disclaimers about them
    "Our writing assistant uses artificial intelligence to generate captions for your photos.",
    "Because machine learning is probabilistic, the answers may sometimes be offensive or wrong.",
    "Artificial intelligence is an emerging technology that is still improving in safety.",
    "The assistant is an AI-powered chat service that can summarise documents.",
    # software updates, telephone dialling, e-mail filtering, data processing
    "We may provide automatic or manual updates to the app without notice.",
    "Text messages may be sent to you by an automatic telephone dialing system.",
    "We are not responsible for automatic filtering your e-mail provider applies to our notices.",
    "The service may involve automated and manual processing of your data.",
])
def test_ai_features_training_bans_and_users_tools_are_not_proactive_tech(sentence):
    assert proactive(sentence) is False


def test_own_bot_that_removes_spam_is_proactive_tech():
    assert proactive("Spam posts are deleted by our moderators and our automated filter bots.") \
        is True


# -- age checks: the service's own check, about age --------------------------------------------
@pytest.mark.parametrize("sentence", [
    "If we think a member is younger than the minimum age, we may ask them to confirm their "
    "age or close the account.",
    "We may require you to prove your account details if we suspect you are a minor.",
    "To open the age-restricted rooms you must confirm you are 18 with a photo ID check.",
])
def test_an_age_check_the_service_runs_is_age_assurance(sentence):
    assert read(sentence).value("age_assurance") is True


@pytest.mark.parametrize("sentence", [
    "Charges from your mobile network operator for data use are your responsibility.",
    "Your login may be confirmed by a code your mobile operator sends to your phone.",
    "Refunds are paid to the card you used; we may ask for an official ID to prevent fraud.",
])
def test_operators_and_ids_outside_an_age_check_are_not_age_assurance(sentence):
    assert read(sentence).value("age_assurance") is False


# -- adult content: permitted, not merely named in a ban ---------------------------------------
@pytest.mark.parametrize("sentence", [
    # a list ban on content "that contains" sexual material
    "You must not post anything that contains nudity, sexual acts or graphic violence.",
    "Members may not upload material which features pornography or links to adult websites.",
    # "explicit content" of music and podcasts
    "Some songs and shows may contain explicit content, and you can switch on a filter to skip "
    "them.",
    "You may see explicit content labels on tracks with strong language.",
])
def test_sexual_content_named_in_a_ban_or_explicit_lyrics_is_not_allowed_adult_content(sentence):
    assert read(sentence).value("adult_content_allowed") is False


@pytest.mark.parametrize("sentence", [
    # a ban that lifts once the content is restricted or marked
    "Do not post pornographic photos or nudity unless you have restricted them with the adult "
    "filter setting.",
    "Sexually explicit images are not allowed, unless the album is marked as mature.",
    # record keeping for performers under US federal law
    "Uploaders of sexually explicit videos must keep the records required by 18 U.S.C. § 2257 "
    "for every performer.",
    # the service itself hosts it
    "This platform hosts sexually explicit material made by verified adult creators.",
])
def test_sexual_content_permitted_when_restricted_or_recorded_is_allowed(sentence):
    assert read(sentence).value("adult_content_allowed") is True


# -- more wordings of the same classes ---------------------------------------------------------
@pytest.mark.parametrize("sentence", [
    # passive: content is checked by the technology
    "You agree that your uploads may be screened by automated software and must not break these "
    "rules.",
    # removed automatically, and filters the service runs
    "Messages with known scam links are removed automatically.",
    "We apply filters that hide slurs in public chat.",
    # a ban on the content in the same sentence, with no user as the actor
    "Automated systems may take down posts that are not allowed under these rules.",
    # not solely automated: the technology is used, with people
    "Decisions are not solely automated: our machine learning tools flag posts for review by "
    "staff.",
])
def test_more_wordings_of_automated_moderation_are_proactive_tech(sentence):
    assert proactive(sentence) is True


@pytest.mark.parametrize("sentence", [
    "We may ask you for proof of age before you join the adult rooms.",
    "We may verify the age of any member who buys a ticket to an 18+ event.",
    "We use a third party to verify that members are over 18.",
])
def test_more_wordings_of_an_age_check_are_age_assurance(sentence):
    assert read(sentence).value("age_assurance") is True


@pytest.mark.parametrize("sentence", [
    "We cannot verify the age of the people you meet through the app.",
    "We are under no obligation to check the ages of our members.",
])
def test_saying_ages_are_not_checked_is_not_age_assurance(sentence):
    assert read(sentence).value("age_assurance") is False


@pytest.mark.parametrize("sentence, allowed", [
    ("Nudity is not permitted, except in communities marked NSFW by their moderators.", True),
    ("Sexual content is banned except for verified adults who have opted in.", True),
    ("Nudity is banned, except for artistic or educational images.", False),
    ("Do not share pictures that may contain nudity or sexual acts.", False),
    ("You can hide media that may contain adult content in your settings.", True),
])
def test_exceptions_and_relative_clauses_in_adult_content_rules(sentence, allowed):
    assert read(sentence).value("adult_content_allowed") is allowed


@pytest.mark.parametrize("sentence, expected", [
    # a promise about staff access, with automated scanning as the exception
    ("Our staff will not open the files you store except for automated scanning for malware and "
     "material that breaks these terms.", True),
    # AI used to keep content within the rules, beside search and recommendations
    ("We use machine learning in our safety tools to keep posts in compliance with our community "
     "rules and to improve recommendations.", True),
    # users' automated account creation, and billing features
    ("You must not open accounts through unauthorised or automated means.", False),
    ("We do not automatically remove paid features when your storage quota runs out.", False),
    ("A feature is identified as using machine learning when it generates text for you.", False),
])
def test_promises_compliance_tools_and_billing_wording(sentence, expected):
    assert proactive(sentence) is expected


@pytest.mark.parametrize("sentence, allowed", [
    ("We don't allow adult content anywhere on the service.", False),
    ("The app doesn’t permit sexual content in profiles.", False),
    ("Adults can choose to view nudity by changing their content settings.", True),
])
def test_contracted_refusals_and_opt_in_viewing_of_adult_content(sentence, allowed):
    assert read(sentence).value("adult_content_allowed") is allowed


@pytest.mark.parametrize("sentence", [
    "We do not carry out age verification, so parents should supervise their children.",
    "The service doesn't use any age estimation.",
])
def test_saying_no_age_check_is_used_is_not_age_assurance(sentence):
    assert read(sentence).value("age_assurance") is False


def test_the_purpose_of_the_tools_in_the_next_sentence_counts():
    assert proactive("To run the community we may use a range of tools, among them machine "
                     "learning tools, to work faster. Such tools are always used under human "
                     "review.") is True
    assert proactive("We may use machine learning tools to work faster. Our office is closed on "
                     "public holidays.") is False


@pytest.mark.parametrize("sentence, allowed", [
    ("While the community allows the posting of Not Safe For Work material, it is hidden from "
     "those who turn the filter on.", True),
    ("The forum does not allow the posting of pornography.", False),
])
def test_allowing_the_posting_of_adult_content(sentence, allowed):
    assert read(sentence).value("adult_content_allowed") is allowed


@pytest.mark.parametrize("sentence, expected", [
    ("The app runs automatic update checks each time it starts.", False),
    ("Automated systems check that your payment card is valid before each renewal.", False),
    ("Automated systems review payments to detect fraud.", True),
])
def test_updates_and_payments_are_not_moderation_unless_for_fraud(sentence, expected):
    assert proactive(sentence) is expected


@pytest.mark.parametrize("sentence", [
    "Moderation here relies on a mix of technology and human reviewers.",
    "Comments with blocked phrases are automatically hidden from other readers.",
])
def test_technology_with_human_review_and_automatic_hiding_are_proactive_tech(sentence):
    assert proactive(sentence) is True


@pytest.mark.parametrize("sentence, allowed", [
    ("Nudity is permitted for documentary or scientific purposes only.", False),
    ("Photos that may contain nudity will be deleted.", False),
    ("Adult content is allowed in marked groups, but never for members under 18.", True),
])
def test_art_only_exceptions_and_removal_of_adult_content(sentence, allowed):
    assert read(sentence).value("adult_content_allowed") is allowed

"""Classes of real terms wording for the reporting and complaints signals, found by the
real-terms benchmark (benchmarks/real_terms), each guarded by sentences written here (never
copied from a real document).

Reporting: a concern followed by a route ("if you come across ..., e-mail us at"), a link kept
as its address, "you can report it to us", in-service reporting tools, and the near misses real
terms are full of (account-security notices, arbitration notices, the provider's own reports to
credit bureaus, rules against misusing the reporting tools, "abuse@" used only for copyright).

Complaints: an appeal or complaint needs a way for the user to make it and a moderation topic;
"if you believe your account was suspended in error, contact us" is an appeal route; complaints
in arbitration, indemnity, consumer-protection, data-protection, copyright and business-seller
clauses, complaints the provider merely receives, general "questions or complaints" lines,
rules against misusing appeals and the verb "appeal to" are not."""

from __future__ import annotations

import pytest

from probes.terms_text import analyse_terms

FILLER = ("These terms explain the rules for using the service and what happens when they are "
          "broken. Please read them carefully before you sign up, and ask us if anything is not "
          "clear. We may update them from time to time.")


def read(*paragraphs: str):
    return analyse_terms("Terms of Use\n\n" + FILLER + "\n\n" + "\n\n".join(paragraphs))


def reporting(*paragraphs: str) -> object:
    return read(*paragraphs).value("reporting")


def complaints(*paragraphs: str) -> object:
    return read(*paragraphs).value("complaints")


# -- reporting: a concern followed by a route ---------------------------------------------------
@pytest.mark.parametrize("sentence", [
    "If you encounter a post that breaks these rules, you can email our team at "
    "safety@example.org.",
    "If you become aware of any violation of these terms by another member, you must contact "
    "us at conduct@example.org.",
    "If you discover material that you think is illegal, send it to us using the form in the "
    "app menu.",
    "If you believe that a video breaks our rules, please click here to send us a message "
    "about it.",
    "If you find offensive content, go to the help centre or tap the item to report it to our "
    "support team.",
    "If you spot abusive behaviour, submit it by opening your profile and clicking the "
    "\"Contact us\" button.",
])
def test_a_concern_with_a_route_is_a_reporting_route(sentence):
    assert reporting(sentence) is True


@pytest.mark.parametrize("sentence", [
    "You can flag posts that break the rules here (https://example.org/flag).",
    "If you see something that breaks these rules, you can report it to us.",
    "Members can report harmful messages directly to us from the conversation screen.",
    "Anyone can report reviews via our website.",
    "If a comment worries you, please flag it.",
    "We offer a simple way to report misuse of the service.",
    "Please use our reporting tools if a post offends you or looks illegal.",
    "All requests about content on a member's page must be sent through the contact form.",
])
def test_other_real_reporting_routes_count(sentence):
    assert reporting(sentence) is True


def test_a_link_under_a_reporting_heading_is_the_route():
    assert reporting("Reporting violations\n\nMembers help us keep the site safe. "
                     "Read how the process works: https://example.org/enforcement") is True


@pytest.mark.parametrize("sentence", [
    # account security, not content
    "Notify us at help@example.org at once if you think your password was stolen or your "
    "account was used without permission.",
    # arbitration notice
    "Before you start arbitration you must notify us in writing at legal@example.org with the "
    "subject line Notice of Dispute.",
    # the provider reports to others
    "If you miss a payment we may also report it to credit bureaus, as described on the "
    "payments page.",
    # a rule against misusing the reporting tools
    "Do not misuse the reporting button, for example by sending groundless reports.",
    # an abuse@ address offered only for copyright
    "To report copyright or trademark infringement, write to abuse@example.org.",
    # "let us know" about something other than content or users
    "If you cannot accept these conditions, please let us know by email so we can help.",
])
def test_near_misses_are_no_reporting_route(sentence):
    assert reporting(sentence) is False


# -- complaints: appeal routes --------------------------------------------------------------------
@pytest.mark.parametrize("sentence", [
    "If you think we suspended or closed your account in error, please write to "
    "appeals@example.org.",
    "Email review@example.org if you believe the removal of your post was a mistake, and a "
    "person will look at it.",
    "Players whose access was restricted wrongly may contact player support to have it "
    "restored.",
    "Sellers may appeal a listing removal by contacting seller support within 30 days.",
    "If your account has been disabled and you believe that was a mistake, please follow the "
    "instructions on our help page.",
])
def test_a_route_to_contest_a_moderation_action_is_a_complaint_route(sentence):
    assert complaints(sentence) is True


def test_a_complaint_route_whose_topic_is_in_the_sentence_before_counts():
    assert complaints("We do not check every post and may remove content that we find "
                      "offensive. You may, however, complain through our support desk.") is True


def test_an_opportunity_to_object_to_a_restriction_counts():
    assert complaints("If we think your details are false we may restrict your account. You "
                      "will get an opportunity to explain or object before the restriction "
                      "becomes permanent.") is True


@pytest.mark.parametrize("sentence", [
    # arbitration and courts
    "The arbitrator's award is final, except for any right of appeal under the FAA.",
    "If no out-of-court settlement is reached, any lawsuit must be brought in the courts of "
    "Delaware.",
    # indemnity and release
    "You will hold us harmless from any claim, complaint or demand arising from your content.",
    # consumer-protection and data-protection bodies
    "Under California law, you may report complaints to the Complaint Assistance Unit of the "
    "Division of Consumer Services.",
    "You have the right to complain to a supervisory authority about our use of your data.",
    # complaints the provider receives from others
    "If we get a complaint that a post breaks the law, we may remove the post.",
    "We may delete content in response to complaints from other users.",
    # general questions
    "If you have questions, comments or complaints about the service, contact us at "
    "help@example.org.",
    # business sellers (P2B)
    "If we suspend a trader's shop, the trader can complain to us by email.",
    # the user's own mistake
    "If you deleted your account by mistake, contact us quickly at help@example.org.",
    # a rule against misusing the processes
    "You must not misuse any complaint or appeals process by making frivolous submissions.",
    # copyright counter-notice wording
    "If you believe your content was removed in error, send your statement under penalty of "
    "perjury to our designated agent.",
    # "appeal" as a verb of attraction
    "Political ads may include appealing for votes or donations.",
    # objecting to changed terms
    "You may object to the changed terms; if you do, we may terminate the service.",
    # an appeal that exists, but no way to make one
    "Restrictions remain in place unless successfully appealed.",
])
def test_near_misses_are_no_complaint_route(sentence):
    assert complaints(sentence) is False


def test_no_review_or_appeal_of_removals_is_an_explicit_false():
    a = read("We may edit or delete comments without notice, and no such removal is subject to "
             "review, appeal or revocation.")
    assert a.value("complaints") is False
    assert a["complaints"].quotes


def test_an_arbitration_section_gives_no_complaint_route():
    assert complaints("Arbitration and class action waiver\n\nYou can raise a complaint about "
                      "our services by writing to disputes@example.org.") is False


# -- reporting: complaints about content through the service's support --------------------------
def test_a_complaint_about_content_through_support_is_a_reporting_route():
    assert reporting("Some members may post things you find offensive or unsuitable. You can, "
                     "however, complain through our support team.") is True


@pytest.mark.parametrize("sentence", [
    "If you have questions, comments or complaints about the service, contact our customer "
    "service.",
    "Complaints about a late delivery or a refund go to our customer service team.",
])
def test_general_or_order_complaints_are_no_reporting_route(sentence):
    assert reporting(sentence) is False


# -- the vetoes stay narrow ---------------------------------------------------------------------
@pytest.mark.parametrize("sentence", [
    "If someone asks for your password, report their account with the Report button on their "
    "profile.",
    "If you see someone misusing the service, report it using the flag icon under the post.",
    "Report unauthorised use of your photos through the form on our help page.",
])
def test_reporting_routes_that_mention_passwords_or_misuse_still_count(sentence):
    assert reporting(sentence) is True


@pytest.mark.parametrize("sentence", [
    "To contest the suspension of your account, submit the Abuse Appeal Form.",
    "If you think we acted improperly when we removed your post, you can appeal the decision.",
    "Members whose content is removed have 14 days to appeal via the Account Status page.",
    "To appeal a ban, reply to the email we sent you.",
    "Appeals are free of charge: if we disable your account, you can ask us to review it.",
])
def test_appeal_routes_survive_the_vetoes(sentence):
    assert complaints(sentence) is True


@pytest.mark.parametrize("sentence", [
    "You may not upload malware designed to wrongly intercept data or to damage our servers.",
    "You must not send groundless reports or appeals to our moderators.",
])
def test_wrongly_in_a_content_rule_and_groundless_appeals_are_no_complaint_route(sentence):
    assert complaints(sentence) is False


def test_an_appeal_route_is_not_a_reporting_route():
    a = read("If you believe that we removed your content in error, you may appeal by contacting "
             "us at appeals@example.org.")
    assert (a.value("reporting"), a.value("complaints")) == (False, True)


def test_news_reportage_is_no_report_word():
    assert reporting("Nudity may be allowed in news reportage, as a feature of the story.") is False


def test_an_appeal_through_a_link_counts_and_bug_reports_do_not():
    assert complaints("To appeal, use the link in the email we sent you about the removal.") is True
    assert reporting("Please report bugs to bugs@example.com.") is False


def test_a_security_breach_notice_is_no_reporting_route():
    assert reporting("You must promptly notify us via email of any security breach affecting "
                     "your account.") is False

"""Reading terms text (probes/terms_text.py): one group of tests per signal, with the negatives
that trip keyword matching, and the labelled corpus (tests/corpus/terms, see LABELS.md there)
held to the accuracy it reaches today."""

from __future__ import annotations

import builtins
import sys
from pathlib import Path

import pytest

from probes.terms_text import (
    analyse_terms,
    extract_main_text,
    last_updated,
    normalise,
    pdf_text,
    sentences_of,
    split_sentences,
    syllables,
    text_sha256,
)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FILLER = ("These terms explain the rules for using the service and what happens when they are "
          "broken. Please read them carefully before you sign up, and ask us if anything is not "
          "clear. We may update them from time to time.")


def terms(*sentences: str) -> str:
    """A document long enough to be terms, with the sentences under test."""
    return "Terms of Service\n\n" + FILLER + "\n\n" + "\n\n".join(sentences)


def value(signal: str, *sentences: str, extra: dict | None = None) -> object:
    return analyse_terms(terms(*sentences), extra_texts=extra).value(signal)


# -- sentences -------------------------------------------------------------------------------------
def test_abbreviations_do_not_end_sentences():
    text = ("AskBritain Ltd. (Co. No. 09876543), registered office: 4 St. Mary's Rd., Leeds, "
            "operates the Site, i.e. this website. We remove illegal content within the "
            "meaning of s. 59 of the Act, e.g. terrorism. Updated on Nov. 2, 2024 by the team.")
    assert split_sentences(text) == [
        "AskBritain Ltd. (Co. No. 09876543), registered office: 4 St. Mary's Rd., Leeds, operates "
        "the Site, i.e. this website.",
        "We remove illegal content within the meaning of s. 59 of the Act, e.g. terrorism.",
        "Updated on Nov. 2, 2024 by the team."]


def test_numbered_clauses_lists_and_headings():
    text = ("1. ELIGIBILITY\n1.1 You must be at least 16 years old to register.\n"
            "1.2 We do not verify ages.\n\n## Conduct\n\nIn particular you will not:\n"
            "- post anything that is unlawful, or\n  that harms others;\n"
            "(b) harass anyone.\n\n2. ACCEPTANCE. By using the Platform you agree.")
    got = [(s.text, s.heading, s.lead, s.is_heading) for s in sentences_of(text)]
    assert ("ELIGIBILITY", "ELIGIBILITY", "", True) in got
    assert ("You must be at least 16 years old to register.", "ELIGIBILITY", "", False) in got
    assert ("post anything that is unlawful, or that harms others;", "Conduct",
            "In particular you will not:", False) in got
    assert ("harass anyone.", "Conduct", "In particular you will not:", False) in got
    assert ("By using the Platform you agree.", "ACCEPTANCE", "", False) in got


def test_wrapped_lines_are_joined_and_short_titles_are_headings():
    text = ("Who can use Chatterbox\nYou need to be at least 13 to use Chatterbox, or older if\n"
            "the law in your country requires it.\nBe kind\nSay nice things.")
    got = [(s.text, s.is_heading) for s in sentences_of(text)]
    assert got == [("Who can use Chatterbox", True),
                   ("You need to be at least 13 to use Chatterbox, or older if the law in your "
                    "country requires it.", False),
                   ("Be kind", True), ("Say nice things.", False)]


# -- min_age and min_age_uk ------------------------------------------------------------------
@pytest.mark.parametrize("sentence, want", [
    ("You must be at least 13 years old to use the Services.", 13),
    ("Members must be 16 or over.", 16),
    ("Users under 16 may not register.", 16),
    ("This website is for adults only. You must leave if you are a minor.", 18),
    ("You must be 18 or the age of majority in your jurisdiction, whichever is greater.", 18),
    ("The Services are not intended for children under 13.", 13),
    ("You must be 13, or 16 in the EEA, to use the app.", 13),
    ("You must be at least thirteen (13) years of age to access or use the Platform.", 13),
    ("You must be at least 16 years old to use Cryptbox, or at least 13 with the consent of a "
     "parent or guardian.", 13),
    ("You must be 18 or older to view this website.", 18),
    ("You must be at least 18 years old, or the age of majority where you live, to enter or use "
     "Velvet Room.", 18),
])
def test_min_age(sentence, want):
    assert value("min_age", sentence) == want


@pytest.mark.parametrize("sentence", [
    "You must be 18 to view the adult section.",
    "Voice chat is for users 16 and over.",
    "You must be 18 or over to purchase alcohol from us.",
    "If you are under 18 you need a parent's permission to use the app.",
    "We do not knowingly collect personal data from children under 13.",
    "We prohibit content depicting anyone under 18.",
    "Every performer was 18 or older at the time of production.",
    "Some servers and channels are age-restricted and are only for users 18 and over.",
    "Users under 18 cannot go live, receive payouts or join the Partner Program.",
    "Reports are reviewed within 48 hours and files up to 20 MB are accepted.",
    "Toys are labelled with the manufacturer's recommended age, for example 3+ or 14+.",
    "Every game has an age rating, such as 12+ or 16+.",
])
def test_ages_that_are_not_the_general_minimum(sentence):
    assert value("min_age", sentence) is None


def test_the_general_age_beside_feature_and_consent_ages():
    a = analyse_terms(terms(
        "Members must be 14 or older to join. You must be 18 or over to view the Lounge.",
        "If you are under 18, you need a parent's permission."))
    assert a.value("min_age") == 14
    assert "14 or older" in a["min_age"].quote_texts[0]
    assert 0.8 <= a["min_age"].confidence <= 1


@pytest.mark.parametrize("sentences, general, uk", [
    (["You must be at least 13. If you reside in the United Kingdom, you must be at least "
      "sixteen years old."], 13, 16),
    (["Glimpse is for people 13 and over (16 in the EU and the UK)."], 13, 16),
    (["While our global minimum age is 13, users in the United Kingdom must be at least 15 "
      "years old to create an account."], 13, 15),
    (["If you live in the European Economic Area, you must be at least 16 years old. You must "
      "be at least 13 years old to use the Services."], 13, None),
    (["Generally you must be at least 13. In some countries the minimum age is different:",
      "- United Kingdom: 13\n- Germany: 16"], 13, 13),
    (["Nothing illegal. Don't post anything that breaks UK law. Members must be 16 or over."],
     16, None),
])
def test_uk_age(sentences, general, uk):
    a = analyse_terms(terms(*sentences))
    assert (a.value("min_age"), a.value("min_age_uk")) == (general, uk)


def test_no_age_stated_is_none_with_a_note():
    a = analyse_terms(terms("Be kind to each other."))
    assert a.value("min_age") is None and a["min_age"].note.startswith("not_found")


# -- prohibits_illegal ---------------------------------------------------------------------------
@pytest.mark.parametrize("sentence", [
    "Do not post anything illegal.",
    "You may not use the Service for any unlawful purpose.",
    "Content that breaks the law is not allowed.",
    "You must use the Services only in compliance with all applicable laws.",
    "Nothing illegal. Keep it civil.",
    "You agree to use Kindred only for lawful purposes.",
    "You must not use UniConnect to commit, plan or encourage a criminal offence.",
    "In exchange, you agree that you will not:\n- Use the Services to do or share anything that "
    "is unlawful or misleading.",
    "Comments that are racist or that break the law in any other way will be removed.",
    "You may post reviews and photos, so long as the content is not illegal, vulgar or "
    "threatening.",
    "You may use the Services only as permitted by law.",
])
def test_prohibits_illegal(sentence):
    assert value("prohibits_illegal", sentence) is True


@pytest.mark.parametrize("sentence", [
    "We are not responsible for illegal or offensive content posted by users.",
    "You may not upload files that infringe copyright. You may not send spam.",
    "We may disclose information when required by law.",
    "You may not stream the use or sale of illegal drugs.",
    "Don't post content that encourages dangerous or illegal activities that risk serious harm.",
    "No stunts on public roads: they're dangerous and often illegal, so they have no place here.",
    "You can report content you think is illegal through our form, which is open to people who "
    "do not have an account.",
])
def test_not_a_general_ban_on_illegal_content(sentence):
    assert value("prohibits_illegal", sentence) is False


# -- illegal_content_protection ------------------------------------------------------------
@pytest.mark.parametrize("sentence", [
    "We may remove or restrict access to content that is illegal.",
    "When we find illegal content we remove it and suspend the accounts involved.",
    "Child sexual abuse material will be removed and reported to NCMEC.",
    "Listings that we believe are fraudulent are removed.",
    "We report child sexual exploitation to NCMEC.",
    "Scammers will be banned on sight and reported to the platform they used.",
    "You may not upload illegal images. Images that break these rules will be deleted.",
])
def test_illegal_content_protection(sentence):
    assert value("illegal_content_protection", sentence) is True


@pytest.mark.parametrize("sentence", [
    "You must not post illegal content.",
    "We reserve the right, but have no obligation, to remove any content for any reason.",
    "We are not responsible for illegal content. We may remove any post at our discretion.",
    "If you believe a post infringes your copyright, send a DMCA notice and we will remove it.",
    "Moderators delete posts that break the rules and may issue bans.",
    "While your data will not be disclosed without your consent, we shall not be held "
    "responsible for hacking.",
    "Customer reviews must reflect your own experience: fraudulent reviews are not permitted.",
    "We cannot guarantee your safety, and we do not run criminal background checks on members.",
])
def test_not_protection(sentence):
    assert value("illegal_content_protection", sentence) is False


# -- harms_covered ------------------------------------------------------------------------------
def test_harms_in_registry_order_with_one_quote_each():
    a = analyse_terms(terms(
        "Do not post terrorist content, child sexual abuse material, hate speech or scams.",
        "No bullying. No content that promotes suicide, self-harm or eating disorders.",
        "No dangerous challenges and no sale of drugs. No graphic violence or gore.",
        "Do not share intimate images of someone without their consent. Do not harass anyone.",
        "Pornography is not allowed."))
    assert a.value("harms_covered") == [
        "terrorism", "csea", "intimate_image_abuse", "hate", "harassment", "fraud",
        "suicide_self_harm", "eating_disorders", "pornography", "violence", "bullying",
        "dangerous_challenges", "harmful_substances"]
    assert len(a["harms_covered"].quotes) == 13


@pytest.mark.parametrize("sentence", [
    "We are not liable for delays caused by events beyond our reasonable control, including "
    "acts of God, war, terrorism or riots.",
    "To protect you against fraud, payments are processed by our provider, which may carry out "
    "fraud checks on your card.",
    "We hate spam as much as you do.",
    "Our pet grooming service is available on Saturdays.",
    "You may not use the app if you are listed on a sex offender register.",
    "Some features are for adults only, such as adult humour in the Lounge.",
    "Periodically purging dormant usernames helps new members find the name they want.",
    "Brands may sponsor viral hashtag challenges and dance trends in the Discover tab.",
    "Either of us may go to court to stop infringement or other misuse of intellectual property.",
])
def test_incidental_mentions_are_not_coverage(sentence):
    assert value("harms_covered", sentence) == []


@pytest.mark.parametrize("sentence, harm", [
    ("Never post content that encourages restricting, purging or pro-ana tips.",
     "eating_disorders"),
    ("Do not join viral challenges that could hurt you or anyone else.", "dangerous_challenges"),
    ("We remove posts that encourage the misuse of prescription medicines.",
     "harmful_substances"),
])
def test_the_same_words_in_a_harm_context_are_coverage(sentence, harm):
    assert value("harms_covered", sentence) == [harm]


def test_threats():
    assert value("harms_covered", "Do not threaten other members.") == ["harassment"]
    assert value("harms_covered", "You may not use the app to threaten violence.") == ["violence"]
    assert value("harms_covered", "If someone is threatening to share an intimate image of you, "
                                  "report it.") == ["intimate_image_abuse"]


# -- reporting and complaints --------------------------------------------------------------------
@pytest.mark.parametrize("sentence", [
    "To report a post, use the Report button under it.",
    "Email abuse@example.com to report a file.",
    "Long-press any message and tap Report.",
    "To flag a recipe for our team, tap the flag icon in its corner.",
    "If someone upsets you, press the orange Help button next to the message.",
    "If you think a comment breaks these guidelines, click the flag beside it.",
])
def test_reporting(sentence):
    assert value("reporting", sentence) is True


@pytest.mark.parametrize("sentence", [
    "If you believe a blog infringes your copyright, send a notice to copyright@example.com.",
    "If you find a bug or a security problem, please report it to security@example.com.",
    "We report child sexual abuse material to NCMEC.",
    "If you are in danger, report it to the police.",
    "We publish a transparency report every year on our website.",
    "Let us know if you have any feedback.",
])
def test_not_a_reporting_route(sentence):
    assert value("reporting", sentence) is False


@pytest.mark.parametrize("sentence", [
    "If we remove your content, you can appeal our decision from your Support Inbox.",
    "If you disagree with a moderation decision about your account, email admins@example.org.",
    "You can complain about how we handled your report through our complaints form.",
    "If you live in the EU you may refer the decision to an out-of-court dispute settlement body.",
    "If you think we got it wrong, tap Ask for a review in the message we send you.",
])
def test_complaints(sentence):
    assert value("complaints", sentence) is True


@pytest.mark.parametrize("sentence", [
    "If your order is late, our team will be happy to deal with your complaint and arrange a "
    "refund.",
    "Any dispute will be resolved by binding arbitration, and you waive any jury trial.",
    "If your file was removed after a DMCA notice, you may send a counter-notification.",
    "All decisions regarding termination are final.",
    "Be respectful: disagree with the post, not the person.",
])
def test_not_complaints(sentence):
    a = analyse_terms(terms(sentence))
    assert a.value("complaints") is False


def test_no_appeal_is_an_explicit_false_with_its_quote():
    a = analyse_terms(terms("The moderators' decision is final."))
    assert a.value("complaints") is False
    assert a["complaints"].quote_texts == ["The moderators' decision is final."]


# -- technology ---------------------------------------------------------------------------------
@pytest.mark.parametrize("sentence", [
    "We use automated tools, including machine learning classifiers, to find violating posts.",
    "All text chat is filtered automatically to block swearing and links.",
    "Our Content ID system automatically matches uploads against reference files.",
    "We use automated spam filters, and our team reviews flagged content.",
    "Every post is reviewed by our team, assisted by automated image and video classification.",
])
def test_proactive_tech(sentence):
    assert value("proactive_tech", sentence) is True


@pytest.mark.parametrize("sentence", [
    "We do not use automated tools; every report is read by a person.",
    "We do not currently use proactive technology (such as automated scanning or filters).",
    "You may not use bots, scrapers or other automated means to access the service.",
    "Your subscription renews automatically until you cancel.",
    "No. We do not use automated moderation tools, word filters or AI of any kind.",
])
def test_not_proactive_tech(sentence):
    assert value("proactive_tech", sentence) is False


def test_hash_matching_csam():
    assert value("hash_matching_csam", "We compare uploads against hashes of known child sexual "
                                       "abuse material using PhotoDNA.") is True
    for sentence in ("We store passwords only in salted, hashed form.",
                     "To save space we compute a hash of each file and keep one copy.",
                     "We report child sexual abuse material to NCMEC.",
                     "We are a member of the Internet Watch Foundation.",
                     "We use classifiers to detect child sexual abuse material.",
                     "We do not use hash matching, PhotoDNA or any other automated detection.",
                     "We use hash-matching technology to find copies of known terrorist content."):
        assert value("hash_matching_csam", sentence) is False, sentence


def test_hash_matching_iia():
    assert value("hash_matching_iia", "We are a StopNCII.org partner: images whose hashes are "
                                      "in StopNCII are blocked from upload.") is True
    assert value("hash_matching_iia", "You can also use StopNCII.org to create a hash of your "
                                      "image. Participating companies can use these hashes.") \
        is False
    assert value("hash_matching_iia", "We are not able to take part in hash-sharing programmes "
                                      "such as StopNCII.") is False


def test_url_list_detection():
    assert value("url_list_detection", "Links in descriptions are checked against the IWF URL "
                                       "List.") is True
    assert value("url_list_detection", "We block links to malware and phishing sites using a "
                                       "safe browsing list.") is False
    assert value("url_list_detection", "We are proud members of the IWF.") is False


def test_extra_pages_count_for_hash_matching_only():
    extra = {"upload help": "Uploading photos\n\nWe compare each upload with the PhotoDNA hashes "
                            "of known child sexual abuse images and block any match. To report a "
                            "photo use the Report link under it. You can appeal any decision."}
    a = analyse_terms(terms("Be kind."), extra_texts=extra)
    assert a.value("hash_matching_csam") is True
    assert a.value("proactive_tech") is True           # hash matching is proactive technology
    assert a["hash_matching_csam"].quotes[0].source == "upload help"
    assert a.value("reporting") is False and a.value("complaints") is False


# -- age assurance, adult content, 48 hours ----------------------------------------------------
@pytest.mark.parametrize("sentence, want", [
    ("We may ask you to verify your age with a government ID or a video selfie that our partner "
     "Yoti uses to estimate your age.", True),
    ("UK users must verify their age through our age assurance provider.", True),
    ("When you sign up we ask for your date of birth.", False),
    ("By using the site you confirm that you are 18 or older.", False),
    ("Creators must verify their identity and age with a photo ID before they receive payouts.",
     False),
    ("We do not verify the age of visitors or members.", False),
    ("Our couriers will ask for proof of age on delivery, e.g. a passport.", False),
])
def test_age_assurance(sentence, want):
    assert value("age_assurance", sentence) is want


@pytest.mark.parametrize("sentence, want", [
    ("Adult content is allowed only in channels marked age-restricted.", True),
    ("Boards marked \"not work safe\" may contain adult content, nudity and pornography.", True),
    ("Sexual content and nudity must be posted behind a content warning.", True),
    ("Pornography is not allowed on Viewtube.", False),
    ("Educational and artistic content that contains nudity may be allowed.", False),
    ("No porn or sexual content, anywhere.", False),
    ("Be kind to your neighbours.", False),
    ("Verified creators publish content, which may include nudity and sexually explicit "
     "content, to subscribers.", True),
    ("Explicit content may be published only by creators whose age we have verified.", True),
    ("Profiles may include photos, but nudity is not allowed.", False),
    ("Explicit content may not be published anywhere on the app.", False),
])
def test_adult_content_allowed(sentence, want):
    assert value("adult_content_allowed", sentence) is want


@pytest.mark.parametrize("sentence, want", [
    ("We act on reports of intimate images shared without consent within 48 hours.", True),
    ("Requests about non-consensual intimate content are disabled within 24 hours.", True),
    ("We review intimate image reports within 72 hours.", False),
    ("We aim to review reports of intimate images within two business days.", False),
    ("All reports are reviewed within 48 hours.", False),
])
def test_iia_48h(sentence, want):
    assert value("iia_48h", sentence) is want


# -- last_updated -------------------------------------------------------------------------------
@pytest.mark.parametrize("text, want", [
    ("Last updated: 3 March 2025", "2025-03-03"),
    ("Effective Date: 2025-03-03", "2025-03-03"),
    ("Revised 03/03/2025", "2025-03-03"),
    ("Updated on March 3rd, 2025", "2025-03-03"),
    ("Last update — January 15th 2025", "2025-01-15"),
    ("Date of last revision: 09.10.2023", "2023-10-09"),
    ("Last reviewed: March 2025", "2025-03-01"),
    ("Updated on Nov. 2, 2024", "2024-11-02"),
    ("Version 7.1 — 28 February 2025", "2025-02-28"),
    ("Version 4.2, effective from 1 April 2025 (last updated 3 March 2025)", "2025-03-03"),
    ("Effective from 17 March 2025. Last reviewed: 1 September 2025.", "2025-09-01"),
    ("Some text.\n\nThese terms were last changed on 5 June 2023.", "2023-06-05"),
    ("This page was last edited on 2 March 2025, at 14:02 (UTC).", "2025-03-02"),
    ("© 2025 Example Ltd. Company number 04812345.", None),
    ("Last updated: 30 February 2025", None),
    ("From 1 May 2025 we will charge for storage.", None),
    ("Last updated: 2025-03-03T10:00:00Z", "2025-03-03"),
    ("Last updated 03-Mar-2025", "2025-03-03"),
    ("Last updated: 20250303", "2025-03-03"),
    ("Last revised: March 3rd, 2025", "2025-03-03"),
    ("Updated on the 3rd of March 2025", "2025-03-03"),
    ("Effective as of 03/03/2025", "2025-03-03"),
    ("Last modified: Mar-03-2025 at 10:00", "2025-03-03"),
    ("Last updated: 2025-03-03 (replacing the terms of 2024-06-01)", "2025-03-03"),
    ("Company number 20250303. Registered 2019-05-01.", None),
])
def test_last_updated(text, want):
    assert last_updated(text).value == want


def test_ambiguous_numeric_dates_follow_the_documents_locale():
    uk = "Welcome to the UK's friendliest forum, run by Example Ltd in England.\nRevised 04/05/2025"
    us = "Panful, Inc. is a Delaware corporation. Plans cost $4.99.\nRevised 04/05/2025"
    assert last_updated(uk).value == "2025-05-04"
    assert last_updated(us).value == "2025-04-05"
    assert last_updated("Revised 04/05/2025").value == "2025-05-04"     # day first by default
    assert last_updated("Revised 04/13/2025").value == "2025-04-13"     # impossible otherwise
    # the page's declared language is one more sign: en-GB day first, en-US month first
    assert last_updated("Effective as of 04/05/2025", lang="en-US").value == "2025-04-05"
    assert last_updated("Effective as of 04/05/2025", lang="en-GB").value == "2025-05-04"
    assert last_updated("Effective as of 04/05/2025", lang="en").value == "2025-05-04"
    # ... but not over the document's own signs (a template left on en-US by a UK forum)
    assert last_updated(uk.replace("Revised", "Effective as of"), lang="en-US").value == \
        "2025-05-04"
    a = analyse_terms(terms("Panful, Inc. is a Delaware corporation.",
                            "Effective as of 04/05/2025."), lang="en-US")
    assert a.value("last_updated") == "2025-04-05"


# -- reading grade and hash -------------------------------------------------------------------
def test_reading_grade_is_flesch_kincaid():
    # 14 one-syllable words in 2 sentences: 0.39 * 7 + 11.8 * 1 - 15.59 = -1.06
    a = analyse_terms("The cat sat on the mat. The dog ran to the big red box.")
    assert a.value("reading_grade") == -1.1
    plain = analyse_terms(terms("Be kind. Say nice things. Tell us if you are sad."))
    dense = analyse_terms(terms(
        "Notwithstanding any provision of these Terms to the contrary, the Company shall have "
        "no liability whatsoever for any indirect, incidental, consequential or exemplary "
        "damages arising from unauthorised access to or alteration of your transmissions or "
        "data, irrespective of the theory of liability asserted."))
    assert plain.value("reading_grade") < dense.value("reading_grade")


PROSE = ("Notwithstanding any provision of these Terms to the contrary, the Company shall have no "
         "liability whatsoever for any indirect, incidental or consequential damages arising "
         "from unauthorised access to your data. You agree that any dispute arising out of or "
         "relating to these Terms shall be resolved exclusively by the courts of England and "
         "Wales, irrespective of the theory of liability asserted.")


def test_reading_grade_counts_prose_only():
    cluttered = ("Home | About | Help | Terms\n\nTERMS OF SERVICE OF THE ACORN COMMUNITY\n\n"
                 "Last updated: 3 March 2025\n\n## 12. Limitation of liability and disputes\n\n"
                 + PROSE + "\n\nIn particular, you must not post any of the following content:\n"
                 "- terrorist content;\n- hate speech;\n- scams;\n- spam.\n\n"
                 "© 2025 Acorn Community Ltd")
    lead = "In particular, you must not post any of the following content:"
    prose_only = analyse_terms(PROSE + "\n\n" + lead).value("reading_grade")
    assert analyse_terms(cluttered).value("reading_grade") == prose_only
    # a list item that is a sentence of its own (a numbered clause) is prose
    clauses = analyse_terms("1.1 " + PROSE.replace(". You", ".\n1.2 You"))
    assert clauses.value("reading_grade") == analyse_terms(PROSE).value("reading_grade")


def test_wrapped_clauses_are_not_cut_into_headings_or_items():
    text = ("1. INTRODUCTION\n1.1 These terms apply to the website at shop.example.org (the\n"
            "\"Site\"), operated by Example Ltd.\n1.2 Where we find content that is illegal "
            "within the meaning of\ns. 59 of the Online Safety Act 2023, we will remove it.\n"
            "1.3 You must not post content that: (a) is obscene; (b) promotes\n"
            "discrimination; (c) is threatening,\n(d) promotes any illegal activity.\n\n"
            "You must not post:\n(a) terrorist content\n(b) hate speech")
    got = [(s.text, s.is_heading) for s in sentences_of(text)]
    assert ("These terms apply to the website at shop.example.org (the \"Site\"), operated by "
            "Example Ltd.", False) in got
    assert ("Where we find content that is illegal within the meaning of s. 59 of the Online "
            "Safety Act 2023, we will remove it.", False) in got
    assert ("You must not post content that: (a) is obscene; (b) promotes discrimination; (c) "
            "is threatening, (d) promotes any illegal activity.", False) in got
    assert ("terrorist content", False) in got and ("hate speech", False) in got


@pytest.mark.parametrize("word, n", [("cat", 1), ("people", 2), ("every", 3), ("terrorism", 4),
                                     ("automated", 4), ("safety", 2), ("video", 3),
                                     ("removed", 2), ("images", 3), ("reported", 3)])
def test_syllables(word, n):
    assert syllables(word) == n


def test_text_hash_ignores_reflow_and_sees_a_changed_word():
    text = terms("You must be at least 13 years old to use the Services.")
    rewrapped = "  " + text.replace("\n", "\r\n").replace(" ", "\n", 5).replace(". ", ".  ")
    assert text_sha256(text) == text_sha256(rewrapped) == analyse_terms(text).text_sha256
    assert text_sha256(text) != text_sha256(text.replace("13", "16"))
    assert normalise(" a\n\tb  ") == "a b"


def test_too_short_to_be_terms_leaves_disclosures_undecided():
    a = analyse_terms("Terms\n\nBe nice.")
    for name in ("reporting", "prohibits_illegal", "harms_covered", "adult_content_allowed"):
        assert a.value(name) is None and a[name].note.startswith("not_found")


# -- text out of HTML and PDF -----------------------------------------------------------------
HTML = """<html><head><title>Terms</title><style>.x{color:red}</style>
<script>var tracking = "do not read me";</script></head><body>
<header><nav><a href="/">Home</a> <a href="/shop">Shop</a></nav></header>
<div id="cookie-banner" class="cookie-consent">We use cookies. Accept all cookies?</div>
<main><h1>Terms of Service</h1><p>You must be at least 13 years old to use Example.</p>
<h2>Rules</h2><ul><li>Do not post anything illegal.</li><li>Be kind.</li></ul>
<p>To report a post, use the Report button under it.</p>
<p>We review every report and remove illegal content quickly when we find it.</p></main>
<footer>© 2025 Example Ltd · <a href="/privacy">Privacy</a></footer></body></html>"""


def _check_main_text(text: str) -> None:
    assert "You must be at least 13 years old to use Example." in text
    assert "Do not post anything illegal." in text
    for junk in ("cookies", "do not read me", "color:red", "Shop", "Privacy"):
        assert junk not in text, junk


def test_extract_main_text_with_trafilatura():
    text = extract_main_text(HTML, "https://example.com/terms")
    _check_main_text(text)
    assert analyse_terms(text).value("min_age") == 13


def test_extract_main_text_without_trafilatura(monkeypatch):
    real_import = builtins.__import__

    def no_trafilatura(name, *args, **kwargs):
        if name.startswith("trafilatura"):
            raise ImportError("not installed")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_trafilatura)
    text = extract_main_text(HTML)
    _check_main_text(text)
    assert "# Terms of Service" in text and "- Be kind." in text


def test_pdf_text():
    from auditor.demo.kit import simple_pdf

    pdf = simple_pdf("Example Terms", ["# 1. Age", "You must be at least 13 years old to use "
                                       "Example.", "Last updated: 3 March 2025"])
    text = pdf_text(pdf)
    assert "You must be at least 13 years old to use Example." in " ".join(text.split())
    a = analyse_terms(text)
    assert a.value("min_age") == 13 and a.value("last_updated") == "2025-03-03"
    assert pdf_text(b"not a pdf") == ""


# -- the labelled corpus ------------------------------------------------------------------------
#: Floors for the classifier on tests/corpus/terms (benchmarks/terms_accuracy.py prints the
#: tables).  They are set below what it measures, not at it, so that one new hard document or a
#: corrected label does not fail the suite while a rule change that breaks a signal does:
#: * every signal may lose at most two of the corpus's 52 documents (50/52 = 0.96 passes, 49/52
#:   fails): it measures 1.00 on all but the reading grade;
#: * the reading grade, whose bands are judged by eye and whose misses are boundary cases, is
#:   held to what it scored on the held-out documents when they were first measured (18/22);
#: * overall, 0.985 against the 0.993 measured (878/884), i.e. at most seven misses more.
MIN_OVERALL = 0.985
MIN_PER_SIGNAL = {"reading_grade": 0.82}
MIN_OTHER_SIGNALS = 0.95
#: The long documents (2,500 words or more) written in the styles of real services' terms.
MIN_LONG_DOCUMENTS = 7


def test_corpus_accuracy_does_not_drop():
    from benchmarks.terms_accuracy import LONG_WORDS, evaluate, load_corpus, render, render_misses

    docs = load_corpus()
    assert len(docs) >= 52
    assert sum(d.words >= LONG_WORDS for d in docs) >= MIN_LONG_DOCUMENTS
    result = evaluate(docs)
    report = render(result) + "\n" + render_misses(result)
    assert result.accuracy >= MIN_OVERALL, report
    for signal, counts in result.table.items():
        if counts["total"]:
            floor = MIN_PER_SIGNAL.get(signal, MIN_OTHER_SIGNALS)
            assert counts["correct"] / counts["total"] >= floor, (signal, report)


def test_corpus_labels_are_complete_and_well_formed():
    import json

    from auditor.signals import HARMS
    from probes.terms_text import SIGNALS

    folder = ROOT / "tests" / "corpus" / "terms"
    for label in folder.glob("*.json"):
        meta = json.loads(label.read_text(encoding="utf-8"))
        exp = meta["expected"]
        assert set(exp) == set(SIGNALS), label.name
        assert exp["reading_grade"] in ("plain", "standard", "dense"), label.name
        assert exp["text_sha256"] == "reflow_invariant"
        assert exp["harms_covered"] == [h for h in HARMS if h in exp["harms_covered"]], label.name
        for extra in (meta.get("extra_texts") or {}).values():
            assert (folder / extra).is_file() and "__" in extra
        assert (folder / f"{label.stem}.txt").is_file()


def test_a_runaway_page_costs_bounded_time_and_keeps_its_start_and_end():
    import time

    from probes.terms_text import MAX_ANALYSED_CHARS, analyse_terms

    body = ("You must be at least 13 years old to use the service. " * 20 + "\n\n") * 4000
    assert len(body) > 5 * MAX_ANALYSED_CHARS
    t0 = time.monotonic()
    a = analyse_terms(body + "\nLast updated: 3 March 2025\n")
    assert time.monotonic() - t0 < 20
    assert a.signals["min_age"].value == 13
    assert a.signals["last_updated"].value == "2025-03-03"

"""Classes of real terms wording for the revision date and the reading grade that the real-terms
benchmark (benchmarks/real_terms) showed, each guarded by sentences written here (never copied
from a real document): a date standing alone under the title, changelog entries, "published"
dates, "takes effect on" wording, version lines dated with "of" or a colon, past versions
listed with their periods, dates in French, and continental European numeric dates."""

from __future__ import annotations

import pytest

from probes.terms_text import extract_main_text, last_updated, reading_grade, sentences_of

INTRO = ("These terms explain the rules for using the service and what happens when they are "
         "broken. Please read them carefully before you sign up.")


def revised(*paragraphs: str, lang: str = "") -> object:
    return last_updated("\n\n".join(paragraphs), lang=lang).value


# -- a date standing alone near the top ------------------------------------------------------
@pytest.mark.parametrize("top, want", [
    ("# Community Rules\n\nMarch 3rd, 2024", "2024-03-03"),
    ("# Terms of Service\n\n**12 February 2023**", "2023-02-12"),
    ("# Content policy\n\n### Summary\n\n**September 2022**", "2022-09-01"),
    ("# Conditions of use\n\n" + INTRO + "\n\nMay 20, 2025", "2025-05-20"),
    ("# Rules\n\nSomeAuthor\n\n14 April 2021 09:30", "2021-04-14"),
    ("# Rules\n\nSomeAuthor\n\n9 juillet 2022 17:05", "2022-07-09"),      # a French byline
])
def test_a_date_on_its_own_line_under_the_title_is_the_revision_date(top, want):
    assert revised(top, INTRO) == want


def test_a_date_line_far_down_the_document_is_not_the_revision_date():
    body = "\n\n".join([INTRO] * 20)
    assert revised("# Terms", body, "March 3rd, 2024", INTRO) is None


def test_a_date_inside_a_sentence_near_the_top_is_not_a_date_line():
    assert revised("# Terms", "On 3 March 2024 we launched the service in Europe.") is None


def test_a_labelled_date_beats_a_date_line():
    assert revised("# Terms\n\nMarch 3rd, 2024", INTRO, "Last updated: 1 May 2025") == "2025-05-01"


# -- changelogs: the latest entry is the current revision ------------------------------------
def test_the_latest_changelog_entry_is_the_revision_date():
    log = ("## History of changes\n\n- 2023-02-01: We clarified the section on payments.\n"
           "- 2024-07-15: We added rules for automated accounts.\n"
           "- 2022-11-30: First version published.")
    assert revised("# Usage rules", INTRO, log) == "2024-07-15"


def test_changelog_entries_written_with_day_month_year_and_a_colon():
    log = ("Changes to these terms\n\n2 June 2024: Wording on refunds simplified.\n\n"
           "9 January 2025: Section 4 amended to cover livestreams.")
    assert revised("# Terms", INTRO, log) == "2025-01-09"


# -- other labels of a revision date ----------------------------------------------------------
@pytest.mark.parametrize("line, want", [
    ("Published: 2 August 2024", "2024-08-02"),
    ("These rules take effect on March 1, 2023.", "2023-03-01"),
    ("This agreement came into force on 4 April 2022.", "2022-04-04"),
    ("The present conditions went into effect on October 10, 2021.", "2021-10-10"),
    ("Version of 2023-05-17", "2023-05-17"),
    ("Version: 11 November 2020", "2020-11-11"),
])
def test_other_ways_of_labelling_the_revision_date(line, want):
    assert revised("# Terms", INTRO, line) == want


def test_published_beats_a_later_effective_date():
    assert revised("# Terms", "Published: 1 June 2025", "Effective: 1 August 2025",
                   INTRO) == "2025-06-01"


def test_a_version_word_in_a_sentence_is_not_a_date_label():
    assert revised("# Terms", INTRO, "The English version of these terms prevails.") is None


# -- lists of previous versions ---------------------------------------------------------------
def test_a_past_version_with_its_period_is_not_the_current_revision():
    versions = ("These terms went into effect on 2 May 2024. Earlier versions:\n\n"
                "- Terms (2019-2024): effective from 1 March 2019 until 2 May 2024\n"
                "- Terms (2015-2019): effective from 5 June 2015 to 1 March 2019")
    assert revised("# Terms", INTRO, versions) == "2024-05-02"


# -- numeric dates of continental European services ------------------------------------------
def test_a_continental_european_service_writes_numeric_dates_day_first():
    company = ("The service is run by Example SAS, a company registered in Paris, France, "
               "with a share capital of 10,000 €. These terms are governed by French law.")
    us_signs = "Example SAS may license content to its partners through example.com."
    assert revised("# Terms", "Last update: 04/03/2025", company, us_signs) == "2025-03-04"


# -- reading grade: breaks the page's markup lost, and addresses ------------------------------
def grade(text: str) -> object:
    return reading_grade(sentences_of(text))


SPACED = ("Members can post photos of their pets. We check new posts every day. "
          "Posts that break the rules are taken down quickly.")


def test_a_full_stop_glued_to_the_next_sentence_still_ends_a_sentence():
    glued = SPACED.replace(". ", ".")
    assert grade(glued) == grade(SPACED)


def test_bullets_kept_inside_one_line_are_separate_items():
    inline = ("Please follow these rules when you post: * Be kind to other members. * Keep your "
              "photos suitable for all ages. * Tell us about posts that worry you.")
    hyphens = ("Please follow these rules when you post:- Be kind to other members- Keep your "
               "photos suitable for all ages- Tell us about posts that worry you.")
    one_sentence = grade("Please follow these rules when you post. Be kind to other members. "
                         "Keep your photos suitable for all ages. Tell us about posts that "
                         "worry you.")
    assert grade(inline) == one_sentence
    assert grade(hyphens) == one_sentence


def test_web_and_mail_addresses_are_not_words_of_prose():
    with_addresses = ("Write to help@service.example.com or visit "
                      "https://www.service.example.com/help/contact-us or service.example.org "
                      "if you need help with your account.")
    without = "Write to or visit or if you need help with your account."
    assert grade(with_addresses + " " + SPACED) == grade(without + " " + SPACED)


def test_hard_wrapped_lines_are_put_back_together():
    wrapped = ("Members who share photographs of other people must have the permission of\n\n"
               "everyone shown, and photographs of children may only be shared by their\n\n"
               "parents or guardians. We may remove any photograph that breaks this rule and\n\n"
               "we may suspend the account that shared it.")
    flowing = " ".join(wrapped.split())
    assert grade(wrapped) == grade(flowing)


def test_list_items_without_full_stops_are_not_joined():
    items = ("You must not use the service to do any of the following things:\n\n"
             "- post spam or chain letters\n- pretend to be someone else\n"
             "- sell weapons or drugs\n\n" + SPACED)
    assert grade(items) == grade("You must not use the service to do any of the following "
                                 "things:\n\n" + SPACED)


# -- a revision date printed outside the article ----------------------------------------------
def test_a_revision_date_above_the_article_survives_extraction():
    paragraph = ("<p>These rules explain what members of the club may post, how we look after the "
                 "forum and what happens when somebody breaks a rule. Please read them with care "
                 "before you join, and ask the moderators whenever something is unclear.</p>")
    html = ("<html><head><title>Club rules</title></head><body>"
            "<header><nav><a href='/'>Home</a> <a href='/help'>Help</a></nav></header>"
            "<main><div class='hero'><p class='meta'>Updated: 14 February 2025</p></div>"
            "<article><h1>Club rules</h1>" + paragraph * 12 + "</article></main>"
            "<footer><p>Example Club</p></footer></body></html>")
    text = extract_main_text(html, "https://club.example/rules")
    assert last_updated(text).value == "2025-02-14"

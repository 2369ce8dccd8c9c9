"""Classes of real terms wording that the real-terms benchmark (benchmarks/real_terms) showed,
each guarded by sentences written here (never copied from a real document): ages written as a
bar on younger people or as words, per-country lists, adult-only services worded as whom they
are open to, ages that belong to content rules, copyright-only notice procedures, and automated
moderation worded as "automated systems" or "machine learning"."""

from __future__ import annotations

import pytest

from probes.terms_text import analyse_terms

FILLER = ("These terms explain the rules for using the service and what happens when they are "
          "broken. Please read them carefully before you sign up, and ask us if anything is not "
          "clear. We may update them from time to time.")


def read(*paragraphs: str):
    return analyse_terms("Terms of Use\n\n" + FILLER + "\n\n" + "\n\n".join(paragraphs))


def min_ages(*paragraphs: str) -> tuple[object, object]:
    a = read(*paragraphs)
    return a.value("min_age"), a.value("min_age_uk")


# -- the age as a bar on younger people ---------------------------------------------------------
@pytest.mark.parametrize("sentence, age", [
    ("Persons under the age of 16 are not permitted to use the Services.", 16),
    ("Children under 13 may not create an account or use the app.", 13),
    ("We do not allow anyone younger than 13 to register for an account.", 13),
    ("No one under 18 is allowed to join the community.", 18),
    ("Individuals under the age of 13 are prohibited from using the Platform.", 13),
    ("If you are under 16, you may not use the Services.", 16),
])
def test_an_age_written_as_a_bar_on_younger_people_is_the_minimum(sentence, age):
    assert min_ages(sentence)[0] == age


# -- the age written as a word -----------------------------------------------------------------
@pytest.mark.parametrize("sentence, age", [
    ("You must be at least thirteen (13) years of age to use the Service.", 13),
    ("To open an account you must be eighteen (18) years old or older.", 18),
    ("Users must be sixteen years of age or older.", 16),
])
def test_an_age_written_as_a_word_is_read(sentence, age):
    assert min_ages(sentence)[0] == age


# -- per-country lists -------------------------------------------------------------------------
def test_a_per_country_list_gives_the_uk_its_own_age_where_it_differs():
    general, uk = min_ages(
        "You must be at least 13 years old to use the Services. In some countries the minimum "
        "age is higher:",
        "- South Korea: 14\n- United Kingdom: 16\n- Netherlands: 16")
    assert (general, uk) == (13, 16)


def test_a_per_country_table_row_for_the_uk_with_the_general_age_is_no_uk_age():
    general, uk = min_ages(
        "You must be at least 13 years old to use the Services, or the age listed below for "
        "your country:",
        "| Country | Minimum age |\n|---|---|\n| Germany | 16 |\n| United Kingdom | 13 |\n"
        "| Spain | 14 |")
    assert general == 13 and uk in (None, 13)


@pytest.mark.parametrize("sentence", [
    "You must be 13 or older to use the Services, or 16 if you live in the European Union.",
    "Users in the EEA must be at least 16; elsewhere the minimum age is 13.",
    "You must be at least 13 years old (16 in Europe) to use our apps.",
])
def test_the_eu_and_the_eea_do_not_include_the_uk(sentence):
    general, uk = min_ages(sentence)
    assert general == 13 and uk is None


def test_a_list_that_names_the_uk_beside_the_eea_gives_the_uk_that_age():
    assert min_ages("You must be at least 13 to use the Services (16 in the EEA, the United "
                    "Kingdom and Switzerland).") == (13, 16)


# -- adult-only services worded as whom they are open to ---------------------------------------
@pytest.mark.parametrize("sentence", [
    "The Service is open only to adults aged 18 and over.",
    "Membership is open only to persons who are of legal age (18 years or older).",
    "This website is only available to adults over the age of 18.",
    "Our dating service is reserved for adults aged eighteen or over.",
])
def test_an_adult_only_service_worded_as_open_to_adults_has_minimum_18(sentence):
    assert min_ages(sentence)[0] == 18


# -- ages in content rules are not minimum ages ------------------------------------------------
@pytest.mark.parametrize("sentence", [
    "You may not post sexual content involving anyone under 18 years of age.",
    "Content that sexualises minors under the age of 18 is strictly prohibited.",
    "Never share images of children under 13 without their parent's agreement.",
    "Do not upload nude or sexual images of a person under eighteen (18).",
])
def test_an_age_that_only_appears_in_a_content_rule_is_not_a_minimum_age(sentence):
    assert min_ages(sentence) == (None, None)


# -- reporting: a copyright-notice procedure alone is no reporting route ------------------------
def test_a_copyright_notice_procedure_alone_is_not_a_reporting_route():
    a = read("Copyright complaints. If you believe that material on the Service infringes your "
             "copyright, send a written notice to our designated agent at copyright@x.example, "
             "including the information required by the DMCA.",
             "We respond to notices of alleged infringement and may remove the material.")
    assert a.value("reporting") is False


def test_a_general_report_route_beside_a_copyright_procedure_counts():
    a = read("If you believe your copyright has been infringed, send a notice to our agent.",
             "You can report any post or user that breaks these Terms by using the Report link "
             "under the post.")
    assert a.value("reporting") is True


# -- proactive technology worded as automated systems or machine learning -----------------------
@pytest.mark.parametrize("sentence", [
    "We use automated systems to detect content that violates these Terms.",
    "We may use machine learning to identify spam, abuse and other harmful activity.",
    "Our automated tools review uploads and flag material that may break the law.",
    "We rely on a combination of human review and automated technology to find and remove "
    "violating content.",
])
def test_automated_systems_or_machine_learning_to_find_violations_is_proactive_tech(sentence):
    assert read(sentence).value("proactive_tech") is True


@pytest.mark.parametrize("sentence", [
    "You may not use automated systems, bots or scrapers to access the Service.",
    "We use algorithms to recommend videos you might like.",
])
def test_users_automation_and_recommendations_are_not_proactive_tech(sentence):
    assert read(sentence).value("proactive_tech") is False


# -- the service named as the one that publishes adult material ---------------------------------
@pytest.mark.parametrize("sentence, allowed", [
    ("Acmecam publishes sexually explicit material (pornography) for adults.", True),
    ("Velvet Lane Media hosts adult content for verified adults only.", True),
    ("This Agreement contains rules about sexually explicit content and nudity.", False),
    ("Acmecam removes sexually explicit material that involves anyone under 18.", False),
])
def test_a_named_service_that_publishes_adult_material_permits_it(sentence, allowed):
    assert read(sentence).value("adult_content_allowed") is allowed

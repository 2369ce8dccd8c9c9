"""Classes of real terms wording about the minimum age that the real-terms benchmark
(benchmarks/real_terms) showed, each guarded by sentences written here (never copied from a real
document): a bar put in the lead-in of a list, a bar beside a privacy statement, "not available
to" people under an age, sentences glued without a space, durations and counts that look like
ages, parental-consent alternatives and consent bands, ages for roles, default settings and
defined-term programmes, the age to accept the terms oneself when a parent may accept for a
child, and "outside the EEA" as the general rule."""

from __future__ import annotations

import pytest

from probes.terms_text import analyse_terms

FILLER = ("These terms explain the rules for using the service and what happens when they are "
          "broken. Please read them carefully before you sign up, and ask us if anything is not "
          "clear. We may update them from time to time.")


def min_ages(*paragraphs: str) -> tuple[object, object]:
    a = analyse_terms("Terms of Use\n\n" + FILLER + "\n\n" + "\n\n".join(paragraphs))
    return a.value("min_age"), a.value("min_age_uk")


# -- a bar written in the lead-in of a list -----------------------------------------------------
@pytest.mark.parametrize("paragraph, age", [
    ("You must not use the Platform:\n\n- if you are younger than 16;\n- to send spam.", 16),
    ("Nobody may register an account:\n\n- when they are under 18;\n- under a false name.", 18),
])
def test_a_bar_in_the_lead_in_of_a_list_counts_for_a_condition_item(paragraph, age):
    assert min_ages(paragraph)[0] == age


def test_a_bar_in_the_lead_in_does_not_make_an_age_of_someone_elses_users_a_minimum():
    assert min_ages("You may not use our tools to:\n\n- build an app aimed at users under the "
                    "age of 13;\n- send bulk mail.")[0] is None


# -- a bar beside a privacy statement -------------------------------------------------------------
@pytest.mark.parametrize("sentence, age", [
    ("Our apps are not meant for children under 15, and we do not knowingly collect personal "
     "information from them.", 15),
    ("People younger than 13 may not open an account, nor do we knowingly gather their data.", 13),
])
def test_a_bar_before_a_privacy_statement_still_counts(sentence, age):
    assert min_ages(sentence)[0] == age


@pytest.mark.parametrize("sentence", [
    "We do not knowingly collect information from children under 13.",
    "You must not solicit personal details from anyone under the age of 18.",
])
def test_a_privacy_statement_alone_is_no_minimum(sentence):
    assert min_ages(sentence)[0] is None


# -- "not available to" people under an age ----------------------------------------------------
@pytest.mark.parametrize("sentence, age", [
    ("The Service is not available to persons under the age of 16.", 16),
    ("Our platform is not open to anyone below 14 years of age.", 14),
])
def test_not_available_or_open_to_people_under_an_age_is_a_bar(sentence, age):
    assert min_ages(sentence)[0] == age


# -- sentences glued together without a space --------------------------------------------------
def test_a_full_stop_glued_to_the_next_sentence_ends_the_clause():
    assert min_ages("Members can set up a private area for their photos.To create an account a "
                    "person must be 18 years of age or older.")[0] == 18


# -- durations and counts that look like ages ---------------------------------------------------
@pytest.mark.parametrize("sentence", [
    "An account is dormant if nobody has signed in for a continuous period of fifteen (15) years.",
    "Either party may send an offer at least twelve (12) business days before the hearing.",
    "Our logo must stay on screen for at least 14 seconds.",
])
def test_durations_and_counts_are_not_ages(sentence):
    assert min_ages(sentence)[0] is None


# -- parental-consent alternatives and consent bands --------------------------------------------
@pytest.mark.parametrize("sentence, age", [
    ("By signing up you confirm that you are 18 or older, or, if you are not, that you are at "
     "least 14 and your parent or guardian agrees to these terms.", 14),
    ("You confirm that you are at least 18, or a minor with the consent of a parent or guardian. "
     "Children under 13 must not use the Service.", 13),
])
def test_an_age_with_a_parental_consent_alternative_is_not_the_minimum(sentence, age):
    assert min_ages(sentence)[0] == age


def test_an_adult_age_with_only_a_parental_consent_alternative_gives_no_minimum():
    assert min_ages("You affirm that you are over 18 years of age, or a minor who has the "
                    "permission of a parent or guardian.")[0] is None


def test_the_lower_end_of_a_consent_band_is_the_minimum():
    assert min_ages("If you live outside the United States and you are 14 years of age or older "
                    "but not yet an adult, you may only use the app with a parent's "
                    "consent.")[0] == 14


# -- ages for a role, a default setting or a defined-term programme ------------------------------
@pytest.mark.parametrize("sentence", [
    "In order to act as the group organiser, you must be at least 21 years old.",
    "Accounts of members aged 16 and over are set to public by default.",
    "To take part in the Rewards Program, you must be an individual 18 years old or older.",
])
def test_an_age_for_a_role_a_default_or_a_programme_is_not_the_minimum(sentence):
    assert min_ages(sentence)[0] is None


# -- the age to accept the terms oneself ---------------------------------------------------------
def test_the_age_to_accept_the_terms_is_no_bar_when_a_parent_may_accept_for_a_child():
    assert min_ages("To accept these Terms, you confirm that you are at least 18 years old.",
                    "If you let your child play, you accept these Terms on behalf of your child "
                    "and yourself.")[0] is None


def test_the_age_to_accept_the_terms_is_the_minimum_when_nobody_accepts_for_a_child():
    assert min_ages("To accept these Terms, you confirm that you are at least 18 years "
                    "old.")[0] == 18


# -- "outside the EEA" is everyone else ----------------------------------------------------------
def test_an_age_for_users_outside_the_eea_is_the_general_one():
    assert min_ages("Users who live outside of the EEA must be at least 13 years old to use the "
                    "Service; users in the EEA must be at least 16.") == (13, None)


# -- a place named after each number in a prose list ----------------------------------------------
def test_the_place_after_each_number_is_its_own():
    assert min_ages("By joining you confirm that you are 18 or over, or, if you are younger, that "
                    "you are 15 or over if you live in the EU or the United Kingdom, or 14 or "
                    "over if you live in Canada or anywhere else.") == (14, 15)


# -- limits of the classes above ------------------------------------------------------------
def test_the_age_to_use_and_accept_the_terms_stays_when_a_parent_may_accept_for_a_teen():
    assert min_ages("You must be at least 13 years old to use the Service and to accept these "
                    "Terms.",
                    "If you are under 18, a parent or guardian must accept these Terms on your "
                    "behalf.")[0] == 13


def test_an_age_or_a_national_minimum_stays_beside_a_later_parental_clause():
    assert min_ages("You must be 13 or older, or the minimum age in your country, and if you are "
                    "a minor, you need the permission of a parent or guardian.")[0] == 13


@pytest.mark.parametrize("sentence, age", [
    ("You must be 13 or older to install and use this Program.", 13),
    ("To take part in the Program, you must be at least 18 years old. You must be 13 or older to "
     "use the Service.", 13),
])
def test_the_program_as_the_software_is_not_a_feature(sentence, age):
    assert min_ages(sentence)[0] == age


def test_the_lower_end_of_a_between_consent_band_is_the_minimum():
    assert min_ages("If you are between 14 and 17 years old, you may only use the app with the "
                    "agreement and consent of a parent or guardian.")[0] == 14


def test_a_parental_alternative_for_some_places_only_leaves_the_bare_age_general():
    assert min_ages("You must be 18 or older to join, or 16 or older with a parent's consent if "
                    "you reside in New Zealand.")[0] == 18


def test_an_elliptical_age_for_people_who_live_in_the_uk():
    assert min_ages("You must be at least 13 years old to sign up, or 15 if you live in the "
                    "United Kingdom.") == (13, 15)


# -- a bar worded as advice or as what the provider does ------------------------------------------
@pytest.mark.parametrize("sentence, age", [
    ("If you're younger than 14, please don't sign up.", 14),
    ("People under the age of 17 should not use this website.", 17),
    ("We will suspend the accounts of users under 15.", 15),
])
def test_a_bar_worded_as_advice_or_as_the_providers_action(sentence, age):
    assert min_ages(sentence)[0] == age


def test_advice_to_younger_users_about_something_else_is_no_bar():
    assert min_ages("If you are under 18, do not share your home address with people you meet "
                    "here.")[0] is None


# -- ages for roles, promotions, kinds of contact, and minors as the object of a conduct rule -----
@pytest.mark.parametrize("sentence", [
    "Vendors must be at least 18 years old.",
    "Event organisers must be 21 or over.",
    "You must be 18 or older to enter a prize draw.",
    "Members under 16 cannot receive messages from people they do not know.",
    "Teen users under 18 are not allowed to send tips.",
])
def test_an_age_for_a_role_a_promotion_or_a_kind_of_contact_is_not_the_minimum(sentence):
    assert min_ages(sentence)[0] is None


@pytest.mark.parametrize("sentence", [
    "You must never message anyone under 18 with sexual remarks.",
    "Do not try to meet people under the age of 18 that you got to know here.",
    "Brands must not target their promotions to children under 13.",
])
def test_minors_as_the_object_of_a_conduct_rule_give_no_minimum(sentence):
    assert min_ages(sentence)[0] is None


def test_a_general_bar_stays_beside_a_role_age():
    assert min_ages("Users under 13 may not register. Sellers must be at least 18 years "
                    "old.")[0] == 13


# -- the service itself is for adults, whatever content it names on the way ---------------------
def test_a_site_that_names_its_adult_content_and_is_for_adults_has_minimum_18():
    assert min_ages("This website shows explicit material and is meant only for adults 18 years "
                    "of age or older.")[0] == 18


def test_a_site_whose_features_are_for_adults_keeps_no_minimum():
    assert min_ages("The app has a mature section, and some features are restricted to users 18 "
                    "years or older.")[0] is None


# -- more numbers that are no ages ----------------------------------------------------------------
@pytest.mark.parametrize("sentence", [
    "You must cancel at least twenty four (24) hours before the renewal date.",
    "If there are 25 or more similar arbitration demands, they will be handled in batches.",
    "If between 12 and 40 claims are filed, a single batch is formed.",
    "If you wish to use the app for business purposes, you must be at least 18 years old.",
])
def test_counts_compound_numbers_and_business_use_are_no_minimum(sentence):
    assert min_ages(sentence)[0] is None


def test_an_age_for_people_who_live_in_some_countries_is_regional():
    assert min_ages("You must be at least 13 years old to use the app. If you live in a country "
                    "in the European Region, you must be at least 16 years old.") == (13, None)


def test_an_age_for_any_other_country_is_the_general_one():
    assert min_ages("If you live in a country in the European Region, you must be at least 16 "
                    "years old to use the app. If you live in any other country, you must be at "
                    "least 13 years old to use the app.") == (13, None)


# -- a list of ages by country ---------------------------------------------------------------------
def test_the_uk_entry_of_a_list_of_ages_is_regional_not_general():
    assert min_ages("Minimum ages by country:",
                    "- Canada: 13\n- United Kingdom: 15\n- France: 16") == (None, 15)


# -- permissions above an age, advice, statements of the law and groups of users ------------------
@pytest.mark.parametrize("sentence", [
    "If you are 18 or older, you may connect a bank card to your wallet.",
    "Members aged 16 and over can apply for a verified badge.",
    "We suggest the app is recommended for people aged 15 and above.",
    "The age of digital consent in Ireland is 16.",
    "Young people aged 13 to 17 get private accounts and limited messaging.",
])
def test_permissions_advice_laws_and_groups_of_users_are_no_minimum(sentence):
    assert min_ages(sentence)[0] is None


@pytest.mark.parametrize("sentence, age", [
    ("People aged 15 or over may use the app.", 15),
    ("Anyone who is 14 or older can join Tallyho and share recipes.", 14),
    ("Anyone aged 16 or over can have an account.", 16),
    ("People who are 13 or older can download the app.", 13),
    ("You must be 18 or older to use the app, and you must verify your age before you can send "
     "messages.", 18),
])
def test_a_permission_to_use_the_service_itself_is_the_minimum(sentence, age):
    assert min_ages(sentence)[0] == age


# -- adult services worded by majority, restriction or membership -------------------------------
@pytest.mark.parametrize("sentence", [
    "You must be of legal age (18 in most places) to use the Service.",
    "Access to the site is restricted to persons aged 18 or over.",
    "Only people who have reached the age of 18 may become members.",
    "No individuals under the age of eighteen are permitted on the site.",
])
def test_adult_services_worded_by_majority_restriction_or_membership_have_minimum_18(sentence):
    assert min_ages(sentence)[0] == 18


def test_the_age_of_majority_in_brackets_with_a_parents_consent_is_no_minimum():
    assert min_ages("If you have not reached the age of majority (18 in most countries), your "
                    "parent or guardian must agree to your use of the app.")[0] is None

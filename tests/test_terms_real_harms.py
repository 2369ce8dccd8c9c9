"""Classes of real terms wording about kinds of harmful content (``harms_covered``) that the
real-terms benchmark (benchmarks/real_terms) showed, each guarded by sentences written here
(never copied from a real document).

Incidental mentions that are not a rule about the harm: fraud as the object of a liability
carve-out, a dispute or indemnity clause or the provider's own payment and security checks;
"terrorist supporting" countries in export clauses; a "security threat"; "the consent of all
parties" to a proceeding; deepfakes among misinformation; a "non-discriminatory" complaint
process; a regulator's name; sexual words inside a child-exploitation or intimate-image rule.

Rules worded in ways the patterns missed: protected characteristics named in a list
("disparage a religious or ethnic group", "based on race"), violence at the end of a list
("promotes bigotry, hatred or violence"), exploiting or endangering children, telling people to
hurt themselves, disordered eating, dangerous acts, terror groups, sexualised images."""

from __future__ import annotations

import pytest

from probes.terms_text import analyse_terms

FILLER = ("These terms explain the rules for using the service and what happens when they are "
          "broken. Please read them carefully before you sign up, and ask us if anything is not "
          "clear. We may update them from time to time.")


def harms(*paragraphs: str) -> list[str]:
    a = analyse_terms("Terms of Use\n\n" + FILLER + "\n\n" + "\n\n".join(paragraphs))
    return a.value("harms_covered") or []


# -- fraud: incidental mentions ------------------------------------------------------------------
@pytest.mark.parametrize("sentence", [
    # liability carve-outs
    "Nothing in these terms limits our liability for death caused by negligence or for fraud.",
    "These terms do not exclude either party's liability for fraud or fraudulent "
    "misrepresentation.",
    "The cap above does not apply to damages arising from gross negligence, fraud or wilful "
    "misconduct.",
    "WE ARE NOT RESPONSIBLE FOR LOSS CAUSED BY VIRUSES, BUGS, TAMPERING, FRAUD, ERRORS OR "
    "DELAYS IN TRANSMISSION.",
    "Nothing in this section limits the liability of the company for any form of fraud or "
    "deceit.",
    # dispute and indemnity clauses
    "Any claim between us, whether based in contract, tort, statute, fraud or any other legal "
    "theory, will be settled by arbitration.",
    "You will indemnify and hold us harmless from claims arising from your fraud or other "
    "unlawful acts.",
    "Evading a block may also breach computer-fraud and trespass laws.",
    # the provider's own checks, payments and security
    "If a payment fails or we suspect fraud, we may cancel your subscription.",
    "We may share your IP address with a partner for its fraud- and spam-detection tools.",
    "We may preserve information to detect, prevent or otherwise address fraud, security or "
    "technical issues.",
    "Refunds and chargebacks, bad debts (such as card returns or fraud) are your "
    "responsibility.",
    "The caller identification feature helps members protect themselves from fraud.",
])
def test_fraud_in_a_liability_dispute_or_payment_clause_is_not_a_fraud_rule(sentence):
    assert "fraud" not in harms(sentence)


@pytest.mark.parametrize("sentence", [
    "You may not post content that is fraudulent, deceptive or misleading.",
    "Do not use the service to run scams or to trick other members out of money.",
    "We remove listings that we find to be fraudulent and may close the seller's account.",
    "Phishing for other users' passwords is not allowed.",
])
def test_fraud_rules_about_users_still_count(sentence):
    assert "fraud" in harms(sentence)


def test_a_liability_list_lead_in_makes_its_fraud_item_incidental():
    assert "fraud" not in harms("Nothing in these terms excludes or limits our liability for:",
                                "- death or personal injury caused by our negligence;\n"
                                "- fraud or fraudulent misrepresentation.")


# -- other incidental mentions -------------------------------------------------------------------
@pytest.mark.parametrize("sentence, harm", [
    ("You confirm that you do not live in a country that the U.S. Government has designated as "
     "a \u201cterrorist supporting\u201d country.", "terrorism"),
    ("The app may not be exported to any state named as a sponsor of terrorism.", "terrorism"),
    ("You must comply with anti-terrorism and export control laws.", "terrorism"),
    ("We may suspend an account that presents a security threat to the service.", "harassment"),
    ("We may suspend an account whose use presents a threat to the security of our network.",
     "harassment"),
    ("A party that files a claim certifies it is not doing so to harass, cause unnecessary delay "
     "or raise costs.", "harassment"),
    ("If you have violated or threatened to violate our trademarks, we may seek an injunction.",
     "harassment"),
    ("Claims may not be joined without the consent of all parties to the arbitration.",
     "intimate_image_abuse"),
    ("Do not post misleading material (including fake news, deepfakes or conspiracy theories) "
     "about elections.", "intimate_image_abuse"),
    ("Our staff handle complaints in a timely and non-discriminatory manner.", "hate"),
    ("Disputes about personal injury or physical harm to property go to the local courts.",
     "violence"),
    ("The service is not a medical device approved by the Food and Drug Administration.",
     "harmful_substances"),
    ("Users release us from claims for defamation, obscenity, pornography or invasion of "
     "privacy.", "pornography"),
    ("Explicit content filters are not perfect, so you should not rely on them to filter all "
     "explicit content.", "pornography"),
])
def test_incidental_mentions_of_a_harm_word_do_not_cover_the_harm(sentence, harm):
    assert harm not in harms(sentence)


@pytest.mark.parametrize("paragraphs", [
    ("Do not share private nude or sexual images of another person without their consent.",),
    ("Never show a child in a sexually explicit context.",),
    ("Content that sexually exploits children is banned, including:",
     "- images of children in sexually explicit poses;\n- asking a child for nude photos."),
])
def test_sexual_words_inside_a_child_or_intimate_image_rule_are_not_a_porn_rule(paragraphs):
    assert "pornography" not in harms(*paragraphs)


@pytest.mark.parametrize("sentence", [
    "Sexually explicit content and nudity are not allowed on the service.",
    "You may not post pornography or any adult content.",
])
def test_porn_rules_still_count(sentence):
    assert "pornography" in harms(sentence)


# -- rules worded in ways the patterns missed ----------------------------------------------------
@pytest.mark.parametrize("sentence, harm", [
    ("You may not post anything that disparages a religious, ethnic or racial group.", "hate"),
    ("Do not insult or intimidate anyone because of their religion or sexual orientation.",
     "hate"),
    ("Members must not discriminate against other members in their posts.", "hate"),
    ("No content that threatens people on the basis of their national origin or race.", "hate"),
    ("We remove posts that incite violence against protected classes.", "hate"),
    ("Do not display Nazi symbols or propaganda, such as neo-Nazi imagery.", "hate"),
    ("Content that promotes bigotry, hatred or violence is removed.", "violence"),
    ("You may not upload material that glorifies cruelty, terror, or violence.", "violence"),
    ("Do not upload violence-glorifying videos.", "violence"),
    ("Content showing the torture of animals is removed.", "violence"),
    ("Do not post anything that puts someone at risk of bodily harm.", "violence"),
    ("Do not support terror groups or their members.", "terrorism"),
    ("Never exploit, harm or endanger children in any way.", "csea"),
    ("Using the service for endangering or exploiting minors is banned.", "csea"),
    ("We report cases involving the abuse of children to the authorities.", "csea"),
    ("Do not upload suggestive pictures of minors.", "csea"),
    ("Do not tell other players to hurt or kill themselves.", "suicide_self_harm"),
    ("Encouraging someone to harm oneself is never allowed.", "suicide_self_harm"),
    ("Content that promotes disordered eating is not allowed.", "eating_disorders"),
    ("Do not promote unhealthy dieting to teenagers.", "eating_disorders"),
    ("Do not share instructions for dangerous or illegal acts.", "dangerous_challenges"),
    ("Do not post videos encouraging others to do dangerous activities.",
     "dangerous_challenges"),
    ("Do not sell pharmaceuticals or other regulated goods through the service.",
     "harmful_substances"),
    ("Sharing sexualised images of other members is not acceptable.", "pornography"),
    ("Content that is not safe for work must be marked as such.", "pornography"),
    ("Do not depict likenesses of real persons in a pornographic manner.",
     "intimate_image_abuse"),
])
def test_rules_worded_in_these_ways_cover_the_harm(sentence, harm):
    assert harm in harms(sentence)


def test_dangerous_and_illegal_goods_are_not_dangerous_challenges():
    # a policy heading about illegal goods and services, not stunts or challenges
    assert "dangerous_challenges" not in harms(
        "Dangerous and illegal activities",
        "Do not use the product to sell weapons or counterfeit goods.")


# -- more wording classes: list adjectives, insults, fake reviews, legal threats ----------------
@pytest.mark.parametrize("sentence, harm", [
    ("Do not post anything that promotes harmful activities or substances.", "harmful_substances"),
    ("Do not show teenagers graphic, sexual, or violent content.", "pornography"),
    ("Sexually explicit material that shows illegal acts, for example material featuring "
     "minors, is banned.", "csea"),
    ("Do not insult other members or their families.", "harassment"),
    ("You must not offer or buy fake reviews.", "fraud"),
    ("Do not trade fake and misleading product ratings.", "fraud"),
    ("No content that demeans a person or group of people on the grounds of any personal trait, "
     "including, without limitation, religion or race.", "hate"),
])
def test_more_rules_worded_in_these_ways_cover_the_harm(sentence, harm):
    assert harm in harms(sentence)


@pytest.mark.parametrize("sentence, harm", [
    ("Material that insults human dignity is covered by local law.", "harassment"),
    ("We share data with vendors that track threat actors and new malware.", "harassment"),
    ("You will tell us about any actual or threatened litigation about the app.", "harassment"),
    ("Our payment partner checks accounts under anti-money laundering and terrorist financing "
     "rules.", "terrorism"),
    ("We will not discriminate against you for exercising your privacy rights.", "hate"),
    ("Nothing limits our liability for death or bodily harm caused by our negligence.",
     "violence"),
])
def test_more_incidental_mentions_do_not_cover_the_harm(sentence, harm):
    assert harm not in harms(sentence)


# -- everyday incidental wording that real terms use often ---------------------------------------
@pytest.mark.parametrize("sentence, harm", [
    ("If you are in a life-threatening situation, call the emergency services first.",
     "harassment"),
    ("We use anti-fraud tools when you pay for a subscription.", "fraud"),
    ("These checks help protect against fraud when you top up your wallet.", "fraud"),
    ("Your personal data will not be shared without your consent, except as the law requires.",
     "intimate_image_abuse"),
])
def test_everyday_incidental_wording_does_not_cover_the_harm(sentence, harm):
    assert harm not in harms(sentence)


@pytest.mark.parametrize("sentence, harm", [
    ("Do not share photos of another person that were taken or posted without their consent.",
     "intimate_image_abuse"),
    ("Never post intimate images of someone without their consent.", "intimate_image_abuse"),
    ("Do not threaten other members or make them feel unsafe.", "harassment"),
])
def test_the_same_words_in_a_rule_still_count(sentence, harm):
    assert harm in harms(sentence)


@pytest.mark.parametrize("sentence, harm", [
    ("Do not use the app while driving or during other dangerous activities.",
     "dangerous_challenges"),
    ("You take part in dangerous activities suggested by other players at your own risk.",
     "dangerous_challenges"),
])
def test_a_safety_disclaimer_about_using_the_app_is_not_a_content_rule(sentence, harm):
    assert harm not in harms(sentence)


def test_claims_of_a_harm_being_reviewed_still_cover_it():
    assert "harassment" in harms("We review claims of harassment within one working day and "
                                 "remove messages that break this rule.")


@pytest.mark.parametrize("sentence", [
    "Our team works to detect and remove fraud aimed at buyers, such as fake listings.",
    "We act to prevent sellers from posting fraudulent offers and close their accounts.",
])
def test_how_fraud_against_users_is_handled_still_counts(sentence):
    assert "fraud" in harms(sentence)


def test_a_rule_after_a_liability_remark_in_one_sentence_still_counts():
    assert "fraud" in harms("We accept no liability for what members post, but you must not post "
                            "fraudulent offers.")


@pytest.mark.parametrize("sentence, harm", [
    ("To detect abuse of our systems we may process special categories of data, such as racial "
     "or ethnic origin, where the law allows.", "hate"),
    ("The app offers sexual and reproductive health content reviewed by doctors.",
     "pornography"),
    ("Sexual content is not allowed in public rooms, and our help pages for parents explain how "
     "to protect children online.", "csea"),
])
def test_near_misses_of_the_wider_patterns_do_not_cover_the_harm(sentence, harm):
    assert harm not in harms(sentence)


def test_a_deepfake_is_intimate_image_abuse_only_when_it_is_sexual():
    assert "intimate_image_abuse" not in harms(
        "Do not make videos of other people (for example deepfakes) without asking them first.")
    assert "intimate_image_abuse" in harms(
        "Do not create or share sexual deepfakes of real people.")
    assert "intimate_image_abuse" in harms(
        "Deepfakes that show a real person nude or in explicit scenes are removed.")


@pytest.mark.parametrize("sentence", [
    "We may refuse an order if the order seems fraudulent or unauthorised.",
    "Paying for a plan with fraudulent payment means, such as someone else's card, is not allowed.",
    "We take steps to limit the risk of fraudulent access to our systems.",
])
def test_payment_and_break_in_fraud_is_not_a_rule_about_scams(sentence):
    assert "fraud" not in harms(sentence)

"""Phrase patterns for reading terms of service (data only; :mod:`probes.terms_text` applies them).

Every pattern is a regular expression matched case-insensitively against one sentence (for a
list item: its lead-in plus the item, e.g. "you must not: ... post anything illegal").  British
and American spellings are both written in (``organi[sz]ation``, ``licen[cs]e``).  The label
definitions these patterns implement are in ``tests/corpus/terms/LABELS.md``.
"""

from __future__ import annotations

import re

IC = re.I


def rx(*parts: str) -> re.Pattern:
    """One case-insensitive pattern from alternatives."""
    return re.compile("|".join(f"(?:{p})" for p in parts), IC)


# -- sentence splitting ------------------------------------------------------------------------
#: Tokens before a full stop that do not end a sentence (compared lower case, without the dot).
ABBREVIATIONS = frozenset("""
e.g i.e eg ie incl inc ltd co no nos st rd ave corp llc plc mr mrs ms dr prof vs v s ss cl cls
para paras art arts sec secs p pp jan feb mar apr jun jul aug sep sept oct nov dec approx fig
jr sr cf al viz dept est govt reg tel u.s u.k e.u u.s.a n.b ref vol ch pt sch
""".split())
#: List markers at the start of a line: bullets, (a), a), (iv), 1., 1), 1.1, 2.1.3, Q: / A:.
LIST_MARKER = re.compile(
    r"^(?:[-*•·◦▪▸►–—]\s+|\(?(?:\d{1,3}(?:\.\d{1,3})*|[a-z]|[ivx]{1,5})[.)]\s+"
    r"|\(\d{1,3}\)\s+|\d{1,3}(?:\.\d{1,3})+\s+|[QA]:\s+)", IC)
BULLET = re.compile(r"^[-*•·◦▪▸►–—]\s+")
#: A clause number or inline heading at the start of a unit: "2. ELIGIBILITY. You must ...".
INLINE_HEADING = re.compile(r"^([A-Z][A-Za-z&',/ -]{1,60}?)\.\s+(?=[A-Z(\"“])")

# -- age numbers ---------------------------------------------------------------------------------
AGE_WORDS = {"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
             "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
             "nineteen": 19, "twenty": 20, "twenty-one": 21, "twenty one": 21}
AGE_WORD_RX = re.compile(r"\b(" + "|".join(sorted(AGE_WORDS, key=len, reverse=True))
                         # ("twenty four (24) hours" is no "twenty")
                         + r")\b(?![- ](?:two|three|four|five|six|seven|eight|nine)\b)"
                         r"(\s*\(\s*\d{1,2}\s*\))?", IC)
AGE_NUMBER = re.compile(r"(?<![\d.,/£$€-])\b(\d{1,2})\b(?![\d.,/:%-]\d)")
#: Just before an age: "at least 13", "aged 16", "under 18", "must be 14".
AGE_BEFORE = re.compile(
    r"(?:at least|aged?|over|under|below|younger than|older than|age of|minimum age(?: is| of)?|"
    r"must be|need to be|needs to be|have to be|has to be|should be|are|is|be|people|users|"
    r"members|players|persons|anyone|everyone|children|kids|teens|individuals|between|"
    # "of the age of majority (18 in most countries)"
    r"(?:age of majority|legal age|of age)\s*\(\s*(?:i\.e\.,?\s*|that is,?\s*)?)"
    r"(?: the age of)?\s*$", IC)
#: Just after an age: "13 or older", "16+", "18 years old", "13 and over".
AGE_AFTER = re.compile(r"^\s*(?:\+|years?\b|yrs?\b|(?:or|and) (?:over|older|above|up)\b|"
                       r"in (?:the )?(?:uk|u\.k\.|united kingdom|eu|eea|european|us|u\.s\.|"
                       r"united states)\b|"
                       # "or 16 if you live in the UK"
                       r"(?:if|when) you (?:live|reside|are (?:located|based|resident)) in\b)", IC)
#: Strong general-rule wording (as opposed to "not intended for children under 13").
AGE_STRONG = rx(r"\bmust be\b", r"\bneed(?:s)? to be\b", r"\bha(?:ve|s) to be\b",
                r"\bat least\b", r"\bor (?:over|older|above)\b", r"\band (?:over|older|above|up)\b",
                r"\d\+", r"\bminimum age\b", r"\bmay not (?:register|join|sign up|use)\b",
                r"\b(?:cannot|can't|can not) (?:register|join|sign up|use|create)\b",
                r"\bis (?:only )?for (?:people|users|anyone|everyone|adults|members)\b",
                r"\bis open to\b")
#: Purpose verbs after an age that make it the general one ("to use the Services").
AGE_GENERAL_VERBS = re.compile(
    r"\bto (?:use|access|join|register|sign up|create|open|hold|have|enter|visit|browse|"
    r"participate|play|subscribe|become a member|make an account)\b", IC)
#: Purpose verbs that make an age apply to some content or feature only ("to view the Lounge").
AGE_SCOPED_VERBS = re.compile(
    r"\b(?:to|can(?:no|')?t?|cannot|may not|not) (?:view|watch|see|buy|purchase|sell|post in|"
    r"upload|stream|go live|receive|download|chat|trade|bet|gamble|order|appear|enter the)\b"
    # an age for a role: "to serve as the family manager", "to act as an administrator"
    r"|\bto (?:serve|act) as\b"
    # one kind of contact: "users under 16 cannot send direct messages", "be matched with"
    r"|\b(?:can(?:no|')?t|cannot|may not|not allowed to|not permitted to|unable to) (?:send|"
    r"receive|be (?:matched|contacted|messaged|recommended)|message|contact|gift|tip)\b", IC)
#: Objects that are the service itself ("to view this website" is the general age).
AGE_GENERAL_OBJECT = re.compile(
    r"^\s*(?:this|the|our)\s+(?:website|site|service|services|platform|app|forum|community)\b"
    r"|^\s*it\b", IC)
#: Nouns that scope an age to a feature, section or kind of content.
AGE_FEATURE = re.compile(
    r"\b(?:sections?|lounge|channels?|servers?|boards?|rooms?|chat|go live|live[- ]?stream\w*|"
    r"streams?|features?|"
    r"areas?|(?:adult|mature|explicit|nsfw|age-restricted|restricted|sensitive) (?!to\b)\w+|"
    r"age-restricted|mature|alcohol|tobacco|gambling|payouts?|partner|programme|program|"
    r"marketplace|classifieds|buy (?:&|and) sell|creators?|monetis|monetiz|some videos|"
    r"certain|some (?:servers|channels|features|content|videos|areas|sections)|"
    # ratings of products and content ("labelled 14+", "rated 17+", "recommended age")
    r"labell?ed|labels?|rated|ratings?|recommended age|"
    # roles and promotions with their own age ("sellers must be 18", "to enter a sweepstakes")
    r"sellers?|vendors?|merchants?|drivers?|advertisers?|hosts?|organi[sz]ers?|"
    r"administrators?|contests?|competitions?|sweepstakes|giveaways?|prize draws?|raffles?|"
    r"commercial (?:purposes?|use)|business (?:purposes?|use)|"
    # a default setting for a group of users ("profiles of members aged 18 are public by default")
    r"by default|default settings?)\b", IC)
#: Feature nouns that real terms capitalise as defined terms ("to take part in the Program").
#: ("the Program" alone may be the software itself, so only when joined or named.)
AGE_FEATURE_DEFINED = re.compile(
    r"\b(?:participat\w* in|take part in|join|enrol+(?:ing)? in|eligible for) (?:the|this|our) "
    r"(?:[A-Z][\w-]+ )?(?:Program|Programme)\b"
    r"|\b(?:the|this|our) [A-Z][\w-]+ (?:Program|Programme)\b"
    r"|\b(?:the|our) (?:Marketplace|Classifieds)\b")
AGE_DEPICTED = rx(r"\bdepict", r"\binvolv\w+ (?:a person|anyone|any person|a minor|minors)",
                  r"\bperformers?\b", r"\bmodels? (?:were|was|are)\b", r"\bappears? (?:in|to)\b",
                  r"\bat the time of (?:production|filming|recording)",
                  r"\bwho appears?\b", r"\bshown\b", r"\bsexuali[sz]")
#: People of an age as the object of a conduct rule ("contact anyone under 18 for sex").
AGE_TARGETED = re.compile(
    r"\b(?:contact\w*|groom\w*|exploit\w*|target\w*|solicit\w*|harm\w*|abus\w*|endanger\w*|"
    r"lur(?:e|es|ing)|entic\w+|meet(?:ing)?|sexual\w*|(?:images?|photos?|pictures?|videos?) of)\b"
    r"[^.;]{0,40}$", IC)
AGE_CONSENT = rx(r"\bpermission\b", r"\bconsent\b", r"\bparent", r"\bguardian", r"\bcarer\b",
                 r"\bsupervision\b", r"\bage of majority\b.*\breview\b")
AGE_PRIVACY = rx(r"\bcollect\w*\b[^.;]{0,60}\b(?:data|information)\b", r"\bknowingly\b",
                 r"\bCOPPA\b",
                 # a conduct rule about minors' data: "asking anyone under 18 for personal details"
                 r"\bsolicit\w*\b[^.;]{0,40}\b(?:data|information|details)\b")
#: An age that is the age to accept the terms oneself ("at least 18 to accept these Terms").
AGE_CONTRACT = rx(r"\b(?:to|by) (?:accept(?:ing)?|enter(?:ing)? into|agree(?:ing)? to|be bound by)"
                  r" (?:these|this|the) (?:terms|agreement|eula|contract)\b")
#: A parent or guardian accepting the terms for a child (so the contracting age is no bar).
AGE_PARENT_ACCEPTS = rx(
    r"\bon behalf of (?:a |the |your |their )?(?:minor )?(?:child|children|minor|ward|dependant)",
    r"\b(?:child|minor|ward|children)\b[^.;]{0,80}\b(?:accept|agree to|review and agree)\b"
    r"[^.;]{0,30}\bon (?:(?:their|his or her|your) behalf|behalf of (?:them|him|her)\b)",
    r"\bparent (?:or (?:legal )?guardian )?(?:must|has to|needs to) (?:accept|agree)")
AGE_ADULTS_ONLY = rx(r"\b(?:for )?adults only\b", r"\b18\s*\+\s*only\b", r"\bover-18s only\b",
                     r"\bis (?:only )?for adults\b")
#: Everyone not named before: "13 in the US or anywhere else" is the general age.
AGE_ELSEWHERE = rx(r"\banywhere else\b", r"\beverywhere else\b", r"\belsewhere\b",
                   r"\brest of the world\b", r"\ball other (?:countries|regions|places)\b",
                   r"\bany other (?:country|territory|region|place|jurisdiction)\b")
#: A place named after "if you live in" ("if you reside in New Zealand"): a regional age.
AGE_PLACE_NAMED = re.compile(r"\b(?:if|when) you (?:live|reside|are (?:located|based|resident)) "
                             r"(?:with)?in (?:the )?(?:[A-Z]|(?:a|any|certain|some) (?:country|"
                             r"countries|territor|state|region|jurisdiction))|\bEuropean Region\b")
UK_WORDS = re.compile(
    r"\b(?:united kingdom|u\.k\.?|uk|great britain|britain|england|scotland|wales|"
    r"northern ireland)\b", IC)
OTHER_REGIONS = re.compile(
    r"\b(?:eea|european economic area|eu|european union|europe|united states|u\.s\.a?\.?|usa|"
    r"us|america|germany|netherlands|france|spain|italy|ireland|korea|south korea|japan|"
    r"australia|canada|india|brazil|california|texas|quebec|some countries|certain countries|"
    r"other countries)\b")

# -- prohibition of illegal content -------------------------------------------------------------
PROHIBIT = rx(r"\b(?:must|may|will|shall|should|can|agree)\s+not\b", r"\bagree not to\b",
              r"\bwon['’]t\b", r"\bdon['’]t\b", r"\bdo not\b", r"\bnever\b", r"\bnot (?:allowed|"
              r"permitted|tolerated|acceptable)\b", r"\bprohibit", r"\bforbid", r"\bbanned\b",
              r"^\W*no\b", r"\bnothing\b", r"\bdo(?:es)? not allow\b", r"\bwe don['’]t allow\b",
              r"\bhave no place\b", r"\bis against (?:our|these)\b", r"\bnot use\b",
              # "You can't", "Users cannot", "undertakes not to", "refrain from"
              r"\bcan['’]t\b", r"\bcannot\b", r"\bmustn['’]t\b", r"\bshan['’]t\b", r"\bnot to\b",
              r"\brefrain from\b")
ILLEGAL_GENERAL = rx(
    r"\b(?:anything|content|material|files?|images?|activit(?:y|ies)|conduct|purposes?|use|"
    r"acts?|listings?|items?|goods|posts?|that|which)\b[^.;]{0,30}\b(?:illegal|unlawful)\b"
    r"(?! (?:drugs?|weapons?|substances?|gambling|copies|downloads|software|streams?)\b)",
    r"\b(?:illegal|unlawful)\s+(?:content|activit(?:y|ies)|material|purposes?|conduct|use|acts?|"
    r"behaviou?r|files?|images?|goods|items|listings?)\b",
    r"\b(?:break|breaks|breaking|violates?|violating|breach(?:es)?|breaching|against|contrary "
    r"to|infringes?) (?:any |the |all )?(?:applicable |local |national |international |uk |u\.s\. "
    r"|united states |english )?(?:(?:local|national|international),? )*(?:laws?|regulations?)\b",
    r"\b(?:break|breaks|breaking|violates?|violating|breach(?:es)?|against|contrary to) "
    r"(?:any |the |all )?(?:[\w.]+ ){1,2}laws?\b(?! of (?:physics|nature))",
    r"\bviolates? (?:local|uk|us|united states|applicable)[^.;]{0,30}\blaws?\b",
    r"\bnothing (?:that is )?(?:illegal|unlawful)\b", r"\bkeep it legal\b",
    r"\b(?:anything|any) (?:illegal|unlawful)\b",
    r"\b(?:commit|plan|encourage|facilitate|promote|assist)\w*\b[^.;]{0,40}\b(?:criminal "
    r"offen[cs]es?|(?<!war )(?<!atrocity )(?<!hate )crimes?)\b(?! against humanity)",
    # "criminal activity", "for criminal purposes", "criminal acts"
    r"\bcriminal (?:activit(?:y|ies)|acts?|conduct|purposes?|behaviou?r|offen[cs]es?)\b",
    # "act in violation of laws and regulations", "contradictory to the laws of"
    r"\b(?:in (?:violation|breach) of|contradictory to|in conflict with|violation of|contrary to) "
    r"(?:any |the |all )?(?:applicable |relevant |local |national |international )*"
    r"(?:laws?|legislation|laws and regulations)\b",
)
LAWFUL_ONLY = rx(r"\bonly for (?:lawful|legal) purposes\b",
                 r"\bonly in ways that are (?:legal|lawful)\b", r"\b(?:lawfully|legally) and\b",
                 r"\buse [\w ]{1,30} only (?:lawfully|legally)\b",
                 r"\b(?:only )?in (?:compliance|accordance) with (?:all )?(?:applicable )?laws?\b",
                 r"\bcomply with (?:all )?applicable laws?\b",
                 r"\bonly as (?:permitted|allowed|authori[sz]ed) by (?:applicable |the )?laws?\b",
                 # a permission on condition: "you may post ... so long as it is not illegal"
                 r"\b(?:so long as|as long as|provided(?: that)?)\b[^.;]{0,60}\b(?:is|are)(?: not|"
                 r"n't) (?:illegal|unlawful)\b",
                 r"\bfor (?:any )?(?:illegal|unlawful) purpose",
                 # "only for legal, authorised and acceptable purposes"
                 r"\bonly for (?:lawful|legal)\b[^.;]{0,40}\bpurposes?\b",
                 # "Keep it legal" (a heading is a rule), "Follow the law.", "always obey the law"
                 r"\bkeep it legal\b",
                 r"^\W*(?:always |please )?(?:follow|obey|respect|comply with) the laws?\b",
                 r"\b(?:always|must|should|shall|will|agree to|undertakes? to) "
                 r"(?:\w+ )?(?:follow|obey|comply with|abide by|respect) (?:(?:all|any|the)\W+)?"
                 r"(?:applicable |relevant |local |national |international |,|and |or )*"
                 r"(?:laws?|legislation|laws and regulations)\b(?! (?:of|on|relating|regarding)\b)",
                 # "The User agrees to comply with all regulations under French law"
                 r"\b(?:agrees|undertakes) to comply with (?:all |any )?(?:applicable |relevant )?"
                 r"(?:laws?|legislation|regulations|laws and regulations)\b",
                 # a duty worded as the user's responsibility: "you are responsible for
                 # compliance with the laws that apply to your use", "for ensuring that your
                 # content does not violate ... any applicable law"
                 r"\bresponsib\w* for (?:your |its |their )?(?:compliance|complying) with "
                 r"(?:all |any |the )?(?:applicable |relevant |local |national |international |"
                 r",|and |or )*(?:laws?|legislation|laws and regulations)\b",
                 r"\bresponsib\w* for (?:ensuring|making sure)\b[^.;]{0,40}\b(?:does|do|will) not "
                 r"(?:violate|break|breach|infringe)\b[^.;]{0,160}?\b(?:laws?|legislation)\b",
                 r"\bin a (?:manner|way) that (?:complies|is compliant) with (?:the |all )?"
                 r"(?:applicable )?laws?\b",
                 # "your content must not be misleading or unlawful", "is not ... or illegal"
                 r"\b(?:must|shall|should|will|does|do|is|are|may)\s+not\s+(?:be|contain|include|"
                 r"constitute|involve|promote)\b[^.;]{0,200}?\b(?:illegal|unlawful)\b",
                 r"\b(?:warrant|ensure|confirm|promise)s?\b[^.;]{0,80}\b(?:is|are|will be)\s+not\b"
                 r"[^.;]{0,200}?\b(?:illegal|unlawful)\b")
#: Use of the service "in (strict) compliance with ... all applicable laws" (a governing-law clause
#: "construed in accordance with the laws of ..." is not; see GOVERNING_LAW).
LAWFUL_USE = rx(r"\b(?:use|used|using|access|accessed|accessing|uses?)\b[^.;]{0,100}?\bin "
                r"(?:strict |full )?(?:compliance|accordance|conformity) with\b[^.;]{0,160}?\b"
                r"(?:all |any |the )?(?:applicable |relevant |local |state |national |"
                r"international |federal |,|and |or )*(?:laws?|legislation|laws and regulations)"
                r"\b(?! of\b)")
GOVERNING_LAW = rx(r"\bgoverned by\b", r"\bgoverning law\b", r"\bconstrued\b", r"\binterpreted\b",
                   r"\bconflicts? of laws?\b")
#: Phrases about one narrow kind of illegality ("dangerous and illegal acts" are stunts): blanked
#: before a sentence is read, so another, general phrase in the same sentence still counts.
ILLEGAL_NARROW = rx(r"\bdangerous (?:or|and) illegal (?:\w+ )?(?:acts?|activit(?:y|ies))\b",
                    r"\bdangerous (?:or|and) illegal\b",
                    r"\billegal activities that (?:risk|could|may)\b")
ILLEGAL_NOT_GENERAL = rx(r"\bnot (?:be )?(?:responsible|liable)\b", r"\bdisclaim(?!er)",
                         r"\bdoes not endorse\b", r"\brequired by law\b.*\bdisclose\b",
                         r"\b(?:they|these|it)(?:'re| are| is) [^.]{0,20}illegal\b")

# -- what the provider does about illegal content -----------------------------------------------
ILLEGAL_TARGET = rx(
    r"\billegal\b", r"\bunlawful\b",
    # "criminal" of content or conduct, not the user's exposure: "civil and criminal penalties"
    r"\bcriminal\b(?!(?:\s+(?:and/or|or|and)\s+civil)?\s+(?:penalt|liabilit|sanction|prosecution|"
    r"charges|background))", r"\b(?:broken|breaks?|breaking) the law\b",
    r"\bagainst the law\b", r"\bterroris[tm]", r"\bviolent extremis", r"\bcsam\b", r"\bcsea\b",
    r"\bchild sexual\b", r"\bsexuali[sz]\w* (?:minors|children|a child)\b",
    r"\bchild (?:abuse|exploitation|pornography)\b",
    r"\bintimate (?:image|images|imagery|photos?|videos?|content|pictures?)\b",
    r"\bnon-?consensual\b",
    r"\b(?:shared|recorded|posted|uploaded|filmed|broadcast|shows? you|appear\w*)[^.;]{0,30}"
    r"without (?:their|your|the|his|her)? ?consent\b", r"\brevenge porn", r"\bncii\b",
    r"\bsexual\w*\b[^.;]{0,20}\b(?:exploit|abus)\w*[^.;]{0,20}\b(?:minors|children|child)\b",
    r"\b(?:exploit|abus)\w* (?:minors|children)\b", r"\bnational cent(?:er|re) for missing\b",
    r"\bfraud", r"\bscam", r"\bphishing\b", r"\bncmec\b", r"\bnational crime agency\b",
    r"\bpolice\b", r"\blaw enforcement\b", r"\baction fraud\b", r"\bstopncii\b",
    r"\bcriminal offen[cs]e",
    # "content that violates applicable law", "in breach of any law", "violations of ... the law"
    r"\b(?:violat\w*|breach\w*|contraven\w*|contrary to|in conflict with)\b[^.;]{0,80}?\b"
    r"(?:applicable|any|all|the|relevant|local|national)\s+(?:[\w-]+\s+)?(?:laws?|legislation)\b"
    r"(?! of (?:physics|nature))",
    r"\b(?:violat\w*|breach\w*|contrary to)\s+(?:of\s+)?(?:laws?|legislation)\b")
#: A clause about copyright or trade marks alone: cut before looking for illegal content, so that
#: "copyright violations, impersonation or unlawful conduct" still names unlawful conduct.
IP_CLAUSE = rx(r"\b(?:copyright|trade ?mark|intellectual property|dmca|patent)\w*[^,;.()]*")
PROVIDER_ACTION = rx(
    # we / our team / moderators ... <verb>
    r"\b(?:we|our (?:\w+ ){0,3}(?:team|moderators|staff|systems|tools|reviewers|admins|bots?)|"
    r"moderators|admins|janitors|the (?:\w+ )?team)\b(?:(?! you\b)[^.;]){0,80}?\b(?:remove|"
    r"delete|take\w* (?:it |them )?down|disable|block|restrict|suspend|ban|terminate|close|"
    r"report|review|investigate|de-?index|demote|push (?:it |them )?down|act(?:s)? on|hold|refer|"
    r"hide|limit|tell the police|notify|contact (?:the )?(?:police|law enforcement)|"
    r"share information|scan|detect|compare|check|filter|deindex)",
    # passive: is removed, will be deleted and reported, are blocked
    r"\b(?:is|are|will be|shall be|gets?|being|been)\s+(?:\w+ly\s+)?(?:removed|deleted|taken "
    r"down|disabled|blocked|restricted|suspended|banned|terminated|closed|reported|de-?indexed|"
    r"reviewed|held(?! (?:responsible|liable|to be))|hidden|compared|checked|scanned|matched|"
    r"filtered|referred|taken offline)\b",
    r"\breported to (?:the )?(?:police|ncmec|nca|national|law enforcement|authorities|iwf|"
    r"action fraud|relevant)",
    r"\bwill be (?:\w+ )?and reported\b",
    # "... and will report any suspected case to law enforcement", "reports will be made to"
    r"\b(?:will|shall|may)\s+(?:\w+ly\s+)?(?:also\s+)?(?:\w+ (?:and|or) )?"
    r"(?:report|refer)\b[^.;]{0,120}?\bto (?:the )?"
    r"(?:[\w-]+\s+){0,2}(?:police|law enforcement|authorities|ncmec|national cent)",
    r"\breports? (?:will|shall|may) be (?:made|filed|sent|submitted) to\b",
    # a purpose of the provider's: "to report violations of applicable laws as required by law"
    r"\bto report\b[^.;]{0,120}\b(?:as|where|when) (?:required|requested) by (?:applicable )?law",
    # the consequence as a noun: "... may lead to suspension of the account and removal"
    r"\b(?:may|will|can|could|shall) (?:\w+ )?(?:result in|lead to|expose you to|be grounds for|"
    r"entail)\b[^.;]{0,120}?\b(?:removal|suspension|termination|deletion|blocking|deactivation|"
    r"ban)\b",
    # "our automated tools identify illegal content", "these systems help detect"
    r"\b(?:our|these|automated|such|safety)\s+(?:[\w-]+\s+)?(?:tools|systems|technolog(?:y|ies)|"
    r"classifiers|filters|models)\b[^.;]{0,60}?\b(?:identify|identifying|detect|detecting|flag|"
    r"flagging|remove|removing|block|blocking|scan|scanning)\b",
    # "we have zero tolerance for child sexual exploitation" (a stated enforcement policy)
    r"\bwe (?:have|take|apply|enforce) (?:a )?zero[- ]tolerance\b")
#: The service named as the subject: "Imagio promptly removes any manifestly illegal content".
BRAND_ACTION = re.compile(
    r"(?:^|[,;:]\s+|\band\s+)(?:The\s+)?[A-Z][A-Za-z0-9.&-]+(?: [A-Z][A-Za-z0-9.&-]+){0,2}\s+"
    r"(?:\w+ly\s+)?(?:(?:removes|deletes|takes down|disables|blocks|restricts|suspends|bans|"
    r"terminates|reports|reviews|investigates|de-?indexes|informs|notifies|refers)\b"
    # "Customer reviews must ...": the word after the "verb" shows it was a noun
    r"(?!\s+(?:must|may|might|should|will|would|shall|can|could|are|were|is|was|have|has|had|"
    r"do|does|that|which|who|of|and|or|from|about|for|written|posted|left)\b)"
    # "Brand may (also) remove", "Brand employs systems to detect", "Brand undertakes to remove"
    r"|(?:may|will|shall|can|might|employs|uses|undertakes|commits|is entitled|has the right|"
    r"(?:reserves|retains) the right)\b"
    r"(?:(?! you\b)[^.;]){0,60}?\b(?:remove|delete|take (?:it |them )?down|disable|block|restrict|"
    r"suspend|ban|terminate|close|report|review|investigate|de-?index|detect|refuse|hide|"
    r"withhold)\b)")
#: Capitalised words that start a sentence but are not the service: "You may remove ...".
NOT_BRAND = re.compile(
    r"(?:^|[,;:]\s+|\band\s+)(?:The\s+)?(?:You|Your|Users?|Members?|Anyone|They|It|This|These|"
    r"Those|Such|Any|Each|All|If|When|Where|Other|Others|Third|Parents?|Visitors?|Customers?|"
    r"Creators?|Sellers?|Buyers?|Everyone|Someone|Nobody|No|Please|Content|Posts?|Accounts?|"
    r"Material|Reports?|People|Subscribers?|Players?|Authors?|Owners?|Moderators? of)\b")
USER_ACTION = rx(r"\b(?:you|anyone|users?|members?|viewers?) (?:can|may|could|should|must)\b"
                 r"[^.;]{0,30}\breport", r"\bcan be reported\b",
                 # not the provider's duty "to report ... as required by law"
                 r"\bto report\b(?![^.;]{0,120}\b(?:as|where|when) (?:required|requested) by "
                 r"(?:applicable )?law)",
                 r"\b(?:click|tap|select|use|press)\b[^.;]{0,40}\breport")
#: A reservation that disclaims any duty or names no cause: never a protection.
RESERVATION = rx(r"\bno obligation\b", r"\bnot obligated\b", r"\bunder no (?:legal )?obligation\b",
                 # "for any reason" (not "for any reason to the extent we believe ... unlawful")
                 r"\bfor any reason\b(?!,? (?:or no reason,? )?(?:to the extent|if|where|when|in "
                 r"(?:the )?case|insofar))", r"\bnot (?:be )?(?:responsible|liable)\b",
                 r"\bdisclaim",
                 r"\bdoes not guarantee\b", r"\bcannot guarantee\b",
                 r"\bwithout (?:assuming|undertaking|accepting|having) any (?:\w+ )?"
                 r"(?:obligation|duty)\b",
                 # severability: "if any provision is held to be illegal or unenforceable"
                 r"\bunenforceable\b", r"\bseverab")
#: Said of the provider's own act, not of content: "unless doing so would breach the law".
TARGET_HYPOTHETICAL = rx(r"\b(?:would|could|might) (?:otherwise )?(?:be in |be )?(?:breach|"
                         r"violat\w*|contraven\w*|infring\w*|contrary|illegal|unlawful)\b[^,;.]{0,60}")
#: The police or a hotline named alone: a reservation to "report information to law enforcement"
#: at will is not tied to illegal content.
AUTHORITY = rx(r"\bpolice\b", r"\blaw enforcement\b", r"\bncmec\b", r"\bnational crime agency\b",
               r"\baction fraud\b", r"\bnational cent(?:er|re) for missing\b")
#: A prohibition addressed to users: "You agree not to ... circumvent measures we use to block".
USER_BAN = rx(r"^\W*(?:you|users?|members?)\b[^.;:]{0,40}?\b(?:agree not to|must not|may not|shall "
              r"not|will not|are not (?:allowed|permitted) to)\b")
#: A bare reservation ("we reserve the right", "at our discretion", "at any time"): a protection
#: only when it names illegal content itself ("we reserve the right to remove unlawful content").
SOFT_RESERVATION = rx(r"\breserves? the right\b",
                      r"\bat (?:our|its|their) (?:sole |absolute )?discretion\b",
                      r"\bwithout (?:giving (?:a|any) reason|notice)\b",
                      r"\bany (?:content|file|post|paste|account|blog|review)s? "
                      r"(?:at any time|for any)\b",
                      r"\bat any time\b")
#: An action against breaches of "this policy" (one policy page: what it covers is its topic).
POLICY_BREACH = rx(r"\b(?:violat\w*|breach\w*|contrary to|break\w*|against)\b[^.;?]{0,40}\bthis "
                   r"policy\b")
LOCAL_NEGATION = re.compile(r"\b(?:not|never|cannot|no|n't)\b(?:\s+\w+){0,2}\s*$|n't\s*$", IC)
ANAPHOR = rx(r"\bthese rules\b", r"\bthis rule\b", r"\bsuch (?:content|material|images?|files?"
             r"|posts?|activit(?:y|ies)|acts?|conduct)\b", r"\bthe (?:shared )?link\b",
             r"\bcredible report\b",
             r"\bthat break (?:these|this)\b")

# -- harms ----------------------------------------------------------------------------------------
HARM_PATTERNS: dict[str, re.Pattern] = {
    "terrorism": rx(r"\bterroris[tm]", r"\bviolent extremis", r"\bextremist\b",
                    r"\bproscribed (?:organi[sz]ations?|groups?)\b",
                    r"\bdangerous organi[sz]ations\b",
                    r"\bterror(?: or \w+)? (?:groups?|organi[sz]ations?|cells?|networks?)\b",
                    r"\b(?:neo-?)?nazi (?:propaganda|symbols?|groups?|organi[sz]ations?)\b"),
    "csea": rx(r"\bchild sexual\b", r"\bcsam\b", r"\bcsea\b", r"\bcse\b",
               r"\bchild (?:abuse|exploitation|pornography|porn)\b",
               r"\bsexuali[sz]\w* (?:minors|children|a child|anyone under|young)",
               r"\bsexual[^.;]{0,40}\b(?:minors?|children|a child|under-?18s?|underage)\b",
               r"\bsexual\w*\s+(?:explicit\s+)?(?:content|material|images?|media)\b[^.;]{0,80}"
               r"\b(?:featuring|involving|depicting|showing)\s+(?:\w+\s+){0,2}(?:minors?|children|"
               r"a child|under-?18s?|underage)\b",
               r"\bgroom\w* (?:a |any )?(?:child|children|minors?|young|anyone under)",
               r"\b(?:exploits?|endangers?) (?:or (?:exploits?|endangers?) )?minors\b",
               r"\bcontent (?:depicting |involving |featuring )(?:or (?:depicting|involving) )?"
               r"(?:a person|anyone|any person|someone|a minor|minors)(?: who is)? under (?:the age"
               r" of )?18\b",
               r"\b(?:depicting|involving) (?:or involving )?(?:a person|anyone|any person) under "
               r"(?:the age of )?18\b",
               r"\bappears? to (?:be|depict) (?:a )?minors?\b", r"\bpa?edophil",
               r"\bchild pornograph",
               r"\b(?:minors?|children|anyone under 18|under-?18s?)\b[^.;]{0,25}\b(?:on camera|"
               r"on stream|in (?:any )?(?:content|videos?|streams?|images?|photos?))\b",
               r"\bchild sexual exploitation\b",
               # "exploits, harms or endangers children" (exploiting or endangering named first)
               r"\b(?:exploit|endanger)\w*(?:,?\s+(?:or\s+|and\s+)?(?:attempt\w*\s+to\s+)?"
               r"(?:exploit|endanger|abus|harm|threaten\w*\s+to\s+harm)\w*){0,3}\s+(?:of\s+)?"
               r"(?:minors|children|a\s+child|kids)\b",
               r"\babuse of (?:children|minors|a child)\b",
               r"\b(?:suggestive|sexuali[sz]ed|nude|naked)\s+(?:\w+\s+)?(?:images?|photos?|"
               r"pictures?|content|videos?|depictions?)\s+of\s+(?:minors|children|a\s+child|kids)\b"),
    "intimate_image_abuse": rx(
        r"\bintimate (?:image|images|imagery|photos?|videos?|content|pictures?)\b",
        r"\brevenge porn", r"\bncii\b", r"\bnon-?consensual\b", r"\bsextortion\b",
        # a sexual deepfake of a real person (a deepfake alone may be misinformation)
        r"\b(?:sexual\w*|nude|naked|intimate|porn\w*|explicit)\b[^.;]{0,40}\bdeep[- ]?fakes?\b",
        r"\bdeep[- ]?fakes?\b[^.;]{0,40}\b(?:sexual\w*|nude|naked|intimate|porn\w*|explicit)\b",
        r"\bhidden-?camera\b",
        r"\b(?:recorded|shared|uploaded|posted|filmed|broadcast|streamed|distributed|published)"
        r"(?: or \w+)? without (?:the |their |your |his |her )?consent\b",
        r"\bcontent (?:that )?shows you without your consent\b",
        r"\bwithout (?:the )?consent of (?:everyone|every|all|each|the (?:person|people)|anyone)",
        r"\bintimate\b[^.;]{0,60}\bwithout\b[^.;]{0,25}\bconsent\b",
        r"\b(?:private|intimate|nude|naked) (?:pictures?|photos?|images?|videos?) of (?:you|me|"
        r"yourself|someone|another person|them)\b",
        r"\bin a sexual act\b",
        r"\blikeness\w* of (?:\w+ ){1,3}in an? (?:pornographic|sexual|sexually explicit|nude)\b"),
    "hate": rx(r"\bhate (?:speech|crimes?|offen[cs]es|groups?|symbols?|raids?)\b", r"\bhateful\b",
               r"\bhatred\b", r"\bno hate\b", r"\bracis[mt]\b", r"\bsexis[mt]\b", r"\bhomophob",
               r"\btransphob", r"\bbigotry\b", r"\bslurs?\b", r"\bdiscriminat(?:ion|ory)\b",
               r"\bprotected (?:characteristics?|attributes?|groups?|classes)\b",
               r"\battack\w* (?:people|someone|anyone) (?:based|because)\b", r"\bxenophob",
               r"\bantisemit", r"\bislamophob", r"\bhatefully\b",
               r"\b(?:neo-?)?nazi (?:propaganda|symbols?|imagery|salutes?|ideology)\b",
               r"\bdiscriminat\w* against\b",
               # an attack on people for a protected characteristic: "intimidates anyone on the
               # basis of religion", "disparages any ethnic or religious group"
               r"\b(?:harass|intimidat|threat|abus|attack|disparag|denigrat|demean|vilif|insult|"
               r"discredit|victimi[sz]|degrad|mock|ridicul|incit|hostil|violen)\w*\b[^.;]{0,100}"
               r"\b(?:based\s+on|on\s+the\s+(?:basis|grounds?)\s+of|because\s+of|by\s+reason\s+of|"
               r"due\s+to)\b[^.;]{0,80}?\b(?:race|racial\w*|religio\w*|ethnic\w*|national origin|"
               r"sexual orientation|gender|gender identity|protected (?:class|categor)\w*)\b",
               r"\b(?:harass|intimidat|threat|abus|attack|disparag|denigrat|demean|vilif|insult|"
               r"discredit|victimi[sz]|degrad|mock|ridicul|incit|hostil|violen)\w*\b[^.;]{0,60}"
               r"\b(?:ethnic|racial|religious|national)\b(?:,?\s+(?:or\s+|and\s+)?\w+){0,4}\s+"
               r"(?:groups?|communit(?:y|ies)|minorit(?:y|ies))\b"),
    "harassment": rx(r"\bharass", r"\bstalk(?:ing|s|ed|er)?\b", r"\bdox(?:x)?(?:ing|ed)?\b",
                     r"\bintimidat", r"\bthreat(?:s|en\w*)?\b", r"\btargeted abuse\b",
                     r"\bdogpil", r"\bpile-?ons?\b", r"\bunwanted contact\b",
                     r"\bfollow\w* (?:someone|anyone|people) around\b",
                     r"\binsult(?:s|ing|ed)?\b(?! (?:to )?(?:human )?dignity)"),
    "fraud": rx(r"\bfraud", r"\bscam", r"\bphishing\b", r"\bdefraud", r"\bdeceptive practices\b",
                r"\bfake (?:investment|offers?|trades?|payments?|giveaways?|listings?)\b",
                r"\bfinancial promotions?\b", r"\bponzi\b", r"\bpyramid schemes?\b",
                r"\bfake (?:(?:and|or) \w+ |\w+ ){0,3}(?:reviews?|ratings?)\b"),
    "suicide_self_harm": rx(r"\bsuicid", r"\bself[- ]?harm", r"\bself[- ]?injur",
                            r"\b(?:hurt|kill|harm|injure)\w*(?: or (?:hurt|kill|harm|injure)\w*)? "
                            r"(?:themselves|yourself|oneself|himself|herself)\b"),
    "eating_disorders": rx(r"\beating disorders?\b", r"\bpro-?ana\b", r"\bpro-?mia\b",
                           r"\b(?:extreme|unsafe|dangerous) dieting\b",
                           r"\bpurging\b(?=[^.;]{0,80}\b(?:pro-?ana|pro-?mia|eat\w*|food|meals?|"
                           r"weight|diet\w*|bod(?:y|ies)|calories|vomit\w*))",
                           r"\b(?:restrict\w*|binge\w*|starv\w*)[^.;]{0,40}\bpurging\b",
                           r"\bthinspiration\b", r"\bdisordered eating\b",
                           r"\bunhealthy dieting\b", r"\b(?:drastic|extreme) weight loss\b"),
    "pornography": rx(r"(?<!child )\bpornograph", r"(?<!child )(?<!revenge )\bporn\b",
                      r"\bsexually explicit\b", r"\bexplicit (?:adult |sexual )?(?:content|"
                      r"material|images?|media|results)\b", r"\badult (?:content|material|"
                      r"nudity|videos?|entertainment)\b", r"\bnudity\b", r"\bnude\b",
                      r"\bsexual (?:content|activity|images?|material|acts?)\b",
                      r"\banything sexual\b", r"\bnsfw\b", r"\bnot work safe\b", r"\bx-rated\b",
                      r"\bsexually[- ]orien?tated\b", r"\bsexually[- ]oriented\b",
                      r"\bnot safe for work\b",
                      r"\bsexual,? (?:or |and )?(?:(?:violent|graphic|explicit|disturbing|gory|"
                      r"obscene|offensive|suggestive|hateful)\w*,? (?:or |and )?){1,2}content\b",
                      r"\bsexuali[sz]ed (?:images?|content|text|media|photos?|videos?)\b"),
    "violence": rx(r"\bthreats? (?:of|to commit) violence\b", r"\bincit\w* violence\b",
                   r"\bgraphic violence\b", r"\bgore\b", r"\bgory\b",
                   # "promotes bigotry, discrimination or violence", "includes ..., violence"
                   r"\b(?:incit|promot|glorif|encourag|celebrat|instruct|contain|depict)\w*"
                   r"(?:,?\s+(?:or\s+|and\s+)?[\w-]+){0,6}?,?\s+(?:or\s+|and\s+)?violence\b",
                   r"\bincludes\b(?:,?\s+(?:or\s+|and\s+)?[\w-]+){0,6}?,\s+violence\b",
                   r"\bviolence[- ](?:glorif|promot|incit)\w*", r"\btorture\b", r"\bcruelty\b",
                   r"\bbodily harm\b",
                   r"\bviolence against\b", r"\bsexual violence\b",
                   r"\bviolent(?! extremis)\b", r"\bthreaten\w* to (?:harm|hurt|kill|attack)\b",
                   r"\bmass shootings?\b", r"\bphysical harm\b",
                   r"\b(?:no|not|don't|never)\b[^.;]{0,30}\bviolence\b",
                   r"\bthreat\w* (?:to commit )?violence\b"),
    "bullying": rx(r"\bbull(?:y|ies|ied|ying)\b", r"\bcyberbull"),
    "dangerous_challenges": rx(r"\bstunts?\b",
                               r"\bdangerous (?:or illegal )?(?:acts|activities)\b",
                               r"\b(?:dangerous|risky|harmful) (?:\w+ )?"
                               r"(?:challenges?|pranks?)\b", r"\bchallenges? (?:or|and) "
                               r"(?:stunts|pranks)\b",
                               r"\bviral (?:\w+ )?(?:challenges?|pranks?)\b[^.;]{0,60}"
                               r"\b(?:dangerous|harm\w*|hurt|injur\w*|risk\w*)",
                               r"\b(?:dangerous|harm\w*|hurt|injur\w*|risk\w*)\b[^.;]{0,60}\bviral "
                               r"(?:\w+ )?(?:challenges?|pranks?)\b"),
    "harmful_substances": rx(r"\bdrugs?\b", r"\bnarcotics?\b", r"\bcontrolled substances?\b",
                             r"\bharmful (?:\w+ (?:or|and) )?substances?\b", r"\blegal highs\b",
                             r"\bmarijuana\b",
                             r"\bcannabis\b", r"\bcocaine\b", r"\bpharmaceuticals\b",
                             r"\bdangerous (?:amounts|quantities"
                             r"|doses)\b",
                             r"\bmisuse of (?:\w+ ){0,2}(?:drugs?|alcohol|medicines?|medications?|"
                             r"substances?|solvents?|inhalants?|prescription\w*)\b"),
}
#: A harm word at this place does not count ("threaten violence" is violence, not harassment).
HARM_LOCAL_VETO: dict[str, re.Pattern] = {
    "harassment": re.compile(r"threat\w*(?:\s+(?:of|to))?\s+(?:the\s+|their\s+|its\s+|our\s+|"
                             r"his\s+|her\s+)?(?:commit\s+)?(?:violen|harm|hurt|kill|share|post|"
                             r"release|publish|life|lives|public safety|safety|security|health|"
                             r"integrity|stability|mass|obstruct|potential|future|injury|violat|"
                             r"infring|breach|misappropriat|terroris|extremis|actors?\b|"
                             r"detection|intelligence|vectors?\b|landscape|(?:or\s+pending\s+)?"
                             r"(?:litigation|claims?\b|legal|action|proceeding))", IC),
}
NEVER = re.compile(r"(?!)")
#: The words just before a harm word (up to ``HARM_BEFORE`` characters, list lead-in included)
#: and just after it (``HARM_AFTER``) that make that one mention incidental: the harm word is the
#: object of a liability carve-out, a dispute clause or the provider's own checks, not a rule.
HARM_BEFORE, HARM_AFTER = 120, 80
HARM_CONTEXT_VETO: dict[str, tuple[re.Pattern, re.Pattern]] = {
    # any harm: a list of legal claims or liabilities ("claims for defamation, obscenity, fraud")
    "*": (rx(r"\bclaims\s+(?:for|based\s+on)\b[^.;]*$"),
          NEVER),
    "terrorism": (
        # sanctions and export clauses: "a country designated as terrorist supporting"
        rx(r"\b(?:embargo\w*|sanction\w*|export\w*|designated)\b[^;]{0,80}$",
           r"\bsponsors?\s+of\s+$", r"\banti-$", r"\bfinancing\s+of\s+$"),
        # ... and know-your-customer checks against "terrorist financing"
        rx(r"^\w*\W{0,2}\s+(?:supporting|sponsoring)\s+(?:countr|state|nation)",
           r"^\w*\s+financ")),
    "harassment": (
        # "a security threat", a court filing made "to harass, cause unnecessary delay"
        rx(r"\b(?:security|cyber|technical)\s+$", r"\bimproper\s+purpose\b[^.;]{0,30}$",
           r"\b(?:actual|pending)\s+or\s+$", r"\blife-$",
           r"\bacts\s+that\s+$"),
        rx(r"^\w*,?\s+(?:or\s+)?cause\s+unnecessary\s+delay")),
    "intimate_image_abuse": (
        # deepfakes among misinformation; consent of the parties to a proceeding
        rx(r"\b(?:misinformation|disinformation|fake\s+news|propaganda|conspiracy)\b[^.;]{0,60}$",
           # a privacy promise: "your personal data will not be shared without your consent"
           r"\b(?:data|information|details|e-?mail\s+address(?:es)?)\b[^.;]{0,40}$"),
        rx(r"^[^.;]{0,30}\bparties\b", r"^\w*,?\s+(?:propaganda|conspiracy|misinformation|"
           r"disinformation|fake\s+news)\b", r"^non-?consensual\s+(?:acts?|sex\b|sexual\s+acts?)")),
    # handled "in a non-discriminatory manner"; "we will not discriminate against you for
    # exercising your privacy rights"
    "hate": (rx(r"\bnon-$"), rx(r"^[^.;]{0,40}\bfor\s+exercising\b")),
    # a liability carve-out: "our liability for death or bodily harm caused by negligence"
    "violence": (rx(r"\bliab(?:le|ility)\s+(?:\w+\s+){0,3}for\b:?[^.;]{0,40}$"),
                 rx(r"^\w*\s+(?:harm\s+)?to\s+property\b",
                    r"^\w*(?:\s+\w+){0,2}\s+caused\s+by\s+(?:\w+\s+)?negligen")),
    "harmful_substances": (rx(r"\bfood\s+and\s+$"), rx(r"^\w*\s+administration\b")),
    # a safety disclaimer about using the app, not content: "do not use it while driving or
    # during dangerous activities"
    "dangerous_challenges": (rx(r"\b(?:while|during)\s+(?:\w+\s+){0,4}$"),
                             rx(r"^[^.;]{0,60}\bat\s+your\s+own\s+risk\b")),
    "pornography": (
        # sexual content of children is csea; nude images shared without consent are NCII
        # (a private nude is an intimate image; a real person's likeness made pornographic is a
        # sexual deepfake)
        rx(r"\b(?:child|children|minors?|kids?)\s+(?:\w+\s+){0,2}(?:in\s+)?(?:a\s+)?$",
           r"\bprivate\s+(?:\w+,?\s+(?:or\s+|and\s+)?){0,2}$",
           r"\blikeness\w*\s+of\s+(?:\w+\s+){1,3}in\s+an?\s+$"),
        rx(r"^\w*(?:\s+\w+){0,2}\s+(?:involving|of|depicting|featuring|with|to|showing|from)\s+"
           r"(?:a\s+|any\s+)?(?:child|children|minors?|kids?|under-?age|anyone\s+under)\b",
           r"^\w*\s+(?:minors?|child(?:ren)?|kids?)\b",
           r"^[^.;]{0,80}\bwithout\s+(?:the\s+|their\s+|his\s+|her\s+)?(?:[\w’']+\s+){0,2}"
           r"(?:consent|permission)\b", r"^[^.;]{0,60}\bthreat\w*\s+(?:of|to)\s+"
           r"(?:disseminat|shar|releas|distribut|post|publish)")),
    "fraud": (
        # before the word
        rx(r"\b(?:liab\w*|liable|not\s+(?:be\s+)?responsible)\s+(?:\w+\s+){0,3}(?:for|from)\b:?"
           r"(?:(?!\b(?:you|users?)\s+(?:must|may|shall|will)\b)[^.;]){0,80}$",
           r"\bnegligen\w*,?\s+(?:(?:or|and)\s+)?$", r"\btort\b[^.;]{0,40}$",
           r"\bcontract,\s+(?:[\w ]+,\s+){0,4}$", r"\barbitration\b[^.;]{0,40}$",
           r"\bcomputer[- ]$", r"\b(?:tampering|bugs|virus\w*),?\s+(?:\w+,?\s+){0,2}$",
           r"\b(?:suspect(?:s|ed)?|suspicion\s+of)\s+(?:any\s+|possible\s+)?$",
           # the provider's own prevention: "to prevent fraud", "screen orders for fraud" (but
           # "we detect and remove scams" is how the harm is handled)
           r"\b(?:prevent\w*|screen\w*(?:\s+\w+){0,2}\s+for)(?:,?\s+(?:or\s+|and\s+)?"
           r"(?:otherwise\s+)?(?:prevent|detect|address|investigat|resolv|reduc)\w*)*,?\s+"
           r"(?:any\s+|possible\s+|potential\s+|suspected\s+)?$",
           r"\b(?:bad debts?|chargebacks?|credit card returns?)\b[^.;]{0,60}$",
           r"\bprotect\w*\s+(?:(?:you|yourself|themselves|users|customers|members|us)\s+)?"
           r"(?:against|from)\s+$", r"\banti-$", r"\bcircumvent\w*,?\s+(?:\w+,?\s+){0,3}$",
           r"\b(?:orders?|payments?|purchases?)\s+(?:\w+\s+){0,2}(?:be|is|are|seems?)\s+$"),
        # after the word
        rx(r"^\w*(?:\s+or\s+fraud\w*)?\s+(?:misrepresentation|concealment|inducement|"
           r"misconduct)\b", r"^\w*\s*(?:,|or|and)?\s*(?:gross\s+)?negligen",
           r"^\w*,?\s+(?:or\s+)?(?:a\s+)?(?:security|chargebacks?)\b",
           r"^\w*(?:-?\s+(?:and|or)\s+\w+)?[- ]\s*(?:checks?|prevention|screening|detection|"
           r"monitoring|alerts?|protection|systems?|laws?)\b",
           r"^\w*\s+(?:use\s+of\s+data|concealed)\b", r"^\w*\s+and\s+abuse\s+act\b",
           r"^\w*\s+or\s+deceit\b",
           r"^\w*,?\s+(?:error|omission|interruption)\b",
           # payment fraud and break-ins: "fraudulent payment means", "fraudulent access to our
           # systems"
           r"^\w*\s+(?:payment|card|credit\s+card|access\s+to)\b",
           # "fraudulent use of the service / of your account" (account or payment fraud)
           r"^\w*\s+use\s+of\s+(?:the|our|this|its|any|your)\s+(?:\w+\s+)?(?:service|services|"
           r"account|accounts|platform|app|website|site|products?)\b"),
    ),
}
#: A term defined in parentheses: (“Fraudulent Activity”), ("Prohibited Content").
DEFINED_TERM = re.compile(r"\(\s*(?:the\s+)?[\"“]([A-Z][\w -]{2,40})[\"”]\s*\)")
#: Sentences where a harm word is incidental (force majeure, payment fraud, "threaten to share").
HARM_VETO: dict[str, re.Pattern] = {
    "terrorism": rx(r"\bbeyond (?:our|its) (?:reasonable )?control\b", r"\bforce majeure\b",
                    r"\bacts of god\b", r"\boutside (?:our|its) (?:reasonable )?control\b",
                    r"\bnot (?:be )?liable\b"),
    "fraud": rx(r"\bfraud (?:checks?|prevention|screening|detection|monitoring)\b",
                r"\bprotect\w* (?:you |users |customers )?(?:against|from) "
                r"(?:payment |card )?fraud",
                r"\b(?:payment|card|credit card|transaction) fraud\b",
                # an indemnity: "you will hold us harmless from claims arising from your fraud"
                r"\bindemnif", r"\bhold\b[^.;]{0,60}\bharmless\b",
                # fraud against the provider: a refund clause, gaming a points or rewards
                # scheme, inflating ad clicks or payouts
                r"\brefunds? (?:requests?|polic(?:y|ies))\b",
                r"\b(?:refuse|deny|decline|withhold|delay|suspend)\w* (?:a |any |the )?"
                r"(?:refunds?|payments?|remuneration|payouts?)\b", r"\bremuneration\b",
                r"\b(?:reward|points?|loyalty|referral|bonus|incentive|compensation|cashback) "
                r"(?:system|program|programme|scheme)s?\b",
                r"\b(?:click|impression|lead|traffic|ad|advertising|affiliate|install) fraud\b",
                r"\binflat\w*\b[^.;]{0,40}\b(?:clicks?|impressions?|views|figures|counts?|"
                r"traffic|CP[ACLM])\b", r"\b(?:redeem|redemption)\b",
                r"\bfraud\w* (?:or (?:other )?\w+ )?against (?:itself|us|the company)\b"),
    "csea": rx(r"\bsex offender\b(?![^.]*\bchild)"),
    "violence": rx(r"\bnot (?:be )?liable\b", r"\bbeyond (?:our|its) (?:reasonable )?control\b"),
    "pornography": rx(r"\bsexually explicit (?:content|material|images?) (?:involving|of|"
                      r"depicting) (?:minors|children|a child|anyone under)",
                      # a disclaimer that content filters may let explicit material through
                      r"\bfilter\w*\b[^.]*\b(?:not\s+rely|may\s+still|be\s+aware)\b",
                      r"\b(?:not\s+rely|may\s+still|be\s+aware)\b[^.]*\bfilter"),
}

# -- reporting ----------------------------------------------------------------------------------
REPORT_WORD = rx(r"\breport(?!age)", r"\bflag\b", r"\bflag (?:any|a|it|the)\b", r"\bto flag\b",
                 r"\balert a moderator\b", r"\bnotify us\b", r"\btell us about\b",
                 r"\blet us know\b", r"\bremoval (?:form|request)", r"\btakedown (?:form|request)",
                 # "all requests about content go through the contact form"
                 r"\b(?:requests?|notices?|complaints?) (?:\w+ )?(?:related to|relating to|about|"
                 r"regarding|concerning) (?:the |any |a )?(?:content|posts?|material|users?)\b")
#: Weak report words ("let us know", "notify us") count only when about content, users or rules.
REPORT_WEAK = rx(r"\bnotify us\b", r"\btell us about\b", r"\blet us know\b")
REPORT_TOPIC = rx(r"\bcontent\b", r"\bposts?\b", r"\busers?\b", r"\bmembers?\b", r"\bviolat",
                  r"\bbreach", r"\babus", r"\bharass", r"\billegal\b", r"\bunlawful\b", r"\bharm",
                  r"\binappropriate\b", r"\boffensive\b", r"\brules\b", r"\bguidelines\b",
                  r"\bterms\b", r"\bbreaks?\b", r"\bimages?\b", r"\bvideos?\b", r"\bconduct\b",
                  r"\bbehaviou?r\b", r"\bsafety\b", r"\bconcern")
REPORT_ROUTE = rx(r"\bbutton\b", r"\blinks?\b", r"\bicon\b", r"\bmenu\b", r"\boption\b",
                  r"\bform\b", r"\bpage\b", r"\btab\b", r"\be-?mail", r"[\w.-]+@[\w-]+\.\w",
                  r"\bthree dots\b", r"•••|…|\.\.\.", r"\bfunction\b", r"\bfeature\b",
                  r"\"report", r"“report", r"\breport (?:abuse|this|it from)\b",
                  r"\bselect(?:ing)? \"", r"\bprivate message\b", r"\bdm any\b",
                  r"\bmessage (?:a|any) (?:moderator|mod)", r"\bto (?:the|a|our) moderators?\b",
                  r"\bhelp cent(?:re|er)\b", r"\bprofile menus?\b",
                  r"\b(?:tap|click|select|choose|press|hit)\s+(?:on\s+)?(?:the\s+)?[\"“'‘]?report\b",
                  r"\bnoticeboard\b", r"/report\b",
                  # a link kept as its address, or worded "click here"
                  r"https?://", r"\b(?:click|tap) here\b",
                  # "you can report it to us" (the link sits on the words in the original)
                  r"\b(?:can|may|should|please) report\b[^.;]{0,60}\bto us\b",
                  r"\bhelp (?:site|pages?)\b", r"\bto our (?:support|safety|trust)\b",
                  r"\breporting (?:system|tools?|features?|functions?|buttons?|forms?|channels?|"
                  r"pages?)\b",
                  # in-service reporting: "report content via our services", "please flag it"
                  r"\breport (?:\w+ ){0,2}(?:via|through|using|in|within) (?:our|the) (?:services?|"
                  r"apps?|platform|site|website|product)\b",
                  r"\b(?:please|can|may|should) flag (?:it|them|this|that|content|posts?|reviews?|"
                  r"comments?|the \w+)\b",
                  # "we provide a simple way to report misuse"
                  r"\b(?:a|an|our) (?:\w+ )?(?:way|tool|tools|form|feature|channel|button) "
                  r"(?:to|for) report")
UI_CONTROL = rx(r"\b(?:press|click|tap|use|select|choose|hit)\b[^.;]{0,50}\b(?:button|link|icon|"
                r"flag)\b[^.;]{0,30}\b(?:next to|under|beside|below|on|in the corner of) "
                r"(?:the|any|each|every|a|it|them|their|your|his|her)\b")
CONCERN = rx(r"\bif you (?:see|believe|think|find|spot|appear|are worried|come across|"
             r"notice|encounter|discover|identify|witness|become aware|are aware|suspect)\b",
             r"\bif (?:someone|anyone|a user|another user|something|a post)\b")
#: A route given after a concern ("if you come across ..., e-mail us at", "click the button").
CONCERN_ROUTE = rx(r"\b(?:use|complet|fill|submit|e-?mail|contact|writ|notif|messag|send|click|"
                   r"tap|press|go|visit)\w*\b[^.;]{0,60}(?:\b(?:form|e-?mail|button|link|page|"
                   r"portal|menu|icon|help (?:site|cent(?:re|er))|support team)\b|@|https?://)",
                   r"\b(?:click|tap) here\b")
#: A concern about the service's own decision ("if you believe we removed it in error") is an
#: appeal, not a report.
CONCERN_APPEAL = rx(r"\bappeal", r"\bin error\b", r"\bby mistake\b", r"\ba mistake\b",
                    r"\bour decision\b")
CONCERN_TOPIC = rx(r"\b(?:content|post|image|video|illegal|consent|rules|breaks?|violat\w*|"
                   r"breach\w*|inappropriate|offensive|abus\w*|harass\w*)\b")
REPORT_VETO = rx(r"\bcopyright\b", r"\bdmca\b", r"\binfring", r"\bbugs?\b",
                 r"\bsecurity (?:problem|issue|vulnerabilit|flaw|breach|incident)",
                 r"\bvulnerabilit",
                 r"\btransparency report", r"\bwe (?:will )?report\b", r"\breported to\b",
                 r"\breport (?:is|was) made\b", r"\breports? (?:it|them) to (?:the )?(?:police|"
                 r"ncmec|nca)\b", r"\bfalse (?:or \w+ )?reports\b", r"\babusing the reporting\b",
                 # misuse of the reporting tools is a rule for reporters, not a route
                 r"\bmisus\w* (?:of )?(?:the |our |any |its )(?:\w+,? ){0,2}(?:reporting|"
                 r"flagging)\b", r"\b(?:fraudulent|groundless|frivolous|"
                 r"vexatious|unfounded) (?:or \w+ )?reports\b",
                 # the provider reporting to others (credit bureaus, authorities)
                 r"\b(?:may|will|shall) (?:also )?report\b[^.;]{0,60}\bto (?:the )?(?:credit|"
                 r"authorit|law enforcement|police|regulator|competent)",
                 # account security (stolen passwords) and contract disputes
                 r"\b(?:accounts?|passwords?|credentials|user ?names?)\b[^.;]{0,40}\b(?:stolen|"
                 r"compromised|misappropriated|hacked)\b",
                 r"\bunauthori[sz]ed (?:use|access) (?:of|to) (?:your|their|the|any|an) "
                 r"(?:\w+ )?(?:accounts?|passwords?|credentials|logins?|user ?names?)\b",
                 r"\barbitrat", r"\bnotice of dispute\b")
#: A veto word the reporting of wrongdoing outweighs (outside e-mail addresses and links).
REPORT_VETO_EXEMPT = rx(r"\b(?:illegal|abus|harass|breaks?|violat|hate)\w*")
#: Complaints about content made through the service's support ("complain via our support team").
COMPLAIN_WORD = rx(r"\bcomplain", r"\bcomplaints?\b")
COMPLAIN_ROUTE = rx(r"\bsupport (?:service|team|desk|staff|centre|center|site)\b",
                    r"\bcustomer (?:service|support|care)\b",
                    r"\bhelp (?:site|cent(?:re|er)|desk)\b",
                    r"\bcontact(?:ing)? (?:us|our)\b", r"\bcontact form\b", r"[\w.-]+@[\w-]+\.\w",
                    r"\bcomplaints? form\b", r"https?://")
REPORT_HEADING = rx(r"\breport", r"\bflag", r"\btell us\b", r"\bsomething (?:is )?wrong\b",
                    r"\bconcern", r"\balert\b", r"\bremoval requests?\b", r"\bnotices?\b")
#: A heading about reporting under which a bare link is the reporting route.
REPORT_HEADING_STRICT = rx(r"\breport(?:ing)? (?:a |an )?(?:violations?|abuse|content|concerns?|"
                           r"users?|problems?)\b", r"\bhow to report\b", r"\bflagging\b")

# -- complaints and appeals ----------------------------------------------------------------------
COMPLAINT = rx(r"\bappeal(?:s|ed|ing)?\b(?! (?:are|is) not)", r"\bcomplain", r"\bcomplaints?\b",
               r"\brequest(?:ing)? (?:a )?review\b", r"\bask us to review\b",
               r"\breview (?:the|our|a|your) decision\b", r"\blook at the decision again\b",
               r"\bdecision (?:again|reviewed)\b", r"\bgot it wrong\b", r"\bmade a mistake\b",
               r"\bit was a mistake\b", r"\bby mistake\b",
               # "if you believe your account was suspended in error", "that was a mistake"
               r"\bin error\b",
               r"\b(?:was|were|is|been) (?:a |made (?:in|by) )?(?:mistake|error)\b",
               r"\b(?:wrongly|mistakenly|wrongfully|unfairly) (?:\w+ )?(?:removed|suspended|banned|"
               r"blocked|disabled|terminated|restricted|deleted|flagged|taken down|penali[sz]ed)\b",
               r"\b(?:removed|suspended|banned|blocked|disabled|terminated|restricted|deleted|"
               r"flagged|taken down|penali[sz]ed) (?:\w+ ){0,3}(?:wrongly|mistakenly|wrongfully|"
               r"unfairly)\b",
               # "we will offer you an opportunity to explain or object"
               r"\bopportunity (?:for you )?to (?:\w+ (?:or|and) )?(?:object|contest|challenge)\b",
               r"\b(?:contest|challenge) (?:the|our|this|that|a|any|your|such) (?:\w+ )?"
               r"(?:decision|action|removal|suspension|ban|strike|termination|restriction)",
               # "if you disagree with the decision", not "disagree with the post, not the person"
               r"\bdisagree with (?:a|the|our|what)\b(?=[^.;]{0,40}\b(?:decisions?|outcomes?|"
               r"actions?|removal|ban|suspension|we|us|moderators?|admins?|did|decided)\b)",
               r"\bunhappy with (?:a|the|our|how)\b", r"\bout-of-court\b",
               r"\bdispute settlement body\b", r"\bshould be lifted\b",
               r"\breconsider\w* (?:the|our) decision\b",
               r"\bask (?:us )?(?:to )?(?:look again|reconsider|check again|take another look)\b",
               r"\b(?:ask|request) for (?:a )?(?:review|second look|reconsideration)\b",
               r"\bunblock request\b")
COMPLAINT_CONTEXT = rx(r"\bdecision", r"\bremov", r"\bsuspen", r"\bban(?:s|ned)?\b", r"\bdisabl",
                       r"\baccount\b", r"\bcontent\b", r"\bpost\b", r"\breport", r"\bmoderat",
                       r"\bappeal", r"\baction", r"\bwrong\b", r"\bmistake\b", r"\bsafety\b",
                       r"\bduties\b", r"\bcomplaints? (?:team|officer|form|process|procedure)",
                       r"\bhow we (?:handle|run|deal)", r"\bform\b", r"\bcomplain (?:about|to)\b",
                       r"\bterminat", r"\brestrict", r"\bstrike\b")
#: How the user complains or appeals: who may, a form, an address, a process (a complaint the
#: provider merely receives, "if we get a complaint, we may remove", gives the user no way).
COMPLAINT_ROUTE = rx(
    r"\b(?:you|users?|members?|creators?|all|anyone|(?:the )?(?:affected )?(?:user|member|"
    r"person|reporter|complainant))\s+(?:\w+,?\s+)?(?:can|may|could|are (?:able|entitled|welcome)|"
    r"is (?:able|entitled)|will be able|have (?:the|a|an) (?:right|option|opportunity|chance))\b",
    r"\bopportunity (?:for you )?to\b",
    r"\b\w+ (?:may|can) (?:appeal|complain|contest|challenge|object|request|ask|submit)\b",
    r"\b(?:submit|fil(?:e|ing)|lodg|send|make|rais|bring|start|open)\w* (?:an? |your |the |any )?"
    r"(?:\w+ )?(?:appeals?|complaints?|requests?|objections?)\b",
    r"\bhow (?:to|you can|users can) (?:\w+ )?(?:appeal|complain|contest|challenge|dispute|object)",
    r"\b(?:appeals?|complaints?|review)[- ](?:forms?|process(?:es)?|procedures?|mechanisms?|"
    r"systems?|channels?|pages?|requests?|teams?)\b",
    r"\bcomplaints?[- ]handling\b", r"\bout-of-court\b", r"\bdispute settlement bod",
    r"\binternal (?:appeal|complaint|review)", r"\broutes? of appeal\b",
    r"\bif you (?:believe|think|feel|disagree|consider|wish)\b",
    r"\b(?:contact\w*|e-?mail\w*|write to|reach|message|tell|let) (?:us|our|the|\w+ support)\b",
    r"@[\w-]+\.\w",
    r"\bform\b", r"https?://", r"\b(?:click|tap|press)\b", r"\bhere\b",
    r"\bfollow\w* (?:the |these |our )?(?:instructions|steps|procedure|process)\b",
    r"\breply(?:ing)? to\b", r"\bvia\b", r"\bthrough (?:the|our|your)\b",
    r"\b(?:links?|buttons?|settings|in-app|in the app)\b",
    r"\byou have (?:\w+ ){0,3}to (?:appeal|complain|contest|challenge)\b",
    r"^\W*(?:appeal|contest|challenge|complain)\b",
    r"\bask(?:ing)? (?:us|for)\b", r"\brequest(?:ing)? (?:a |an )?(?:review|reconsideration)\b",
    r"\bappeals? (?:are|is|will be) (?:available|possible|open|reviewed|handled|considered)")
COMPLAINT_VETO = rx(r"\border", r"\bdeliver", r"refund", r"\breplacement\b", r"\bbilling\b",
                    r"\bdamaged\b", r"\bcopyright\b", r"\bdmca\b", r"\bcounter-?notic",
                    r"\barbitrat", r"\bjury\b", r"\bclass action\b", r"\bsmall claims\b",
                    r"\bsex appeal\b", r"\bappeals? to (?:you|users|children|people)\b",
                    r"\binformation commissioner", r"\bico\b",
                    r"\b(?:charged|overcharged)\b", r"\bcharges? (?:on|to) your\b",
                    # courts and contract claims: awards, lawsuits, indemnities, releases
                    r"\baward\b", r"\bFAA\b", r"\bJAMS\b", r"\blawsuits?\b", r"\badjudicat",
                    r"\bcause of action\b", r"\bindemnif", r"\bhold (?:\w+ )?harmless\b",
                    r"\bclaims?, complaints?\b", r"\bcomplaints?, (?:demands?|claims?)\b",
                    r"\blegal complaints?\b",
                    # consumer-protection and data-protection bodies
                    r"\bcomplaint assistance unit\b", r"\bdivision of consumer services\b",
                    r"\bsupervisory authorit", r"\bdata protection (?:authorit|regulator)",
                    # intellectual property procedures (DMCA counter-notice wording)
                    r"\bintellectual property\b", r"\binfring", r"\btrademarks?\b",
                    r"\bmisidentification\b",
                    r"\b(?:designated|our|copyright|dmca) agent\b", r"\bpenalty of perjury\b",
                    # objecting to changed terms is no complaint about moderation
                    r"\bchanged terms\b", r"\bchanges to (?:these|the|our) terms\b",
                    r"\bobject(?:ion)? to (?:the |these |such )?(?:changes|modifications)\b",
                    # complaints the provider receives from others, not a user's way to complain
                    r"\bthird[- ]party complaints\b",
                    r"\bcomplaints? (?:from|by) (?:other|third|any|another)\b",
                    r"\bin response to (?:a |any )?complaints?\b",
                    r"\bif we (?:receive|get) (?:a|any) complaint",
                    # business sellers' (P2B) complaint systems
                    r"\btraders?\b", r"\bbusiness users?\b",
                    # "appealing for votes", "designed to appeal to"
                    r"\bappealing (?:to|for)\b", r"\bappeals? to (?:you|users|children|people|"
                    r"minors|audiences?|the (?:public|audience|prurient)|\w+ interests?)\b",
                    r"\b(?:designed|intended|meant|likely) to (?:\w+ )?appeal\b",
                    # a ban on misusing the processes, not the process itself
                    r"\b(?:misus\w*|abus(?:e|es|ing)) (?:of )?(?:the |our |any |its )"
                    r"(?:\w+,? ){0,3}(?:complaints?|appeals?)\b",
                    r"\bimproperly (?:\w+ )?(?:complain\w*|complaints?|appeals?)\b",
                    r"\b(?:false|groundless|frivolous|vexatious|fraudulent|unfounded|bad[- ]faith) "
                    r"(?:(?:reports?|notices?|claims?|submissions?|takedown|flags?)"
                    r"(?:,| or| and)* )*"
                    r"(?:complaints?|appeals?)\b",
                    # a mistake the user made ("if you deleted your account by mistake")
                    r"\byou (?:have |'ve |had )?(?:accidentally |mistakenly )?(?:deleted|closed|"
                    r"removed|cancel+ed|sent|made|purchased|bought|paid)\b[^.;]{0,40}\bby mistake")
#: Complaints listed among general questions ("questions, comments or complaints"): not about
#: content or moderation unless the sentence says so.
GENERAL_INQUIRY = rx(r"\b(?:questions?|comments?|feedback|inquiries|enquiries|information|"
                     r"suggestions?|concerns?),? (?:\w+,? ){0,3}(?:or|and) complaints?\b",
                     r"\bcomplaints?,? (?:\w+,? ){0,3}(?:or|and) (?:other )?(?:questions?|"
                     r"comments?|feedback|inquiries|enquiries|suggestions?)\b",
                     r"\bquestions?, (?:\w+, )*complaints?\b")
MODERATION = rx(r"\bdecision", r"\bremov", r"\bsuspen", r"\bban(?:s|ned)?\b", r"\bdisabl",
                r"\bcontent\b", r"\bmoderat", r"\bterminat", r"\brestrict", r"\bstrike\b",
                r"\breport(?:s|ed|ing)?\b", r"\bsafety\b", r"\bviolat", r"\binappropriate\b",
                r"\billegal\b")
#: Sections about courts, arbitration, liability or intellectual property.
COMPLAINT_HEADING_VETO = rx(r"\barbitrat", r"\bclass[- ]action", r"\bgoverning law\b",
                            r"\bcalifornia\b", r"\bdispute resolution\b", r"\blegal disputes?\b",
                            r"^\W*disputes?\W*$", r"\bindemni", r"\bdisclaimer",
                            r"\blimitation of liability", r"\bcopyright\b", r"\bdmca\b",
                            r"\bintellectual property\b", r"\bcounter[- ]?notic", r"\bdata subject")
NO_APPEAL = rx(r"\bdecisions? (?:\w+ ){0,4}(?:is|are) final\b", r"\bnot subject to (?:any )?appeal",
               r"\bappeals? (?:are|is|will) not (?:be )?(?:accepted|considered|possible|"
               r"available)\b", r"\bno appeals?\b", r"\bcannot be appealed\b",
               r"\bdecision is final\b", r"\bwithout (?:any )?(?:right of )?appeal\b",
               r"\b(?:not|nor|no)\b[^.;]{0,60}\bsubject to (?:any )?(?:\w+,? ){0,3}(?:or )?appeal")

# -- technology ----------------------------------------------------------------------------------
PROACTIVE = rx(
    r"\bautomat(?:ed|ic)\s+(?:\w+[ -]){0,3}(?:tools?|systems?|detection|moderation|scanning|"
    r"filters?|filtering|classification|classifiers?|checks?|review|technolog(?:y|ies)|"
    r"processes|means|methods|mechanisms?|software|programs?|content detection|flagging|"
    r"recognition|bots?|removal|blocking|blockage|deletion)\b",
    r"\b(?:proprietary|automated|in-house) technolog(?:y|ies) (?:that|which|to) (?:\w+ ){0,2}"
    r"(?:analy[sz]es?|reviews?|scans?|detects?|checks?|screens?|identif(?:y|ies))\b",
    r"\btechnological (?:review|checks?|screening|filters?)\b",
    r"\b(?:performed|carried out|done|assisted|informed) by (?:software|machines|"
    r"automated)\b",
    r"\b(?:cheat|fraud|spam|abuse|bot|malware|virus)[- ]detection (?:software|systems?|tools?|"
    r"technolog(?:y|ies)|features?|programs?)\b",
    r"\btechnical (?:solutions|means|measures|tools) (?:[\w/]+ ){0,4}(?:identify|identifying|"
    r"detect|detecting|filter|filtering|screen|screening|review|reviewing)\b",
    r"\balgorithmic (?:and human |or human )?(?:review|moderation|detection|filtering|tools?)\b",
    r"\b(?:use|uses|using) automation\b",
    r"\balgorithms? (?:to|that|which) (?:\w+ ){0,2}(?:detect|identify|flag|filter|screen|"
    r"find|remove|block)",
    r"\bautomatically\s+(?:\w+\s+)?(?:scan|scanned|filter|filtered|hide|hides|hidden|block|"
    r"blocked|check|checked|detect|detected|flag|flagged|match|matches|matched|de-?index|"
    r"de-?indexed|remove|removed|reject|rejected|review)\b",
    r"\b(?:scanned|filtered|checked|blocked|flagged|deindexed|de-indexed|removed|deleted|hidden|"
    r"rejected) automatically\b",
    r"\bwe (?:may )?(?:use|employ|apply|run) (?:\w+ ){0,2}filters? (?:to|that|which)\b",
    r"\b(?:deletes?|removes?|blocks?|hides?|flags?|filters?|scans?|checks?)\b[^.;]{0,40}"
    r"\bautomatically\b", r"\bauto-?mod\b",
    r"\bautomatically\s+(?:\w+\s+)?(?:transcribe|classify|moderate|analy[sz]e|label|detect)s?\b",
    r"\bclassifiers?\b", r"\bmachine[- ]learning\b", r"\bartificial intelligence\b",
    r"\b(?:keyword|word|chat|spam|profanity|content|explicit media|nudity) filters?\b",
    r"\bhash[- ]?(?:matching|sharing|lists?|database)\b", r"\bphotodna\b",
    r"\bhashes of (?:known|intimate)\b", r"\b(?:image|video|photo)[- ]hashing\b",
    r"\bmatch\w* (?:\w+ ){0,3}hashes\b", r"\bagainst (?:\w+ ){0,4}hashes\b",
    r"\bproactive (?:technology|detection|tools?|moderation)\b", r"\bcontent id\b",
    r"\b(?:photo|video|image)(?:-| and video-| and photo-)?matching technology\b",
    r"\bdigitally fingerprinted\b", r"\bfingerprint(?:ing|s)? (?:technology|of known)\b",
    r"\b(?:our )?systems? (?:\w+ ){0,2}(?:scan|detect|estimate|flag|filter)s?\b",
    r"\bscan(?:s|ned|ning)? (?:\w+ ){0,3}(?:photos|images|videos|uploads|files|messages|links)\b",
    r"\burl list\b", r"\bai[- ](?:powered|based|models?|tools?)\b", r"\bai\b(?= (?:to|that))",
    r"\b(?:automated|automatic) (?:or|and) (?:manual|human)\b",
    r"\b(?:technology|technologies|technical tools) and human (?:review|reviewers|moderat\w*)\b",
    r"\bhuman (?:review|reviewers|moderators|moderation) and (?:technology|technologies)\b",
    r"\b(?:manual|human) (?:or|and) (?:automated|automatic)\b")
#: The service's own purpose for the technology: finding or acting on violations, spam, harm.
PROACTIVE_PURPOSE = rx(
    r"\bdetect", r"\bidentif", r"\bmoderat", r"\breview", r"\bmonitor", r"\benforc",
    r"\bscreen", r"\bfilter", r"\bblock", r"\bremov", r"\bflag", r"\bscan", r"\bspam",
    r"\babus", r"\bfraud", r"\bviolat", r"\bbreach", r"\bharmful\b", r"\billegal\b",
    r"\bunlawful\b", r"\bprohibited (?:content|material|conduct|activit)",
    r"\binappropriate\b", r"\bsafety\b", r"\bintegrity\b", r"\bcompl(?:y|iance)\b",
    r"\bmisuse\b", r"\bmanipulat", r"\bfake\b", r"\bmalware\b", r"\bcheat",
    r"\bobjectionable\b", r"\bguidelines\b", r"\bspot(?:s|ting)?\b", r"\bcatch", r"\binfring",
    r"\bprevent\b", r"\bcontrary to\b", r"\bcheck(?:s|ed)?\b",
    r"\b(?:take|takes|taken|taking|took) down\b", r"\bhid(?:e|es|den|ing)\b", r"\bbanned\b",
    r"\breject")
#: Strong wording that names moderation technology by itself (no purpose needed).
PROACTIVE_STRONG = rx(
    r"\bauto-?mod\b", r"\bproactive (?:technology|detection|tools?|moderation)\b",
    r"\bhash[- ]?(?:matching|sharing|lists?|database)\b", r"\bphotodna\b",
    r"\bcontent id\b", r"\b(?:keyword|word|chat|spam|profanity|content|explicit media|nudity|"
    r"safety|abuse) filters?\b", r"\b(?:content|spam|abuse|risk)[- ]filtering (?:techniques|"
    r"technolog(?:y|ies)|systems?|tools?|software|mechanisms?)\b", r"\bdigitally fingerprinted\b",
    r"\bautomated (?:content )?moderation\b",
    r"\bautomatic(?:ally)? (?:\w+ )?(?:removal|blocking|blockage|flagging)\b")
PROACTIVE_ANY = re.compile(PROACTIVE.pattern + "|" + PROACTIVE_STRONG.pattern, IC)
#: The technology used on or by something else than moderation: users' model training, AI
#: features that write or translate, recommendations, telephone dialling, ad clicks.
PROACTIVE_OFF = rx(
    r"\btrain", r"\bdevelop\w* (?:\w+ ){0,4}(?:models?|ai|artificial intelligence|machine[- ]"
    r"learning)", r"\bgenerat", r"\btranslat", r"\brecommend", r"\bpersonali[sz]",
    r"\bdialing\b", r"\bdialling\b", r"\bclicks?\b", r"\bcompet", r"\breverse engineer",
    r"\bai (?:features?|tools?|functionalit)", r"\binference\b", r"\boutputs?\b", r"\banswers\b",
    r"\be-?mails?\b", r"\bpaid features\b", r"\bquota\b", r"\bdowngrad", r"\bsubscriptions?\b",
    r"\bupdates?\b", r"\bupgrades?\b", r"\bbackups?\b", r"\bpayments?\b", r"\bbilling\b",
    r"\brenew",
    r"\b(?:evolving|emerging|frontier|improving in)\b")
#: The provider as the one using the technology.
PROACTIVE_BY_US = rx(
    r"\bwe (?:\w+ ){0,2}(?:use|uses|run|employ|deploy|apply|rely|utili[sz]e)",
    r"\b(?:our|its) (?:own )?(?:\w+ )?(?:automated|systems?|filters?|classifiers?|"
    r"technolog|tools?|software|algorithms?|safety|moderation)",
    r"\b(?:employs?|deploys?|utili[sz]es)\b(?! (?:any )?(?:automated|bots?|scripts?))",
    r"\b(?:circumvent|bypass|evade|get around)\w* [^.;]{0,60}\b(?:filter\w*|detection)\b",
    # moderation done to content by the technology, in the passive
    r"\b(?:is|are|be|been|being) (?:\w+ )?(?:scanned|reviewed|checked|filtered|flagged|removed|"
    r"detected|blocked|moderated|analy[sz]ed|screened|hidden) (?:\w+ ){0,2}(?:by|using|with|"
    r"through) (?:\w+ ){0,2}(?:automat|machine|algorithm|ai\b|software|technolog|filters?\b|"
    r"classifiers?\b)")
TECH_USER_BAN = rx(r"\bscrap", r"\bbots?\b", r"\bscripts?\b", r"\bautomated use\b",
                   r"\bautomat\w* (?:\w+ ){0,2}(?:of |to |for )?(?:accessing|logging|registering)",
                   r"\baccess\w* (?:\w+ ){0,4}(?:through|by|via|using) (?:any )?(?:other )?automat",
                   r"\bspiders?\b", r"\bcrawl", r"\brobots?\b",
                   r"\b(?:through|by|via|using) (?:\w+ )?(?:or )?automated means\b",
                   r"\bautomated means to (?:access|collect)", r"\bcollect data\b",
                   r"\brenew", r"\bbilling\b", r"\binactive\b", r"\bad(?:vert)?s? personali")
DENIAL = rx(r"\b(?:do|does|did|will|can)\s*(?:not|n't)\b(?:,? (?:however|currently|yet),?)?"
            r"\s+(?:\w+\s+){0,2}(?:use|scan|see|employ|rely|take part|monitor|check|verify|"
            r"run|apply|read)\b",
            r"\b(?:cannot|can't|are not able to|aren't able to|is not able to|never)\s+(?:\w+\s+)"
            r"{0,2}(?:use|scan|see|take part|monitor|check|verify|read)\b",
            r"\bnot currently use\b", r"\bno longer use\b", r"\bdon't (?:check|verify) ages\b")

HASH_TERM = rx(r"\bhash", r"\bphotodna\b", r"\bfingerprint", r"\bthorn\b",
               r"\bcsam scanning tool\b",
               r"\b(?:photo|video|image)(?:-| and video-| and photo-)?matching technology\b")
CSAM_TERM = rx(r"\bchild sexual (?:abuse|exploitation)\b", r"\bcsam\b", r"\bcsea\b",
               r"\bchild abuse (?:material|imagery|images)\b", r"\bchild pornography\b")
CSAM_TOOL = rx(r"\bphotodna\b", r"\biwf hash list\b", r"\bcsam scanning tool\b",
               r"\bsafer by thorn\b", r"\bthorn's safer\b")
IIA_TERM = rx(r"\bstopncii\b", r"\bintimate (?:image|images|photos?|videos?|content)\b",
              r"\bncii\b", r"\bwithout (?:their|your|the)? ?consent\b", r"\bnon-?consensual\b")
IIA_PROVIDER = rx(r"\bwe\b", r"\bour\b", r"\bpartner", r"\bparticipat\w* in\b",
                  r"\bmember of\b", r"\b(?:are|is|were|be) (?:\w+ )?(?:blocked|compared|matched|"
                  r"checked|removed|detected)\b", r"\bblock", r"\bmatching a\b")
IIA_RESOURCE = rx(r"\byou can (?:also )?use stopncii", r"\bparticipating companies\b",
                  r"\bvisit stopncii\b", r"\bgo to stopncii\b", r"\bcompanies (?:can|that) use\b")
URL_LIST = rx(
    r"\b(?:iwf|internet watch foundation|ncmec|project arachnid|arachnid)(?:'s)?\s+(?:\w+\s+){0,3}"
    r"(?:url|web ?address|link|web ?page|webpage)s?\s*list\b",
    r"\burl list\b", r"\blist of (?:known )?(?:child sexual abuse|csam|child abuse|abuse|"
    r"terrorist|illegal)\w* (?:urls?|web ?addresses|links|web ?pages|sites)\b",
    r"\b(?:urls?|web ?addresses|links?) (?:\w+ ){0,6}(?:on|in|from|against) (?:the )?(?:iwf|"
    r"internet watch foundation|ncmec|project arachnid)(?:'s)? (?:\w+ ){0,3}list",
    r"\bknown (?:child sexual abuse|csam|abuse) (?:urls|web ?addresses|links)\b")
URL_ACTION = rx(r"\bblock", r"\bcheck", r"\bremov", r"\bde-?index", r"\bdetect", r"\bfilter",
                r"\bmatch", r"\bscan", r"\bcompar", r"\bprevent", r"\bstop")

# -- age assurance ---------------------------------------------------------------------------
AGE_CHECK = rx(
    r"\bverif\w* (?:your |their |the user's |users' |the |that (?:you|they) are (?:\d\d|an adult|"
    r"over)[^.;]{0,10})?(?:age|ages)\b",
    r"\bverify that (?:you|they|users|members|account holders) (?:are|is) (?:\d\d|over|an adult|"
    r"adults|of legal age|old enough)", r"\bproof of (?:your |their )?age\b",
    r"\bage[- ](?:verification|"
    r"assurance|estimation|check|checks|checking|verif\w*)\b",
    r"\bestimat\w* (?:your |their |the user's )?age\b", r"\bfacial age\b",
    r"\byoti\b", r"\bverified their age\b",
    r"\b(?:require|ask|request)\w* (?:you|users?|them|members?) to (?:verify|confirm|prove)\b"
    r"[^.;]{0,100}\b(?:ages?|under ?age|minors?|under 1[368]|younger)\b",
    r"\bconfirm(?:ed)? (?:your|their) age\b(?! by)", r"\bage (?:is|has been) (?:confirmed|"
    r"verified)\b")
#: Age-check methods that are also used for other things (payment, log-in, identity): they count
#: only in a sentence about age ("we may check your age with a photo ID"), not "the terms of your
#: mobile operator apply".
AGE_METHOD = rx(r"\bface scan\b", r"\bid scan\b",
                r"\b(?:photo|government(?:-issued)?|official) (?:photo )?id\b",
                r"\bcredit card (?:check|verification)\b", r"\bopen banking\b",
                r"\bmobile (?:network )?operator\b", r"\bdigital id(?:entity)?\b")
AGE_CONTEXT = rx(r"\bages?\b", r"\b1[368]\b", r"\badults?\b", r"\bminors?\b", r"\bunder ?age",
                 r"\bold enough\b", r"\bage[- ]restricted\b")
AGE_CHECK_VETO = rx(r"\bcreators?\b", r"\bcontent partners?\b", r"\bperformers?\b",
                    r"\buploaders?\b", r"\bsellers?\b", r"\bpayouts?\b", r"\bcouriers?\b",
                    r"\bon delivery\b", r"\bidentity\b(?![^.]*\bage\b)")
AGE_DENIAL = rx(r"\b(?:do|does|will) not (?:\w+ )?(?:verify|check)\b[^.;]{0,30}\bages?\b",
                r"\bdon't (?:\w+ )?(?:verify|check) (?:your )?ages?\b", r"\bno age (?:check|"
                r"verification)\b", r"\b(?:cannot|can't|(?:are|is) (?:not |un)able to|no "
                r"obligation to|not obliged to) (?:\w+ )?(?:verify|check|confirm)\b[^.;]{0,30}"
                r"\bages?\b",
                r"\b(?:do|does|will|can|did)(?: not|n't|n’t) (?:\w+ )?(?:conduct|perform|carry out|"
                r"use|offer|provide|require|run) (?:any )?age[- ](?:verification|checks?|assurance|"
                r"estimation)\b")

# -- adult content ---------------------------------------------------------------------------
SEX_TERM = (r"(?:pornograph\w*|porn\b|sexually explicit|explicit (?:adult )?(?:content|material|"
            r"results|media)|adult (?:content|material|videos?)|nudity|nude|sexual content|nsfw|"
            r"not work safe|not safe for work|sexual material|sexual activity)")
#: The sexual terms without a bare "explicit content" (music and podcasts use it for lyrics).
SEX_TERM_ADULT = SEX_TERM.replace(r"explicit (?:adult )?(?:content|material|results|media)|",
                                  r"explicit adult (?:content|material|media)|")
ADULT_PERMIT = rx(
    SEX_TERM + r"[^.;]{0,60}\b(?:is|are)\s+(?:only\s+)?(?:allowed|permitted|welcome)\b",
    SEX_TERM + r"[^.;]{0,40}\bmay (?:only )?be (?:posted|published|shared|uploaded|sold|shown|"
    r"streamed)\b",
    r"\bmay (?:include|feature|show)\s+(?:\w+\s+){0,3}?" + SEX_TERM,
    SEX_TERM + r"[^.;]{0,60}\bmust be (?:posted|marked|tagged|labell?ed)\b",
    r"\bmay (?:post|share|upload|publish|contain|see|view|choose to see)\b[^.;]{0,30}"
    + SEX_TERM_ADULT,
    r"\bcan (?:choose|opt|elect|decide) to (?:see|view|show|access|unblur|turn on)\b[^.;]{0,30}"
    + SEX_TERM_ADULT,
    # the service itself as the one that hosts it (not "content that contains nudity")
    r"\b(?:(?:the|this|our) (?:site|website|service|services|platform|app|community)|we)\s+"
    r"(?:\w+\s+)?(?:hosts?|contains?|features?|offers?|provides?|shows?|streams?|broadcasts?|"
    r"publish(?:es)?|distributes?|sells?)\b[^.;]{0,20}"
    r"\b(?:sexually explicit|pornograph|adult (?:content|material)|nudity|sexual activity)",
    # record keeping for performers in sexually explicit content (US 18 U.S.C. 2257)
    r"\b(?:u\.?\s?s\.?\s?c\.?|section|§)\s*(?:§+\s*)?2257\b", r"\b2257\b[^.;]{0,40}\brecords?\b",
    # a ban on sexual content "unless" it is restricted, marked or filtered away from minors
    SEX_TERM + r"[^.;]{0,60}\b(?:unless|except (?:in|on|for|where|when|if|within|behind))\b"
    r"[^.;]{0,60}\b(?:restrict\w*|mark\w*|flag\w*|label\w*|tag\w*|age[- ](?:gate|restrict)\w*|"
    r"filter\w*|safe ?search|nsfw|opt(?:ed)?[- ]in|verified adults?)\b",
    r"\bis an? (?:adult|porn\w*|xxx|sex|erotic)(?: |-)(?:\w+[ -]){0,2}(?:website|site|service|"
    r"platform|app|community)\b",
    r"\b(?:adults|verified adults|users over 18)\b[^.;]{0,40}\bmay (?:choose to )?(?:see|view|"
    r"watch|access)\b[^.;]{0,20}\bexplicit\b",
    r"\b(?:allow|permit)s? (?:adult|explicit|sexual|nsfw)\b",
    r"\b(?:allow|permit)s? (?:the )?(?:posting|sharing|upload\w*|publication|publishing) of\W{0,3}"
    + SEX_TERM,
    r"\bnsfw (?:boards|channels|sections|areas|communities)\b[^.;]{0,30}\b(?:may|can|are)\b")
#: A cheap first test: every ADULT_PERMIT alternative holds one of these stems.
ADULT_HINT = re.compile(r"porn|sex|explicit|nud|nsfw|adult|work safe|safe for work|2257|erotic|"
                        r"xxx", IC)
#: A permission that holds only for art, education, news and the like (not for pornography).
ADULT_CONTEXT_ONLY = re.compile(r"^[^.;]{0,40}\b(?:artistic|educational|documentary|"
                                r"breastfeeding|medical|scientific|newsworthy|protest)\b", IC)
#: The service named as the one that hosts adult material ("Acmecam publishes sexually explicit
#: material for adults"); case-sensitive, since the name is what makes it the service.
ADULT_PERMIT_NAMED = re.compile(
    r"(?<![\w-])(?!(?:This |The |These )?(?:Agreement|Terms|Policy|Policies|Section|Guidelines|"
    r"Rules|Code|Document|Notice)\b)[A-Z][\w&.'-]{1,30}(?:\s+[A-Z][\w&.'-]{1,30}){0,2}\s+"
    r"(?:hosts|contains|features|offers|provides|shows|streams|broadcasts|publishes|distributes|"
    r"sells)\b(?i:[^.;]{0,20}\b(?:sexually explicit|pornograph|adult (?:content|material)|nudity|"
    r"sexual activity))")
ADULT_PERMIT_VETO = rx(r"\bartistic\b", r"\beducational\b",
                       r"\bdocumentary\b", r"\bbreastfeeding\b", r"\bmedical\b", r"\bprotest\b",
                       r"\bpaintings?\b", r"\bsculptures?\b", r"\bminors?\b", r"\bchildren\b")

# -- 48-hour intimate image takedown ---------------------------------------------------------------
IIA_REPORT_TERM = rx(r"\bintimate (?:image|images|imagery|photos?|videos?|content)\b",
                     r"\bnon-?consensual\b", r"\brevenge porn", r"\bncii\b",
                     r"\bshared without (?:their|your|the)? ?consent\b",
                     r"\bwithout (?:your|their|the) consent\b",
                     r"\b(?:private|intimate|nude|naked) (?:pictures?|photos?|images?|videos?) "
                     r"of\b")
WITHIN_HOURS = re.compile(
    r"\b(?:within|in under|in less than|no (?:more|later) than|inside|under)\s+(?:the\s+)?"
    r"(?:(\d{1,3})|(one|two|twenty-four|forty-eight|twenty four|forty eight|a))\s*"
    r"(?:\(\d{1,3}\)\s*)?(?:-\s*)?"
    r"(hours?|hrs?|h|days?|business days?|working days?)\b", IC)
COMMIT = rx(r"\bwe (?:will|aim|commit|promise|undertake|endeavour|endeavor|try|act|remove|"
            r"review|take)\b", r"\b(?:is|are|will be) (?:\w+ )?(?:removed|disabled|taken down|"
            r"actioned|reviewed|acted on)\b", r"\bcommit", r"\bwithin\b")

# -- revision dates ------------------------------------------------------------------------
MONTHS = {"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
          "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
          "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11,
          "nov": 11, "december": 12, "dec": 12,
          # European services often print a byline or revision date in their own language
          "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
          "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
          "décembre": 12, "decembre": 12}
MONTH = r"(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
#: Date shapes, tried in one window after a label; the earliest match wins.  Digits are bounded
#: with ``(?<!\d)``/``(?!\d)`` rather than ``\b`` so an ISO time ("2025-03-03T10:00:00Z") or a
#: hyphenated month ("03-Mar-2025") still ends a date.
_DAY_SEP = r"(?:\s+of\s+|\s*[-/.]\s*|\s+)"          # "3 March", "3rd of March", "03-Mar"
_YEAR_SEP = r"(?:,?\s+|\s*[-/.]\s*|(?<=\.)\s*)"     # "March 2025", "Mar-2025", "Mar. 2025"
DATE_FORMS = [
    ("ymd", re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")),
    ("ymd_compact", re.compile(r"(?<!\d)((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])"
                               r"(?!\d)")),
    ("dmy_text", re.compile(r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?" + _DAY_SEP + MONTH + _YEAR_SEP
                            + r"(\d{4})(?!\d)", IC)),
    ("mdy_text", re.compile(r"\b" + MONTH + r"(?:\s+|\s*-\s*)(\d{1,2})(?:st|nd|rd|th)?"
                            r"(?:,?\s+|\s*-\s*)(\d{4})(?!\d)", IC)),
    ("numeric", re.compile(r"(?<!\d)(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?!\d)")),
    ("my_text", re.compile(r"\b" + MONTH + r",?\s+(\d{4})(?!\d)", IC)),
]
DATE_FORM = dict(DATE_FORMS)
#: Labels of a revision date, strongest kind first ("updated" beats "effective").
DATE_LABELS = [
    ("updated", re.compile(
        r"\b(?:date (?:of )?)?last\s+(?:updated|modified|revised|reviewed|changed|amended|update|"
        r"revision|modification|review|edited|edit)\b|\bdate last (?:modified|updated|revised)\b"
        r"|\b(?:were|was|been) last (?:changed|updated|revised|modified|amended|edited|reviewed)"
        r"(?: on| in)?\b", IC), 45),
    ("updated", re.compile(r"\b(?:updated|modified|revised|reviewed|amended)\b(?:\s*(?:on|as of|"
                           r"at|:|—|–|-))*\s*", IC), 14),
    # "published: 30 July 2025" names the date this revision was put out, as "updated" does
    ("updated", re.compile(r"\b(?:date )?published\b(?:\s*(?:on|:|—|–|-))*\s*", IC), 8),
    ("effective", re.compile(r"\beffective(?:\s+(?:date|from|as of|on))?\b|\bin (?:force|effect)"
                             r" (?:from|since|as of)\b", IC), 24),
    # "these terms take effect on ...", "went into effect on ...", "come into force on ..."
    ("effective", re.compile(r"\b(?:take|takes|took|taken|taking|went|go|goes|gone|come|comes|"
                             r"came|entered|enter|enters)\s+(?:into\s+)?(?:effect|force)"
                             r"(?:\s+(?:on|from|as of|with effect from))?\b", IC), 8),
    ("version", re.compile(r"\bversion\s+[\d.]+[a-z]?\b(?:\s*(?:of|dated|from|—|–|-|,))*", IC), 24),
    # "Version of 06/04/2020", "Version: 28/10/2022", "version dated 1 May 2024"
    ("version", re.compile(r"\bversion\s*(?:of|dated|from|:)\s*", IC), 3),
]
#: An "effective from X until Y" or "from X to Y" range names a past version's period, not the
#: current one (lists of previous versions).
DATE_RANGE_END = re.compile(r"^\W{0,3}(?:until|till|to|through|–|—|-)\s", IC)
#: A line that is only a date (a revision date printed under the title, a byline "9 March 2025
#: 13:46", a bold "April 2023" under the first heading), with markup and a time of day allowed.
DATE_LINE = re.compile(r"^[\s*_#>|-]*(?:(?:updated|published|effective|last updated)\s*:?\s*)?"
                       r"(?P<date>[\w ,./-]{6,30}?)\s*(?:,?\s*\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?)?"
                       r"[\s*_|]*$", IC)
#: A changelog entry: a line that begins with a date followed by a colon or dash and the change
#: ("- 2025-10-29: We updated ...", "18 November 2025: Section 5 amended").
CHANGELOG_LINE = re.compile(r"^[\s*_>-]*(?P<date>[\w ,./-]{6,22}?)[*_]*\s*(?::|\s[–—-])\s+\S", IC)
#: Signs of a British document, of an American one, and of a continental European one (which
#: writes numeric dates day first as British documents do: "05/01/2026" is 5 January in a French
#: company's terms).  Matched against lower-cased text, so compiled case-sensitive: one
#: alternation each, fast enough to run on every document.
BRITISH = re.compile(
    r"\b(?:united kingdom|uk|england|wales|scotland|ltd|gbp|licence|centre|whilst|programme|"
    r"co\.uk|vat|samaritans|action fraud|ofcom|cic|carer|number plates?|motoring|"
    r"companies house|community interest|postcode)\b|\b(?:colour|organis|recognis|behaviour|"
    r"favour)|£|\.uk\b")
AMERICAN = re.compile(
    r"\b(?:delaware|california|state of|united states|license|center|jury|arbitration|"
    r"zip code|llc|coppa|oregon|washington|new york|texas)\b|\b(?:inc\.|u\.s\.|color|organiz|"
    r"recogniz|behavior|favor|corp\.)|\$\d|\.com\b")
EUROPEAN = re.compile(
    r"\b(?:france|french|paris|germany|german|deutschland|spain|spanish|italy|italian|"
    r"netherlands|dutch|belgium|belgian|luxembourg|sweden|swedish|norway|norwegian|denmark|"
    r"danish|finland|poland|czech|austria|switzerland|swiss|portugal|hungary|hungarian|eur)\b|€")

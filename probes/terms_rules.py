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
              r"\bwon't\b", r"\bdon't\b", r"\bdo not\b", r"\bnever\b", r"\bnot (?:allowed|"
              r"permitted|tolerated|acceptable)\b", r"\bprohibit", r"\bforbid", r"\bbanned\b",
              r"^\W*no\b", r"\bnothing\b", r"\bdo(?:es)? not allow\b", r"\bwe don't allow\b",
              r"\bhave no place\b", r"\bis against (?:our|these)\b", r"\bnot use\b")
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
    r"offen[cs]es?|crimes?)\b",
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
                 r"\bfor (?:any )?(?:illegal|unlawful) purpose")
ILLEGAL_NOT_GENERAL = rx(r"\bdangerous (?:or|and) illegal\b",
                         r"\billegal activities that (?:risk|could|may)\b",
                         r"\bnot (?:be )?(?:responsible|liable)\b", r"\bdisclaim",
                         r"\bdoes not endorse\b", r"\brequired by law\b.*\bdisclose\b",
                         r"\b(?:they|these|it)(?:'re| are| is) [^.]{0,20}illegal\b")

# -- what the provider does about illegal content -----------------------------------------------
ILLEGAL_TARGET = rx(
    r"\billegal\b", r"\bunlawful\b", r"\bcriminal\b", r"\b(?:broken|breaks?|breaking) the law\b",
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
    r"\bcriminal offen[cs]e")
PROVIDER_ACTION = rx(
    # we / our team / moderators ... <verb>
    r"\b(?:we|our (?:\w+ ){0,3}(?:team|moderators|staff|systems|tools|reviewers|admins|bots?)|"
    r"moderators|admins|janitors|the (?:\w+ )?team)\b(?:(?! you\b)[^.;]){0,60}?\b(?:remove|"
    r"delete|take\w* (?:it |them )?down|disable|block|restrict|suspend|ban|terminate|close|"
    r"report|review|investigate|de-?index|demote|push (?:it |them )?down|act(?:s)? on|hold|refer|"
    r"hide|limit|tell the police|notify|contact (?:the )?(?:police|law enforcement)|"
    r"share information|scan|detect|compare|check|filter|deindex)",
    # passive: is removed, will be deleted and reported, are blocked
    r"\b(?:is|are|will be|shall be|gets?|being|been)\s+(?:\w+ly\s+)?(?:removed|deleted|taken "
    r"down|disabled|blocked|restricted|suspended|banned|terminated|closed|reported|de-?indexed|"
    r"reviewed|held(?! (?:responsible|liable))|hidden|compared|checked|scanned|matched|"
    r"filtered|referred|taken offline)\b",
    r"\breported to (?:the )?(?:police|ncmec|nca|national|law enforcement|authorities|iwf|"
    r"action fraud|relevant)",
    r"\bwill be (?:\w+ )?and reported\b")
#: The service named as the subject: "Imagio promptly removes any manifestly illegal content".
BRAND_ACTION = re.compile(
    r"(?:^|[,;:]\s+|\band\s+)[A-Z][A-Za-z0-9.&-]+(?: [A-Z][A-Za-z0-9.&-]+)?\s+(?:\w+ly\s+)?"
    r"(?:removes|deletes|takes down|disables|blocks|restricts|suspends|bans|terminates|reports|"
    r"reviews|investigates|de-?indexes|informs|notifies|refers)\b"
    # "Customer reviews must ...": the word after the "verb" shows it was a noun
    r"(?!\s+(?:must|may|might|should|will|would|shall|can|could|are|were|is|was|have|has|had|"
    r"do|does|that|which|who|of|and|or|from|about|for|written|posted|left)\b)")
USER_ACTION = rx(r"\b(?:you|anyone|users?|members?|viewers?) (?:can|may|could|should|must)\b"
                 r"[^.;]{0,30}\breport", r"\bcan be reported\b", r"\bto report\b",
                 r"\b(?:click|tap|select|use|press)\b[^.;]{0,40}\breport")
RESERVATION = rx(r"\breserves? the right\b", r"\bno obligation\b", r"\bnot obligated\b",
                 r"\bfor any reason\b", r"\bat (?:our|its|their) (?:sole |absolute )?discretion\b",
                 r"\bwithout (?:giving (?:a|any) reason|notice)\b", r"\bany (?:content|file|post|"
                 r"paste|account|blog|review)s? (?:at any time|for any)\b",
                 r"\bat any time\b", r"\bnot (?:be )?(?:responsible|liable)\b", r"\bdisclaim",
                 r"\bdoes not guarantee\b", r"\bdmca\b", r"\bcopyright\b", r"\bcounter-notic")
LOCAL_NEGATION = re.compile(r"\b(?:not|never|cannot|no|n't)\b(?:\s+\w+){0,2}\s*$|n't\s*$", IC)
ANAPHOR = rx(r"\bthese rules\b", r"\bthis rule\b", r"\bsuch (?:content|material|images?|files?"
             r"|posts?)\b", r"\bthe (?:shared )?link\b", r"\bcredible report\b",
             r"\bthat break (?:these|this)\b")

# -- harms ----------------------------------------------------------------------------------------
HARM_PATTERNS: dict[str, re.Pattern] = {
    "terrorism": rx(r"\bterroris[tm]", r"\bviolent extremis", r"\bextremist\b",
                    r"\bproscribed (?:organi[sz]ations?|groups?)\b",
                    r"\bdangerous organi[sz]ations\b"),
    "csea": rx(r"\bchild sexual\b", r"\bcsam\b", r"\bcsea\b", r"\bcse\b",
               r"\bchild (?:abuse|exploitation|pornography|porn)\b",
               r"\bsexuali[sz]\w* (?:minors|children|a child|anyone under|young)",
               r"\bsexual[^.;]{0,40}\b(?:minors?|children|a child|under-?18s?|underage)\b",
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
               r"\bchild sexual exploitation\b"),
    "intimate_image_abuse": rx(
        r"\bintimate (?:image|images|imagery|photos?|videos?|content|pictures?)\b",
        r"\brevenge porn", r"\bncii\b", r"\bnon-?consensual\b", r"\bsextortion\b",
        r"\bdeepfakes?\b", r"\bhidden-?camera\b",
        r"\b(?:recorded|shared|uploaded|posted|filmed|broadcast|streamed|distributed|published)"
        r"(?: or \w+)? without (?:the |their |your |his |her )?consent\b",
        r"\bcontent (?:that )?shows you without your consent\b",
        r"\bwithout (?:the )?consent of (?:everyone|every|all|each|the (?:person|people)|anyone)",
        r"\bintimate\b[^.;]{0,60}\bwithout\b[^.;]{0,25}\bconsent\b",
        r"\b(?:private|intimate|nude|naked) (?:pictures?|photos?|images?|videos?) of (?:you|me|"
        r"yourself|someone|another person|them)\b",
        r"\bin a sexual act\b"),
    "hate": rx(r"\bhate (?:speech|crimes?|offen[cs]es|groups?|symbols?|raids?)\b", r"\bhateful\b",
               r"\bhatred\b", r"\bno hate\b", r"\bracis[mt]\b", r"\bsexis[mt]\b", r"\bhomophob",
               r"\btransphob", r"\bbigotry\b", r"\bslurs?\b", r"\bdiscriminat(?:ion|ory)\b",
               r"\bprotected (?:characteristics?|attributes?|groups?)\b",
               r"\battack\w* (?:people|someone|anyone) (?:based|because)\b", r"\bxenophob",
               r"\bantisemit", r"\bislamophob"),
    "harassment": rx(r"\bharass", r"\bstalk(?:ing|s|ed|er)?\b", r"\bdox(?:x)?(?:ing|ed)?\b",
                     r"\bintimidat", r"\bthreat(?:s|en\w*)?\b", r"\btargeted abuse\b",
                     r"\bdogpil", r"\bpile-?ons?\b", r"\bunwanted contact\b",
                     r"\bfollow\w* (?:someone|anyone|people) around\b"),
    "fraud": rx(r"\bfraud", r"\bscam", r"\bphishing\b", r"\bdefraud", r"\bdeceptive practices\b",
                r"\bfake (?:investment|offers?|trades?|payments?|giveaways?|listings?)\b",
                r"\bfinancial promotions?\b", r"\bponzi\b", r"\bpyramid schemes?\b"),
    "suicide_self_harm": rx(r"\bsuicid", r"\bself[- ]?harm", r"\bself[- ]?injur",
                            r"\bhurt (?:themselves|yourself)\b"),
    "eating_disorders": rx(r"\beating disorders?\b", r"\bpro-?ana\b", r"\bpro-?mia\b",
                           r"\b(?:extreme|unsafe|dangerous) dieting\b",
                           r"\bpurging\b(?=[^.;]{0,80}\b(?:pro-?ana|pro-?mia|eat\w*|food|meals?|"
                           r"weight|diet\w*|bod(?:y|ies)|calories|vomit\w*))",
                           r"\b(?:restrict\w*|binge\w*|starv\w*)[^.;]{0,40}\bpurging\b",
                           r"\bthinspiration\b"),
    "pornography": rx(r"(?<!child )\bpornograph", r"(?<!child )(?<!revenge )\bporn\b",
                      r"\bsexually explicit\b", r"\bexplicit (?:adult |sexual )?(?:content|"
                      r"material|images?|media|results)\b", r"\badult (?:content|material|"
                      r"nudity|videos?|entertainment)\b", r"\bnudity\b", r"\bnude\b",
                      r"\bsexual (?:content|activity|images?|material|acts?)\b",
                      r"\banything sexual\b", r"\bnsfw\b", r"\bnot work safe\b", r"\bx-rated\b",
                      r"\bsexually[- ]orien?tated\b", r"\bsexually[- ]oriented\b"),
    "violence": rx(r"\bthreats? (?:of|to commit) violence\b", r"\bincit\w* violence\b",
                   r"\bgraphic violence\b", r"\bgore\b", r"\bgory\b",
                   r"\b(?:incit|promot|glorif|encourag|celebrat)\w* (?:or \w+ )?"
                   r"(?:\w+ (?:or|and) )?violence\b",
                   r"\bviolence against\b", r"\bsexual violence\b",
                   r"\bviolent(?! extremis)\b", r"\bthreaten\w* to (?:harm|hurt|kill|attack)\b",
                   r"\bmass shootings?\b", r"\bphysical harm\b",
                   r"\b(?:no|not|don't|never)\b[^.;]{0,30}\bviolence\b",
                   r"\bthreat\w* (?:to commit )?violence\b"),
    "bullying": rx(r"\bbull(?:y|ies|ied|ying)\b", r"\bcyberbull"),
    "dangerous_challenges": rx(r"\bstunts?\b", r"\b(?:dangerous|risky|harmful) (?:\w+ )?"
                               r"(?:challenges?|pranks?)\b", r"\bchallenges? (?:or|and) "
                               r"(?:stunts|pranks)\b",
                               r"\bviral (?:\w+ )?(?:challenges?|pranks?)\b[^.;]{0,60}"
                               r"\b(?:dangerous|harm\w*|hurt|injur\w*|risk\w*)",
                               r"\b(?:dangerous|harm\w*|hurt|injur\w*|risk\w*)\b[^.;]{0,60}\bviral "
                               r"(?:\w+ )?(?:challenges?|pranks?)\b"),
    "harmful_substances": rx(r"\bdrugs?\b", r"\bnarcotics?\b", r"\bcontrolled substances?\b",
                             r"\bharmful substances?\b", r"\blegal highs\b", r"\bmarijuana\b",
                             r"\bcannabis\b", r"\bcocaine\b", r"\bdangerous (?:amounts|quantities"
                             r"|doses)\b",
                             r"\bmisuse of (?:\w+ ){0,2}(?:drugs?|alcohol|medicines?|medications?|"
                             r"substances?|solvents?|inhalants?|prescription\w*)\b"),
}
#: A harm word at this place does not count ("threaten violence" is violence, not harassment).
HARM_LOCAL_VETO: dict[str, re.Pattern] = {
    "harassment": re.compile(r"threat\w*(?:\s+(?:of|to))?\s+(?:commit\s+)?(?:violen|harm|hurt|kill|"
                             r"share|post|release|publish|life|public safety)", IC),
}
#: Sentences where a harm word is incidental (force majeure, payment fraud, "threaten to share").
HARM_VETO: dict[str, re.Pattern] = {
    "terrorism": rx(r"\bbeyond (?:our|its) (?:reasonable )?control\b", r"\bforce majeure\b",
                    r"\bacts of god\b", r"\boutside (?:our|its) (?:reasonable )?control\b",
                    r"\bnot (?:be )?liable\b"),
    "fraud": rx(r"\bfraud (?:checks?|prevention|screening|detection|monitoring)\b",
                r"\bprotect\w* (?:you |users |customers )?(?:against|from) "
                r"(?:payment |card )?fraud",
                r"\b(?:payment|card|credit card|transaction) fraud\b"),
    "csea": rx(r"\bsex offender\b(?![^.]*\bchild)"),
    "violence": rx(r"\bnot (?:be )?liable\b", r"\bbeyond (?:our|its) (?:reasonable )?control\b"),
    "pornography": rx(r"\bsexually explicit (?:content|material|images?) (?:involving|of|"
                      r"depicting) (?:minors|children|a child|anyone under)"),
}

# -- reporting ----------------------------------------------------------------------------------
REPORT_WORD = rx(r"\breport", r"\bflag\b", r"\bflag (?:any|a|it|the)\b", r"\bto flag\b",
                 r"\balert a moderator\b", r"\bnotify us\b", r"\btell us about\b",
                 r"\blet us know\b", r"\bremoval (?:form|request)", r"\btakedown (?:form|request)")
REPORT_ROUTE = rx(r"\bbutton\b", r"\blinks?\b", r"\bicon\b", r"\bmenu\b", r"\boption\b",
                  r"\bform\b", r"\bpage\b", r"\btab\b", r"\be-?mail", r"[\w.-]+@[\w-]+\.\w",
                  r"\bthree dots\b", r"•••|…|\.\.\.", r"\bfunction\b", r"\bfeature\b",
                  r"\"report", r"“report", r"\breport (?:abuse|this|it from)\b",
                  r"\bselect(?:ing)? \"", r"\bprivate message\b", r"\bdm any\b",
                  r"\bmessage (?:a|any) (?:moderator|mod)", r"\bto (?:the|a|our) moderators?\b",
                  r"\bhelp cent(?:re|er)\b", r"\bprofile menus?\b",
                  r"\b(?:tap|click|select|choose|press|hit)\s+(?:on\s+)?(?:the\s+)?[\"“'‘]?report\b",
                  r"\bnoticeboard\b", r"/report\b")
UI_CONTROL = rx(r"\b(?:press|click|tap|use|select|choose|hit)\b[^.;]{0,50}\b(?:button|link|icon|"
                r"flag)\b[^.;]{0,30}\b(?:next to|under|beside|below|on|in the corner of) "
                r"(?:the|any|each|every|a|it|them|their|your|his|her)\b")
CONCERN = rx(r"\bif you (?:see|believe|think|find|spot|appear|are worried|come across|"
             r"notice)\b", r"\bif (?:someone|anyone|a user|another user|something|a post)\b")
REPORT_VETO = rx(r"\bcopyright\b", r"\bdmca\b", r"\binfring", r"\bbug\b",
                 r"\bsecurity (?:problem|issue|vulnerabilit|flaw)", r"\bvulnerabilit",
                 r"\btransparency report", r"\bwe (?:will )?report\b", r"\breported to\b",
                 r"\breport (?:is|was) made\b", r"\breports? (?:it|them) to (?:the )?(?:police|"
                 r"ncmec|nca)\b", r"\bfalse (?:or \w+ )?reports\b", r"\babusing the reporting\b")
REPORT_HEADING = rx(r"\breport", r"\bflag", r"\btell us\b", r"\bsomething (?:is )?wrong\b",
                    r"\bconcern", r"\balert\b", r"\bremoval requests?\b", r"\bnotices?\b")

# -- complaints and appeals ----------------------------------------------------------------------
COMPLAINT = rx(r"\bappeal(?:s|ed|ing)?\b(?! (?:are|is) not)", r"\bcomplain", r"\bcomplaints?\b",
               r"\brequest(?:ing)? (?:a )?review\b", r"\bask us to review\b",
               r"\breview (?:the|our|a|your) decision\b", r"\blook at the decision again\b",
               r"\bdecision (?:again|reviewed)\b", r"\bgot it wrong\b", r"\bmade a mistake\b",
               r"\bit was a mistake\b", r"\bby mistake\b",
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
                       r"\bhow we (?:handle|run|deal)", r"\bform\b", r"\bcomplain (?:about|to)\b")
COMPLAINT_VETO = rx(r"\border", r"\bdeliver", r"\brefund", r"\breplacement\b", r"\bbilling\b",
                    r"\bdamaged\b", r"\bcopyright\b", r"\bdmca\b", r"\bcounter-?notic",
                    r"\barbitration\b", r"\bjury\b", r"\bclass action\b", r"\bsmall claims\b",
                    r"\bsex appeal\b", r"\bappeals? to (?:you|users|children|people)\b",
                    r"\binformation commissioner", r"\bico\b")
NO_APPEAL = rx(r"\bdecisions? (?:\w+ ){0,4}(?:is|are) final\b", r"\bnot subject to (?:any )?appeal",
               r"\bappeals? (?:are|is|will) not (?:be )?(?:accepted|considered|possible|"
               r"available)\b", r"\bno appeals?\b", r"\bcannot be appealed\b",
               r"\bdecision is final\b", r"\bwithout (?:any )?(?:right of )?appeal\b")

# -- technology ----------------------------------------------------------------------------------
PROACTIVE = rx(
    r"\bautomat(?:ed|ic)\s+(?:\w+[ -]){0,3}(?:tools?|systems?|detection|moderation|scanning|"
    r"filters?|filtering|classification|classifiers?|checks?|review|technolog(?:y|ies)|"
    r"processes|means to make|content detection|flagging|recognition|bots?)\b",
    r"\bautomatically\s+(?:\w+\s+)?(?:scan|scanned|filter|filtered|hide|hides|hidden|block|"
    r"blocked|check|checked|detect|detected|flag|flagged|match|matches|matched|de-?index|"
    r"de-?indexed|remove|removed|reject|rejected|review)\b",
    r"\b(?:scanned|filtered|checked|blocked|flagged|deindexed|de-indexed) automatically\b",
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
    r"\burl list\b", r"\bai[- ](?:powered|based|models?|tools?)\b", r"\bai\b(?= (?:to|that))")
TECH_USER_BAN = rx(r"\bscrap", r"\bbots?\b", r"\bspiders?\b", r"\bcrawl", r"\brobots?\b",
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
    r"\bverif\w* (?:your |their |the user's |users' |that (?:you|they) are (?:\d\d|an adult|over)"
    r"[^.;]{0,10})?(?:age|ages)\b",
    r"\bverify that (?:you|they) are (?:\d\d|over|an adult)", r"\bage[- ](?:verification|"
    r"assurance|estimation|check|checks|checking|verif\w*)\b",
    r"\bestimat\w* (?:your |their |the user's )?age\b", r"\bfacial age\b", r"\bface scan\b",
    r"\bid scan\b", r"\b(?:photo|government(?:-issued)?|official) (?:photo )?id\b",
    r"\bcredit card check\b", r"\bopen banking\b", r"\bmobile (?:network )?operator\b",
    r"\bdigital id(?:entity)?\b", r"\byoti\b", r"\bverified their age\b",
    r"\bconfirm(?:ed)? (?:your|their) age\b(?! by)", r"\bage (?:is|has been) (?:confirmed|"
    r"verified)\b")
AGE_CHECK_VETO = rx(r"\bcreators?\b", r"\bcontent partners?\b", r"\bperformers?\b",
                    r"\buploaders?\b", r"\bsellers?\b", r"\bpayouts?\b", r"\bcouriers?\b",
                    r"\bon delivery\b", r"\bidentity\b(?![^.]*\bage\b)")
AGE_DENIAL = rx(r"\b(?:do|does|will) not (?:\w+ )?(?:verify|check)\b[^.;]{0,30}\bages?\b",
                r"\bdon't (?:\w+ )?(?:verify|check) (?:your )?ages?\b", r"\bno age (?:check|"
                r"verification)\b")

# -- adult content ---------------------------------------------------------------------------
SEX_TERM = (r"(?:pornograph\w*|porn\b|sexually explicit|explicit (?:adult )?(?:content|material|"
            r"results|media)|adult (?:content|material|videos?)|nudity|nude|sexual content|nsfw|"
            r"not work safe|sexual material|sexual activity)")
ADULT_PERMIT = rx(
    SEX_TERM + r"[^.;]{0,60}\b(?:is|are)\s+(?:only\s+)?(?:allowed|permitted|welcome)\b",
    SEX_TERM + r"[^.;]{0,40}\bmay (?:only )?be (?:posted|published|shared|uploaded|sold|shown|"
    r"streamed)\b",
    r"\bmay (?:include|feature|show)\s+(?:\w+\s+){0,3}?" + SEX_TERM,
    SEX_TERM + r"[^.;]{0,60}\bmust be (?:posted|marked|tagged|labell?ed)\b",
    r"\bmay (?:post|share|upload|publish|contain|see|view|choose to see)\b[^.;]{0,30}" + SEX_TERM,
    r"\b(?:hosts|contains|features|offers|provides|shows|streams|broadcasts|publishes|"
    r"distributes|sells)\b[^.;]{0,20}"
    r"\b(?:sexually explicit|pornograph|adult (?:content|material)|explicit|nudity|"
    r"sexual activity)",
    r"\bis an? (?:adult|porn\w*|xxx|sex|erotic)(?: |-)(?:\w+[ -]){0,2}(?:website|site|service|"
    r"platform|app|community)\b",
    r"\b(?:adults|verified adults|users over 18)\b[^.;]{0,40}\bmay (?:choose to )?(?:see|view|"
    r"watch|access)\b[^.;]{0,20}\bexplicit\b",
    r"\b(?:allow|permit)s? (?:adult|explicit|sexual|nsfw)\b",
    r"\bnsfw (?:boards|channels|sections|areas|communities)\b[^.;]{0,30}\b(?:may|can|are)\b")
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
          "nov": 11, "december": 12, "dec": 12}
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
    ("effective", re.compile(r"\beffective(?:\s+(?:date|from|as of|on))?\b|\bin (?:force|effect)"
                             r" (?:from|since|as of)\b", IC), 24),
    ("version", re.compile(r"\bversion\s+[\d.]+[a-z]?\b(?:\s*(?:of|dated|from|—|–|-|,))*", IC), 24),
]
BRITISH = rx(r"\bunited kingdom\b", r"\buk\b", r"\bengland\b", r"\bwales\b", r"\bscotland\b",
             r"\bltd\b", r"£", r"\bgbp\b", r"\bcolour", r"\borganis", r"\blicence\b",
             r"\brecognis", r"\bbehaviour", r"\bfavour", r"\bcentre\b", r"\bwhilst\b",
             r"\bprogramme\b", r"\bco\.uk\b", r"\.uk\b", r"\bvat\b", r"\bsamaritans\b",
             r"\baction fraud\b", r"\bofcom\b", r"\bcic\b", r"\bcarer\b", r"\bnumber plates?\b",
             r"\bmotoring\b", r"\bcompanies house\b", r"\bcommunity interest\b", r"\bpostcode\b")
AMERICAN = rx(r"\binc\.", r"\bdelaware\b", r"\bcalifornia\b", r"\bstate of\b", r"\bu\.s\.",
              r"\bunited states\b", r"\$\d", r"\bcolor", r"\borganiz", r"\blicense\b",
              r"\brecogniz", r"\bbehavior", r"\bfavor", r"\bcenter\b", r"\bjury\b",
              r"\barbitration\b", r"\bzip code\b", r"\bllc\b", r"\bcorp\.", r"\.com\b",
              r"\bcoppa\b", r"\boregon\b", r"\bwashington\b", r"\bnew york\b", r"\btexas\b")

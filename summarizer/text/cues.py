"""Words that mark a sentence as one that may state a permission, a limit or a source.

They decide which sentences a pass points the model to, and which decisions the briefing may
show: a permission whose own sentences use no word of permission, or a limit whose sentences
use no word of limit, is far more often an ordinary event the model dressed up as one. The
words are those of decisions in general (orders, rulings, laws, bans), not of any one story.
"""

from __future__ import annotations

import re

from summarizer.text.sentences import Sentence

# Written in lower case and matched against lower-cased text: the same matches as IGNORECASE at half
# the cost, which counts on every article of a large batch.
CUES: dict[str, re.Pattern[str]] = {
    "authorisation": re.compile(
        r"\b(allow|authori[sz]|permit|permission|approv|green.?light|go-ahead|licen[cs]|grant|"
        r"(?<!in )order(ed|s)?\b|sign(ed|s)? (into law|off)|legali[sz]|mandat(?!ory)|empower|entitle|enabl|"
        r"(can|may|will be able to) (now )?use|cleared|clear(ed|s)? (the )?way|waive|lets?\b|letting|"
        r"rul(ed|ing)|upheld|pass(ed|es)? (the|a) (bill|law|measure|resolution)|"
        r"(lift(ed|s)?|scrapped|repealed|ended|removed|dropped) (an?|the|its|their|his|her) ([\w-]+ ){0,3}"
        r"(ban|embargo|moratorium|curfew|freeze|sanctions|restrictions|injunction|suspension)|"
        r"vot(ed|es|e|ing) (to|for)|immunity|subpoena|deploy|dispatch|"
        r"sent\b[^.;]{0,40}\b(troops|soldiers|forces|guard|guardsmen|reservists)\b|"
        # A court's ruling told as what it said or found: "the panel said the state can enforce".
        r"\b(court|judge|panel|justices|tribunal|bench)\b[^.;]{0,60}\b(said|found|wrote)\b[^.;]{0,80}"
        r"\b(can|may|must|(is|are) free to)\b|"
        # Orders and mandates given to someone: "instructed staff to", "told his aides to", "tasked with";
        # whom a directive names may take a dozen words ("directed all public and private schools in the
        # state to").
        r"instruct(ed|s|ing)?\b|direct(ed|s|ing)?\b[^.;]{0,80}\bto\b|directive|decree|"
        r"task(ed|s)?\b[^.;]{0,40}\b(with|to)\b|okay(ed|s)\b|green.?lit\b|rubber.stamp|"
        r"assign(ed|s)?\b|commissioned\b|"
        r"appoint|requir|"
        r"(told|asked|called on) (his|her|their|the|its) [\w -]{0,30}\bto\b|"
        r"call(ed|s)? (up|in|to (active )?(duty|service))\b|mobili[sz]|activat|"
        # Clemency, and time given to act: "pardoned 40 people", "gave the firm 30 days to".
        r"pardon|commut|clemency|(gave|given|gives?)\b[^.;]{0,60}\b(hours?|days?|weeks?|months?|until)\b|"
        r"(gave|given|gives?|giving|hand(ed|s))\b[^.;]{0,60}\b(powers?|authority|rights?)\b|"
        r"(allocated|awarded|released)\b[^.;]{0,40}\b(aid|funds|funding|assistance|million|billion)\b|"
        r"(passed|approved|adopted|enacted|signed|extended|renewed) by|enact|adopt(ed|s)?\b|extend(ed|s)? (the|its|a)|"
        r"agree(d|s)? to|protection from|exempt)",
    ),
    "exclusion": re.compile(
        # "n't" has no word boundary before it ("doesn't").
        r"(\bnot|n't|\bno longer|\bnever)\b[^.;]{0,40}"
        r"\b(allow|permi(t|ssib)|cover|includ|extend|appl[yi]|affect|authori[sz]|author|eligible|exempt|require)|"
        # "No child under 16 will be allowed out": the limit is on those the "no" names.
        r"\bno\b[^.;]{0,60}\b(allowed|permitted)\b|"
        r"\b(prohibit|ban(s|ned|ning)?\b|barr?(ed|s|ing)?\b|exclud|except\b|exempt|forbid|restrict|restrain(s|ed|ing)?\b|off.limits|disqualif|"
        r"enjoin|revok|rescind|invalidat|annul|nullif|quash|outlaw|withh[eo]ld|withdr[ae]w|embargo|moratorium|sanction|freeze|"
        r"prevent(s|ed|ing)?\b[^.;]{0,60}\bfrom\b|"
        r"dismiss(ed|es)?\b[^.;]{0,40}\b(petition|plea|application|request|appeal|motion|bid)|"
        r"block(ed|s|ing)?\b|halt(ed|s)?\b|str(ikes?|iking|uck) down|overrul|veto|refus|den(y|ied|ies)\b|reject|"
        r"curfew|suspen(d|sion)|froze\b|stayed\b|injunction|restraining order|cancell?ed|exclusions?\b|"
        # Limits stated as eligibility, legality or a narrowed scope: "ineligible to", "only ... not".
        r"(in|not )eligible|unauthori[sz]ed|(il|un)lawful|illegal|unconstitutional|invalid\b|on hold|"
        r"ruled( \w+){0,3} against|lockdown|quarantine|"
        # Limits put on a thing, or a thing made to stop: "capped at", "ordered the closure of".
        r"\bcap(s|ped)?\b|\bcurb|\blimits? (on|to)\b|\bclos(e|es|ed|ures?|ing)\b|\bshuts?\b|shutdown|"
        r"\bground(ed|ing)\b|"
        r"\bstripped\b|voted down|voted against|turned down|thrown out|threw out|"
        # What others were given, withheld from some: "no such relief was offered to miners".
        r"\bno (such |similar )?[\w-]+ (was|were|has been|have been|will be) (offered|given|granted|extended) to\b|"
        r"expel|\b(a crime|offen[cs]e) to\b|\bpause\b|"
        r"\bonly\b[^.;]{0,60}\b(may|allowed|permitted)\b|appl(y|ies) only|only appl(y|ies)|only covers?\b|"
        r"\bpaus(ed|es)\b|shutter|frozen|criminali[sz]|cut off|\bpulled\b[^.;]{0,30}\b(funding|funds|aid|support)\b|"
        r"(stopped|ceased|halted) (issuing|granting|approving|processing|accepting)\b|"
        # An order to stop: "ordered the mill to stop dumping", "told staff to refrain from".
        r"\bto (stop|cease|halt)\b|refrain from|desist|\bstay (of|on|order)\b|\bnot to\b|"
        r"\bexceptions? (\w+ ){0,3}for\b|"
        r"\blimited\b[^.;]{0,40}\bto (\d|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|"
        r"forty|fifty|a hundred|a dozen|a few|several|a maximum|no more)\b|"
        r"\b(no one|nobody)\b[^.;]{0,20}\b(may|can|allowed|permitted)\b|"
        # A power denied: "does not have the power to", "lacks the authority to".
        r"\b(not have|ha[sdv]e? no|lack(s|ed)?)( the| any)?( legal| constitutional)? "
        r"(power|authority|right|jurisdiction) to\b|\bno(,? [\w-]+){1,5} (may|shall|can) be\b|"
        # A party put on a list of the sanctioned, or taken off a list of the approved.
        r"black ?list|entity list|no-fly list|watch ?list|\bremov(e|ed|es|ing)\b[^.;]{0,60}\bfrom\b[^.;]{0,40}list\b|"
        r"only (be )?(allowed|permitted)|(allowed|permitted)( out)? only\b|"
        # Declining to comment is a newsroom formula, not a refusal of anything.
        r"declin(ed|es)\b(?! to (comment|respond|say|discuss|elaborate|answer|speak))|"
        r"(can|may|must|could|will|would|shall)(not|n't| not)\b|never to\b|\bonly\b[^.;]{0,80}\bnot\b)",
    ),
    "source": re.compile(
        r"\b(according to|said|says|told|report(ed|s)?\b|stated|announc|confirm|cit(ed|ing)|quot(ed|ing)|"
        r"statement|spokes|agency|newspaper|journal|refer(s|red)? to|sources?\b|officials?\b)",
    ),
}


def cue_sentences(sentences: list[Sentence]) -> dict[str, list[int]]:
    """For each kind of cue, the numbers of the sentences that carry it."""
    lowered = [(s.number, s.text.lower()) for s in sentences]
    return {name: [number for number, text in lowered if pattern.search(text)] for name, pattern in CUES.items()}


def has_cue(kind: str, texts: list[str]) -> bool:
    return any(CUES[kind].search(text.lower()) for text in texts)


def placed(granter: str | None, receiver: str | None, texts: list[str]) -> bool:
    """Whether one of `texts` names `granter`, then a word of permission and `receiver` ("the
    board ... allowed ... the firm", "the board gave the firm ... permission"); or the receiver
    first, as the subject of a passive or of a verb of receiving, and the granter after "by" or
    "from" ("the firm was cleared by the board", "the firm won approval from the board"). A party
    is found by its whole name, else by the longest of its words: the model names them in its own
    words ("Governor Ana Ruiz" for "Ruiz")."""
    if not (granter and receiver):
        return False
    for text in texts:
        lowered = text.lower()
        at_granter, at_receiver = _named_at(granter, lowered), _named_at(receiver, lowered)
        if at_granter is None or at_receiver is None:
            continue
        cues = [m.start() for m in CUES["authorisation"].finditer(lowered)]
        # The permission's words stand between the two, or follow the receiver after a verb of giving
        # ("gave the firm the go-ahead"). "Kenney said the committee authorized him" names the
        # reporter first and the granter second, with the permission after both: no placement.
        given = _GIVING.search(lowered, at_granter, at_receiver) if at_granter < at_receiver else None
        if at_granter < at_receiver and any(
            at_granter < cue < at_receiver or (given and cue > at_receiver) for cue in cues
        ):
            return True
        between = lowered[at_receiver:at_granter]
        if (
            at_receiver < at_granter
            and _RECEIVING.search(between)
            and _AGENT_BEFORE.search(lowered[:at_granter])
            and any(at_receiver < cue < at_granter for cue in cues)
        ):
            return True
    return False


_GIVING = re.compile(r"\b(?:gave|give|gives|given|giving|granted|grants|grant|handed|hands|issued|issues|awarded)\b")
# The receiver as a subject: of a passive ("was cleared"), or of a verb of receiving ("won approval").
_RECEIVING = re.compile(r"\b(?:was|were|is|are|been|be|get|gets|got|won|wins|received|receives|obtained|secured)\b")
_AGENT_BEFORE = re.compile(r"\b(?:by|from)\s+(?:the\s+)?$")


def _named_at(name: str, lowered: str) -> int | None:
    """Where a party is named in a lower-cased text: its whole name, else its longest word of four
    letters or more; None if neither is there."""
    whole = lowered.find(name.lower())
    if whole >= 0:
        return whole
    for word in sorted(re.findall(r"[\w'’-]{4,}", name.lower()), key=len, reverse=True):
        found = re.search(rf"\b{re.escape(word)}\b", lowered)
        if found:
            return found.start()
    return None

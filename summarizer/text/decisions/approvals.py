"""Approvals of a thing someone will do or have: a sale or an export to a buyer ("approved the sale of
40 jets to Norway"), a deal between firms ("cleared the merger of A with B"), a product by its maker
("approved the Acme vaccine for use in children"). The one who may now go ahead is named in the
thing's words, not as the verb's object."""

from __future__ import annotations

import re
from collections.abc import Callable

from summarizer.text.clauses import head_phrase
from summarizer.text.decisions.grammar import DAY, Clause, Found
from summarizer.text.decisions.parties import names_party

# Goods sold or handed over to someone, by leave of the one who approved it: "approved the sale of
# 40 jets to Norway". The buyer may now have them.
_TRANSFER = r"sales?|exports?|transfers?|deliver(?:y|ies)|shipments?"
# The verbs of approving a thing someone will do: a sale, a deal.
_APPROVING = r"approved|authori[sz]ed|cleared|greenlit|green-lit|okayed"
# The verb of a sale approved, its day and its article: "approved on Tuesday the".
_APPROVED = rf"\b(?:{_APPROVING})\s+(?:{DAY}\s+)?(?:(?:an?|the)\s+)?"


def _approved_sale(s: Clause) -> Found:
    """ "X approved the (possible) sale of Z to Y", "X authorised the export of Z to Y"."""
    for m in s.decided(
        # A word or two may tell what kind of sale it is ("the possible sale", "minor deliveries"); "a
        # ban on exports" approves no sale, and nor does any limit put "on" them.
        rf"{_APPROVED}(?:(?!on\s)[a-z][\w-]*\s+){{0,2}}?"
        # The goods may be a list ("missiles, rockets, and launchers"), each item a few words, and a
        # number may carry a comma ("15,000 rifles").
        # "jets, as well as missiles, to Norway": an aside of more goods between commas.
        rf"(?:{_TRANSFER})\s+of\s+(?P<goods>(?:[^,;:]|,(?=\d))+?"
        rf"(?:,\s+(?:and\s+|as\s+well\s+as\s+)?[^,;:\s]+(?:\s+[^,;:\s]+){{0,4}}?)*)"
        r",?\s+to\s+(?P<rest>.+)",
        active=True,
    ):
        yield from _sold_to(s, m.start(), m["rest"], f"buy {m['goods']}")


def _approved_arms(s: Clause) -> Found:
    """ "X approved a $300-million arms package to Y", "X approved several weapons sales to Y": the goods
    named before the sale's noun."""
    for m in s.decided(
        rf"{_APPROVED}(?:[\w$.-]+\s+){{0,2}}?"
        rf"(?P<goods>(?:arms|weapons?|military\s+equipment|missiles?)\s+(?:{_TRANSFER}|packages?|deals?|programs?|programmes?))"
        # The buyer is a country or a force by its name: "to strengthen" is the package's purpose.
        r"\s+to\s+(?P<rest>[A-Z].+)",
        active=True,
    ):
        yield from _sold_to(s, m.start(), m["rest"], f"receive the {m['goods']}")


def _sold_to(s: Clause, at: int, rest: str, action: str) -> Found:
    """The sale approved at `at` to the buyer that starts `rest`."""
    buyer, granter = head_phrase(rest), s.subject(at)
    # "to Poland in a deal worth $10 billion", "to Qatar this spring": the buyer ends where the deal's
    # terms or its time start.
    buyer = buyer and re.split(r"\s(?:in|for|worth|under|at|as|this|last|next|on|by|over|until)\s", buyer)[0]
    if buyer and granter and names_party(buyer):
        yield at, s.reading("authorisation", granter, buyer, action, "approved a sale")


# A deal between firms approved: "cleared the merger of A with B", "gave final approval to the
# proposed merger between A and B", "approved A's takeover of B". The firm named first may now go
# ahead with it (the buyer, in a takeover).
_DEAL = r"merger|takeover|acquisition|purchase"
_CLEARED = (
    rf"(?:{_APPROVING}|"
    r"(?:granted|gave|given)\s+(?:its\s+|final\s+|conditional\s+|regulatory\s+|the\s+)*"
    r"(?:approval|clearance|go-ahead|green\s+light)\s+(?:to|for))"
)


def _deal_cleared(s: Clause) -> Found:
    """ "X approved the merger of A with B", "X cleared A's acquisition of B", "the acquisition of B by A"."""
    for m in s.decided(
        rf"\b{_CLEARED}\s+(?:(?:the|a|an)\s+(?:[\w$£€.,-]+\s+|\([^()]*\)\s+){{0,4}}?(?P<deal>{_DEAL})\s+(?:of|between)\s+"
        rf"(?P<parties>.+)|(?P<owner>(?:[A-Z][\w.&-]*\s+){{0,3}}[A-Z][\w.&-]*)['’]s?\s+(?:[\w-]+\s+)?"
        rf"(?:{_DEAL})\s+of\s+(?P<target>.+))",
        active=True,
    ):
        granter = s.subject(m.start())
        if m["owner"]:
            receiver, other = m["owner"], head_phrase(m["target"])
        else:
            # The parties are two, so the first ends at "and" (even between two names), "with" or "by";
            # the second is read off the words after it.
            first = head_phrase(re.split(r"\s+(?:with|by|and)\s+", m["parties"], maxsplit=1)[0])
            after = m["parties"][len(first or "") :]
            joined = re.match(r"\s+(?P<word>with|and|by)\s+(?P<rest>.+)", after)
            second = head_phrase(joined["rest"]) if joined else None
            # "the acquisition of B by A": the buyer is named last.
            buyer_last = joined is not None and joined["word"] == "by"
            receiver, other = (second, first) if buyer_last else (first, second)
        if m["deal"] != "merger":
            action = f"acquire {other}" if other else None
        else:
            action = f"merge with {other}" if other else "merge"
        if granter and receiver and action and names_party(receiver):
            yield m.start(), s.reading("authorisation", granter, receiver, action, "deal cleared")


# A medicine approved is its maker's to sell: "approved the Acme vaccine", "approved the vaccine
# developed by drugmaker Acme". A disease's name before the noun names no maker ("the Ebola vaccine").
_PRODUCT = r"vaccines?|drugs?|jabs?|shots?|pills?|treatments?|therap(?:y|ies)|medicines?|tests?"
_MAKER = r"[A-Z][A-Za-z&]+(?:[-\s][A-Z][A-Za-z&]+){0,2}"
_DISEASE = re.compile(
    r"covid|coronavirus|ebola|flu|influenza|hpv|mmr|polio|malaria|measles|mpox|dengue|cholera|hiv|hepatitis|"
    r"rsv|zika|rabies|tuberculosis|tb|alzheimer|cancer",
    re.IGNORECASE,
)


def _product_approved(s: Clause) -> Found:
    """ "X approved the Acme vaccine for use in children", "X approved the vaccine made by Acme"."""
    for m in s.decided(
        rf"\b(?P<verb>{_APPROVING})\s+(?:{DAY}\s+)?(?:the\s+|an?\s+)?(?:(?P<named>{_MAKER})\s+)?"
        rf"(?:[a-z][\w-]*\s+){{0,2}}?(?P<product>{_PRODUCT})\b"
        rf"(?:\s+(?:developed|made|produced|manufactured)\s+by\s+(?:[a-z]+\s+){{0,2}}(?P<by>{_MAKER}))?",
        active=True,
    ):
        maker, granter = m["by"] or m["named"], s.subject(m.start())
        if maker and granter and not _DISEASE.match(maker) and names_party(maker):
            action = f"{m['verb']} the {m['named'] + ' ' if m['named'] else ''}{m['product']}"
            yield m.start(), s.reading("authorisation", granter, maker, action, "approved a product")


SHAPES: tuple[Callable[[Clause], Found], ...] = (_deal_cleared, _approved_sale, _approved_arms, _product_approved)

"""People's roles as the text gives them: title, portfolio, state, organisation.

"Chinese President Xi Jinping", "Fiji's Prime Minister Frank Bainimarama",
"Wang Xiaohong, China's minister for public security", "Kiribati's acting
police commissioner, Eeri Aritiera", "CCP General Secretary Xi Jinping",
"former prime minister Peter O'Neill".
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from graph.nlp.lexicon import words
from graph.nlp.mentions import DocEntities

HEAD_TITLES = {"president", "prime minister", "premier", "king", "queen", "chancellor", "emir", "sultan",
               "taoiseach", "head of state", "head of government"}
PARTY_TITLES = {"general secretary", "secretary general", "secretary-general", "chairman", "party leader",
                "leader", "chairwoman", "chair", "head"}
FORMER = {"former", "ex", "late", "outgoing", "erstwhile"}
MINOR = {"vice", "deputy", "acting", "assistant", "junior", "state"}


@dataclass
class Role:
    """One title a person holds in the text."""

    title: str
    country: str | None = None
    org: str | None = None
    portfolio: str = ""
    former: bool = False
    acting: bool = False
    country_token: int | None = None
    """The token that named the state ("Australian" in "Australian Prime Minister")."""


def read_roles(ents: DocEntities) -> dict[str, list[Role]]:
    """The roles of every person in the document, keyed by entity key."""
    out: dict[str, list[Role]] = {}
    for ent in ents.entities.values():
        if ent.cls != "Person":
            continue
        roles = []
        for start, end in ent.spans:
            span = ents.doc[start:end]
            for role in (title_before(ents, span), apposition_role(ents, span), possessor_role(ents, span)):
                if role is not None:
                    roles.append(role)
        if roles:
            out[ent.key] = roles
            for role in roles:
                ent.titles.update(role.title.split())
                if role.country and not role.former and not ent.country:
                    ent.country = role.country
    return out


def _country_of_token(ents: DocEntities, tok: Token) -> str | None:
    ent = ents.at(tok.i)
    if ent is not None and ent.country and ent.cls in {"Country", "Place"}:
        return ent.country
    demonym = ents.gaz.demonym_of(tok.text) if tok.text[:1].isupper() else None
    return demonym.id if demonym else None


def _read_title(ents: DocEntities, tokens: list[Token]) -> Role | None:
    """A role from the words of a title phrase (in text order)."""
    titles = words("titles")
    role = Role(title="")
    title_words: list[str] = []
    portfolio: list[str] = []
    for tok in tokens:
        low = tok.lower_.rstrip(".")
        if low in {"the", "a", "an", ",", "'s", "’s", "then", "now"}:
            continue
        if low in FORMER:
            role.former = True
            continue
        if low in MINOR:
            role.acting = role.acting or low in {"acting"}
            if low in {"vice", "deputy", "assistant", "junior"}:
                return None
            if low == "state" and title_words == []:
                title_words.append("state")
            continue
        ent = ents.at(tok.i)
        if ent is not None and ent.cls in {"PoliticalParty", "Organization", "GovernmentBody"}:
            role.org = ent.key
            continue
        country = _country_of_token(ents, tok)
        if country and (ent is None or ent.cls in {"Country", "Place"}):
            if role.country is None:
                role.country, role.country_token = country, tok.i
            continue
        if low in titles and low not in {"foreign", "defence", "defense", "interior", "home", "justice",
                                          "police", "state"} or low in {"of", "for", "to"}:
            title_words.append(low)
        elif tok.is_alpha:
            portfolio.append(low)
    while title_words and title_words[-1] in {"of", "for", "to"}:
        title_words.pop()
    if not title_words:
        return None
    text = " ".join(title_words)
    if " of " in f" {text} " or " for " in f" {text} ":
        head, _, rest = text.partition(" of ") if " of " in text else text.partition(" for ")
        text = head
        portfolio = rest.split() + portfolio if rest else portfolio
    role.title = text.replace(" to", "")
    role.portfolio = " ".join(portfolio)
    return role


def title_before(ents: DocEntities, span: Span) -> Role | None:
    """"Chinese Premier Li Qiang", "Home Affairs Minister Pio Tikoduadua"."""
    doc = span.doc
    titles = words("titles")
    sent_start = ents.view.sent_of(span.start).start
    i = span.start - 1
    tokens: list[Token] = []
    while i >= sent_start and span.start - i <= 7:
        tok = doc[i]
        low = tok.lower_.rstrip(".")
        if low in titles or (tok.text[:1].isupper() and tok.pos_ in {"PROPN", "ADJ", "NOUN"} and ents.at(i) is None
                             and low not in {"in", "the"}) or low in FORMER | {"of", "for"} or (
                tok.text in {"-", "–"} and i > sent_start and doc[i - 1].lower_ in titles):  # "Secretary-General"
            tokens.insert(0, tok)
            i -= 1
            continue
        if tok.text in {"'s", "’s"} and i - 1 >= sent_start:
            owner = ents.at(i - 1)
            if owner is not None:
                tokens.insert(0, doc[i - 1])
            break
        if ents.at(i) is not None and ents.at(i).cls in {"Country", "PoliticalParty", "Organization"}:  # type: ignore[union-attr]
            tokens.insert(0, tok)
            i -= 1
            continue
        break
    while tokens and tokens[0].lower_ in {"of", "for"}:
        tokens.pop(0)
    if not any(t.lower_.rstrip(".") in titles for t in tokens):
        return None
    return _read_title(ents, tokens)


def apposition_role(ents: DocEntities, span: Span) -> Role | None:
    """"Wang Xiaohong, China's minister for public security," / "X, China's ambassador"."""
    doc = span.doc
    titles = words("titles")
    root = span.root
    for child in root.children:
        if child.dep_ == "appos" and child.lemma_.lower() in titles:
            tokens = [t for t in child.subtree if t.i >= span.end or t.i < span.start]
            return _read_title(ents, tokens)
    if root.dep_ == "appos" and root.head.lemma_.lower() in titles:
        head = root.head
        antecedent = head.head if head.dep_ == "appos" else (
            head.head.head if head.head.dep_ == "relcl" else None)  # "X, whose leader, Y, was arrested"
        owner = ents.at(antecedent.i) if antecedent is not None else None
        if owner is not None and any(c.lower_ == "whose" for c in head.children) and owner.cls in {
                "ArmedGroup", "Organization", "PoliticalParty", "GovernmentBody"}:
            # "Los Choneros, whose leader, José Adolfo Macías, …": the group's leader
            return Role(title=head.lemma_.lower(), org=owner.key)
        tokens = [t for t in head.subtree if not (span.start <= t.i < span.end) and t.i < span.start]
        return _read_title(ents, tokens)
    # "…, Eeri Aritiera" after a title phrase the parser did not attach
    if span.start >= 2 and doc[span.start - 1].text == ",":
        j = span.start - 2
        phrase: list[Token] = []
        sent_start = ents.view.sent_of(span.start).start
        while j >= sent_start and span.start - j <= 8 and doc[j].text != ",":
            phrase.insert(0, doc[j])
            j -= 1
        if phrase and phrase[-1].lower_ in titles:
            k = 0
            while k < len(phrase) and phrase[k].lower_ not in titles and ents.at(phrase[k].i) is None and \
                    phrase[k].tag_ not in {"POS"} and not phrase[k].text[:1].isupper():
                k += 1
            return _read_title(ents, phrase[k:])
    return None


def possessor_role(ents: DocEntities, span: Span) -> Role | None:
    """"Kazakhstan's Kassym-Jomart Tokayev": a state's named person, no title → its leader."""
    doc = span.doc
    if span.start >= 2 and doc[span.start - 1].text in {"'s", "’s"}:
        owner = ents.at(span.start - 2)
        if owner is not None and owner.cls == "Country" and not title_before(ents, span):
            return Role(title="leader", country=owner.country)
    return None

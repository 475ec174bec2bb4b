"""From argument tokens to entities: names, pronouns, descriptions, collectives.

`Resolver.resolve(token, role)` answers "which entities does this noun phrase
stand for?": a name (or a capital standing for its state), a pronoun resolved
to a recent mention, a definite description ("the ministry", "the two
countries", "the report") resolved to what it describes, a government standing
for its state ("the government in Tarawa" → Kiribati), or, when the role allows,
a new descriptive entity ("ten Pacific island nations" as an `ag:Group`).
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Span, Token

from graph.nlp.descriptions import clipped_edge, head_lemma
from graph.nlp.lexicon import words
from graph.nlp.mentions import DocEntities, LocalEntity
from graph.nlp.syntax import conjuncts
from graph.resolve import normalise_name

ACTOR_CLASSES = {"Country", "GovernmentBody", "PoliticalParty", "Person", "Organization", "ArmedGroup", "Group"}
AGREEMENT_CLASSES = {"Agreement", "Initiative"}
SOURCE_CLASSES = {"Organization", "GovernmentBody", "Report", "Article"}
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "both": 2}
STATE_NOUNS = {"country", "nation", "state", "government", "side", "neighbour", "neighbor", "republic",
               "island", "partner", "capital"}
TERRITORY_NOUNS = {"region", "territory", "republic", "enclave", "kingdom", "island", "islands", "nation",
                   "state", "province", "archipelago", "country"}
KIND_OF_BODY = {
    "ministry": {"ministry", "department", "secretariat", "office", "bureau", "directorate", "commission",
                 "interior", "defence", "defense", "affairs", "security", "justice", "home"},
    "force": {"force", "forces", "police", "army", "guard", "constabulary", "gendarmerie", "navy", "corps",
              "troops", "service"},
}
SAYING = {"say", "tell", "add", "report", "note", "state", "confirm", "announce", "write", "explain"}
SCHOOL_NOUNS = words("school_nouns") | {"centre", "center"}
NON_REFERRING = {"whichever", "whatever", "any", "no", "which", "what", "either", "neither"}
KIND_NOUNS = {"gang", "group", "militia", "cartel", "faction", "movement", "organisation", "organization", "network"}
SETTLEMENT_NOUNS = {"city", "town", "village", "metropolis", "port"}
GOVERNMENT_NOUNS = {"government", "administration", "authorities", "coalition", "cabinet", "leadership",
                    "regime", "junta"}
ORG_NOUNS = {"group", "organisation", "organization", "ngo", "institute", "think", "tank", "bloc", "agency",
             "broadcaster", "newspaper", "outlet", "magazine", "platform", "daily", "network", "grouping",
             "center", "centre", "foundation"}
MEDIA_NOUNS = {"agency", "broadcaster", "newspaper", "outlet", "magazine", "daily", "network", "platform"}
BODY_NOUNS = {"ministry", "department", "police", "force", "embassy", "bureau", "office", "service", "council",
              "secretariat", "directorate", "commission", "agency", "authority", "constabulary"}
EVENT_NOUNS = {"forum", "summit", "meeting", "conference", "dialogue", "games", "talks"}
DOCUMENT_NOUNS = {"report", "study", "paper", "investigation", "article", "statement", "follow-up", "document",
                  "survey", "analysis", "communique"}
AGREEMENT_NOUNS = set(words("signedWith", "agreement_nouns")) | {
    "offer", "proposal", "patrol", "scheme", "idea", "vision", "overture", "format", "grouping", "initiative",
    "programme", "program", "project", "mechanism", "package", "arrangement", "bid", "request", "document",
    "text", "memoranda", "invitation", "permit", "licence", "license", "authorisation", "authorization",
    "admission", "accession", "membership"}
REPRESENTATIVES = {"minister", "official", "leader", "representative", "delegate", "delegation", "envoy",
                   "diplomat", "head", "president", "premier", "ruler", "government", "junta"}
ROLE_NOUNS = {"commissioner", "minister", "president", "premier", "ambassador", "spokesman", "spokeswoman",
              "spokesperson", "chief", "secretary", "envoy", "governor", "commander", "director", "leader"}
PRONOUNS = {"he": "person", "him": "person", "his": "person", "she": "person", "her": "person",
            "it": "thing", "its": "thing", "they": "plural", "them": "plural", "their": "plural"}
DETERMINERS = {"the", "this", "that", "these", "those", "both"}


class Resolver:
    """Resolves argument tokens of one document to entity keys."""

    def __init__(self, ents: DocEntities) -> None:
        self.ents = ents
        self.doc = ents.doc
        self.focal = focal_country(ents)

    # --- public ---------------------------------------------------------------------

    def resolve(self, tok: Token, role: str = "actor") -> list[str]:
        """Entity keys that `tok` (the head of a noun phrase) stands for in `role`.

        Roles: ``actor`` (states, bodies, people, groups; may create a Group),
        ``party`` (like actor, never creates), ``agreement`` (agreements and
        initiatives; may create an Agreement), ``source`` (outlets, reports,
        bodies), ``event``, ``place``, ``any``.
        """
        ent = self._named(tok, role)
        if ent is not None:
            return [ent.key]
        if any(c.dep_ == "det" and c.lower_ in NON_REFERRING for c in tok.children):
            return []  # "whichever country taught them", "no government", "any partner"
        lower = tok.lower_
        if lower in PRONOUNS:
            found = self.pronoun(tok, role)
            return [found.key] if found else []
        lemma = head_lemma(tok)
        if tok.ent_type_ in {"DATE", "TIME", "MONEY", "PERCENT"}:
            return []
        if role in {"actor", "party", "place"} and lemma in TERRITORY_NOUNS:
            named = self.territory_named(tok)  # "the breakaway region of Somaliland"
            if named is not None:
                return [named.key]
        if role in {"actor", "party"}:
            states = self.counted_states(tok)
            if states:
                return states
            if role == "party" and lemma in REPRESENTATIVES:
                states = self.represented_states(tok)
                if states:
                    return states
            gov = self.government_of(tok)
            if gov is not None:
                return [gov.key]
        described = self.description(tok, lemma, role)
        if described is not None:
            return [described.key]
        if role == "actor" and self.is_group_head(tok):
            return [self.group_entity(tok)]
        if role == "agreement" and lemma in AGREEMENT_NOUNS | {"patrols"}:
            return [self.agreement_entity(tok)]
        return []

    def actor_country(self, key: str) -> str | None:
        """The country entity key an actor belongs to (itself for a country)."""
        ent = self.ents.entities.get(key)
        if ent is None:
            return None
        if ent.cls == "Country":
            return key
        if ent.country:
            return self.country_key(ent.country)
        return None

    def country_key(self, code: str) -> str | None:
        """The key of the country entity with ISO code `code`, if it is mentioned."""
        for ent in self.ents.entities.values():
            if ent.cls == "Country" and ent.gazetteer_id == code:
                return ent.key
        return None

    # --- names ------------------------------------------------------------------------

    def _named(self, tok: Token, role: str) -> LocalEntity | None:
        ent = self.ents.at(tok.i)
        if ent is None and tok.dep_ == "appos" and self.ents.at(tok.head.i) is not None:
            ent = self.ents.at(tok.head.i)
        if ent is None and tok.pos_ == "NOUN":
            ent = self.apposed(tok)
        if ent is None and tok.lemma_.lower() in ORG_NOUNS | {"broadcaster", "newspaper", "magazine", "platform"} \
                and tok.i + 1 < len(self.doc) and self.ents.at(tok.i + 1) is not None:
            ent = self.ents.at(tok.i + 1)  # "the investigative platform Follow the Money"
        if ent is None and tok.lemma_.lower() in KIND_NOUNS and tok.i > 0:
            named = self.ents.at(tok.i - 1)  # "the Tren de Aragua gang", "the Wagner group"
            if named is not None and self.doc[tok.i - 1].head == tok and named.cls in {"ArmedGroup", "Organization"}:
                ent = named
        if ent is None:
            for child in tok.children:
                if child.dep_ in {"appos"} and self.ents.at(child.i) is not None:
                    cand = self.ents.at(child.i)
                    if cand is not None and self._fits(cand, role):
                        return cand
            return None
        if ent.cls == "Place" and ent.country and role in {"actor", "party"}:
            key = self.country_key(ent.country)
            if key is not None:
                return self.ents.entities[key]
        if not self._fits(ent, role):
            if role in {"actor", "party"} and ent.cls in {"Event", "Report", "Article", "Agreement"}:
                return None
            if role == "source" and ent.cls == "Person":
                return None
        return ent

    def apposed(self, tok: Token) -> LocalEntity | None:
        """The name a noun phrase stands beside: "the ISS, a think tank based in Pretoria"."""
        start = self._np_start(tok)
        while start > 0 and self.doc[start - 1].lower_ in {"a", "an", "the"}:
            start -= 1
        i = start - 1
        if i < 1 or self.doc[i].text != ",":
            return None
        i -= 1
        if self.doc[i].text == ")" and i >= 2 and self.doc[i - 2].text == "(":
            i -= 3  # "Institute for Security Studies (ISS), a think tank"
        owner = self.ents.at(i) if i >= 0 else None
        if tok.lemma_ in ROLE_NOUNS | REPRESENTATIVES and tok.dep_ != "appos":
            return None  # "… trained in Hyderabad, a spokesman for the service said": a person, not the name
        if tok.dep_ == "nsubj" and tok.head.i > tok.i and tok.head.lemma_ in SAYING:
            return None  # "… and the UNODC, the organisers said": the subject of a new clause
        if owner is not None and owner.cls not in {"Person", "Place", "Country"} and tok.lemma_ not in {
                "country", "nation", "state"}:
            return owner
        return None

    @staticmethod
    def _fits(ent: LocalEntity, role: str) -> bool:
        if role in {"actor", "party"}:
            return ent.cls in ACTOR_CLASSES
        if role == "agreement":
            return ent.cls in AGREEMENT_CLASSES
        if role == "source":
            return ent.cls in SOURCE_CLASSES
        if role == "event":
            return ent.cls == "Event"
        if role == "place":
            return ent.cls in {"Place", "Country"}
        return True

    # --- pronouns ---------------------------------------------------------------------

    def pronoun(self, tok: Token, role: str) -> LocalEntity | None:
        """The antecedent of a personal or possessive pronoun."""
        kind = PRONOUNS[tok.lower_]
        # "Chad ended its agreement": its = Chad; "400 officers went through its courses": not the officers
        exclude = self._clause_subject_keys(tok, plural=True) if tok.dep_ == "poss" and kind == "thing" else set()
        if kind == "person":
            return self._recent_salient(tok, {"Person"}, exclude)
        if kind == "thing":
            classes = {"Country", "GovernmentBody", "Organization", "PoliticalParty"} if role in {
                "actor", "party", "source"} else {"Agreement", "Initiative", "Report", "Event", "Country",
                                                  "GovernmentBody", "Organization"}
            return self._recent_salient(tok, classes, exclude)
        collective = self._recent_collective(tok)
        if collective is not None:
            return collective
        return self._recent_salient(tok, {"Group", "Country", "GovernmentBody"}, exclude)

    def _recent_collective(self, tok: Token) -> LocalEntity | None:
        """"Before the first 400 Kenyan police officers flew to Haiti, they were drilled …"."""
        sent = tok.sent
        for cand in reversed(self.doc[sent.start:tok.i]):
            if cand.tag_ in {"NNS", "NNPS"} and cand.dep_ in {"nsubj", "nsubjpass"} and self.is_group_head(cand):
                keys = self.resolve(cand, "actor")
                if keys:
                    return self.ents.entities[keys[0]]
        return None

    def _clause_subject_keys(self, tok: Token, *, plural: bool) -> set[str]:
        """Entities in the subject of `tok`'s clause, when that subject is plural (with `plural`)."""
        verb = tok
        while verb.pos_ not in {"VERB", "AUX"} and verb.head != verb:
            verb = verb.head
        keys = set()
        for child in verb.children:
            if child.dep_ in {"nsubj", "nsubjpass"} and (not plural or child.tag_ in {"NNS", "NNPS"} or any(
                    c.dep_ == "conj" for c in child.children)):
                for t in child.subtree:
                    ent = self.ents.at(t.i)
                    if ent is not None:
                        keys.add(ent.key)
        return keys

    def _recent_salient(self, tok: Token, classes: set[str], exclude: set[str]) -> LocalEntity | None:
        """The most recent fitting mention, preferring subjects of the current and previous sentence."""
        view = self.ents.view
        sent = view.sent_of(tok.i)
        start = view.sent_of(sent.start - 1).start if sent.start > 0 else sent.start
        best: tuple[int, int, LocalEntity] | None = None
        for i in range(start, tok.i):
            ent = self.ents.at(i)
            if ent is None or ent.cls not in classes or ent.key in exclude:
                continue
            t = view.tokens[i]
            root = _np_root(t)
            score = 2 if root.dep_ in {"nsubj", "nsubjpass"} else 1
            if best is None or (score, i) >= (best[0], best[1]):
                best = (score, i, ent)
        if best is not None:
            return best[2]
        return self.ents.recent(tok.i, classes=classes, exclude=exclude)

    # --- descriptions ------------------------------------------------------------------

    def territory_named(self, tok: Token) -> LocalEntity | None:
        """The country or place an "of" phrase names: "the island nation of Tuvalu"."""
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                # the name right after "of" too: the parser may hang it elsewhere ("of Somaliland days earlier")
                for t in [*prep.subtree, *self.doc[prep.i + 1:prep.i + 3]]:
                    ent = self.ents.at(t.i)
                    if ent is not None and ent.cls in {"Country", "Place"}:
                        return ent
        return None

    def counted_states(self, tok: Token) -> list[str]:
        """"the two countries", "both sides", "the four governments" → the last N states."""
        if head_lemma(tok) not in STATE_NOUNS or tok.tag_ not in {"NNS", "NNPS"}:
            return []
        count = None
        for child in tok.children:
            if child.dep_ in {"nummod", "det", "predet", "quantmod"} and child.lower_ in NUMBER_WORDS:
                count = NUMBER_WORDS[child.lower_]
        if count is None or count > 6:
            return []
        if any(c.dep_ == "prep" for c in tok.children) or any(
                c.dep_ in {"amod", "compound"} and self.ents.at(c.i) is not None for c in tok.children):
            return []
        keys: list[str] = []
        for i in range(tok.i - 1, max(-1, tok.i - 400), -1):
            ent = self.ents.at(i)
            if ent is None:
                continue
            key = self.actor_country(ent.key)  # a state, or the state of a place, body or official
            if key and key not in keys:
                keys.append(key)
            if len(keys) == count:
                return keys
        return []

    def represented_states(self, tok: Token) -> list[str]:
        """"ministers from the four governments", "leaders of the five republics" → those states."""
        out: list[str] = []
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ in {"from", "of"}:
                for obj in prep.children:
                    if obj.dep_ != "pobj":
                        continue
                    for c in conjuncts(obj):
                        # "ministers from the four governments", "officials of Britain's Ministry of Defence"
                        keys = self.counted_states(c) or [k for k in self.resolve(c, "party") if self.ents.entities[
                            k].cls in {"Country", "GovernmentBody", "Organization", "PoliticalParty"}]
                        out.extend(k for k in keys if k not in out)
        return out

    def government_of(self, tok: Token) -> LocalEntity | None:
        """"the Chinese government", "Meloni's government", "the government in Tarawa" → the state."""
        if head_lemma(tok) not in GOVERNMENT_NOUNS:
            return None
        for child in tok.children:
            ent = self.ents.at(child.i)
            if child.dep_ in {"poss", "compound", "amod", "nmod"}:
                if ent is not None and ent.cls == "Country":
                    return ent
                if ent is not None and ent.country and (key := self.country_key(ent.country)):
                    return self.ents.entities[key]
                if ent is not None and ent.cls == "Person":
                    code = self.person_country(ent)
                    if code and (key := self.country_key(code)):
                        return self.ents.entities[key]
                demonym = self.ents.gaz.demonym_of(child.text) if child.text[:1].isupper() else None
                if demonym is not None and (key := self.country_key(demonym.id)):
                    return self.ents.entities[key]
                if child.lower_ in {"his", "her"}:
                    person = self.pronoun(child, "actor")
                    code = (self.person_country(person) or self.focal) if person is not None else None
                    key = self.country_key(code) if code else None
                    return self.ents.entities[key] if key else None
            if child.dep_ == "prep" and child.lower_ in {"in", "of"}:
                for obj in child.children:
                    owner = self.ents.at(obj.i)
                    if owner is not None and owner.cls == "Country":
                        return owner
                    if owner is not None and owner.country and (key := self.country_key(owner.country)):
                        return self.ents.entities[key]
        if not any(c.dep_ in {"amod", "compound", "poss", "prep", "nummod"} or c.lower_ in {"a", "an"}
                   for c in tok.children) and tok.tag_ in {"NN", "NNP"}:
            # "the junta ended the agreement": the state the passage is about
            return self._fronted_country(tok) or self._recent_salient(tok, {"Country"}, set())
        return None

    def _recent_kind(self, tok: Token, lemma: str) -> LocalEntity | None:
        """"the ministry" for the Secretariat of Security, "the force" for the Constabulary: the
        last body of that kind, whatever its name's own head word (not a university)."""
        kinds = KIND_OF_BODY[lemma]
        body = self.ents.recent(tok.i, classes={"GovernmentBody"})
        if body is None:
            return None
        words_ = {w for n in body.names for w in normalise_name(n).split()}
        return body if words_ & kinds else None

    def _owner_fits(self, tok: Token, body: LocalEntity) -> bool:
        """Whether a description's named owner is the body's ("the EU naval force" is not
        Japan's Self-Defense Forces); a description without one fits any."""
        for child in tok.children:
            if child.dep_ not in {"compound", "amod", "nmod", "poss"}:
                continue
            owner = self.ents.at(child.i)
            demonym = self.ents.gaz.demonym_of(child.text) if child.text[:1].isupper() else None
            code = owner.country if owner is not None else (demonym.id if demonym is not None else None)
            if owner is not None and owner.key == body.key:
                return True
            if owner is not None and owner.cls not in {"Country"} and not owner.country:
                return False  # "the EU naval force": an owner that is not a state, and not this body
            if code is not None and body.country != code:
                return False
        return True

    def _fronted_country(self, tok: Token) -> LocalEntity | None:
        """"In Fiji, the government renewed …": a country the clause opens with sets the scene."""
        if tok.dep_ not in {"nsubj", "nsubjpass"}:
            return None
        for prep in tok.head.children:
            if prep.dep_ == "prep" and prep.lower_ == "in" and prep.i < tok.i:
                for obj in prep.children:
                    ent = self.ents.at(obj.i)
                    if obj.dep_ == "pobj" and ent is not None and ent.cls == "Country":
                        return ent
        return None

    def description(self, tok: Token, lemma: str, role: str) -> LocalEntity | None:
        """A definite description resolved to a recent entity of the kind it names."""
        dets = {c.lower_ for c in tok.children if c.dep_ in {"det", "poss"}}
        definite = bool(dets & (DETERMINERS | {"its", "their"})) or tok.dep_ == "poss"
        if not definite:
            return None
        if lemma in AGREEMENT_NOUNS and any(_restrictive(c) for c in tok.children):
            return None  # "the agreement under which …" introduces one, it does not refer back
        if lemma in ROLE_NOUNS:
            return self._person_with_title(tok, lemma)
        if lemma in STATE_NOUNS and tok.tag_ in {"NN", "NNP"} and role in {"actor", "party", "place", "any"}:
            return self.ents.recent(tok.i, classes={"Country"})
        if lemma in SETTLEMENT_NOUNS and role in {"place", "any"}:
            return self.ents.recent(tok.i, classes={"Place"})  # "held in that city"
        if lemma in SCHOOL_NOUNS and role in {"actor", "party", "source", "any"}:
            # "the academy has trained 640 officers": the academy named last
            return self.ents.recent(tok.i, classes={"GovernmentBody", "Organization"}, head=lemma)
        if lemma in BODY_NOUNS and role in {"actor", "party", "source", "any"}:
            body = self.ents.recent(tok.i, classes={"GovernmentBody"}, head=lemma) or (
                self._recent_kind(tok, lemma) if lemma in KIND_OF_BODY else None)
            return body if body is None or self._owner_fits(tok, body) else None
        if lemma in ORG_NOUNS and role in {"actor", "party", "source", "any"}:
            if lemma in MEDIA_NOUNS or any(c.lower_ in {"news"} for c in tok.children):
                media = [e for e in self._recent_list(tok, {"Organization"}) if e.media]
                if media:
                    return media[0]
            return self.ents.recent(tok.i, classes={"Organization"})
        if lemma == "party":
            return self.ents.recent(tok.i, classes={"PoliticalParty"})
        if lemma in EVENT_NOUNS and role in {"event", "any"}:
            return self.ents.recent(tok.i, classes={"Event"}, head=lemma) or self.ents.recent(
                tok.i, classes={"Event"})
        if lemma in DOCUMENT_NOUNS and role in {"source", "any"}:
            return self.ents.recent(tok.i, classes={"Report", "Article"}, head=lemma) or self.ents.recent(
                tok.i, classes={"Report", "Article"})
        if lemma in {"initiative", "framework"} and role in {"agreement", "any"}:
            return self.ents.recent(tok.i, classes={"Initiative"})
        if lemma in {"proposal", "offer", "plan"} and role in {"agreement", "any"}:
            proposed = self._proposed(tok)
            if proposed is not None:
                return proposed
        if lemma in AGREEMENT_NOUNS and role in {"agreement", "any"}:
            return self.ents.recent(tok.i, classes={"Agreement"}, head=lemma) or (
                self.ents.recent(tok.i, classes={"Agreement", "Initiative"}) if lemma in {
                    "proposal", "document", "deal", "agreement", "plan", "text"} else None)
        return None

    def _proposed(self, tok: Token) -> LocalEntity | None:
        """The latest agreement introduced as proposed or offered ("Beijing's proposed X")."""
        for i in range(tok.i - 1, max(-1, tok.i - 300), -1):
            ent = self.ents.at(i)
            if ent is None or ent.cls not in AGREEMENT_CLASSES:
                continue
            head = self.doc[i]
            while self.ents.at(head.head.i) is ent and head.head != head:
                head = head.head
            if any(c.lemma_ in {"propose", "offer", "suggest"} or c.lower_ in {"proposed", "offered"}
                   for c in head.children):
                return ent
        return None

    def _recent_list(self, tok: Token, classes: set[str]) -> list[LocalEntity]:
        found = []
        for i in range(tok.i - 1, -1, -1):
            ent = self.ents.at(i)
            if ent is not None and ent.cls in classes and ent not in found:
                found.append(ent)
        return found

    def _person_with_title(self, tok: Token, title: str) -> LocalEntity | None:
        for ent in self._recent_list(tok, {"Person"}):
            if title in ent.titles:
                return ent
        return None

    def person_country(self, person: LocalEntity) -> str | None:
        """The ISO code of the state a person acts for, when the text or gazetteer says."""
        if person.country:
            return person.country
        return None

    # --- descriptive entities -----------------------------------------------------------

    def is_group_head(self, tok: Token) -> bool:
        lemma = tok.lemma_.lower()
        if tok.pos_ not in {"NOUN", "PROPN"}:
            return tok.pos_ == "NUM" and tok.dep_ in {"dobj", "nsubj", "pobj"}
        return lemma in words("group_heads") or (tok.tag_ in {"NNS", "NNPS"} and any(
            c.dep_ in {"amod", "compound"} and self.ents.gaz.demonym_of(c.text) for c in tok.children))

    def group_entity(self, tok: Token) -> str:
        """The Group a noun phrase introduces, named without its count ("Fijian officers") and,
        as another name, with it ("forty-two Fijian officers")."""
        span = self.group_span(tok)
        key = self.ents.add_descriptive(span, "Group", label=self.group_label(tok))
        counted = [t for t in self.doc[min(tok.left_edge.i, span.start):span.end] if not t.is_space]
        while counted and (counted[0].dep_ in {"det", "predet"} or counted[0].lower_ in {"another", "some", "about"}):
            counted.pop(0)
        if counted and counted[0].like_num:
            self.ents.entities[key].add_name("".join(t.text_with_ws for t in counted).strip(" ,;:"))
        return key

    def group_span(self, tok: Token) -> Span:
        return self.doc[self._np_start(tok):self._np_end(tok) + 1]

    def group_label(self, tok: Token) -> str:
        """A Group's name: the noun phrase without leading determiners, numbers or clauses."""
        start, end = self._np_start(tok), self._np_end(tok)
        tokens = _hyphenated_numbers_dropped([t for t in self.doc[start:end + 1] if not t.is_space])
        while tokens and (_number_part(tokens[0]) or tokens[0].dep_ in {"det", "nummod", "quantmod"}
                          or tokens[0].lower_ in _QUANTIFIERS) and not (len(tokens) > 1 and tokens[1].text == "-"):
            tokens.pop(0)
        text = "".join(t.text_with_ws for t in tokens).strip()
        return text.strip(" ,;:")

    def _np_start(self, tok: Token) -> int:
        start = tok.i
        for child in tok.lefts:
            if child.dep_ in {"det", "predet", "punct", "cc"} or child.is_space:
                continue
            start = min(start, child.left_edge.i)
        while start < tok.i and (self.doc[start].dep_ in {"det", "predet", "poss", "case"} or
                                 self.doc[start].lower_ in _QUANTIFIERS or _number_part(self.doc[start])) \
                and self.doc[start + 1].text != "-":
            start += 1
        return start

    def _np_end(self, tok: Token) -> int:
        end = tok.i
        for child in tok.rights:
            if child.dep_ == "prep" and child.lower_ in {"of", "from", "for"} or child.dep_ in {"compound", "amod", "nmod"} or child.dep_ == "acl" and child.tag_ == "VB" and any(
                    c.dep_ == "aux" and c.lower_ == "to" for c in child.children):
                end = max(end, clipped_edge(child))
            elif child.dep_ == "acl" and child.tag_ in {"VBN", "VBG"} and clipped_edge(child, dates=False) - child.i < 6:
                end = max(end, clipped_edge(child, dates=False))
            elif child.dep_ == "cc":
                continue
            elif child.dep_ == "conj":
                if joins_collective(child):
                    end = max(end, clipped_edge(child))
                else:
                    break
            else:
                break
        key = self.ents.token_key.get(end)
        if key is not None:
            for start, stop in self.ents.entities[key].spans if key in self.ents.entities else []:
                if start <= end < stop:
                    end = max(end, stop - 1)
        return end

    def agreement_entity(self, tok: Token) -> str:
        """The Agreement a noun phrase describes, reusing an earlier, fuller description."""
        span = self.group_span(tok)
        label = self.agreement_label(tok)
        if any(c.dep_ == "det" and c.lower_ in {"a", "an", "another"} for c in tok.children):
            # "a memorandum of understanding that Ethiopia had concluded": a new one, even if an
            # earlier agreement had the same words
            return self.ents.add_descriptive(span, "Agreement", label=label, fresh=True)
        antecedent = self._antecedent_phrase(tok)
        if antecedent is not None and len(antecedent) > len(label):
            label = antecedent
        return self.ents.add_descriptive(span, "Agreement", label=label)

    def _antecedent_phrase(self, tok: Token) -> str | None:
        """The latest earlier noun phrase with the same head and all of this one's modifiers."""
        mods = {t.lower_ for t in self.doc[self._np_start(tok):tok.i]}
        view = self.ents.view
        index = view.sent_index[tok.i]
        window_start = view.sents[max(0, index - 3)].start
        for k in reversed(range(window_start, view.sents[index].start)):
            if view.lemma[k] != view.lemma[tok.i] or view.tag[k] != view.tag[tok.i] \
                    or view.pos[k] not in {"NOUN", "PROPN"}:
                continue
            other = view.tokens[k]
            other_mods = {t.lower_ for t in self.doc[self._np_start(other):other.i]}
            if mods <= other_mods:
                return self.agreement_label(other)
        return None

    def agreement_label(self, tok: Token) -> str:
        """An agreement's name: the noun phrase with its complements ("joint patrols with
        Chinese officers in tourist areas", "plan to conduct joint patrols")."""
        start = self._np_start(tok)
        end = tok.i
        for child in tok.rights:
            if child.dep_ == "prep" and child.lower_ in {"of", "with", "on", "between", "for", "in", "to"}:
                if any(t.ent_type_ == "DATE" for t in child.children):
                    break
                end = max(end, clipped_edge(child, dates=False, names=True))
            elif child.dep_ in {"compound", "amod", "nmod"} or child.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children):
                end = max(end, clipped_edge(child, dates=False))
            elif child.dep_ in {"cc", "conj"}:
                break
            else:
                break
        tokens = _hyphenated_numbers_dropped([t for t in self.doc[start:end + 1] if not t.is_space])
        while tokens and (_number_part(tokens[0]) or tokens[0].dep_ in {"det", "nummod"} or tokens[0].lower_ in _QUANTIFIERS) \
                and not (len(tokens) > 1 and tokens[1].text == "-"):
            tokens.pop(0)
        return "".join(t.text_with_ws for t in tokens).strip().strip(" ,;:")


def _hyphenated_numbers_dropped(tokens: list[Token]) -> list[Token]:
    """Without a leading "forty-two" (or "the forty-two"): a count, not part of a name."""
    i = 1 if tokens and tokens[0].dep_ == "det" else 0
    while len(tokens) > i + 2 and tokens[i].like_num and tokens[i + 1].text == "-" and tokens[i + 2].like_num:
        i += 3
    return tokens[i:] if i and tokens[i - 1].like_num else tokens


def _number_part(tok: Token) -> bool:
    """A word of a number: "250", "fifty", or the "and" of "two hundred and fifty"."""
    return bool(tok.like_num) or (tok.dep_ == "cc" and tok.lower_ == "and" and bool(tok.head.like_num))


def _restrictive(child: Token) -> bool:
    """A modifier that picks out a new referent ("the agreement under which …", "the deal
    with Fiji"), unlike a comma-separated aside ("the document, which …")."""
    if child.dep_ == "prep":
        return child.lower_ in {"with", "between", "on", "for"}
    if child.dep_ in {"relcl", "acl"}:
        before = child.left_edge.i - 1
        return before < 0 or child.doc[before].text != ","
    return False


def joins_collective(conj: Token) -> bool:
    """Whether a coordinated noun completes one collective ("police and law enforcement
    personnel") rather than naming another ("… and 6,000 military personnel")."""
    people = conj.tag_ in {"NNS", "NNPS"} or conj.lemma_.lower() in words("group_heads")  # not "… and public order"
    return conj.pos_ in {"NOUN", "PROPN"} and people and not any(
        c.dep_ in {"nummod", "det", "poss"} or c.like_num for c in conj.children)


_QUANTIFIERS = {"more", "than", "least", "at", "nearly", "about", "some", "around", "over", "almost", "up",
                "to", "an", "additional", "another", "all", "a", "the", "those", "these", "its", "their",
                "his", "her", "our", "thousands", "hundreds", "dozens", "of", "roughly", "approximately",
                "fewer", "less", "only", "just", "other", "such"}


def _np_root(tok: Token) -> Token:
    cur = tok
    while cur.dep_ in {"compound", "amod", "poss", "nmod", "appos", "flat"} and cur.head != cur:
        cur = cur.head
    return cur


def focal_country(ents: DocEntities) -> str | None:
    """The country an article is mainly about: named in the headline or dateline,
    then most mentioned. Used only where a title gives no country ("President X")."""
    doc = ents.doc
    first_line_end = ents.text.find("\n")
    headline_end = first_line_end if first_line_end > 0 else min(len(ents.text), 200)
    scores: Counter[str] = Counter()
    for ent in ents.entities.values():
        code = ent.country if ent.cls in {"Country", "Place"} else None
        if not code:
            continue
        for start, _ in ent.spans:
            char = doc[start].idx
            scores[code] += 1
            if char < headline_end:
                scores[code] += 4
    for ent in ents.entities.values():
        if ent.char_mentions and ent.country:
            scores[ent.country] += 3
    if not scores:
        return None
    return max(scores, key=lambda c: (scores[c], c))


__all__ = ["Resolver", "conjuncts", "focal_country"]

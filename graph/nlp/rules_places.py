"""Rules for `heldIn` and `locatedIn`: where events took place and where bodies and places are."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from graph.nlp.arguments import (
    PLACES,
    entity_keys,
    place_keys,
)
from graph.nlp.lexicon import words
from graph.nlp.mentions import LocalEntity
from graph.nlp.relations import Context, Found, Sentence, mentions_in
from graph.nlp.syntax import (
    children,
    objects,
    particle,
    prep_objects,
    subjects,
)


def held_in(ctx: Context, sent: Sentence) -> Iterator[Found]:
    """"the APEC summit in San Francisco", "whose fourth edition took place this month in Lianyungang"."""
    for tok, ent in mentions_in(ctx.ents, sent):
        if ent.cls != "Event" or tok.pos_ not in {"NOUN", "PROPN"} and tok.dep_ not in {"ccomp", "advcl"}:
            continue
        if tok.head != tok and ctx.ents.at(tok.head.i) is ent:
            continue
        places = place_keys(ctx, prep_objects(tok, "in", "at"))
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in {"of", "on"} and not places:
                # "the meeting of the bloc in Bishkek", "a meeting on port security in Cartagena"
                for obj in child.children:
                    places += place_keys(ctx, prep_objects(obj, "in"))
        for rel in children(tok, "relcl", "acl"):
            if rel.lemma_ in {"take", "hold", "convene", "meet"} and (rel.lemma_ != "take" or particle(rel) or any(
                    c.lower_ == "place" for c in rel.children)):
                places += place_keys(ctx, prep_objects(rel, "in", "at"))
        if tok.dep_ in {"nsubj", "nsubjpass"} and tok.head.lemma_ in {"take", "hold", "convene", "open"}:
            places += place_keys(ctx, prep_objects(tok.head, "in", "at"))
        host = tok.head.head if tok.head.lower_ == "of" and tok.head.head.lower_ in {"edition", "round"} else tok
        if host.dep_ == "pobj" and host.head.head.lower_ in {"edition", "round"}:
            host = host.head.head
        if host.dep_ in {"dobj", "ccomp", "advcl"} and host.head.lemma_ in {"hold", "stage", "conduct", "host"}:
            # "held the 16th edition of their Dosti exercise off Malé"
            places += place_keys(ctx, prep_objects(host.head, "in", "at", "off", "near") or prep_objects(
                host, "in", "at", "off", "near"))
        clause = next((a for a in tok.ancestors if a.dep_ == "relcl"), None)
        if clause is not None and any(c.lower_ == "where" for c in clause.children):
            places += place_keys(ctx, [clause.head])
        places = [p for p in places if p != ent.key]
        if places:
            yield Found("held.in", "heldIn", [ent.key], list(dict.fromkeys(places)), tok, check_modality=False,
                        date=ctx.dates.in_noun_phrase(tok) or _date_near(ctx, tok))


def _date_near(ctx: Context, tok: Token) -> str | None:
    value = ctx.dates.date_of(tok)
    return value if isinstance(value, str) else None


def located_in(ctx: Context, sent: Sentence) -> Iterator[Found]:
    """"X, which is based in Y", "the Madrid-based NGO", "Lianyungang, in Jiangsu province",
    "the Lao town of Houayxay", "the Ishkashim district of Gorno-Badakhshan"."""
    doc = ctx.doc
    for tok in _located_cues(ctx, sent):
        if tok.lower_ == "based" and tok.i >= 2 and doc[tok.i - 1].text == "-":
            place = ctx.ents.at(tok.i - 2)
            noun = tok.head if tok.head != tok else None
            while noun is not None and noun.pos_ not in {"NOUN", "PROPN"} and noun.head != noun:
                noun = noun.head
            if place is not None and place.cls in PLACES and noun is not None:
                subs, r = entity_keys(ctx, [noun], "party", {"Organization", "GovernmentBody"})
                if subs:
                    yield Found("located.based", "locatedIn", subs, [place.key], tok, resolved=r,
                                check_modality=False)
        elif tok.lemma_ in LOCATING_VERBS and tok.tag_ == "VBN":
            places = place_keys(ctx, prep_objects(tok, "in"))
            holders = subjects(tok) or objects(tok) or ([tok.head] if tok.dep_ in {"acl", "relcl"} else [])
            subs, r = entity_keys(ctx, holders, "party", {"Organization", "GovernmentBody", "Place"})
            if places and subs:
                yield Found("located.based", "locatedIn", subs, places, tok, resolved=r, check_modality=False)
        seated = _seat_of(ctx, tok)
        if seated is not None:
            yield Found("located.seat", "locatedIn", [seated[0]], [seated[1]], tok, check_modality=False)
        hosted = _housed_where(ctx, tok)
        if hosted is not None:
            yield Found("located.where", "locatedIn", hosted[0], [hosted[1]], tok, check_modality=False)
        ent = ctx.ents.at(tok.i)
        if ent is not None and ent.cls in {"GovernmentBody", "Organization", "Place"}:
            apposed = _apposed_place(ctx, tok, ent)
            if apposed:
                yield Found("located.appos", "locatedIn", [ent.key], apposed[:1], tok, check_modality=False)
        if ent is not None and ent.cls in {"GovernmentBody", "Organization"} and tok.pos_ in {"PROPN", "NOUN"} \
                and _last_token_of(ctx, tok, ent) and _institution(ctx, ent):
            inner = _following_place(ctx, tok, ent, comma=False)
            if inner:
                yield Found("located.in", "locatedIn", [ent.key], inner[:1], tok, check_modality=False)
            continue
        if ent is None or ent.cls != "Place" or tok.pos_ not in {"PROPN", "NOUN"}:
            continue
        if ctx.ents.at(tok.head.i) is ent and tok.head != tok:
            continue
        inner = [p for p in place_keys(ctx, prep_objects(tok, "in")) if p != ent.key]
        if not inner and _last_token_of(ctx, tok, ent):
            inner = _following_place(ctx, tok, ent)
        if inner:
            yield Found("located.in", "locatedIn", [ent.key], inner[:1], tok, check_modality=False)
        if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lemma_ in words("settlement_nouns"):
            container = tok.head.head
            owners = [c for c in container.children if c.dep_ in {"amod", "compound", "poss", "nmod"}]
            for owner in owners:
                demonym = ctx.ents.gaz.demonym_of(owner.text) if owner.text[:1].isupper() else None
                key = ctx.resolver.country_key(demonym.id) if demonym else None
                other = ctx.ents.at(owner.i)
                key = key or (other.key if other is not None and other.cls == "Country" else None)
                if key:
                    yield Found("located.of", "locatedIn", [ent.key], [key], tok, check_modality=False)
            outer = ctx.ents.at(container.i)
            if outer is not None and outer.cls == "Place" and outer.key != ent.key:
                yield Found("located.of", "locatedIn", [outer.key], [ent.key], tok, check_modality=False)


def _located_cues(ctx: Context, sent: Sentence) -> Iterator[Token]:
    """The tokens `located_in` can start from: "based", "whose", a locating verb, a relative clause
    with a housing verb, or an entity mention (looked up as the walk reaches it, since resolving an
    argument may add one)."""
    for k, tok in enumerate(sent.tokens):
        if sent.lower[k] in {"based", "whose"} or sent.lemma[k] in LOCATING_VERBS or (
                sent.dep[k] == "relcl" and sent.lemma[k] in HOUSED_VERBS) or sent.start + k in ctx.ents.token_key:
            yield tok


LOCATING_VERBS = {"base", "headquarter", "locate", "situate"}
SEATS = {"secretariat", "headquarters", "seat", "headquarter", "hq", "base"}


def _seat_of(ctx: Context, tok: Token) -> tuple[str, str] | None:
    """"…, a grouping of five states whose secretariat is in Colombo": the body is there. The
    parser may hang the clause on the last state listed; the body is the nearest one above."""
    if tok.lower_ != "whose" or tok.head.lemma_.lower() not in SEATS or tok.head.dep_ != "nsubj":
        return None
    verb = tok.head.head
    places = place_keys(ctx, prep_objects(verb, "in", "at"))
    cur = verb.head if verb.dep_ == "relcl" else None
    for _ in range(8):
        if cur is None or not places:
            return None
        ent = ctx.ents.at(cur.i)
        if ent is not None and ent.cls in {"Organization", "GovernmentBody"}:
            return ent.key, places[0]
        cur = cur.head if cur.head != cur else None
    return None


HOUSED_VERBS = {"host", "house", "operate", "run", "sit", "keep", "maintain", "stand", "train", "have"}


def _housed_where(ctx: Context, verb: Token) -> tuple[list[str], str] | None:
    """"Manaus, …, where the CCPI, opened by Brazil's Federal Police, now hosts liaison officers":
    a body doing its work "where" a place is, is in that place."""
    if verb.dep_ != "relcl" or verb.lemma_ not in HOUSED_VERBS or not any(
            c.lower_ == "where" for c in verb.children):
        return None
    head = verb.head
    if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.lemma_ in SETTLEMENTS:
        head = head.head.head  # "Manaus, the metropolis of Amazonas state, where": Manaus
        edge = head.left_edge.i
        if head.dep_ != "appos" and edge >= 2 and ctx.doc[edge - 1].text == "," and ctx.ents.at(edge - 2):
            head = ctx.doc[edge - 2]  # the description read as a predicate, not an apposition
    place = ctx.ents.at(head.i)
    while place is None and head.dep_ == "appos" and head.head != head:
        head = head.head
        place = ctx.ents.at(head.i)
    if place is None or place.cls != "Place":
        return None
    bodies = [ctx.ents.at(s.i) for s in subjects(verb)]
    keys = [b.key for b in bodies if b is not None and b.cls in {"Organization", "GovernmentBody"}]
    return (keys, place.key) if keys else None


SETTLEMENTS = {"city", "capital", "metropolis", "town", "port", "hub", "village", "seat"}


def _apposed_place(ctx: Context, tok: Token, ent: LocalEntity) -> list[str]:
    """"Manaus, the riverine metropolis of Amazonas state" (a place in a place); "the Igarapé
    Institute, a Rio de Janeiro think tank" (a body in the place that modifies its description)."""
    out: list[str] = []
    for noun in children(tok, "appos"):
        if noun.pos_ != "NOUN" or ctx.ents.at(noun.i) is not None:
            continue
        if ent.cls == "Place" and noun.lemma_ in SETTLEMENTS:
            out += place_keys(ctx, prep_objects(noun, "of", "in"))
        elif ent.cls != "Place":
            out += place_keys(ctx, [c for c in noun.children if c.dep_ in {"compound", "nmod"}])
            if noun.lemma_.lower() in BODY_DESCRIPTIONS:  # "OECO, a research group in Quito"
                out += place_keys(ctx, prep_objects(noun, "in"))
    if not out and ent.cls == "Place" and _last_token_of(ctx, tok, ent):
        out = _settlement_after(ctx, tok)
    if not out and ent.cls != "Place" and _last_token_of(ctx, tok, ent):
        out = _place_described_after(ctx, tok) or _described_in_place(ctx, tok)
    return [k for k in out if k != ent.key]


BODY_DESCRIPTIONS = {"tank", "group", "organisation", "organization", "ngo", "institute", "university",
                     "newspaper", "company", "firm", "charity", "foundation", "centre", "center", "agency"}


def _place_described_after(ctx: Context, tok: Token) -> list[str]:
    """", a Mogadishu security think tank" after a body's name (whatever the parse)."""
    doc, i = ctx.doc, tok.i + 1
    if i + 2 >= len(doc) or doc[i].text != "," or doc[i + 1].lower_ not in {"a", "an", "the"}:
        return []
    place = ctx.ents.at(i + 2)
    if place is None or place.cls not in PLACES:
        return []
    j = i + 2
    while j < len(doc) and ctx.ents.at(j) is place:
        j += 1
    for k in range(j, min(len(doc), j + 4)):
        if not doc[k].is_alpha or doc[k].text[:1].isupper():
            return []
        if doc[k].lemma_.lower() in BODY_DESCRIPTIONS and doc[k].pos_ == "NOUN":
            return [place.key]
    return []


def _described_in_place(ctx: Context, tok: Token) -> list[str]:
    """", a research group in Quito" after a body's name (or its acronym), whatever the parse."""
    doc, i = ctx.doc, tok.i + 1
    if i + 2 < len(doc) and doc[i].text == "(" and doc[i + 2].text == ")":
        i += 3
    if i + 1 >= len(doc) or doc[i].text != "," or doc[i + 1].lower_ not in {"a", "an", "the"}:
        return []
    for k in range(i + 2, min(len(doc) - 2, i + 7)):
        if not doc[k].is_alpha:
            return []
        if doc[k].lemma_.lower() in BODY_DESCRIPTIONS and doc[k].pos_ == "NOUN" and doc[k + 1].lower_ in {"in", "based"}:
            j = k + 2 + (doc[k + 1].lower_ == "based" and doc[k + 2].lower_ == "in")
            other = ctx.ents.at(j) if j < len(doc) else None
            return [other.key] if other is not None and other.cls in PLACES else []
    return []


def _settlement_after(ctx: Context, tok: Token) -> list[str]:
    """The words after a place read as ", the [riverine] metropolis of Y" (whatever the parse)."""
    doc, i = ctx.doc, tok.i + 1
    if i + 1 >= len(doc) or doc[i].text != "," or doc[i + 1].lower_ not in {"the", "a", "an"}:
        return []
    i += 2
    for _ in range(4):
        if i >= len(doc) or doc[i].lemma_ in SETTLEMENTS or not doc[i].is_alpha or ctx.ents.at(i) is not None:
            break
        i += 1
    if i + 2 >= len(doc) or doc[i].lemma_ not in SETTLEMENTS or doc[i + 1].lower_ not in {"of", "in"}:
        return []
    j = i + 2 + (doc[i + 2].lower_ == "the")
    other = ctx.ents.at(j) if j < len(doc) else None
    return [other.key] if other is not None and other.cls in PLACES else []


def _last_token_of(ctx: Context, tok: Token, ent: LocalEntity) -> bool:
    return tok.i + 1 >= len(ctx.doc) or ctx.ents.at(tok.i + 1) is not ent


INSTITUTION_WORDS = {"delegation", "mission", "school", "academy", "college", "university", "institute", "centre", "center", "embassy",
                     "consulate", "office", "station", "headquarters", "base", "camp", "hub", "laboratory"}


def _institution(ctx: Context, ent: LocalEntity) -> bool:
    """Bodies that are somewhere: schools, centres, embassies, stations."""
    return any(w in n.lower().split() for n in ent.names for w in INSTITUTION_WORDS)


def _following_place(ctx: Context, tok: Token, ent: LocalEntity, *, comma: bool = True) -> list[str]:
    """"X, in Y" or "X in Y's Z province": a place right after a place contains it; so does
    "X, Y" when Y is a country or a province ("Semarang, Indonesia")."""
    doc = ctx.doc
    i = tok.i + 1
    if i + 2 < len(doc) and doc[i].text == "(" and doc[i + 2].text == ")":
        i += 3  # "the International Academy for Combating Terrorism (AILCT) at Jacqueville"
    if i < len(doc) and doc[i].text == "," and comma:
        i += 1
        other = ctx.ents.at(i) if i < len(doc) else None
        after = next((t for t in doc[i:i + 6] if ctx.ents.at(t.i) is not other), None)
        if after is not None and after.tag_ == "POS":
            other = None  # "near Tassia, Niger's defence ministry said": a new phrase begins
        if after is not None and after.text == "," and after.i + 1 < len(doc) and doc[after.i + 1].lower_ in {
                "whose", "which", "who"}:
            other = None  # "the countries of the Amazon basin, Venezuela, whose government …": a new phrase
        if other is not None and other.key != ent.key and (other.cls == "Country" or any(
                w in other.label.lower().split() for w in ("province", "state", "region", "prefecture"))):
            return [other.key]
    if i >= len(doc) or not (doc[i].lower_ == "in" or doc[i].lower_ == "at" and not comma):
        return []
    i += 1
    while i < len(doc) and (doc[i].lower_ == "the" or doc[i].tag_ == "POS" or (
            ctx.ents.at(i) is not None and ctx.ents.at(i).cls == "Country" and i + 1 < len(doc)  # type: ignore[union-attr]
            and doc[i + 1].tag_ == "POS")):
        i += 1
    other = ctx.ents.at(i) if i < len(doc) else None
    if other is None or other.key == ent.key or other.cls != "Place":
        return []
    return [other.key]

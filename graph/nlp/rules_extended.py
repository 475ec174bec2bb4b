"""Rules for the extended relations: leads, metWith, participatedIn, heldIn,
locatedIn, publishedBy, launched, partOf, targets, investsIn.

Same shape as graph/nlp/rules_core.py: (Context, sentence) → `Found`s.
Unnamed groups do not take part in extended relations: "the leaders of five
republics attended" names no one an analyst could follow.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from graph.nlp.entities import LocalEntity, head_lemma, publisher_of
from graph.nlp.relations import Context, Found
from graph.nlp.roles import HEAD_TITLES, PARTY_TITLES, Role, _apposition, _possessor, _title_before
from graph.nlp.rules_core import ACTORS, _keys, _members
from graph.nlp.syntax import (
    agents,
    children,
    is_passive,
    objects,
    particle,
    partitive_whole,
    passive_subjects,
    prep_objects,
    subjects,
)

NAMED_ACTORS = ACTORS - {"Group"}
PLACES = {"Place", "Country"}
EVENT_PARTS = {"opening", "closing", "sidelines", "margins", "session", "launch", "start", "end", "eve"}
MINISTRY_WORDS = {"foreign": {"foreign"}, "interior": {"interior", "internal", "home"},
                  "internal": {"interior", "internal", "home"}, "home": {"home", "interior", "internal"},
                  "defence": {"defence", "defense"}, "defense": {"defence", "defense"}}


def _named(ctx: Context, keys: list[str], classes: set[str]) -> list[str]:
    return [k for k in keys if k in ctx.ents.entities and ctx.ents.entities[k].cls in classes
            and (ctx.ents.entities[k].named or ctx.ents.entities[k].cls not in {"Group"})]


def _entity_keys(ctx: Context, toks: list[Token], role: str, classes: set[str]) -> tuple[list[str], bool]:
    keys, resolved = _keys(ctx, toks, role)
    return _named(ctx, keys, classes), resolved


# --- leads ----------------------------------------------------------------------------

def leads_title(ctx: Context, sent: Span) -> Iterator[Found]:
    """"Chinese President Xi Jinping", "Wang Xiaohong, China's minister for public security",
    "Kiribati's acting police commissioner, Eeri Aritiera", "CCP General Secretary Xi"."""
    for ent in list(ctx.ents.entities.values()):
        if ent.cls != "Person":
            continue
        for start, end in ent.spans:
            if not (sent.start <= start < sent.end) or end - start < 1:
                continue
            span = ctx.doc[start:end]
            for role in (_title_before(ctx.ents, span), _apposition(ctx.ents, span), _possessor(ctx.ents, span)):
                if role is None or role.former:
                    continue
                target, inferred = _led_by(ctx, ent, role)
                if target is not None:
                    yield Found("leads.title", "leads", [ent.key], [target], span.root, inferred=inferred,
                                check_modality=False)


def _led_by(ctx: Context, person: LocalEntity, role: Role) -> tuple[str | None, bool]:
    """What a role makes its holder lead: a state, a ministry, a police force, a party."""
    title = role.title
    if role.org and title in PARTY_TITLES | HEAD_TITLES | {"secretary", "president", "director", "governor", "commander",
                                                         "chief", "commissioner", "director general",
                                                         "director-general", "chief executive"}:
        return role.org, False
    if title in HEAD_TITLES or title == "leader":
        code = role.country or person.country
        inferred = code is None
        code = code or ctx.resolver.focal
        key = ctx.resolver.country_key(code) if code else None
        if key is None and role.country and role.country_token is not None:
            key = _state_named_by(ctx, role.country, role.country_token)
        return key, inferred
    if "minister" in title or title == "secretary":
        country = role.country or person.country or _sentence_country(ctx, person)
        body = _ministry(ctx, role, country) or _gazetteer_ministry(ctx, role, country)
        return body, False
    if "commissioner" in title or ("police" in role.portfolio and title.split()[-1] in {
            "chief", "general", "inspector", "head", "director"}):
        country = role.country or person.country or _sentence_country(ctx, person) or ctx.resolver.focal
        return _police(ctx, Role(role.title, country=country)), False
    return None, False


def _state_named_by(ctx: Context, code: str, token: int) -> str | None:
    """The state a demonym in a title names ("Australian Prime Minister"), as a mention."""
    entry = ctx.ents.gaz.country(code)
    if entry is None:
        return None
    return ctx.ents.add(token, token + 1, "Country", ctx.doc[token].text, entry=entry)


def _gazetteer_ministry(ctx: Context, role: Role, country: str | None) -> str | None:
    """"China's Minister of Public Security" → the gazetteer's Ministry of Public Security,
    as a mention of it."""
    if not country or not role.portfolio:
        return None
    wanted = f"ministry of {role.portfolio}"
    for entry in ctx.ents.gaz.by_country(country, "GovernmentBody"):
        if any(n.lower() == wanted for n in (entry.label, *entry.names)):
            return ctx.ents.add(0, 0, "GovernmentBody", entry.label, entry=entry)
    return None


def _sentence_country(ctx: Context, person: LocalEntity) -> str | None:
    """The country named nearest before a person in the sentence of their first mention."""
    start = min(s for s, _ in person.spans)
    sent = ctx.doc[start].sent
    for i in range(start - 1, sent.start - 1, -1):
        ent = ctx.ents.at(i)
        if ent is not None and ent.cls == "Country":
            return ent.country
    return None


def _ministry(ctx: Context, role: Role, country: str | None) -> str | None:
    wanted = set(role.portfolio.split())
    for word in list(wanted):
        wanted |= MINISTRY_WORDS.get(word, set())
    if not wanted:
        return None
    for ent in ctx.ents.entities.values():
        if ent.cls != "GovernmentBody" or not any(w in n.lower() for n in ent.names for w in (
                "ministry", "department", "secretariat", "office")):
            continue
        if ent.country and ent.country != country:
            continue
        words_in = {w for n in ent.names for w in n.lower().replace("'s", "").split()}
        if wanted & words_in:
            return ent.key
    return None


def _police(ctx: Context, role: Role) -> str | None:
    for ent in ctx.ents.entities.values():
        if ent.cls == "GovernmentBody" and any(w in ent.label.lower() for w in ("police", "constabulary")) \
                and (role.country is None or ent.country == role.country):
            return ent.key
    return None


def leads_government(ctx: Context, sent: Span) -> Iterator[Found]:
    """"Giorgia Meloni's government", "Marape's government", "Napat's coalition"."""
    for tok in sent:
        if tok.lemma_ not in {"government", "coalition", "administration", "cabinet"}:
            continue
        for poss in children(tok, "poss"):
            person = ctx.ents.at(poss.i)
            if person is None or person.cls != "Person":
                continue
            code = person.country or ctx.resolver.focal
            key = ctx.resolver.country_key(code) if code else None
            if key is not None:
                yield Found("leads.government", "leads", [person.key], [key], tok, inferred=person.country is None,
                            check_modality=False)


HEAD_NOUNS = {"president", "head", "chief", "director", "chairman", "chairwoman", "chair", "leader",
              "secretary-general", "commander", "commissioner"}


def leads_verb(ctx: Context, sent: Span) -> Iterator[Found]:
    """"X, who heads the Y", "X leads Y", "X serves as president of Y"."""
    for tok in sent:
        if tok.pos_ not in {"VERB", "AUX"}:
            continue
        if tok.lemma_ in {"serve", "act", "be"}:
            roles = prep_objects(tok, "as") + [c for c in tok.children if c.dep_ == "attr"]
            targets = [o for r in roles if r.lemma_.lower() in HEAD_NOUNS for o in prep_objects(r, "of")]
        elif tok.lemma_ in {"head", "lead", "chair", "run", "command", "govern"}:
            targets = objects(tok)
        else:
            continue
        subs, r1 = _entity_keys(ctx, subjects(tok), "party", {"Person"})
        objs, r2 = _entity_keys(ctx, targets, "party", {"Country", "GovernmentBody", "Organization",
                                                        "PoliticalParty"})
        objs = [o for o in objs if ctx.ents.entities[o].named]
        if subs and objs:
            yield Found("leads.verb", "leads", subs, objs, tok, resolved=r1 or r2)


# --- metWith ------------------------------------------------------------------------------

MEETERS = {"Person", "Country", "GovernmentBody", "Organization"}


def met_verb(ctx: Context, sent: Span) -> Iterator[Found]:
    """"X met (with) Y", "X held talks with Y", "X raised the issue with Y", "X and Y … after meeting"."""
    for tok in sent:
        if tok.pos_ != "VERB":
            continue
        lemma = tok.lemma_
        partner_toks: list[Token] = []
        if lemma == "meet":
            partner_toks = objects(tok) + prep_objects(tok, "with")
        elif lemma == "receive" and (agents(tok) or objects(tok)):
            people = agents(tok) if is_passive(tok) else objects(tok)
            if not all(ctx.ents.at(p.i) is not None and ctx.ents.at(p.i).cls == "Person" for p in people):  # type: ignore[union-attr]
                continue
            partner_toks = people
        elif lemma in {"hold", "raise", "discuss"} and (
                lemma != "hold" or any(o.lemma_ in {"talk", "meeting", "discussion"} for o in children(tok, "dobj"))):
            partner_toks = prep_objects(tok, "with") + [p for o in children(tok, "dobj") for p in prep_objects(o, "with")]
            if not partner_toks:
                continue
        else:
            continue
        who = passive_subjects(tok) if lemma == "receive" and is_passive(tok) else subjects(tok)
        subs, r1 = _entity_keys(ctx, who, "actor", MEETERS)
        if lemma == "receive":
            subs = [s for s in subs if ctx.ents.entities[s].cls == "Person"]
        subs += [k for k in _members(ctx, tok) if k not in subs]
        partners, r2 = _entity_keys(ctx, [p for p in partner_toks if p.lower_ not in {"which", "that"}], "actor",
                                    MEETERS)
        partners = [p for p in partners if p not in subs]
        if subs and partners:
            yield Found("met.verb", "metWith", subs, partners, tok, resolved=r1 or r2)
        elif len(subs) >= 2 and lemma == "meet" and not partner_toks:
            yield Found("met.together", "metWith", subs, [], tok, resolved=r1)


def met_talks(ctx: Context, sent: Span) -> Iterator[Found]:
    """"X said after talks in Beijing on 19 September with Y"; "a meeting between X and Y"."""
    for tok in sent:
        if tok.lemma_ in {"talk", "meeting", "discussion", "summit"} and tok.pos_ == "NOUN":
            pair, r = _entity_keys(ctx, prep_objects(tok, "between"), "actor", MEETERS)
            if len(pair) >= 2:
                yield Found("met.between", "metWith", pair, [], tok, resolved=r, check_modality=False)
                continue
        if tok.lemma_ not in {"talk", "meeting", "discussion"} or tok.pos_ != "NOUN" or tok.dep_ != "pobj":
            continue
        partners, r2 = _entity_keys(ctx, prep_objects(tok, "with"), "actor", MEETERS)
        if not partners:
            continue
        verb = tok.head.head
        subs, r1 = _entity_keys(ctx, subjects(verb) if verb.pos_ in {"VERB", "AUX"} else [], "actor", MEETERS)
        subs = [s for s in subs if s not in partners]
        if subs:
            yield Found("met.talks", "metWith", subs, partners, tok, resolved=r1 or r2, check_modality=False)


# --- participatedIn ------------------------------------------------------------------------

PARTICIPATE = {"attend", "address", "host", "cohost", "participate", "speak", "open", "close", "join", "send",
               "chair", "boycott"}


def _event_keys(ctx: Context, toks: list[Token]) -> list[str]:
    out: list[str] = []
    for tok in toks:
        if tok.lemma_ in EVENT_PARTS:
            tok = next(iter(prep_objects(tok, "of")), tok)
        out.extend(k for k in ctx.resolve(tok, "event") if ctx.ents.entities[k].cls == "Event" and k not in out)
    return out


def participated_verb(ctx: Context, sent: Span) -> Iterator[Found]:
    """"X attended the opening of the Asian Games", "Vanuatu has sent representatives to the
    dialogue", "Wang Yi, who co-hosted the meeting with Bainimarama"."""
    for tok in sent:
        if tok.pos_ != "VERB":
            continue
        lemma = tok.lemma_.replace("-", "")
        if tok.i >= 2 and tok.nbor(-1).text == "-" and tok.nbor(-2).lower_ == "co":
            lemma = "cohost" if lemma == "host" else lemma
        if lemma not in PARTICIPATE:
            continue
        if lemma == "send":
            event_toks = prep_objects(tok, "to")
        elif lemma in {"participate", "speak"}:
            event_toks = prep_objects(tok, "in", "at")
        else:
            event_toks = objects(tok) + prep_objects(tok, "in", "at")
        events = _event_keys(ctx, event_toks)
        if not events:
            continue
        people = agents(tok) if is_passive(tok) else subjects(tok)
        subs, r = _entity_keys(ctx, people, "actor", NAMED_ACTORS)
        if lemma in {"cohost", "host"}:
            with_toks = prep_objects(tok, "with") + [p for e in event_toks for p in prep_objects(e, "with")]
            extra, _ = _entity_keys(ctx, with_toks, "actor", NAMED_ACTORS)
            subs += [e for e in extra if e not in subs]
        places = _place_keys(ctx, prep_objects(tok, "in"))
        if lemma == "host":
            places += [k for k in _place_keys(ctx, subjects(tok)) if ctx.ents.entities[k].cls == "Place"]
        if places and lemma in {"address", "attend", "host", "cohost", "open"}:
            for event in events:
                yield Found("held.verb", "heldIn", [event], places[:1], tok, check_modality=False)
        if subs:
            yield Found("participated.verb", "participatedIn", subs, events, tok, resolved=r)


def participated_at(ctx: Context, sent: Span) -> Iterator[Found]:
    """"At the summit of the SCO, Xi said …", "which Xi launched at the UN General Assembly",
    "speaking on the sidelines of the APEC summit", "raised the issue with Xi at the G20 summit"."""
    for prep in sent:
        if prep.dep_ != "prep" or prep.lower_ not in {"at", "during", "on", "to"}:
            continue
        objs = [o for o in prep.children if o.dep_ == "pobj"]
        if prep.lower_ == "on":
            objs = [o for o in objs if o.lemma_ in {"sideline", "sidelines", "margin", "margins"}]
        events = _event_keys(ctx, objs)
        if not events:
            continue
        verb = prep.head
        while verb.pos_ not in {"VERB", "AUX"} and verb.head != verb and verb.dep_ in {
                "pobj", "prep", "dobj", "appos", "compound", "conj"}:
            verb = verb.head
        if verb.pos_ not in {"VERB", "AUX"}:
            continue
        people = agents(verb) if is_passive(verb) else subjects(verb)
        if not people and verb.dep_ in {"acl", "advcl"} and verb.head.pos_ in {"NOUN", "PROPN"}:
            people = [verb.head]
        if not people and verb.dep_ == "advcl":
            people = subjects(verb.head)
        subs, r = _entity_keys(ctx, people, "actor", {"Person", "Country"})
        with_toks = prep_objects(verb, "with")
        partners, _ = _entity_keys(ctx, with_toks, "actor", {"Person"})
        subs += [p for p in partners if p not in subs]
        if subs:
            yield Found("participated.at", "participatedIn", subs, events, prep, resolved=r, date_token=verb)


# --- heldIn, locatedIn -------------------------------------------------------------------

def _place_keys(ctx: Context, toks: list[Token]) -> list[str]:
    out: list[str] = []
    for tok in toks:
        if tok.lemma_ in {"city", "town", "village", "province", "region", "island", "capital"}:
            inner = prep_objects(tok, "of")
            if inner:
                tok = inner[0]
            elif tok.lemma_ == "capital":
                demonym = next((ctx.ents.gaz.demonym_of(c.text) for c in tok.children
                                if c.dep_ == "amod" and ctx.ents.gaz.demonym_of(c.text)), None)
                if demonym is not None and demonym.capital:
                    ent = next((e for e in ctx.ents.entities.values() if e.cls == "Place" and e.label == demonym.capital), None)
                    if ent is not None:
                        out.append(ent.key)
                continue
        ent = ctx.ents.at(tok.i)
        if ent is not None and ent.cls in PLACES:
            out.append(ent.key)
        elif ent is None and tok.pos_ == "NOUN":  # "held in that city"
            out += [k for k in ctx.resolve(tok, "place") if ctx.ents.entities[k].cls in PLACES]
    return out


def held_in(ctx: Context, sent: Span) -> Iterator[Found]:
    """"the APEC summit in San Francisco", "whose fourth edition took place this month in Lianyungang"."""
    for tok in sent:
        ent = ctx.ents.at(tok.i)
        if ent is None or ent.cls != "Event" or tok.pos_ not in {"NOUN", "PROPN"}:
            continue
        if tok.head != tok and ctx.ents.at(tok.head.i) is ent:
            continue
        places = _place_keys(ctx, prep_objects(tok, "in", "at"))
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for obj in child.children:
                    places += _place_keys(ctx, prep_objects(obj, "in"))
        for rel in children(tok, "relcl", "acl"):
            if rel.lemma_ in {"take", "hold", "convene", "meet"} and (rel.lemma_ != "take" or particle(rel) or any(
                    c.lower_ == "place" for c in rel.children)):
                places += _place_keys(ctx, prep_objects(rel, "in", "at"))
        if tok.dep_ in {"nsubj", "nsubjpass"} and tok.head.lemma_ in {"take", "hold", "convene", "open"}:
            places += _place_keys(ctx, prep_objects(tok.head, "in", "at"))
        clause = next((a for a in tok.ancestors if a.dep_ == "relcl"), None)
        if clause is not None and any(c.lower_ == "where" for c in clause.children):
            places += _place_keys(ctx, [clause.head])
        places = [p for p in places if p != ent.key]
        if places:
            yield Found("held.in", "heldIn", [ent.key], list(dict.fromkeys(places)), tok, check_modality=False,
                        date=ctx.dates.in_noun_phrase(tok) or _date_near(ctx, tok))


def _date_near(ctx: Context, tok: Token) -> str | None:
    value = ctx.dates.date_of(tok)
    return value if isinstance(value, str) else None


def located_in(ctx: Context, sent: Span) -> Iterator[Found]:
    """"X, which is based in Y", "the Madrid-based NGO", "Lianyungang, in Jiangsu province",
    "the Lao town of Houayxay", "the Ishkashim district of Gorno-Badakhshan"."""
    doc = ctx.doc
    for tok in sent:
        if tok.lower_ == "based" and tok.i >= 2 and doc[tok.i - 1].text == "-":
            place = ctx.ents.at(tok.i - 2)
            noun = tok.head if tok.head != tok else None
            while noun is not None and noun.pos_ not in {"NOUN", "PROPN"} and noun.head != noun:
                noun = noun.head
            if place is not None and place.cls in PLACES and noun is not None:
                subs, r = _entity_keys(ctx, [noun], "party", {"Organization", "GovernmentBody"})
                if subs:
                    yield Found("located.based", "locatedIn", subs, [place.key], tok, resolved=r,
                                check_modality=False)
        elif tok.lemma_ in {"base", "headquarter", "locate", "situate"} and tok.tag_ == "VBN":
            places = _place_keys(ctx, prep_objects(tok, "in"))
            holders = subjects(tok) or objects(tok) or ([tok.head] if tok.dep_ in {"acl", "relcl"} else [])
            subs, r = _entity_keys(ctx, holders, "party", {"Organization", "GovernmentBody", "Place"})
            if places and subs:
                yield Found("located.based", "locatedIn", subs, places, tok, resolved=r, check_modality=False)
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
        inner = [p for p in _place_keys(ctx, prep_objects(tok, "in")) if p != ent.key]
        if not inner and _last_token_of(ctx, tok, ent):
            inner = _following_place(ctx, tok, ent)
        if inner:
            yield Found("located.in", "locatedIn", [ent.key], inner[:1], tok, check_modality=False)
        if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lemma_ in {
                "town", "city", "village", "district", "province", "region", "island", "port"}:
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


SETTLEMENTS = {"city", "capital", "metropolis", "town", "port", "hub", "village", "seat"}


def _apposed_place(ctx: Context, tok: Token, ent: LocalEntity) -> list[str]:
    """"Manaus, the riverine metropolis of Amazonas state" (a place in a place); "the Igarapé
    Institute, a Rio de Janeiro think tank" (a body in the place that modifies its description)."""
    out: list[str] = []
    for noun in children(tok, "appos"):
        if noun.pos_ != "NOUN" or ctx.ents.at(noun.i) is not None:
            continue
        if ent.cls == "Place" and noun.lemma_ in SETTLEMENTS:
            out += _place_keys(ctx, prep_objects(noun, "of", "in"))
        elif ent.cls != "Place":
            out += _place_keys(ctx, [c for c in noun.children if c.dep_ in {"compound", "nmod"}])
    if not out and ent.cls == "Place" and _last_token_of(ctx, tok, ent):
        out = _settlement_after(ctx, tok)
    if not out and ent.cls != "Place" and _last_token_of(ctx, tok, ent):
        out = _place_described_after(ctx, tok)
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


# --- publishedBy, launched, partOf ---------------------------------------------------------

DOCUMENTS = {"Report", "Article"}


def published_by(ctx: Context, sent: Span) -> Iterator[Found]:
    """"a report by X", "a paper published by Y of Z", "X published 'Title'", "In a study …, X argued"."""
    seen: set[str] = set()
    for tok in sent:
        ent = ctx.ents.at(tok.i)
        if ent is not None and ent.cls in DOCUMENTS and ent.key not in seen:
            publisher = publisher_of(tok, ctx.ents)
            if publisher is not None and publisher.cls == "Person":
                publisher = _affiliation(ctx, tok) or None
            if publisher is not None and publisher.key != ent.key:
                seen.add(ent.key)
                yield Found("published.by", "publishedBy", [ent.key], [publisher.key], tok, check_modality=False)
                continue
        if tok.pos_ == "VERB" and tok.lemma_ in {"publish", "release", "issue", "unveil"} and not is_passive(tok):
            docs = [k for o in objects(tok) for k in ctx.resolve(o, "any") if ctx.ents.entities[k].cls in DOCUMENTS]
            pubs, r = _entity_keys(ctx, subjects(tok), "source", {"Organization", "GovernmentBody"})
            for d in docs:
                if pubs and d not in seen:
                    seen.add(d)
                    yield Found("published.verb", "publishedBy", [d], pubs, tok, resolved=r, check_modality=False)
        if tok.dep_ == "pobj" and tok.head.lower_ == "in" and ent is not None and ent.cls in DOCUMENTS:
            verb = tok.head.head
            pubs, r = _entity_keys(ctx, subjects(verb), "source", {"Organization"})
            if pubs and ent.key not in seen and verb.pos_ == "VERB":
                seen.add(ent.key)
                yield Found("published.in", "publishedBy", [ent.key], pubs, verb, resolved=r, check_modality=False)
    for tok in sent:
        ent = ctx.ents.at(tok.i)
        if ent is None or ent.cls not in DOCUMENTS or ent.key in seen:
            continue
        followed = _followed_report(ctx, tok)
        if followed is not None:
            seen.add(ent.key)
            yield Found("published.followup", "publishedBy", [ent.key], [followed], tok, inferred=True,
                        check_modality=False)


def _affiliation(ctx: Context, tok: Token) -> LocalEntity | None:
    """"by Paul Nantulya of the Africa Center": the organisation of the author."""
    for t in tok.subtree:
        if t.dep_ == "prep" and t.lower_ == "of" and ctx.ents.at(t.head.i) is not None and \
                ctx.ents.at(t.head.i).cls == "Person":  # type: ignore[union-attr]
            for obj in t.children:
                org = ctx.ents.at(obj.i)
                if org is not None and org.cls in {"Organization", "GovernmentBody"}:
                    return org
    return None


def _followed_report(ctx: Context, tok: Token) -> str | None:
    """A follow-up is published by whoever published what it follows up."""
    if head_lemma(tok) != "follow-up" and not any(head_lemma(t) == "follow-up" for t in [tok.head]):
        names = ctx.ents.at(tok.i)
        if names is None or not any("follow-up" in n for n in names.names):
            return None
    here = ctx.ents.at(tok.i)
    for found in reversed(ctx.found):
        if found.predicate == "publishedBy" and found.trigger.i < tok.i + 40 and (
                here is None or found.subjects[0] != here.key):
            return found.objects[0]
    return None


LAUNCH_VERBS = {"launch", "introduce", "unveil", "initiate", "found", "propose", "create", "establish", "start",
                "inaugurate"}


def launched(ctx: Context, sent: Span) -> Iterator[Found]:
    """"which Xi launched at the UNGA", "the GSI, launched by President Xi", "Xi's GSI introduced
    in 2022", "the framework that Xi first put forward"."""
    for tok in sent:
        if tok.pos_ != "VERB":
            continue
        lemma = tok.lemma_
        if not (lemma in LAUNCH_VERBS or (lemma == "put" and any(c.lower_ == "forward" for c in tok.children)) or (
                lemma == "set" and particle(tok) == "up")):
            continue
        objs, r1 = _entity_keys(ctx, objects(tok), "agreement", {"Initiative"})
        if is_passive(tok):
            people = agents(tok)
            if not people and tok.dep_ == "acl":
                people = [c for c in tok.head.children if c.dep_ == "poss"]
        else:
            people = subjects(tok)
        subs, r2 = _entity_keys(ctx, people, "party", NAMED_ACTORS)
        if objs and subs:
            date = next((ctx.dates.in_noun_phrase(o) for o in objects(tok) if ctx.dates.in_noun_phrase(o)), None)
            yield Found("launched.verb", "launched", subs, objs, tok, resolved=r1 or r2, date=date)


def part_of(ctx: Context, sent: Span) -> Iterator[Found]:
    """"X falls under Y", "Gwadar Port, part of the CPEC", "the railway, one of the flagship projects of
    the BRI", "the Standard Gauge Railway, an early Belt and Road project", "its leaders' summit"."""
    for tok in sent:
        ent = ctx.ents.at(tok.i)
        if tok.pos_ == "VERB" and tok.lemma_ == "fall" and any(c.lower_ == "under" for c in tok.children):
            subs, r1 = _entity_keys(ctx, subjects(tok), "any", {"Event", "Initiative", "Place", "Agreement"})
            under, r2 = _entity_keys(ctx, prep_objects(tok, "under"), "agreement", {"Initiative", "Organization"})
            if subs and under:
                yield Found("partof.fall", "partOf", subs, under, tok, resolved=r1 or r2, check_modality=False)
        if tok.dep_ == "appos" and ctx.ents.at(tok.head.i) is not None:
            part = ctx.ents.at(tok.head.i)
            if part is None or part.cls not in {"Place", "Event", "Initiative"}:
                continue
            wholes: list[str] = []
            if tok.lemma_ in {"part", "one", "component", "centrepiece", "centerpiece", "pillar"}:
                for obj in prep_objects(tok, "of"):
                    wholes += _wholes(ctx, obj)
                    for inner in prep_objects(obj, "of"):
                        wholes += _wholes(ctx, inner)
            elif tok.lemma_ in {"project", "programme", "program", "initiative", "scheme"}:
                wholes += [k for c in tok.children if c.dep_ in {"compound", "nmod", "amod"}
                           for k in _wholes(ctx, c)]
            wholes = [w for w in wholes if w != part.key]
            if wholes:
                yield Found("partof.appos", "partOf", [part.key], wholes[:1], tok, check_modality=False)
        if ent is not None and ent.cls == "Event":
            for poss in children(tok, "poss"):
                if poss.lower_ in {"its", "their"}:
                    owner = ctx.resolver.pronoun(poss, "agreement")
                else:
                    owner = ctx.ents.at(poss.i)
                if owner is not None and owner.cls == "Initiative":
                    yield Found("partof.possessive", "partOf", [ent.key], [owner.key], tok, inferred=True,
                                check_modality=False)


def _wholes(ctx: Context, tok: Token) -> list[str]:
    ent = ctx.ents.at(tok.i)
    if ent is not None and ent.cls in {"Initiative"}:
        return [ent.key]
    return []


# --- targets, investsIn ---------------------------------------------------------------------

ATTACK_VERBS = {"target", "attack", "threaten", "bomb", "raid", "seize", "overtake", "overrun", "kidnap", "kill",
                "ambush", "storm", "shell"}
ATTACK_NOUNS = {"attack", "raid", "strike", "assault", "ambush", "bombing", "offensive"}


def targets(ctx: Context, sent: Span) -> Iterator[Found]:
    """"separatists have targeted X", "militants attacked Y", "JNIM stepped up attacks on army
    posts in the Tillaberi region", "fighters killed twenty soldiers near the village of Tassia"."""
    for tok in sent:
        if tok.pos_ != "VERB":
            continue
        attack_objects = [partitive_whole(o) for o in objects(tok) if partitive_whole(o).lemma_ in ATTACK_NOUNS]
        if tok.lemma_ not in ATTACK_VERBS and not attack_objects:
            continue
        subs, r1 = _keys(ctx, subjects(tok), "actor")
        armed = [s for s in subs if ctx.ents.entities[s].cls == "ArmedGroup"]
        states = [s for s in subs if ctx.ents.entities[s].cls in {"Country", "GovernmentBody"}]
        if not armed and not states:
            continue
        objs, r2 = _entity_keys(ctx, objects(tok), "actor", NAMED_ACTORS | {"Place"})
        in_subject = {t.i for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"} for t in c.subtree}
        clause = [t for t in tok.subtree if t.dep_ == "pobj" and t.head.lower_ in {"in", "near", "on", "at"}
                  and t.i not in in_subject]
        found = _entity_keys(ctx, clause, "actor", {"ArmedGroup"})[0]
        objs += [k for k in found + (_place_keys(ctx, clause) if armed else []) if k not in objs]
        if states and not armed:
            subs = states  # "Turkey's air force kept up strikes on the PKK"
            objs = [o for o in objs if ctx.ents.entities[o].cls == "ArmedGroup"]
        else:
            subs = armed
        if objs:
            yield Found("targets.verb", "targets", subs, objs, tok, resolved=r1 or r2)


def invests_in(ctx: Context, sent: Span) -> Iterator[Found]:
    """"X invested in Y", "Smederevo is home to a steel mill that HBIS bought in 2016"."""
    for tok in sent:
        if tok.pos_ != "VERB" or tok.lemma_ not in {"invest", "buy", "acquire", "purchase", "build", "fund"}:
            continue
        investors, r = _entity_keys(ctx, subjects(tok), "party", {"Organization", "Country", "GovernmentBody"})
        if not investors:
            continue
        places = _place_keys(ctx, prep_objects(tok, "in"))
        for obj in objects(tok):
            places += _place_keys(ctx, [obj] + prep_objects(obj, "in"))
            if obj.dep_ == "attr" or (tok.dep_ == "relcl" and obj == tok.head):
                holder = obj.head if obj.dep_ == "pobj" else None
                if holder is not None and holder.head.pos_ in {"AUX", "VERB"}:
                    places += _place_keys(ctx, subjects(holder.head))
        if tok.lemma_ == "invest" and not places:
            places = [k for k in _place_keys(ctx, prep_objects(tok, "in"))]
        if places and investors:
            yield Found("invests.verb", "investsIn", investors, list(dict.fromkeys(places)), tok, resolved=r)


EXTENDED_RULES = (
    leads_title, leads_government, leads_verb,
    met_verb, met_talks,
    participated_verb, participated_at,
    held_in, located_in,
    published_by, launched, part_of,
    targets, invests_in,
)

"""Rules for `metWith` and `participatedIn`: meetings, talks, and who attended, hosted or
spoke at an event."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from graph.nlp.arguments import (
    NAMED_ACTORS,
    entity_keys,
    place_keys,
)
from graph.nlp.lexicon import words
from graph.nlp.relations import Context, Found, Sentence
from graph.nlp.rules_rejected import group_members
from graph.nlp.syntax import (
    agents,
    children,
    is_passive,
    objects,
    passive_subjects,
    prep_objects,
    subjects,
)

EVENT_PARTS = {"opening", "closing", "sidelines", "margins", "session", "launch", "start", "end", "eve", "edition",
               "round"}


# --- metWith ------------------------------------------------------------------------------

MEETERS = {"Person", "Country", "GovernmentBody", "Organization"}


def met_verb(ctx: Context, sent: Sentence) -> Iterator[Found]:
    """"X met (with) Y", "X held talks with Y", "X raised the issue with Y", "X and Y … after meeting"."""
    for tok in sent.with_pos("VERB"):
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
            if not partner_toks and lemma != "hold":  # "Kenya and Djibouti held talks": with each other
                continue
        else:
            continue
        who = passive_subjects(tok) if lemma == "receive" and is_passive(tok) else subjects(tok)
        subs, r1 = entity_keys(ctx, who, "actor", MEETERS)
        if lemma == "receive":
            subs = [s for s in subs if ctx.ents.entities[s].cls == "Person"]
        subs += [k for k in group_members(ctx, tok) if k not in subs]
        partners, r2 = entity_keys(ctx, [p for p in partner_toks if p.lower_ not in {"which", "that"}], "actor",
                                    MEETERS)
        partners = [p for p in partners if p not in subs]
        if subs and partners:
            yield Found("met.verb", "metWith", subs, partners, tok, resolved=r1 or r2)
        elif len(subs) >= 2 and lemma in {"meet", "hold"} and not partner_toks:
            yield Found("met.together", "metWith", subs, [], tok, resolved=r1)


AGREEING = {"agree", "sign", "discuss", "decide", "pledge", "meet", "talk", "settle", "commit"}


def _with_appositions(toks: list[Token]) -> list[Token]:
    """Subjects and the names set beside them ("his counterpart, Luiz Inácio Lula da Silva")."""
    out = list(toks)
    for tok in toks:
        out += [c for c in tok.children if c.dep_ == "appos" and c not in out]
    return out


def met_talks(ctx: Context, sent: Sentence) -> Iterator[Found]:
    """"X said after talks in Beijing on 19 September with Y"; "a meeting between X and Y"."""
    for tok in sent.with_lemma({"talk", "meeting", "discussion", "summit"}, "NOUN"):
        if tok.lemma_ in {"talk", "meeting", "discussion", "summit"} and tok.pos_ == "NOUN":
            pair, r = entity_keys(ctx, prep_objects(tok, "between"), "actor", MEETERS)
            if len(pair) >= 2:
                yield Found("met.between", "metWith", pair, [], tok, resolved=r, check_modality=False)
                continue
        if tok.lemma_ not in {"talk", "meeting", "discussion"} or tok.pos_ != "NOUN" or tok.dep_ != "pobj":
            continue
        partners, r2 = entity_keys(ctx, prep_objects(tok, "with"), "actor", MEETERS)
        if not partners and tok.head.lower_ in {"at", "during"} and tok.head.head.pos_ == "VERB" and \
                tok.head.head.lemma_ in AGREEING:
            # "Ali and his Brazilian counterpart, Lula, agreed at a meeting in Brasília"
            pair, r = entity_keys(ctx, _with_appositions(subjects(tok.head.head)), "actor", {"Person", "Country"})
            if len(pair) >= 2:
                yield Found("met.together", "metWith", pair, [], tok, resolved=r, check_modality=False)
            continue
        if not partners:
            continue
        verb = tok.head.head
        subs, r1 = entity_keys(ctx, subjects(verb) if verb.pos_ in {"VERB", "AUX"} else [], "actor", MEETERS)
        subs = [s for s in subs if s not in partners]
        if subs:
            yield Found("met.talks", "metWith", subs, partners, tok, resolved=r1 or r2, check_modality=False)


# --- participatedIn ------------------------------------------------------------------------

PARTICIPATE = {"attend", "address", "host", "cohost", "participate", "speak", "open", "close", "join", "send",
               "chair", "boycott", "hold", "stage", "conduct"}


def _event_keys(ctx: Context, toks: list[Token]) -> list[str]:
    out: list[str] = []
    for tok in toks:
        if tok.lemma_ in EVENT_PARTS or tok.lower_ in EVENT_PARTS:
            tok = next(iter(prep_objects(tok, "of")), tok)
        out.extend(k for k in ctx.resolve(tok, "event") if ctx.ents.entities[k].cls == "Event" and k not in out)
    return out


DELEGATE_HEADS = {"chief", "head", "agency", "envoy", "commissioner", "service", "navy", "army"}


def delegates(ctx: Context, toks: list[Token]) -> list[Token]:
    """"delegations from Samoa, the Cook Islands and Papua New Guinea", "the heads of the PPA
    and the Finnish Border Guard": the states and bodies that sent them, when they are named."""
    out: list[Token] = []
    for tok in toks:
        if ctx.ents.at(tok.i) is None and (tok.lemma_ in words("group_heads") or tok.lemma_ in DELEGATE_HEADS):
            senders = [m for o in prep_objects(tok, "from", "of") for m in _listed(o) if ctx.ents.at(m.i) is not None]
            named = any(c.dep_ == "appos" for c in tok.children) or bool(ctx.resolve(tok, "actor"))
            senders = senders or [c for c in tok.children if c.dep_ == "poss" and ctx.ents.at(c.i) is not None
                                  and ctx.ents.at(c.i).cls != "Person" and not named]  # type: ignore[union-attr]
            # "Vanuatu's acting police commissioner attended": Vanuatu was there (unless the text names him)
            if senders:
                out.extend(senders)
                continue
        out.append(tok)
    return out


def _listed(tok: Token) -> Iterator[Token]:
    """`tok` and what is listed with it: conjuncts, appositions, "among them X, Y"."""
    yield tok
    for c in tok.children:
        if c.dep_ in {"conj", "appos"}:
            yield from _listed(c)
        elif c.dep_ == "prep" and c.lower_ == "among":
            for o in c.children:
                if o.dep_ in {"pobj", "appos"}:
                    yield from _listed(o)


def _reduced_subject(verb: Token, lemma: str) -> list[Token]:
    """"Delegations from 17 countries attended", parsed as "countries (that were) attended":
    with no object of its own, the phrase the verb hangs from attended."""
    if lemma not in {"attend", "participate"} or verb.dep_ != "acl" or children(verb, "dobj") or agents(verb):
        return []
    top = verb.head
    while top.dep_ == "pobj" and top.head.dep_ == "prep":
        top = top.head.head
    return [top]


def _along_with(tok: Token) -> list[Token]:
    return [o for a in tok.children if a.lower_ == "along" for w in a.children if w.lower_ == "with"
            for o in w.children if o.dep_ == "pobj"]


def _implicit_event(ctx: Context, verb: Token, lemma: str, event_toks: list[Token]) -> list[str]:
    """"Delegations from 17 countries attended": the event named in this or the previous
    sentence, when the verb has no object of its own."""
    if lemma not in {"attend", "participate"} or any(t.head == verb or t.head.head == verb for t in event_toks) or any(
            c.dep_ in {"dobj", "xcomp", "ccomp"} for c in verb.children):
        return []
    sent = verb.sent
    start = sent.start if sent.start == 0 else verb.doc[sent.start - 1].sent.start
    event = ctx.ents.recent(verb.i, classes={"Event"})
    if event is None or not any(start <= s < verb.i for s, _ in event.spans):
        return []
    return [event.key]


def participated_verb(ctx: Context, sent: Sentence) -> Iterator[Found]:
    """"X attended the opening of the Asian Games", "Vanuatu has sent representatives to the
    dialogue", "Wang Yi, who co-hosted the meeting with Bainimarama"."""
    for tok in sent.with_pos("VERB"):
        lemma = tok.lemma_.replace("-", "")
        if tok.i >= 2 and tok.nbor(-1).text == "-" and tok.nbor(-2).lower_ == "co":
            lemma = "cohost" if lemma == "host" else lemma
        if lemma == "take" and any(c.dep_ == "dobj" and c.lemma_ == "part" for c in tok.children):
            lemma = "participate"  # "took part in"
        if lemma not in PARTICIPATE:
            continue
        if lemma == "send":
            event_toks = prep_objects(tok, "to")
        elif lemma in {"hold", "stage", "conduct"}:
            # "the coast guards … held the 16th edition of their Dosti exercise" (an event read as a clause too)
            event_toks = children(tok, "dobj") + [c for c in children(tok, "ccomp", "advcl") if ctx.ents.at(c.i) is not None]
        elif lemma in {"participate", "speak"}:
            event_toks = prep_objects(tok, "in", "at")
            if any(t.lower_ == "which" for t in event_toks) and tok.dep_ == "relcl":
                # "hosted the exercise in the South Natuna Sea, in which members of ASEAN took part"
                above = next((a for a in tok.head.ancestors if a.pos_ == "VERB"), None)
                event_toks = [tok.head] + (children(above, "dobj") if above is not None else [])
        else:
            event_toks = objects(tok) + prep_objects(tok, "in", "at")
        events = _event_keys(ctx, event_toks) or _implicit_event(ctx, tok, lemma, event_toks)
        if not events:
            continue
        people = (agents(tok) if is_passive(tok) else subjects(tok)) or _reduced_subject(tok, lemma)
        people += [s for c in tok.children if c.dep_ == "advcl" and c.lemma_ == "do" for s in subjects(c)]
        if lemma in {"attend", "participate"}:  # "X attended, along with officials from Y"
            people += [o for t in [tok, *people] for o in _along_with(t)]
        subs, r = entity_keys(ctx, delegates(ctx, people), "actor", NAMED_ACTORS)
        if lemma in {"cohost", "host"}:
            with_toks = prep_objects(tok, "with") + [p for e in event_toks for p in prep_objects(e, "with")]
            extra, _ = entity_keys(ctx, with_toks, "actor", NAMED_ACTORS)
            subs += [e for e in extra if e not in subs]
        places = place_keys(ctx, prep_objects(tok, "in"))
        if lemma == "host":
            places += [k for k in place_keys(ctx, subjects(tok)) if ctx.ents.entities[k].cls == "Place"]
        if places and lemma in {"address", "attend", "host", "cohost", "open"}:
            for event in events:
                yield Found("held.verb", "heldIn", [event], places[:1], tok, check_modality=False)
        if subs:
            yield Found("participated.verb", "participatedIn", subs, events, tok, resolved=r)


def _set_off_person(ctx: Context, verb: Token) -> Token | None:
    """The person a participle phrase set off by commas follows ("Srettha, speaking at …")."""
    if verb.tag_ != "VBG" or verb.i < 2 or verb.nbor(-1).text != ",":
        return None
    ent = ctx.ents.at(verb.i - 2)
    return verb.nbor(-2) if ent is not None and ent.cls == "Person" else None


def participated_at(ctx: Context, sent: Sentence) -> Iterator[Found]:
    """"At the summit of the SCO, Xi said …", "which Xi launched at the UN General Assembly",
    "speaking on the sidelines of the APEC summit", "raised the issue with Xi at the G20 summit"."""
    for prep in sent.with_lower("at", "during", "on", "to"):
        if prep.dep_ != "prep":
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
        set_off = _set_off_person(ctx, verb)
        if set_off is not None and not children(verb, "nsubj", "nsubjpass"):
            people = [set_off]  # "…, and Srettha, speaking on the sidelines of the APEC summit, blamed …"
        if not people and verb.dep_ in {"acl", "advcl"} and verb.head.pos_ in {"NOUN", "PROPN"}:
            people = [verb.head]
        if not people and verb.dep_ == "advcl":
            people = subjects(verb.head)
        sent_by = delegates(ctx, people)  # "by the heads of the PPA and the Finnish Border Guard"
        subs, r = entity_keys(ctx, sent_by, "actor", {"Person", "Country"} if sent_by == people else NAMED_ACTORS)
        if not subs and verb.dep_ == "advcl" and prep.i < verb.head.i:
            # "At a meeting …, attended by delegations from 14 countries, Ecuador and Colombia proposed …"
            subs, r = entity_keys(ctx, subjects(verb.head), "actor", {"Person", "Country"})
        with_toks = prep_objects(verb, "with")
        partners, _ = entity_keys(ctx, with_toks, "actor", {"Person"})
        subs += [p for p in partners if p not in subs]
        if subs:
            yield Found("participated.at", "participatedIn", subs, events, prep, resolved=r, date_token=verb)


GATHER = {"gather", "assemble", "convene", "draw", "attract", "unite"}


def participated_gathered(ctx: Context, sent: Sentence) -> Iterator[Found]:
    """"The meeting brought together agencies from ten countries, among them Latvia and Poland",
    "the summit drew leaders from …": an event as subject, its participants as object."""
    for tok in sent.with_lemma(GATHER | {"bring"}, "VERB"):
        together = tok.lemma_ == "bring" and any(c.lower_ == "together" for c in tok.children)
        if not (together or tok.lemma_ in GATHER) or is_passive(tok):
            continue
        events = _event_keys(ctx, subjects(tok))
        if not events:
            continue
        guests = delegates(ctx, children(tok, "dobj") + prep_objects(tok, "from"))
        guests += _among_them(sent, after=tok.i)
        subs, r = entity_keys(ctx, guests, "actor", NAMED_ACTORS)
        if subs:
            yield Found("participated.gathered", "participatedIn", subs, events, tok, resolved=r)


def _among_them(sent: Sentence, after: int) -> list[Token]:
    """"…, among them Latvia, Lithuania and Poland": the members a sentence lists for a group."""
    for prep in sent.with_lower("among"):
        if prep.i > after and prep.lower_ == "among" and any(c.lower_ in {"them", "whom"} for c in prep.children):
            return [m for o in prep.children if o.dep_ == "pobj" and o.pos_ != "PRON" for m in _listed(o)]
    return []


def participated_where(ctx: Context, sent: Sentence) -> Iterator[Found]:
    """"… the conference of SICA in Panama City, where coast guard chiefs from Guatemala and
    Honduras discussed a database": who did something where the event took place."""
    for tok in sent.with_dep("relcl"):
        if not any(c.dep_ == "advmod" and c.lower_ == "where" for c in tok.children):
            continue
        events = _event_keys(ctx, [_event_above(ctx, tok.head)])
        if not events:
            continue
        subs, r = entity_keys(ctx, delegates(ctx, subjects(tok)), "actor", NAMED_ACTORS)
        if subs:
            yield Found("participated.where", "participatedIn", subs, events, tok, resolved=r)


def _event_above(ctx: Context, tok: Token) -> Token:
    """The event a place phrase belongs to: "the conference of SICA in Panama City" → conference."""
    cur = tok
    for _ in range(3):
        ent = ctx.ents.at(cur.i)
        if ent is not None and ent.cls == "Event":
            return cur
        if cur.dep_ != "pobj":
            break
        cur = cur.head.head
    return tok

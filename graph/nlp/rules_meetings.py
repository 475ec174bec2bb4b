"""Rules for `metWith` and `participatedIn`: meetings, talks, and who attended, hosted or
spoke at an event."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from graph.nlp.arguments import (
    NAMED_ACTORS,
    entity_keys,
    place_keys,
)
from graph.nlp.relations import Context, Found
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

EVENT_PARTS = {"opening", "closing", "sidelines", "margins", "session", "launch", "start", "end", "eve"}


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
        subs, r1 = entity_keys(ctx, who, "actor", MEETERS)
        if lemma == "receive":
            subs = [s for s in subs if ctx.ents.entities[s].cls == "Person"]
        subs += [k for k in group_members(ctx, tok) if k not in subs]
        partners, r2 = entity_keys(ctx, [p for p in partner_toks if p.lower_ not in {"which", "that"}], "actor",
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
            pair, r = entity_keys(ctx, prep_objects(tok, "between"), "actor", MEETERS)
            if len(pair) >= 2:
                yield Found("met.between", "metWith", pair, [], tok, resolved=r, check_modality=False)
                continue
        if tok.lemma_ not in {"talk", "meeting", "discussion"} or tok.pos_ != "NOUN" or tok.dep_ != "pobj":
            continue
        partners, r2 = entity_keys(ctx, prep_objects(tok, "with"), "actor", MEETERS)
        if not partners:
            continue
        verb = tok.head.head
        subs, r1 = entity_keys(ctx, subjects(verb) if verb.pos_ in {"VERB", "AUX"} else [], "actor", MEETERS)
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
        subs, r = entity_keys(ctx, people, "actor", NAMED_ACTORS)
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
        subs, r = entity_keys(ctx, people, "actor", {"Person", "Country"})
        with_toks = prep_objects(verb, "with")
        partners, _ = entity_keys(ctx, with_toks, "actor", {"Person"})
        subs += [p for p in partners if p not in subs]
        if subs:
            yield Found("participated.at", "participatedIn", subs, events, prep, resolved=r, date_token=verb)

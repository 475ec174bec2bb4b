"""Rules for `publishedBy`, `launched` and `partOf`: who published a report, who launched
an initiative, what an event or project belongs to."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from graph.nlp.arguments import (
    NAMED_ACTORS,
    entity_keys,
)
from graph.nlp.descriptions import head_lemma, publisher_of
from graph.nlp.mentions import LocalEntity
from graph.nlp.relations import Context, Found, Sentence, mentions_in
from graph.nlp.syntax import (
    agents,
    children,
    is_passive,
    objects,
    particle,
    prep_objects,
    subjects,
)

# --- publishedBy, launched, partOf ---------------------------------------------------------

DOCUMENTS = {"Report", "Article"}
PUBLISHING_VERBS = {"publish", "release", "issue", "unveil"}


def published_by(ctx: Context, sent: Sentence) -> Iterator[Found]:
    """"a report by X", "a paper published by Y of Z", "X published 'Title'", "In a study …, X argued"."""
    seen: set[str] = set()
    for k, tok in enumerate(sent.tokens):
        ent = ctx.ents.at(sent.start + k)
        if (ent is None or ent.cls not in DOCUMENTS) and sent.lemma[k] not in PUBLISHING_VERBS:
            continue  # every form starts from a document's mention or a publishing verb
        if ent is not None and ent.cls in DOCUMENTS and ent.key not in seen:
            publisher = publisher_of(tok, ctx.ents)
            if publisher is not None and publisher.cls == "Person":
                publisher = _affiliation(ctx, tok) or None
            if publisher is not None and publisher.key != ent.key:
                seen.add(ent.key)
                yield Found("published.by", "publishedBy", [ent.key], [publisher.key], tok, check_modality=False)
                continue
        if tok.pos_ == "VERB" and tok.lemma_ in PUBLISHING_VERBS and not is_passive(tok):
            docs = [k for o in objects(tok) for k in ctx.resolve(o, "any") if ctx.ents.entities[k].cls in DOCUMENTS]
            pubs, r = entity_keys(ctx, subjects(tok), "source", {"Organization", "GovernmentBody"})
            for d in docs:
                if pubs and d not in seen:
                    seen.add(d)
                    yield Found("published.verb", "publishedBy", [d], pubs, tok, resolved=r, check_modality=False)
        if tok.dep_ == "pobj" and tok.head.lower_ == "in" and ent is not None and ent.cls in DOCUMENTS:
            verb = tok.head.head
            pubs, r = entity_keys(ctx, subjects(verb), "source", {"Organization"})
            if pubs and ent.key not in seen and verb.pos_ == "VERB":
                seen.add(ent.key)
                yield Found("published.in", "publishedBy", [ent.key], pubs, verb, resolved=r, check_modality=False)
    for tok, ent in mentions_in(ctx.ents, sent):
        if ent.cls not in DOCUMENTS or ent.key in seen:
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


def launched(ctx: Context, sent: Sentence) -> Iterator[Found]:
    """"which Xi launched at the UNGA", "the GSI, launched by President Xi", "Xi's GSI introduced
    in 2022", "the framework that Xi first put forward"."""
    for tok in sent.with_pos("VERB"):
        lemma = tok.lemma_
        if not (lemma in LAUNCH_VERBS or (lemma == "put" and any(c.lower_ == "forward" for c in tok.children)) or (
                lemma == "set" and particle(tok) == "up")):
            continue
        objs, r1 = entity_keys(ctx, objects(tok), "agreement", {"Initiative"})
        if is_passive(tok):
            people = agents(tok)
            if not people and tok.dep_ == "acl":
                people = [c for c in tok.head.children if c.dep_ == "poss"]
        else:
            people = subjects(tok)
        subs, r2 = entity_keys(ctx, people, "party", NAMED_ACTORS)
        if objs and subs:
            date = next((ctx.dates.in_noun_phrase(o) for o in objects(tok) if ctx.dates.in_noun_phrase(o)), None)
            yield Found("launched.verb", "launched", subs, objs, tok, resolved=r1 or r2, date=date)


def part_of(ctx: Context, sent: Sentence) -> Iterator[Found]:
    """"X falls under Y", "Gwadar Port, part of the CPEC", "the railway, one of the flagship projects of
    the BRI", "the Standard Gauge Railway, an early Belt and Road project", "its leaders' summit"."""
    for k, tok in enumerate(sent.tokens):
        ent = ctx.ents.at(sent.start + k)
        if sent.lemma[k] != "fall" and sent.dep[k] != "appos" and (ent is None or ent.cls != "Event"):
            continue  # every form starts from "fall", an apposition or an event's mention
        if tok.pos_ == "VERB" and tok.lemma_ == "fall" and any(c.lower_ == "under" for c in tok.children):
            subs, r1 = entity_keys(ctx, subjects(tok), "any", {"Event", "Initiative", "Place", "Agreement"})
            under, r2 = entity_keys(ctx, prep_objects(tok, "under"), "agreement", {"Initiative", "Organization"})
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

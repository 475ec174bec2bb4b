"""Rules for `targets` and `investsIn`: attacks and threats, investments and funding."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span

from graph.nlp.arguments import (
    NAMED_ACTORS,
    entity_keys,
    place_keys,
    resolve_keys,
)
from graph.nlp.relations import Context, Found
from graph.nlp.syntax import (
    objects,
    partitive_whole,
    prep_objects,
    subjects,
)

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
        subs, r1 = resolve_keys(ctx, subjects(tok), "actor")
        armed = [s for s in subs if ctx.ents.entities[s].cls == "ArmedGroup"]
        states = [s for s in subs if ctx.ents.entities[s].cls in {"Country", "GovernmentBody"}]
        if not armed and not states:
            continue
        objs, r2 = entity_keys(ctx, objects(tok), "actor", NAMED_ACTORS | {"Place"})
        in_subject = {t.i for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"} for t in c.subtree}
        clause = [t for t in tok.subtree if t.dep_ == "pobj" and t.head.lower_ in {"in", "near", "on", "at"}
                  and t.i not in in_subject]
        found = entity_keys(ctx, clause, "actor", {"ArmedGroup"})[0]
        objs += [k for k in found + (place_keys(ctx, clause) if armed else []) if k not in objs]
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
        investors, r = entity_keys(ctx, subjects(tok), "party", {"Organization", "Country", "GovernmentBody"})
        if not investors:
            continue
        places = place_keys(ctx, prep_objects(tok, "in"))
        for obj in objects(tok):
            places += place_keys(ctx, [obj] + prep_objects(obj, "in"))
            if obj.dep_ == "attr" or (tok.dep_ == "relcl" and obj == tok.head):
                holder = obj.head if obj.dep_ == "pobj" else None
                if holder is not None and holder.head.pos_ in {"AUX", "VERB"}:
                    places += place_keys(ctx, subjects(holder.head))
        if tok.lemma_ == "invest" and not places:
            places = [k for k in place_keys(ctx, prep_objects(tok, "in"))]
        if places and investors:
            yield Found("invests.verb", "investsIn", investors, list(dict.fromkeys(places)), tok, resolved=r)

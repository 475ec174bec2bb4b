"""Rules for `targets` and `investsIn`: attacks and threats, investments and funding."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from graph.nlp.arguments import (
    NAMED_ACTORS,
    entity_keys,
    place_keys,
    resolve_keys,
)
from graph.nlp.relations import Context, Found, Sentence
from graph.nlp.syntax import (
    agents,
    is_passive,
    objects,
    partitive_whole,
    prep_objects,
    subjects,
)

# --- targets, investsIn ---------------------------------------------------------------------

ATTACK_VERBS = {"target", "attack", "threaten", "bomb", "raid", "seize", "overtake", "overrun", "kidnap", "kill",
                "ambush", "storm", "shell"}
ATTACK_NOUNS = {"attack", "raid", "strike", "assault", "ambush", "bombing", "offensive"}


def targets(ctx: Context, sent: Sentence) -> Iterator[Found]:
    """"separatists have targeted X", "militants attacked Y", "JNIM stepped up attacks on army
    posts in the Tillaberi region", "fighters killed twenty soldiers near the village of Tassia"."""
    attack_nouns_here = bool(sent.by_lemma.keys() & ATTACK_NOUNS)
    for tok in sent.with_pos("VERB"):
        if not attack_nouns_here and tok.lemma_ not in ATTACK_VERBS and tok.lemma_ != "fire":
            continue  # neither an attack verb nor, in the sentence, an attack noun to be its object
        attack_objects = [partitive_whole(o) for o in objects(tok) if partitive_whole(o).lemma_ in ATTACK_NOUNS]
        fired_on = tok.lemma_ == "fire" and bool(prep_objects(tok, "on", "at"))  # "militants fired on a post"
        if tok.lemma_ not in ATTACK_VERBS and not attack_objects and not fired_on:
            continue
        if is_passive(tok) and attack_objects:  # "the raids on the camps were carried out by members of X"
            attackers = agents(tok)
        else:
            attackers = subjects(tok)
        subs, r1 = resolve_keys(ctx, [_group_behind(ctx, t) for t in attackers], "actor")
        armed = [s for s in subs if ctx.ents.entities[s].cls == "ArmedGroup"]
        states = [s for s in subs if ctx.ents.entities[s].cls in {"Country", "GovernmentBody"}]
        if not armed and not states:
            continue
        objs, r2 = entity_keys(ctx, [] if is_passive(tok) else objects(tok), "actor", NAMED_ACTORS | {"Place"})
        in_subject = {t.i for a in attackers for t in a.subtree}
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


FIGHTERS = {"member", "militant", "fighter", "gunman", "gunmen", "insurgent", "rebel", "commander", "cell",
            "unit", "faction", "wing", "affiliate", "jihadist"}


def _group_behind(ctx: Context, tok: Token) -> Token:
    """"members of the El Perú gang", "militants of ISKP", "gunmen from the Los Lobos gang" → the group."""
    if ctx.ents.at(tok.i) is None and tok.lemma_.lower() in FIGHTERS:
        for obj in prep_objects(tok, "of", "from"):
            if any(ctx.ents.entities[k].cls == "ArmedGroup" for k in ctx.resolve(obj, "actor")):
                return obj
    return tok


INVEST_VERBS = {"invest", "buy", "acquire", "purchase", "build", "fund", "finance", "spend", "pay", "commit",
                "allocate", "earmark"}


def invests_in(ctx: Context, sent: Sentence) -> Iterator[Found]:
    """"X invested in Y", "Smederevo is home to a steel mill that HBIS bought in 2016"."""
    for tok in sent.with_lemma(INVEST_VERBS, "VERB"):
        investors, r = entity_keys(ctx, subjects(tok), "party", {"Organization", "Country", "GovernmentBody"})
        if not investors:
            continue
        # "invest … in X", "spend … on scanners at the port there", "pay for the centre in Batam",
        # "commit 5 billion yen to expanding the port at Selat Lampa"
        targets_ = prep_objects(tok, "in", "on", "for", "to", "at")
        places = place_keys(ctx, targets_) or place_keys(ctx, [t for x in targets_ for t in x.subtree if t.dep_ == "pobj"])[:1]
        places += place_keys(ctx, [t for t in tok.subtree if t.lower_ == "there" and t.dep_ == "advmod"
                                   and t.head.pos_ != "VERB" or t.head == tok and t.lower_ == "there"])
        if tok.lemma_ in {"spend", "pay", "commit", "allocate", "earmark"} and not places:
            continue
        for obj in objects(tok):
            places += place_keys(ctx, [obj] + prep_objects(obj, "in", "at"))
            if obj.dep_ == "attr" or (tok.dep_ == "relcl" and obj == tok.head):
                holder = obj.head if obj.dep_ == "pobj" else None
                if holder is not None and holder.head.pos_ in {"AUX", "VERB"}:
                    places += place_keys(ctx, subjects(holder.head))
        if tok.lemma_ == "invest" and not places:
            places = [k for k in place_keys(ctx, prep_objects(tok, "in"))]
        if places and investors:
            yield Found("invests.verb", "investsIn", investors, list(dict.fromkeys(places)), tok, resolved=r)

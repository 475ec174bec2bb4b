"""Arguments of relation rules: the actors, named entities and places a list of tokens stands for."""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from spacy.tokens import Token

from graph.nlp.discourse import joins_collective
from graph.nlp.lexicon import words
from graph.nlp.relations import Context
from graph.nlp.syntax import prep_objects
from graph.terms import ACTORS

NAMED_ACTORS = ACTORS - {"Group"}
PLACES = {"Place", "Country"}


def collectives(toks: list[Token]) -> list[Token]:
    """Drop conjuncts that only complete the previous noun's collective
    ("police and cybersecurity officers" is one group; "… and 6,000 military
    personnel" is another)."""
    out: list[Token] = []
    for tok in toks:
        if tok.dep_ == "conj" and joins_collective(tok) and out and tok.head in out and \
                tok.lemma_ in words("group_heads") and tok.head.lemma_ in words("group_heads"):
            continue
        out.append(tok)
    return out


def resolve_keys(ctx: Context, toks: list[Token], role: str) -> tuple[list[str], bool]:
    """Resolve tokens to entity keys; also say whether any came via coreference."""
    out: list[str] = []
    resolved = False
    for tok in collectives(toks):
        keys = ctx.resolve(tok, role)
        if keys and ctx.ents.at(tok.i) is None:
            resolved = True
        out.extend(k for k in keys if k not in out)
    return out, resolved


def actors(ctx: Context, keys: list[str]) -> list[str]:
    return [k for k in keys if k in ctx.ents.entities and ctx.ents.entities[k].cls in ACTORS]


def named_keys(ctx: Context, keys: list[str], classes: AbstractSet[str]) -> list[str]:
    return [k for k in keys if k in ctx.ents.entities and ctx.ents.entities[k].cls in classes
            and (ctx.ents.entities[k].named or ctx.ents.entities[k].cls not in {"Group"})]


def entity_keys(ctx: Context, toks: list[Token], role: str, classes: AbstractSet[str]) -> tuple[list[str], bool]:
    keys, resolved = resolve_keys(ctx, toks, role)
    return named_keys(ctx, keys, classes), resolved



def place_keys(ctx: Context, toks: list[Token]) -> list[str]:
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
        elif tok.lower_ == "there":  # "the port at Posorja … would spend 140 million dollars there"
            recent = ctx.ents.recent(tok.i, classes={"Place"})
            if recent is not None and max(s for s, _ in recent.spans if s < tok.i) >= tok.sent.start:
                out.append(recent.key)
    return out

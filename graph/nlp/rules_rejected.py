"""Rules for `rejected`: refusing, cancelling, leaving or voiding an agreement or proposal."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from graph.nlp.arguments import actors, resolve_keys
from graph.nlp.descriptions import head_lemma
from graph.nlp.discourse import AGREEMENT_NOUNS
from graph.nlp.lexicon import words
from graph.nlp.relations import Context, Found, Sentence
from graph.nlp.rules_signed import governing_subjects, is_agreement_noun
from graph.nlp.syntax import (
    agents,
    children,
    conjuncts,
    is_passive,
    objects,
    particle,
    prep_objects,
    subjects,
)

# --- rejected -----------------------------------------------------------------------------

REJECT_OBJECT_NOUNS = AGREEMENT_NOUNS | {"patrols", "offer", "proposal", "overture", "format", "grouping",
                                         "cooperation", "deployment", "mission", "exercises", "request",
                                         "invitation", "permit", "licence", "license", "authorisation",
                                         "authorization", "admission", "accession", "membership"}
NOT_REJECTABLE = {"claim", "accusation", "allegation", "criticism", "report", "idea", "notion", "charge",
                  "suggestion", "assertion", "view", "characterisation", "characterization"}


def _rejected_objects(ctx: Context, verb: Token) -> tuple[list[str], bool]:
    toks = objects(verb)
    toks += prep_objects(verb, "of", "from", "into", "on", "down")  # "voted down a permit", parsed as a preposition
    for particle_prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in {"out", "away", "back"}):
        toks += prep_objects(particle_prep, "of", "from")
    if not toks and verb.tag_ in {"VBG", "VBD", "VBN", "VBZ"}:
        # "Niger was revoking, 'with immediate effect', its agreement with …": a quote broke the parse
        toks = [t for t in verb.doc[verb.i + 1:min(verb.sent.end, verb.i + 12)]
                if t.dep_ == "dobj" and head_lemma(t) in REJECT_OBJECT_NOUNS][:1]
    out: list[str] = []
    resolved = False
    for tok in toks:
        if tok.lemma_ in NOT_REJECTABLE:
            continue
        named = _named_in_apposition(ctx, tok)
        if named is not None:
            out.append(named)
            continue
        if head_lemma(tok) not in REJECT_OBJECT_NOUNS and (ctx.ents.at(tok.i) is None or ctx.ents.at(
                tok.i).cls not in {"Agreement", "Initiative"}):  # type: ignore[union-attr]
            continue
        keys, r = resolve_keys(ctx, [tok], "agreement")
        resolved = resolved or r
        out.extend(k for k in keys if ctx.ents.entities[k].cls in {"Agreement", "Initiative"} and k not in out)
    return out, resolved


def _named_in_apposition(ctx: Context, tok: Token) -> str | None:
    """"the cooperation format …, known as 17+1" → the named initiative."""
    for t in tok.subtree:
        ent = ctx.ents.at(t.i)
        if ent is not None and ent.cls in {"Initiative", "Agreement"} and ent.named and t.i != tok.i and (
                t.head.lower_ == "as" or t.dep_ == "appos"):
            return ent.key
    return None


def _rejecters(ctx: Context, verb: Token) -> tuple[list[str], bool]:
    toks = agents(verb) if is_passive(verb) else subjects(verb) or _adjacent_subjects(ctx, verb)
    keys, resolved = resolve_keys(ctx, toks, "actor")
    keys = actors(ctx, keys)
    keys += [k for k in group_members(ctx, verb) if k not in keys]
    return keys, resolved


def _adjacent_subjects(ctx: Context, verb: Token) -> list[Token]:
    """"…, Saudi Arabia and the UAE declined to join" when the parser hung the names elsewhere:
    a finite verb with no subject takes the coordinated names right before it."""
    if verb.tag_ not in {"VBD", "VBZ", "VBP"} or verb.i == 0:
        return []
    last = verb.nbor(-1)
    ent = ctx.ents.at(last.i)
    if ent is None or ent.cls not in {"Country", "GovernmentBody", "Organization", "PoliticalParty"}:
        return []
    first = last
    while first.dep_ == "conj" and first.head.i < first.i:
        first = first.head
    return [t for t in conjuncts(first) if ctx.ents.at(t.i) is not None]


def group_members(ctx: Context, verb: Token) -> list[str]:
    """"Vanuatu was one of ten Pacific governments that refused …" → Vanuatu too."""
    cur = verb
    while cur.dep_ in {"xcomp", "conj"} and cur.head != cur:
        cur = cur.head
    if cur.dep_ != "relcl":
        return []
    group = cur.head
    one = group if group.lower_ == "one" else (
        group.head.head if group.dep_ == "pobj" and group.head.lower_ == "of" else None)
    if group.dep_ == "pobj" and group.head.lower_ == "among":
        one = group.head  # "X was among the officials who met …"
    if one is None or one.lower_ not in {"one", "among"}:
        return []
    copula = one.head
    keys: list[str] = []
    for subj in children(copula, "nsubj"):
        keys.extend(actors(ctx, ctx.resolve(subj, "party")))
    return keys


def rejected_verb(ctx: Context, sent: Sentence) -> Iterator[Found]:
    """"Thailand cancelled a plan to …", "a deal … was turned down by ten countries",
    "Italy was pulling out of the BRI", "Lithuania quit the 17+1 format"."""
    verbs = words("rejected", "verbs")
    phrasal = {k: set(v) for k, v in words_map("rejected", "phrasal").items()}
    for tok in sent.with_lemma(verbs | frozenset(phrasal), "VERB"):
        lemma = tok.lemma_
        if lemma in phrasal:
            if particle(tok) not in phrasal[lemma] and not any(
                    c.dep_ == "prep" and c.lower_ in phrasal[lemma] for c in tok.children):
                continue
        elif lemma not in verbs:
            continue
        if lemma in {"refuse", "decline", "reject"} and any(c.dep_ == "xcomp" for c in tok.children):
            continue
        objs, r1 = _rejected_objects(ctx, tok)
        subs, r2 = _rejecters(ctx, tok)
        if objs and subs:
            yield Found("rejected.verb", "rejected", subs, objs, tok, resolved=r1 or r2, status="Completed")


def words_map(*path: str) -> dict[str, list[str]]:
    from graph.nlp.lexicon import mapping

    return mapping(*path)


def rejected_control(ctx: Context, sent: Sentence) -> Iterator[Found]:
    """"refused to enter into a regional agreement", "declined to endorse the BRI"."""
    for tok in sent.with_lemma({"refuse", "decline", "reject", "fail"}, "VERB"):
        for comp in children(tok, "xcomp"):
            if comp.lemma_ not in words("rejected", "complement_verbs"):
                continue
            if tok.lemma_ == "fail" and comp.lemma_ not in {"endorse", "ratify", "sign"}:
                continue
            objs, r1 = _rejected_objects(ctx, comp)
            inferred = False
            if not objs and not objects(comp) and comp.lemma_ in {"join", "sign", "endorse", "back", "support"}:
                named = [ctx.ents.at(t.i) for t in sent if t.i < tok.i and ctx.ents.at(t.i) is not None]
                objs = list(dict.fromkeys(e.key for e in named if e is not None and e.cls in {"Initiative", "Agreement"}))[-1:]
                inferred = bool(objs)
            subs, r2 = _rejecters(ctx, tok)
            if objs and subs:
                yield Found("rejected.control", "rejected", subs, objs, tok, resolved=r1 or r2, status="Completed",
                            inferred=inferred)


def rejected_negated(ctx: Context, sent: Sentence) -> Iterator[Found]:
    """"his government would not endorse the proposal", "Thailand would not have joint patrols"."""
    for tok in sent.with_lemma(words("rejected", "negated_accept"), "VERB", "AUX"):
        if not any(c.dep_ == "neg" for c in tok.children):
            continue
        if not any(c.lower_ in {"would", "will", "wo"} for c in tok.children if c.dep_ == "aux"):
            continue
        objs, r1 = _rejected_objects(ctx, tok)
        subs, r2 = _rejecters(ctx, tok)
        if objs and subs:
            yield Found("rejected.negated", "rejected", subs, objs, tok, resolved=r1 or r2, status="Completed",
                        check_modality=False)


def rejected_adjective(ctx: Context, sent: Sentence) -> Iterator[Found]:
    """"a rebuffed regional agreement with Pacific nations"."""
    for tok in sent.with_dep("amod"):
        if tok.dep_ != "amod" or tok.lemma_.lower() not in {"rebuff", "reject", "spurn", "scrap", "cancel"} and \
                tok.lower_ not in words("rejected", "adjectives"):
            continue
        noun = tok.head
        if not is_agreement_noun(ctx, noun):
            continue
        subs, r1 = resolve_keys(ctx, prep_objects(noun, "with", "by"), "actor")
        objs, r2 = resolve_keys(ctx, [noun], "agreement")
        if actors(ctx, subs) and objs:
            yield Found("rejected.adjective", "rejected", actors(ctx, subs), objs, tok, resolved=r1 or r2,
                        status="Completed", check_modality=False)


VOID_WORDS = {"void", "null", "invalid", "illegal", "unconstitutional", "illegitimate"}


def rejected_void(ctx: Context, sent: Sentence) -> Iterator[Found]:
    """"X declared the agreement null and void", "a law declaring … void a memorandum", "the
    court ruled the pact unconstitutional"."""
    for tok in sent.with_lemma({"declare", "rule", "deem", "pronounce"}, "VERB"):
        window = tok.doc[tok.i + 1:min(sent.end, tok.i + 10)]
        if not any(t.lower_ in VOID_WORDS for t in window):
            continue
        agreement = next((t for t in window if t.head.i >= tok.i and is_agreement_noun(ctx, t)
                          and t.pos_ in {"NOUN", "PROPN"}), None)
        if agreement is None:
            continue
        holders = subjects(tok) or (governing_subjects(tok) if tok.dep_ in {"acl", "relcl"} else [])
        subs, r1 = resolve_keys(ctx, holders, "actor")
        subs = actors(ctx, subs)
        objs, r2 = resolve_keys(ctx, [agreement], "agreement")
        if subs and objs:
            yield Found("rejected.void", "rejected", subs, objs, tok, resolved=r1 or r2,
                        status="Completed")


def rejected_follow(ctx: Context, sent: Sentence) -> Iterator[Found]:
    """"Lithuania quit … in 2021; Estonia and Latvia followed in August 2022"."""
    for tok in sent.with_lemma({"follow"}, "VERB"):
        objs = children(tok, "dobj")
        if objs and objs[0].lower_ != "suit":
            continue
        last = ctx.last("rejected", tok.i)
        if last is None or last.trigger.sent.start < sent.start - 80:
            continue
        subs, r = resolve_keys(ctx, subjects(tok), "actor")
        subs = [s for s in actors(ctx, subs) if s not in last.subjects]
        if subs:
            yield Found("rejected.follow", "rejected", subs, list(last.objects), tok, resolved=r,
                        status="Completed")

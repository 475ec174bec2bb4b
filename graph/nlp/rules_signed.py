"""Rules for `signedWith`: signing verbs and nouns, held agreements, signatories named apart."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from graph.nlp.arguments import actors, resolve_keys
from graph.nlp.descriptions import head_lemma
from graph.nlp.docview import DocView
from graph.nlp.lexicon import words
from graph.nlp.qualifiers import is_negated, modality
from graph.nlp.relations import Context, Found, Sentence
from graph.nlp.sides import same_side
from graph.nlp.syntax import (
    agents,
    children,
    conjuncts,
    governors,
    is_passive,
    objects,
    prep_objects,
    subjects,
)

NON_FACTIVE_HEADS = {"push", "bid", "proposal", "plan", "talk", "talks", "negotiation", "offer", "hope",
                     "prospect", "idea", "call", "criticism", "draft", "plans"}


# --- signedWith ---------------------------------------------------------------------------

AGREEMENT_WORDS = set(words("signedWith", "agreement_nouns")) | {"memoranda", "document", "text", "names",
                                                                  "partnership"}


def agreement_token(ctx: Context, tok: Token) -> Token | None:
    """The agreement noun a phrase is about: itself, "a status of forces agreement" →
    "agreement", "such as the one" → its antecedent; None when it names no agreement."""
    ent = ctx.ents.at(tok.i)
    if ent is not None and ent.cls in {"Agreement", "Initiative"}:
        return tok
    if head_lemma(tok) in AGREEMENT_WORDS:
        return tok
    if tok.lower_ == "one" and tok.dep_ == "pobj" and tok.head.lower_ == "as":
        noun = tok.head.head.head if tok.head.head.lower_ == "such" else tok.head.head
        return tok if head_lemma(noun) in AGREEMENT_WORDS else None
    of_agreement = _of_agreement(tok)
    if of_agreement is not None:
        return of_agreement
    if tok.lower_ == "understanding" and tok.dep_ == "pobj" and tok.head.head.lemma_ == "memorandum":
        return tok.head.head  # "a memorandum of understanding that Ethiopia had concluded"
    return None


def _of_agreement(tok: Token) -> Token | None:
    """The first agreement noun in an "of" phrase on `tok` ("a status of forces agreement").
    The same as searching `tok.subtree` for a pobj whose head's head is `tok`, without the walk."""
    found = [t for prep in tok.children if prep.lower_ == "of" for t in prep.children if t.dep_ == "pobj"]
    if tok.head == tok and tok.lower_ == "of":  # the root is its own head
        found += [t for t in tok.children if t.dep_ == "pobj"]
    return min((t for t in found if head_lemma(t) in AGREEMENT_WORDS), key=lambda t: t.i, default=None)


def is_agreement_noun(ctx: Context, tok: Token) -> bool:
    return agreement_token(ctx, tok) is not None


def _parties(ctx: Context, toks: list[Token]) -> tuple[list[str], bool]:
    keys, resolved = resolve_keys(ctx, toks, "party")
    out = []
    for k in actors(ctx, keys):
        ent = ctx.ents.entities[k]
        if ent.cls == "Person" and ent.country:
            state = ctx.resolver.country_key(ent.country)
            k = state or k
        if ent.cls == "Group" and not ent.named:
            continue
        if k not in out:
            out.append(k)
    return out, resolved


def signed_verb(ctx: Context, sent: Sentence) -> Iterator[Found]:
    """"X and Y signed a pact", "X signed a pact with Y", "a memorandum signed by X and Y",
    "X concluded an agreement with Y", "X and Y agreed to …", "put their names to the document"."""
    verbs = words("signedWith", "verbs") | {"put"}
    needs_object = words("signedWith", "object_verbs") | {"put"}
    for tok in sent.with_lemma(verbs, "VERB"):
        if tok.dep_ == "amod":
            continue
        if tok.lemma_ == "put" and not any(o.lower_ == "names" for o in children(tok, "dobj")):
            continue
        objs = objects(tok)
        if tok.lemma_ == "put":
            objs = prep_objects(tok, "to")
        agreement = next((a for a in (agreement_token(ctx, o) for o in objs) if a is not None), None)
        if tok.lemma_ in needs_object and agreement is None:
            continue
        if tok.lemma_ in {"sign", "ink"} and objs and agreement is None:
            continue
        if agreement is not None and agreement.head.lemma_ in NON_FACTIVE_HEADS:
            continue
        party_toks = agents(tok) if is_passive(tok) else subjects(tok)
        between = prep_objects(agreement, "between") if agreement is not None else []
        between += prep_objects(tok, "between")
        partner_toks = prep_objects(tok, "with") + (_phrase_with(agreement) if agreement is not None else [])
        inferred = False
        if between:
            party_toks = between
        elif not party_toks and agreement is not None and tok.dep_ in {"acl", "relcl"}:
            party_toks = governing_subjects(tok)
            inferred = True
        parties, r1 = _parties(ctx, party_toks)
        partners, r2 = _parties(ctx, partner_toks)
        if partners and not parties and ctx.resolver.focal:
            topic = ctx.resolver.country_key(ctx.resolver.focal)
            if topic and topic not in partners:
                parties, inferred = [topic], True
        if tok.lemma_ in COLLECTIVE_VERBS and not between and (partners or len(parties) < 2):
            continue
        if agreement is not None and any(c.dep_ == "det" and c.lower_ in {"no", "neither"} for c in agreement.children):
            continue
        found = _signed(ctx, tok, _agreement_key(ctx, agreement), parties, partners, r1 or r2, inferred, "signed.verb")
        if found is not None:
            yield found


SIGNING_NOUNS = {"signing", "conclusion", "ratification", "signature"}


def signed_nominal(ctx: Context, sent: Sentence) -> Iterator[Found]:
    """"the signing of the pact by X and Y", "X's signing of an accord with Y", "the
    conclusion of a treaty between X and Y"."""
    for tok in sent.with_lemma(SIGNING_NOUNS, "NOUN"):
        agreement = next((a for a in (agreement_token(ctx, o) for o in prep_objects(tok, "of"))
                          if a is not None), None)
        if agreement is None or agreement.head.lemma_ in NON_FACTIVE_HEADS or tok.head.lemma_ in NON_FACTIVE_HEADS:
            continue
        party_toks = prep_objects(tok, "between") or prep_objects(agreement, "between") or prep_objects(
            tok, "by") or [c for c in tok.children if c.dep_ == "poss"]
        partner_toks = prep_objects(tok, "with") + _phrase_with(agreement)
        parties, r1 = _parties(ctx, party_toks)
        partners, r2 = _parties(ctx, partner_toks)
        found = _signed(ctx, tok, _agreement_key(ctx, agreement), parties, partners, r1 or r2, False,
                        "signed.nominal")
        if found is not None:
            yield found


COLLECTIVE_VERBS = {"agree", "announce", "establish", "upgrade", "launch", "endorse", "approve", "adopt", "forge"}


def _phrase_with(noun: Token) -> list[Token]:
    """"with X" inside an agreement's phrase, not inside a clause within it."""
    out = prep_objects(noun, "with")
    for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ in {"of", "on"}):
        for obj in prep.children:
            if obj.dep_ == "pobj":
                out += prep_objects(obj, "with")
    return out


def governing_subjects(tok: Token) -> list[Token]:
    """"Australia, which sent police under a treaty signed with Honiara": Australia."""
    for gov in governors(tok):
        if gov.pos_ in {"VERB", "AUX"}:
            subs = subjects(gov)
            if subs:
                return subs
    return []


def _agreement_key(ctx: Context, tok: Token | None) -> str | None:
    if tok is None:
        return None
    keys = ctx.resolve(tok, "agreement")
    return keys[0] if keys else None


def _signed(ctx: Context, trigger: Token, agreement: str | None, parties: list[str], partners: list[str],
            resolved: bool, inferred: bool, rule: str) -> Found | None:
    """A signing stated by a verb or a noun: noted among the agreement's signatories (when it
    is a fact) so signatories named apart can be paired, and returned as a `Found`."""
    if agreement and (parties or partners) and _signed_as_fact(trigger, ctx.ents.view):
        _note_signatories(ctx, agreement, trigger, parties + partners)
    return _signing(trigger, parties, partners, agreement, resolved, inferred, rule)


def _signing(trigger: Token, parties: list[str], partners: list[str], agreement: str | None, resolved: bool,
             inferred: bool, rule: str) -> Found | None:
    if partners:
        subs = parties or []
        if not subs:
            return None
        return Found(rule, "signedWith", subs, [p for p in partners if p not in subs], trigger,
                     agreement=agreement, resolved=resolved, inferred=inferred, status="Completed")
    if len(parties) >= 2:
        return Found(rule, "signedWith", parties, [], trigger, agreement=agreement, resolved=resolved,
                     inferred=inferred, status="Completed")
    return None


def _signed_as_fact(trigger: Token, view: DocView) -> bool:
    """Whether a signing is stated as done (not planned, hoped for, denied or negated)."""
    mod = modality(trigger, view)
    refused = trigger.dep_ == "xcomp" and trigger.head.lemma_ in REFUSING  # "declined to sign the declaration"
    return not mod.blocked and mod.status != "Planned" and not is_negated(trigger) and not refused


REFUSING = {"decline", "refuse", "reject", "fail", "hesitate", "balk", "resist", "avoid"}


def _note_signatories(ctx: Context, agreement: str, trigger: Token, parties: list[str]) -> None:
    ctx.signatories.setdefault(agreement, []).append(
        Found("signed.verb", "signedWith", list(parties), [], trigger))


HOLD_VERBS = {"have", "retain", "keep", "hold", "maintain", "renew", "extend"}


def _holding_verb(noun: Token) -> Token | None:
    """The verb by which a party holds an agreement ("Fiji will retain its … agreement").
    Also "has policing memoranda", which the parser reads as a verb "policing"."""
    if noun.dep_ != "dobj":
        return None
    verb = noun.head
    if verb.lemma_ in HOLD_VERBS:
        return verb
    if verb.tag_ == "VBG" and any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children):
        return verb
    return None


def signatories_together(ctx: Context) -> list[Found]:
    """Signatories of one agreement named in different sentences signed with each other
    ("Xi and … signed the Xi'an Declaration. Tokayev, Japarov … put their names to the document")."""
    out = []
    for agreement, founds in ctx.signatories.items():
        if len({f.trigger.sent.start for f in founds}) < 2:
            continue
        parties: list[str] = []
        for f in founds:
            parties.extend(p for p in f.subjects + f.objects if p not in parties)
        named = [p for p in parties if ctx.ents.entities[p].named]
        last = max(founds, key=lambda f: f.trigger.i)
        date = _most_precise_date(ctx, founds)
        for i, a in enumerate(named):
            for b in named[i + 1:]:
                if not same_side(ctx.ents, ctx.roles, a, b):
                    # the Estonian board and Estonia did not sign with each other; each with Finland
                    out.append(Found("signed.collected", "signedWith", [a], [b], last.trigger, agreement=agreement,
                                     status="Completed", date=date, inferred=True))
    return out


def _most_precise_date(ctx: Context, founds: list[Found]) -> str | None:
    """The signing date as precisely as any mention gives it ("last month", then "on 18 March")."""
    dates = [d for d in (ctx.dates.date_of(f.trigger) for f in sorted(founds, key=lambda f: f.trigger.i))
             if isinstance(d, str)]
    if not dates:
        return None
    best = dates[0]
    for d in dates[1:]:
        if d.startswith(best) and len(d) > len(best):
            best = d  # a later, finer date of the same signing
    return best


def signed_have(ctx: Context, sent: Sentence) -> Iterator[Found]:
    """"Fiji will retain its 2011 policing agreement with China"; "Vanuatu has memoranda with
    Australia, New Zealand…"; "the memorandum between X and Y"; "its pact with Y"."""
    if "with" not in sent.lower and "between" not in sent.lower:
        return  # every form names its partners in a "with" or "between" phrase of the sentence
    for tok in sent.with_pos("NOUN", "PROPN"):
        if not is_agreement_noun(ctx, tok):
            continue
        if tok.head.pos_ == "VERB" and tok.head.lemma_ in words("signedWith", "verbs") and tok.dep_ in {
                "dobj", "nsubjpass"}:
            continue
        if any(c.dep_ == "acl" and c.lemma_ in words("signedWith", "verbs") for c in tok.children):
            continue
        if tok.head.lemma_ in NON_FACTIVE_HEADS or tok.head.head.lemma_ in NON_FACTIVE_HEADS:
            continue
        first = tok
        while first.dep_ == "conj" and first.head != first:
            first = first.head
        between = prep_objects(tok, "between")
        partners_toks = prep_objects(tok, "with") or [t for c in conjuncts(first) for t in prep_objects(c, "with")]
        if tok != first and any(prep_objects(c, "with") for c in conjuncts(first) if c.i < tok.i):
            continue
        if between:
            parties, r = _parties(ctx, between)
            if len(parties) >= 2:
                yield Found("signed.between", "signedWith", parties, [], tok, agreement=_agreement_key(ctx, tok),
                            resolved=r, status="Completed", date=ctx.dates.in_noun_phrase(tok))
            continue
        if not partners_toks:
            continue
        owner_toks = [c for c in tok.children if c.dep_ == "poss"]
        inferred = False
        holder = _holding_verb(first)
        if holder is not None and owner_toks and all(o.pos_ == "PRON" for o in owner_toks) and subjects(holder):
            owner_toks = subjects(holder)  # "the government renewed its memorandum": its = the subject's
        if not owner_toks and holder is not None:
            owner_toks = subjects(holder) or [c for aux in holder.children if aux.dep_ == "aux"
                                              for c in aux.children if c.dep_ == "nsubj"]
        dated = ctx.dates.in_noun_phrase(tok) or any(
            o.ent_type_ == "DATE" for p in tok.children if p.dep_ == "prep" for o in p.subtree)
        if not owner_toks and dated and tok.dep_ in {"nsubj", "nsubjpass"}:
            topic = ctx.resolver.focal
            key = ctx.resolver.country_key(topic) if topic else None
            if key is None:
                continue
            parties, partners, r = [key], _parties(ctx, partners_toks)[0], False
            inferred = True
        else:
            parties, r = _parties(ctx, owner_toks)
            partners = _parties(ctx, partners_toks)[0]
        found = _signing(tok, parties, partners, _agreement_key(ctx, tok), r, inferred, "signed.have")
        if found is not None:
            found.date = ctx.dates.in_noun_phrase(tok)
            found.date_token = tok
            yield found

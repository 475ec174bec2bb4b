"""Rules for the four core relations: trains, signedWith, rejected, cites.

Each rule is a function (Context, sentence) → iterator of `Found`. Cue words
come from cues.yaml; argument structure from graph.nlp.syntax; entities from
graph.nlp.discourse.Resolver.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from graph.nlp.discourse import AGREEMENT_NOUNS, joins_collective
from graph.nlp.entities import head_lemma
from graph.nlp.lexicon import words
from graph.nlp.qualifiers import is_negated, modality, quantity
from graph.nlp.relations import Context, Found
from graph.nlp.syntax import (
    agents,
    children,
    conjuncts,
    governors,
    is_passive,
    objects,
    particle,
    passive_subjects,
    prep_objects,
    subjects,
)
from graph.records import DOC

ACTORS = {"Country", "GovernmentBody", "PoliticalParty", "Person", "Organization", "ArmedGroup", "Group"}
MOTION = {"go", "fly", "travel", "come", "head", "send", "return", "visit"}
PLACE_INSTITUTIONS = words("trains", "place_nouns")
NON_FACTIVE_HEADS = {"push", "bid", "proposal", "plan", "talk", "talks", "negotiation", "offer", "hope",
                     "prospect", "idea", "call", "criticism", "draft", "plans"}


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


def _keys(ctx: Context, toks: list[Token], role: str) -> tuple[list[str], bool]:
    """Resolve tokens to entity keys; also say whether any came via coreference."""
    out: list[str] = []
    resolved = False
    for tok in collectives(toks):
        keys = ctx.resolve(tok, role)
        if keys and ctx.ents.at(tok.i) is None:
            resolved = True
        out.extend(k for k in keys if k not in out)
    return out, resolved


def _actors(ctx: Context, keys: list[str]) -> list[str]:
    return [k for k in keys if k in ctx.ents.entities and ctx.ents.entities[k].cls in ACTORS]


def _acting_subjects(ctx: Context, verb: Token) -> tuple[list[Token], bool]:
    """Subjects of `verb`; if they are not actors ("the plan would make…"), those of a governing clause."""
    toks = subjects(verb)
    if toks and (_actors(ctx, _keys(ctx, toks, "party")[0]) or any(ctx.resolver.is_group_head(t) for t in toks)):
        return toks, False
    for gov in list(governors(verb))[:5]:
        if gov.pos_ in {"VERB", "AUX"}:
            cand = subjects(gov)
            if cand and _actors(ctx, _keys(ctx, cand, "party")[0]):
                return cand, True
        if gov.pos_ == "NOUN" and gov.lemma_ in {"plan", "offer", "proposal", "pledge", "promise", "bid"}:
            owners = [c for c in gov.children if c.dep_ == "poss"]
            if owners:
                return owners, True
    return toks, False


# --- trains ------------------------------------------------------------------------------

def trains_verb(ctx: Context, sent: Span) -> Iterator[Found]:
    """"China will train 1,000 officers"; "officers are being coached by the visitors"."""
    for tok in sent:
        if tok.pos_ != "VERB" or tok.lemma_ not in words("trains", "verbs"):
            continue
        if is_passive(tok):
            trainee_toks = objects(tok)
            trainer_toks = agents(tok)
            inferred = False
            if not trainer_toks:
                trainer_toks = [o for o in prep_objects(tok, "at", "in", "by")
                                if o.lemma_ in PLACE_INSTITUTIONS or ctx.ents.at(o.i) is not None]
                inferred = True
        else:
            trainer_toks, inferred = _acting_subjects(ctx, tok)
            trainee_toks = objects(tok)
            if not any(ctx.resolver.is_group_head(t) or ctx.ents.at(t.i) is not None for t in trainee_toks):
                trainee_toks = prep_objects(tok, "to") or trainee_toks
        trainers, r1 = _trainer_keys(ctx, trainer_toks)
        trainees, r2, counts = _trainee_keys(ctx, tok, trainee_toks)
        if trainers and trainees:
            yield Found("trains.verb", "trains", trainers, trainees, tok, quantities=counts,
                        resolved=r1 or r2, inferred=inferred)


def _trainer_keys(ctx: Context, toks: list[Token]) -> tuple[list[str], bool]:
    out: list[str] = []
    resolved = False
    for tok in toks:
        demonym = ctx.ents.gaz.demonym_of(tok.text) if tok.dep_ in {"amod", "compound"} and ctx.ents.at(
            tok.i) is None and tok.text[:1].isupper() else None
        if demonym is not None:
            key = ctx.resolver.country_key(demonym.id)
            if key is not None and key not in out:
                out.append(key)
                resolved = True
            continue
        if ctx.resolver.is_group_head(tok):
            owner = next((ctx.ents.at(c.i) for c in [*tok.children, *prep_objects(tok, "from", "of")]
                          if c.dep_ in {"compound", "poss", "pobj"} and ctx.ents.at(c.i) is not None
                          and ctx.ents.at(c.i).cls in {"GovernmentBody", "Organization"}), None)  # type: ignore[union-attr]
            if owner is not None:  # "NCA officers will coach …": the agency trains
                out.append(owner.key)
                continue
        if tok.lemma_ in PLACE_INSTITUTIONS and ctx.ents.at(tok.i) is None:
            for child in tok.children:
                demonym = ctx.ents.gaz.demonym_of(child.text) if child.text[:1].isupper() else None
                key = ctx.resolver.country_key(demonym.id) if demonym else None
                if key:
                    out.append(key)
                    resolved = True
            continue
        keys, r = _keys(ctx, [tok], "actor")
        resolved = resolved or r
        out.extend(k for k in _actors(ctx, keys) if k not in out)
    return out, resolved


def _trainee_keys(ctx: Context, verb: Token, toks: list[Token]) -> tuple[list[str], bool, dict[str, int]]:
    """Trainees and how many of each; a bare number ("an additional 3,000") refers to
    the last trainees named."""
    if len(toks) == 1 and toks[0].pos_ == "NUM" and toks[0].lower_ not in MULTITUDES:
        last = ctx.last("trains", verb.i)
        count = quantity(toks[0])
        if last is not None and last.trigger.sent.start >= verb.sent.start - 60:
            return list(last.objects), True, {k: count for k in last.objects if count is not None}
        return [], False, {}
    return _counted(ctx, toks)


MULTITUDES = {"thousands", "hundreds", "dozens", "millions", "scores", "tens"}
PARTITIVES = {"group", "batch", "cohort", "contingent", "class", "number", "team", "handful", "intake", "squad"}


def _members_of(tok: Token) -> Token:
    """"hundreds of officers", "a smaller group of Ecuadorian investigators" → the members."""
    if tok.lower_ in MULTITUDES or tok.lemma_ in PARTITIVES:
        for obj in prep_objects(tok, "of"):
            if obj.tag_ in {"NNS", "NNPS"} or tok.lower_ in MULTITUDES:
                return obj
    return tok


def _counted(ctx: Context, toks: list[Token]) -> tuple[list[str], bool, dict[str, int]]:
    keys: list[str] = []
    counts: dict[str, int] = {}
    resolved = False
    toks = [_members_of(t) for t in toks]
    for tok in collectives(toks):
        found, r = _keys(ctx, [tok], "actor")
        resolved = resolved or r
        for k in _actors(ctx, found):
            if k not in keys:
                keys.append(k)
            count = quantity(tok)
            if count is not None:
                counts.setdefault(k, count)
    return keys, resolved, counts


def _mention_class(ctx: Context, tok: Token) -> str | None:
    ent = ctx.ents.at(tok.i)
    return ent.cls if ent is not None else None


def trains_receive(ctx: Context, sent: Span) -> Iterator[Found]:
    """"Y received training in China", "Y had gone through its courses", "Y completed a
    programme delivered by X", "Y flew to Beijing for courses"."""
    nouns = words("trains", "nouns")
    for tok in sent:
        if tok.pos_ != "VERB":
            continue
        lemma = tok.lemma_
        course = None
        trainer_toks: list[Token] = []
        if lemma in words("trains", "receive_verbs"):
            for obj in children(tok, "dobj") + prep_objects(tok, "through"):
                if obj.lemma_ in nouns or obj.lower_ in nouns:
                    course = obj
        if course is None and lemma == "graduate":
            # "Y graduated from a course run by X", "Y graduated from China's police academy"
            for obj in prep_objects(tok, "from"):
                if obj.lemma_ in nouns or obj.lower_ in nouns or obj.lemma_ in words("trains", "place_nouns"):
                    course = obj
        if course is None and lemma in MOTION:
            for obj in prep_objects(tok, "for"):
                if obj.lemma_ in nouns or obj.lower_ in nouns:
                    course = obj
                    trainer_toks = prep_objects(tok, "to")
        if course is None:
            continue
        if lemma in {"complete", "attend", "take"} and course.lemma_ in {"programme", "program"} and not any(
                c.dep_ == "acl" for c in course.children):
            continue
        trainer_toks = trainer_toks or prep_objects(tok, "in", "from", "by", "at") or prep_objects(
            course, "in", "from", "by", "at")
        trainer_toks = [t for t in trainer_toks if t.ent_type_ not in {"DATE", "TIME"}]
        trainer_toks += [c for c in course.children if c.dep_ == "poss"]
        trainer_toks += [c for c in course.children if c.dep_ in {"amod", "compound"}
                         and (ctx.ents.gaz.demonym_of(c.text) or _mention_class(ctx, c) in {
                             "Country", "GovernmentBody", "Organization"})]
        for acl in children(course, "acl"):
            trainer_toks += agents(acl)
        trainees, r2, counts = _counted(ctx, subjects(tok))
        trainers, r1 = _trainer_keys(ctx, trainer_toks)
        inferred = False
        if not trainers:
            trainers, r1 = _trainer_keys(ctx, _implicit_trainer(ctx, tok))
            inferred = True
        trainers = [t for t in trainers if t not in trainees]
        if trainers and trainees:
            yield Found("trains.receive", "trains", trainers, trainees, tok, quantities=counts,
                        resolved=r1 or r2, inferred=inferred)


TEACHING = {"teach", "deliver", "run", "give", "provide", "conduct", "organise", "organize", "lead", "host"}


def trains_course(ctx: Context, sent: Span) -> Iterator[Found]:
    """"Y are midway through a course … taught by instructors of X"; "a programme run by X"."""
    nouns = words("trains", "nouns")
    for course in sent:
        if course.pos_ != "NOUN" or (course.lemma_ not in nouns and course.lower_ not in nouns):
            continue
        teacher = next((t for t in course.subtree if t.dep_ == "acl" and t.lemma_ in TEACHING and t.tag_ == "VBN"
                        and any(c.dep_ == "agent" for c in t.children)), None)
        if teacher is None:
            continue
        verb = course
        while verb.pos_ not in {"VERB", "AUX"} and verb.head != verb:
            verb = verb.head
        if verb.pos_ not in {"VERB", "AUX"} or verb.lemma_ in TEACHING:
            continue
        trainees, r2, counts = _counted(ctx, subjects(verb))
        trainers, r1 = _trainer_keys(ctx, agents(teacher))
        trainers = [t for t in trainers if t not in trainees]
        if trainers and trainees:
            yield Found("trains.course", "trains", trainers, trainees, verb, quantities=counts, resolved=r1 or r2)


def _implicit_trainer(ctx: Context, verb: Token) -> list[Token]:
    """The trainers a sentence is about when the training clause names none:
    the subject of the sentence's main clause ("Chinese police trainers are
    visible: … 13 officers received instruction")."""
    verbs = [t for t in verb.sent if t.dep_ in {"ROOT", "parataxis", "ccomp", "conj"} and t.pos_ in {"VERB", "AUX"}
             and t.i < verb.i and t != verb]
    for subj in sorted((c for v in verbs for c in v.children if c.dep_ == "nsubj"), key=lambda t: t.i):
        keys = ctx.resolve(subj, "actor")
        if keys and all(ctx.ents.entities[k].cls in ACTORS for k in keys):
            return [subj]
    return []


def trains_offer(ctx: Context, sent: Span) -> Iterator[Found]:
    """"China will provide 5,000 training opportunities for professionals"; "he offered training
    for Y"; "training was provided to Y by X"; "X hosted Y for a six-week course"."""
    nouns = words("trains", "nouns")
    for tok in sent:
        if tok.pos_ == "VERB" and tok.lemma_ in {"host", "welcome", "receive", "invite"} and not is_passive(tok):
            if any(o.lemma_ in nouns or o.lower_ in nouns for o in prep_objects(tok, "for")):
                trainers, r1 = _trainer_keys(ctx, subjects(tok))
                trainees, r2, counts = _counted(ctx, objects(tok))
                trainees = [t for t in trainees if t not in trainers]
                if trainers and trainees:
                    yield Found("trains.host", "trains", trainers, trainees, tok, quantities=counts,
                                resolved=r1 or r2)
            continue
        if tok.pos_ == "VERB" and tok.lemma_ in {"provide", "offer", "give", "deliver"} and is_passive(tok):
            subject = passive_subjects(tok)
            if any(s.lemma_ in {"training", "instruction"} for s in subject):
                trainers, r1 = _trainer_keys(ctx, agents(tok))
                trainees, r2, counts = _counted(ctx, prep_objects(tok, "to", "for"))
                if trainers and trainees:
                    yield Found("trains.offer", "trains", trainers, trainees, tok, quantities=counts,
                                resolved=r1 or r2)
            continue
        if tok.pos_ != "VERB" or tok.lemma_ not in {"provide", "offer", "give", "extend", "grant", "fund"}:
            continue
        for obj in children(tok, "dobj"):
            if not (obj.lemma_ in {"training", "instruction"} or any(
                    c.lemma_ in {"training"} for c in obj.children if c.dep_ in {"compound", "amod"})):
                continue
            trainee_toks = prep_objects(obj, "for", "to") or prep_objects(tok, "for", "to") or [
                t for p in tok.subtree if p.dep_ == "prep" and p.lower_ == "for" for t in p.children
                if t.dep_ == "pobj" and t.lemma_ in words("group_heads")]
            trainers, r1 = _trainer_keys(ctx, _acting_subjects(ctx, tok)[0])
            trainees, r2, counts = _counted(ctx, trainee_toks)
            offered = quantity(obj) if obj.lemma_ != "training" else None
            if offered is not None:
                counts = {k: offered for k in trainees}
            if trainers and trainees:
                yield Found("trains.offer", "trains", trainers, trainees, tok, quantities=counts,
                            resolved=r1 or r2)


def trains_nominal(ctx: Context, sent: Span) -> Iterator[Found]:
    """"Australian support for the training of PNG police recruits"; "the training of Y by X";
    "X's training of Y"."""
    for tok in sent:
        if tok.lemma_ != "training" or tok.pos_ != "NOUN":
            continue
        trainee_toks = prep_objects(tok, "of")
        if not trainee_toks:
            continue
        trainer_toks = prep_objects(tok, "by") or [c for c in tok.children if c.dep_ == "poss"]
        inferred = False
        if not trainer_toks and tok.dep_ == "pobj" and tok.head.lower_ == "for":
            owner = tok.head.head
            for child in owner.children:
                if child.dep_ in {"amod", "poss", "compound"}:
                    trainer_toks.append(child)
            inferred = True
        trainers: list[str] = []
        for t in trainer_toks:
            demonym = ctx.ents.gaz.demonym_of(t.text) if t.text[:1].isupper() and ctx.ents.at(t.i) is None else None
            if demonym and (key := ctx.resolver.country_key(demonym.id)):
                trainers.append(key)
            else:
                trainers.extend(_actors(ctx, ctx.resolve(t, "actor")))
        trainees, r, counts = _counted(ctx, trainee_toks)
        if trainers and trainees:
            yield Found("trains.nominal", "trains", trainers, trainees, tok, quantities=counts,
                        resolved=r, inferred=inferred)


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
    for t in tok.subtree:
        if t.dep_ == "pobj" and t.head.head == tok and t.head.lower_ == "of" and head_lemma(t) in AGREEMENT_WORDS:
            return t
    if tok.lower_ == "understanding" and tok.dep_ == "pobj" and tok.head.head.lemma_ == "memorandum":
        return tok.head.head  # "a memorandum of understanding that Ethiopia had concluded"
    return None


def _is_agreement_noun(ctx: Context, tok: Token) -> bool:
    return agreement_token(ctx, tok) is not None


def _parties(ctx: Context, toks: list[Token]) -> tuple[list[str], bool]:
    keys, resolved = _keys(ctx, toks, "party")
    out = []
    for k in _actors(ctx, keys):
        ent = ctx.ents.entities[k]
        if ent.cls == "Person" and ent.country:
            state = ctx.resolver.country_key(ent.country)
            k = state or k
        if ent.cls == "Group" and not ent.named:
            continue
        if k not in out:
            out.append(k)
    return out, resolved


def signed_verb(ctx: Context, sent: Span) -> Iterator[Found]:
    """"X and Y signed a pact", "X signed a pact with Y", "a memorandum signed by X and Y",
    "X concluded an agreement with Y", "X and Y agreed to …", "put their names to the document"."""
    verbs = words("signedWith", "verbs") | {"put"}
    needs_object = words("signedWith", "object_verbs") | {"put"}
    for tok in sent:
        if tok.pos_ not in {"VERB"} or tok.lemma_ not in verbs or tok.dep_ == "amod":
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
            party_toks = _governing_subjects(tok)
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
        agreement_key = _agreement_key(ctx, agreement)
        if agreement_key and (parties or partners) and _signed_as_fact(tok):
            _note_signatories(ctx, agreement_key, tok, parties + partners)
        found = _signing(tok, parties, partners, agreement_key, r1 or r2, inferred, "signed.verb")
        if found is not None:
            yield found


SIGNING_NOUNS = {"signing", "conclusion", "ratification", "signature"}


def signed_nominal(ctx: Context, sent: Span) -> Iterator[Found]:
    """"the signing of the pact by X and Y", "X's signing of an accord with Y", "the
    conclusion of a treaty between X and Y"."""
    for tok in sent:
        if tok.pos_ != "NOUN" or tok.lemma_ not in SIGNING_NOUNS:
            continue
        agreement = next((a for a in (agreement_token(ctx, o) for o in prep_objects(tok, "of"))
                          if a is not None), None)
        if agreement is None or agreement.head.lemma_ in NON_FACTIVE_HEADS or tok.head.lemma_ in NON_FACTIVE_HEADS:
            continue
        party_toks = prep_objects(tok, "between") or prep_objects(agreement, "between") or prep_objects(
            tok, "by") or [c for c in tok.children if c.dep_ == "poss"]
        partner_toks = prep_objects(tok, "with") + _phrase_with(agreement)
        parties, r1 = _parties(ctx, party_toks)
        partners, r2 = _parties(ctx, partner_toks)
        agreement_key = _agreement_key(ctx, agreement)
        if agreement_key and (parties or partners) and _signed_as_fact(tok):
            _note_signatories(ctx, agreement_key, tok, parties + partners)
        found = _signing(tok, parties, partners, agreement_key, r1 or r2, False, "signed.nominal")
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


def _governing_subjects(tok: Token) -> list[Token]:
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


def _signed_as_fact(trigger: Token) -> bool:
    """Whether a signing is stated as done (not planned, hoped for, denied or negated)."""
    mod = modality(trigger)
    return not mod.blocked and mod.status != "Planned" and not is_negated(trigger)


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
        first = min(founds, key=lambda f: f.trigger.i)
        out.append(Found("signed.collected", "signedWith", named, [], last.trigger, agreement=agreement,
                         status="Completed", date=ctx.dates.date_of(first.trigger), inferred=True))
    return out


def signed_have(ctx: Context, sent: Span) -> Iterator[Found]:
    """"Fiji will retain its 2011 policing agreement with China"; "Vanuatu has memoranda with
    Australia, New Zealand…"; "the memorandum between X and Y"; "its pact with Y"."""
    for tok in sent:
        if tok.pos_ not in {"NOUN", "PROPN"} or not _is_agreement_noun(ctx, tok):
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


# --- rejected -----------------------------------------------------------------------------

REJECT_OBJECT_NOUNS = AGREEMENT_NOUNS | {"patrols", "offer", "proposal", "overture", "format", "grouping",
                                         "cooperation", "deployment", "mission", "exercises"}
NOT_REJECTABLE = {"claim", "accusation", "allegation", "criticism", "report", "idea", "notion", "charge",
                  "suggestion", "assertion", "view", "characterisation", "characterization"}


def _rejected_objects(ctx: Context, verb: Token) -> tuple[list[str], bool]:
    toks = objects(verb)
    toks += prep_objects(verb, "of", "from", "into", "on")
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
        keys, r = _keys(ctx, [tok], "agreement")
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
    toks = agents(verb) if is_passive(verb) else subjects(verb)
    keys, resolved = _keys(ctx, toks, "actor")
    keys = _actors(ctx, keys)
    keys += [k for k in _members(ctx, verb) if k not in keys]
    return keys, resolved


def _members(ctx: Context, verb: Token) -> list[str]:
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
        keys.extend(_actors(ctx, ctx.resolve(subj, "party")))
    return keys


def rejected_verb(ctx: Context, sent: Span) -> Iterator[Found]:
    """"Thailand cancelled a plan to …", "a deal … was turned down by ten countries",
    "Italy was pulling out of the BRI", "Lithuania quit the 17+1 format"."""
    verbs = words("rejected", "verbs")
    phrasal = {k: set(v) for k, v in words_map("rejected", "phrasal").items()}
    for tok in sent:
        if tok.pos_ != "VERB":
            continue
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


def rejected_control(ctx: Context, sent: Span) -> Iterator[Found]:
    """"refused to enter into a regional agreement", "declined to endorse the BRI"."""
    for tok in sent:
        if tok.pos_ != "VERB" or tok.lemma_ not in {"refuse", "decline", "reject", "fail"}:
            continue
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


def rejected_negated(ctx: Context, sent: Span) -> Iterator[Found]:
    """"his government would not endorse the proposal", "Thailand would not have joint patrols"."""
    for tok in sent:
        if tok.pos_ not in {"VERB", "AUX"} or tok.lemma_ not in words("rejected", "negated_accept"):
            continue
        if not any(c.dep_ == "neg" for c in tok.children):
            continue
        if not any(c.lower_ in {"would", "will", "wo"} for c in tok.children if c.dep_ == "aux"):
            continue
        objs, r1 = _rejected_objects(ctx, tok)
        subs, r2 = _rejecters(ctx, tok)
        if objs and subs:
            yield Found("rejected.negated", "rejected", subs, objs, tok, resolved=r1 or r2, status="Completed",
                        check_modality=False)


def rejected_adjective(ctx: Context, sent: Span) -> Iterator[Found]:
    """"a rebuffed regional agreement with Pacific nations"."""
    for tok in sent:
        if tok.dep_ != "amod" or tok.lemma_.lower() not in {"rebuff", "reject", "spurn", "scrap", "cancel"} and \
                tok.lower_ not in words("rejected", "adjectives"):
            continue
        noun = tok.head
        if not _is_agreement_noun(ctx, noun):
            continue
        subs, r1 = _keys(ctx, prep_objects(noun, "with", "by"), "actor")
        objs, r2 = _keys(ctx, [noun], "agreement")
        if _actors(ctx, subs) and objs:
            yield Found("rejected.adjective", "rejected", _actors(ctx, subs), objs, tok, resolved=r1 or r2,
                        status="Completed", check_modality=False)


VOID_WORDS = {"void", "null", "invalid", "illegal", "unconstitutional", "illegitimate"}


def rejected_void(ctx: Context, sent: Span) -> Iterator[Found]:
    """"X declared the agreement null and void", "a law declaring … void a memorandum", "the
    court ruled the pact unconstitutional"."""
    for tok in sent:
        if tok.pos_ != "VERB" or tok.lemma_ not in {"declare", "rule", "deem", "pronounce"}:
            continue
        window = tok.doc[tok.i + 1:min(sent.end, tok.i + 10)]
        if not any(t.lower_ in VOID_WORDS for t in window):
            continue
        agreement = next((t for t in window if t.head.i >= tok.i and _is_agreement_noun(ctx, t)
                          and t.pos_ in {"NOUN", "PROPN"}), None)
        if agreement is None:
            continue
        holders = subjects(tok) or (_governing_subjects(tok) if tok.dep_ in {"acl", "relcl"} else [])
        subs, r1 = _keys(ctx, holders, "actor")
        subs = _actors(ctx, subs)
        objs, r2 = _keys(ctx, [agreement], "agreement")
        if subs and objs:
            yield Found("rejected.void", "rejected", subs, objs, tok, resolved=r1 or r2,
                        status="Completed")


def rejected_follow(ctx: Context, sent: Span) -> Iterator[Found]:
    """"Lithuania quit … in 2021; Estonia and Latvia followed in August 2022"."""
    for tok in sent:
        if tok.pos_ != "VERB" or tok.lemma_ != "follow":
            continue
        objs = children(tok, "dobj")
        if objs and objs[0].lower_ != "suit":
            continue
        last = ctx.last("rejected", tok.i)
        if last is None or last.trigger.sent.start < sent.start - 80:
            continue
        subs, r = _keys(ctx, subjects(tok), "actor")
        subs = [s for s in _actors(ctx, subs) if s not in last.subjects]
        if subs:
            yield Found("rejected.follow", "rejected", subs, list(last.objects), tok, resolved=r,
                        status="Completed")


# --- cites ---------------------------------------------------------------------------------

CITE_CLASSES = {"Organization", "GovernmentBody", "Report", "Article"}
MEDIA_VERBS = {"tell", "interview", "speak"}


SPEAKER_NOUNS = {"spokesman", "spokeswoman", "spokesperson", "official", "representative", "source"}


def _source_keys(ctx: Context, tok: Token) -> list[str]:
    keys = [k for k in ctx.resolve(tok, "source") if ctx.ents.entities[k].cls in CITE_CLASSES]
    if keys:
        return keys
    if head_lemma(tok) in SPEAKER_NOUNS:  # "a spokesman for the Maldives Police Service said"
        for t in prep_objects(tok, "for", "of", "at"):
            keys = [k for k in ctx.resolve(t, "party") if ctx.ents.entities[k].cls in CITE_CLASSES]
            if keys:
                return keys
    if head_lemma(tok) in {"statement", "figures", "figure", "data", "report", "study", "document", "service",
                           "desk", "bureau", "release", "statements", "reports"}:
        for t in list(prep_objects(tok, "from", "by", "of")) + [c for c in tok.children if c.dep_ == "poss"]:
            keys = [k for k in ctx.resolve(t, "source") if ctx.ents.entities[k].cls in CITE_CLASSES]
            if keys:
                return keys
        for acl in children(tok, "acl"):
            for t in agents(acl):
                keys = [k for k in ctx.resolve(t, "source") if ctx.ents.entities[k].cls in CITE_CLASSES]
                if keys:
                    return keys
    return []


def cites_according(ctx: Context, sent: Span) -> Iterator[Found]:
    """"according to a May 2023 report by …", "according to its commerce ministry"."""
    for tok in sent:
        if tok.lower_ != "according":
            continue
        for obj in prep_objects(tok, "to"):
            keys = _source_keys(ctx, obj)
            if keys:
                yield Found("cites.according", "cites", [DOC], keys, tok, check_modality=False)


def cites_report_verb(ctx: Context, sent: Span) -> Iterator[Found]:
    """"Xinhua reported", "the report detailed", "the department said", "the NGO argued"."""
    verbs = words("cites", "report_verbs")
    for tok in sent:
        if tok.pos_ != "VERB" or tok.lemma_ not in verbs:
            continue
        if tok.lemma_ == "tell" and not any(_is_media(ctx, o) for o in children(tok, "dobj", "dative")):
            continue
        for subj in children(tok, "nsubj"):
            keys = _source_keys(ctx, subj)
            keys = [k for k in keys if ctx.ents.entities[k].cls != "GovernmentBody" or (
                tok.lemma_ in {"say", "report", "state", "note", "estimate", "publish", "announce", "add"}
                and _reports_figures(tok))]
            if keys:
                yield Found("cites.report_verb", "cites", [DOC], keys, tok, check_modality=False)
        if tok.dep_ == "acl" and tok.tag_ in {"VBD", "VBN"} and not children(tok, "nsubj") and tok.lemma_ in {
                "report", "say", "note", "write"} and not is_passive_with_agent(tok):
            keys = _source_keys(ctx, tok.head)
            if keys:
                yield Found("cites.report_verb", "cites", [DOC], keys, tok, check_modality=False)
        if tok.dep_ == "relcl":
            for s in children(tok, "nsubj"):
                if s.lower_ in {"which", "who", "that"}:
                    keys = _source_keys(ctx, tok.head)
                    if keys:
                        yield Found("cites.report_verb", "cites", [DOC], keys, tok, check_modality=False)


def _reports_figures(verb: Token) -> bool:
    """Whether what a body says is factual reporting (it gives numbers), not a stance."""
    return any(t.like_num or t.ent_type_ in {"CARDINAL", "QUANTITY", "MONEY", "PERCENT"}
               for t in verb.sent if t.i != verb.i)


def is_passive_with_agent(tok: Token) -> bool:
    return any(c.dep_ == "agent" for c in tok.children)


def _is_media(ctx: Context, tok: Token) -> bool:
    keys = ctx.resolve(tok, "source")
    return any(ctx.ents.entities[k].media for k in keys)


def cites_media(ctx: Context, sent: Span) -> Iterator[Found]:
    """"told Reuters", "in an interview with Reuters", "as reported by Xinhua", "seen by Reuters"."""
    for tok in sent:
        targets: list[Token] = []
        if tok.pos_ == "VERB" and tok.lemma_ in MEDIA_VERBS:
            targets = children(tok, "dobj", "dative") + prep_objects(tok, "to", "with")
        elif tok.lemma_ in {"interview"} and tok.pos_ == "NOUN":
            targets = prep_objects(tok, "with", "to")
        elif tok.pos_ == "VERB" and tok.lemma_ in words("cites", "passive_verbs") and is_passive(tok):
            targets = agents(tok)
        for t in targets:
            keys = [k for k in ctx.resolve(t, "source") if ctx.ents.entities[k].cls in CITE_CLASSES]
            keys = [k for k in keys if ctx.ents.entities[k].media or ctx.ents.entities[k].cls in {"Report", "Article"}
                    or tok.lemma_ in {"reveal", "report", "publish"}]
            if keys:
                yield Found("cites.media", "cites", [DOC], keys, tok, check_modality=False)


def cites_document(ctx: Context, sent: Span) -> Iterator[Found]:
    """Reports the article draws on: "In a study titled …, X argued"; "X published 'Title'"."""
    for tok in sent:
        ent = ctx.ents.at(tok.i)
        if ent is None or ent.cls not in {"Report", "Article"} or not ent.spans:
            continue
        if tok.i != min(s for s, _ in ent.spans if sent.start <= s < sent.end) if any(
                sent.start <= s < sent.end for s, _ in ent.spans) else True:
            continue
        root = tok
        while root.head != root and ctx.ents.at(root.head.i) is not None and ctx.ents.at(root.head.i).key == ent.key:  # type: ignore[union-attr]
            root = root.head
        head = root.head
        if root.dep_ == "pobj" and head.lower_ == "in" and head.head.lemma_ in words("cites", "report_verbs"):
            yield Found("cites.document", "cites", [DOC], [ent.key], head.head, check_modality=False)
        elif root.dep_ in {"dobj", "appos"} and head.lemma_ in {"publish", "release", "issue", "unveil"}:
            yield Found("cites.published", "cites", [DOC], [ent.key], head, check_modality=False)


DISPUTING = {"dismiss", "reject", "deny", "dispute", "criticise", "criticize", "contest", "question", "rebut", "refute"}


def cites_document_by(ctx: Context, sent: Span) -> Iterator[Found]:
    """"in research by InSight Crime", "figures from the interior ministry", "a study by the
    Lowy Institute found": the article draws on that body's work."""
    nouns = words("cites", "report_nouns") | {"research", "data", "figures", "statistics", "estimates", "findings"}
    for tok in sent:
        if tok.pos_ != "NOUN" or tok.lemma_ not in nouns or ctx.ents.at(tok.i) is not None:
            continue
        if tok.head.lemma_ in DISPUTING or is_negated(tok.head):
            continue
        keys: list[str] = []
        for t in prep_objects(tok, "by", "from"):
            keys += [k for k in ctx.resolve(t, "source") if ctx.ents.entities[k].cls in CITE_CLASSES - {"Report"}
                     and k not in keys]
        if keys:
            yield Found("cites.document_by", "cites", [DOC], keys, tok, check_modality=False)


CORE_RULES = (
    trains_verb, trains_receive, trains_course, trains_offer, trains_nominal,
    signed_verb, signed_nominal, signed_have,
    rejected_verb, rejected_control, rejected_negated, rejected_adjective, rejected_void, rejected_follow,
    cites_according, cites_report_verb, cites_media, cites_document, cites_document_by,
)
POST_RULES = (signatories_together,)

"""Rules for `trains`: "X trained Y", "Y received training in X", "a course run by X for Y",
"X offered training places to Y", "the training of Y by X"."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from graph.nlp.arguments import ACTORS, actors, collectives, resolve_keys
from graph.nlp.lexicon import words
from graph.nlp.qualifiers import quantity
from graph.nlp.relations import Context, Found, Sentence
from graph.nlp.syntax import (
    agents,
    children,
    conjuncts,
    governors,
    is_passive,
    objects,
    passive_subjects,
    prep_objects,
    subjects,
)

MOTION = {"go", "fly", "travel", "come", "head", "send", "return", "visit"}
PLACE_INSTITUTIONS = words("trains", "place_nouns")


def _acting_subjects(ctx: Context, verb: Token) -> tuple[list[Token], bool]:
    """Subjects of `verb`; if they are not actors ("the plan would make…"), those of a governing clause."""
    toks = subjects(verb)
    if toks and (actors(ctx, resolve_keys(ctx, toks, "party")[0]) or any(ctx.resolver.is_group_head(t) for t in toks)):
        return toks, False
    for gov in list(governors(verb))[:5]:
        if gov.pos_ in {"VERB", "AUX"}:
            cand = subjects(gov)
            if cand and actors(ctx, resolve_keys(ctx, cand, "party")[0]):
                return cand, True
        if gov.pos_ == "NOUN" and gov.lemma_ in {"plan", "offer", "proposal", "pledge", "promise", "bid"}:
            owners = [c for c in gov.children if c.dep_ == "poss"]
            if owners:
                return owners, True
    return toks, False


# --- trains ------------------------------------------------------------------------------

def trains_verb(ctx: Context, sent: Sentence) -> Iterator[Found]:
    """"China will train 1,000 officers"; "officers are being coached by the visitors"."""
    for tok in sent.with_lemma(words("trains", "verbs"), "VERB"):
        if is_passive(tok):
            trainee_toks = [t for t in objects(tok) if not _is_place(ctx, t)]  # not "… Port Moresby, taught by …"
            trainer_toks = agents(tok)
            inferred = False
            if not trainer_toks:
                trainer_toks = [o for o in prep_objects(tok, "at", "in", "by")
                                if o.lemma_ in PLACE_INSTITUTIONS or ctx.ents.at(o.i) is not None]
                trainer_toks = trainer_toks or _runners_of_where(ctx, tok)
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


ASPECT_VERBS = {"start", "begin", "continue", "resume", "keep", "stop"}


def trains_gerund_misparse(ctx: Context, sent: Sentence) -> Iterator[Found]:
    """"its armed forces would start training officers of the KSF", when the parser reads
    "training officers" as a noun phrase: the subject of "start" trains the officers."""
    for tok in sent.with_lower("training"):
        if tok.dep_ != "compound" or tok.head.dep_ != "dobj":
            continue
        verb = tok.head.head
        if verb.lemma_ not in ASPECT_VERBS:
            continue
        trainer_toks, inferred = _acting_subjects(ctx, verb)
        trainers, r1 = _trainer_keys(ctx, trainer_toks)
        trainees, r2, counts = _trainee_keys(ctx, verb, [tok.head])
        if trainers and trainees:
            yield Found("trains.verb", "trains", trainers, trainees, verb, quantities=counts,
                        resolved=r1 or r2, inferred=inferred)


RUNNING = {"run", "operate", "manage", "staff", "lead", "head"}


def _runners_of_where(ctx: Context, verb: Token) -> list[Token]:
    """"AFP instructors now help run the Bomana Police College, where 1,200 recruits … are being
    trained": who runs the place the training happens at; else the place, if it is a school."""
    if verb.dep_ != "relcl" or not any(c.lower_ == "where" for c in verb.children):
        return []
    place = verb.head
    while place.dep_ == "pobj" and place.head.dep_ == "prep" and ctx.ents.at(place.i) is not None and \
            ctx.ents.at(place.i).cls == "Place":  # type: ignore[union-attr]
        place = place.head.head  # "the College outside Port Moresby, where …"
    if place.dep_ == "dobj" and place.head.lemma_ in RUNNING:
        return _own_subjects(place.head)
    return [place] if _is_school(ctx, place) else []


def _is_place(ctx: Context, tok: Token) -> bool:
    ent = ctx.ents.at(tok.i)
    return ent is not None and ent.cls == "Place"


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
            found_state = False
            for child in tok.children:  # "Chinese institutions": the state
                demonym = ctx.ents.gaz.demonym_of(child.text) if child.text[:1].isupper() else None
                key = ctx.resolver.country_key(demonym.id) if demonym else None
                if key:
                    out.append(key)
                    resolved = found_state = True
            if found_state:
                continue
        programme = ctx.ents.at(tok.i)
        if programme is not None and programme.cls == "Initiative":
            # "the European Union's EL PAcCTO programme, which has trained …": whose programme it is
            owners = [c for c in tok.children if c.dep_ == "poss"] + prep_objects(tok, "of", "by")
            keys, r = resolve_keys(ctx, owners, "actor")
            out.extend(k for k in actors(ctx, keys) if k not in out)
            continue
        keys, r = resolve_keys(ctx, [tok], "actor")
        resolved = resolved or r
        out.extend(k for k in actors(ctx, keys) if k not in out)
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
        found, r = resolve_keys(ctx, [_body_of_members(ctx, tok)], "actor")
        resolved = resolved or r
        for k in actors(ctx, found):
            if k not in keys:
                keys.append(k)
            count = quantity(tok)
            if count is not None:
                counts.setdefault(k, count)
    return keys, resolved, counts


def _providers(ctx: Context, verb: Token, course: Token) -> list[Token]:
    """Who gave the training a receiving verb reports: "from"/"by" before "at"/"in" (instruction
    from Chinese trainers at the Kabalye school: the trainers), looking into the course's own
    phrase too ("training in cybercrime and crowd control at the China People's Police University")."""
    own = prep_objects(verb, "from", "by") or prep_objects(course, "from", "by")
    if own:
        return own
    places = prep_objects(verb, "at", "in") or prep_objects(course, "at", "in")
    named = [t for t in places if ctx.ents.at(t.i) is not None or t.lemma_ in PLACE_INSTITUTIONS]
    if named:
        return named
    deeper = [t for t in course.subtree if t.dep_ == "pobj" and t.head.lower_ in {"at", "from", "by"}
              and ctx.ents.at(t.i) is not None]
    # "received training in cybercrime investigation and crowd control at the China People's Police
    # University", with "crowd control" read as a second verb: the named school after the course
    later = [t for t in verb.subtree if t.i > course.i and t.dep_ == "pobj" and t.head.lower_ in {"at", "from", "by"}
             and _provides(ctx, t) and not any(a.dep_ in {"relcl", "ccomp", "advcl"} for a in t.ancestors
                                                if a.i > verb.i and a.i < t.i)]
    return deeper[:1] or later[:1] or places


def _provides(ctx: Context, tok: Token) -> bool:
    ent = ctx.ents.at(tok.i)
    return ent is not None and ent.cls in {"GovernmentBody", "Organization", "Country"}


def _taught_by(verb: Token, course: Token) -> list[Token]:
    """"began a course at Bomana Police College, outside Port Moresby, taught by AFP trainers":
    a teaching participle after the course, wherever the parser hung it in the verb's phrases."""
    for t in children(verb, "advcl", "acl"):  # "will start a course in April taught by …"
        if t.i > course.i and t.lemma_ in TEACHING and t.tag_ == "VBN" and agents(t):
            return agents(t)
    for prep in children(verb, "prep"):
        if prep.i < course.i:
            continue
        for t in prep.subtree:
            if t.dep_ == "acl" and t.lemma_ in TEACHING and t.tag_ == "VBN" and agents(t):
                return agents(t)
    return []


def _body_of_members(ctx: Context, tok: Token) -> Token:
    """"officers of the Royal Solomon Islands Police Force" → the force: its members are trained."""
    if ctx.ents.at(tok.i) is None and ctx.resolver.is_group_head(tok) and tok.lemma_ not in {"team", "unit"}:
        for obj in prep_objects(tok, "of", "from"):
            ent = ctx.ents.at(obj.i)
            if ent is None and ctx.resolver.is_group_head(obj):
                # "sailors from the coast guard of the Guyana Defence Force": the named body
                obj = next(iter(prep_objects(obj, "of")), obj)
                ent = ctx.ents.at(obj.i)
            if ent is not None and ent.cls in {"GovernmentBody", "Organization"} and obj.dep_ == "pobj":
                return obj
    return tok


def _mention_class(ctx: Context, tok: Token) -> str | None:
    ent = ctx.ents.at(tok.i)
    return ent.cls if ent is not None else None


def trains_receive(ctx: Context, sent: Sentence) -> Iterator[Found]:
    """"Y received training in China", "Y had gone through its courses", "Y completed a
    programme delivered by X", "Y flew to Beijing for courses"."""
    nouns = words("trains", "nouns")
    # a course is found only after one of these verbs
    cue_verbs = words("trains", "receive_verbs") | {"graduate"} | MOTION
    for tok in sent.with_lemma(cue_verbs, "VERB"):
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
        trainer_toks = trainer_toks or _taught_by(tok, course) or _providers(ctx, tok, course)
        trainer_toks = [t for t in trainer_toks if t.ent_type_ not in {"DATE", "TIME"}]
        trainer_toks += [c for c in course.children if c.dep_ == "poss" and (
            ctx.ents.at(c.i) is not None or not ctx.resolver.is_group_head(c))]  # not "an investigators' course"
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
                        resolved=r1 or r2, inferred=inferred,
                        status="Ongoing" if lemma in {"begin", "start", "commence", "join", "enter"} else None)


STUDYING = {"study", "train", "enrol", "enroll"}


def trains_study(ctx: Context, sent: Sentence) -> Iterator[Found]:
    """"24 Armenian cadets will begin studying at the Saint-Cyr military academy", "officers
    who trained at China's police university": the school trains those who study there."""
    for tok in sent.with_lemma(STUDYING, "VERB"):
        if is_passive(tok) or children(tok, "dobj"):
            continue
        schools = [c for o in prep_objects(tok, "at", "in") for c in conjuncts(o) if _is_school(ctx, c)]
        if not schools:
            continue
        trainees, r2, counts = _counted(ctx, _own_subjects(tok))
        trainers, r1 = _trainer_keys(ctx, schools)
        trainers = [t for t in trainers if t not in trainees]
        if trainers and trainees:
            starting = any(g.lemma_ in {"begin", "start"} for g in governors(tok))
            yield Found("trains.study", "trains", trainers, trainees, tok, quantities=counts, resolved=r1 or r2,
                        status="Ongoing" if starting and not _future(tok) else None)


def _own_subjects(verb: Token) -> list[Token]:
    """The subjects of `verb` or of the verbs it completes ("cadets will begin studying")."""
    cur = verb
    while not children(cur, "nsubj", "nsubjpass") and cur.dep_ in {"xcomp", "conj"} and cur.head != cur:
        cur = cur.head
    found = children(cur, "nsubj", "nsubjpass")
    return found[-1:]  # two subjects of one verb are a misparse: the nearer one is its own


def _is_school(ctx: Context, tok: Token) -> bool:
    ent = ctx.ents.at(tok.i)
    if ent is not None:
        return ent.cls in {"GovernmentBody", "Organization"} and tok.lemma_.lower() in words("school_nouns")
    return tok.lemma_ in PLACE_INSTITUTIONS and any(
        c.dep_ in {"amod", "compound", "poss"} for c in tok.children)  # "French military schools", not "at school"


def _future(tok: Token) -> bool:
    return any(t.lower_ in {"will", "would", "shall"} for g in [tok, *governors(tok)] for t in g.children
               if t.dep_ == "aux")


TEACHING = {"teach", "deliver", "run", "give", "provide", "conduct", "organise", "organize", "lead", "host"}


def trains_course(ctx: Context, sent: Sentence) -> Iterator[Found]:
    """"Y are midway through a course … taught by instructors of X"; "a programme run by X"."""
    nouns = words("trains", "nouns")
    for k, course in enumerate(sent.tokens):
        if sent.pos[k] != "NOUN" or (sent.lemma[k] not in nouns and sent.lower[k] not in nouns):
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


OFFER_CUES = {"host", "welcome", "receive", "invite", "provide", "offer", "give", "deliver", "extend", "grant", "fund"}


def trains_offer(ctx: Context, sent: Sentence) -> Iterator[Found]:
    """"China will provide 5,000 training opportunities for professionals"; "he offered training
    for Y"; "training was provided to Y by X"; "X hosted Y for a six-week course"."""
    nouns = words("trains", "nouns")
    for tok in sent.with_lemma(OFFER_CUES, "VERB"):
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


def trains_nominal(ctx: Context, sent: Sentence) -> Iterator[Found]:
    """"Australian support for the training of PNG police recruits"; "the training of Y by X";
    "X's training of Y"."""
    for tok in sent.with_lemma({"training"}, "NOUN"):
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
                trainers.extend(actors(ctx, ctx.resolve(t, "actor")))
        trainees, r, counts = _counted(ctx, trainee_toks)
        if trainers and trainees:
            yield Found("trains.nominal", "trains", trainers, trainees, tok, quantities=counts,
                        resolved=r, inferred=inferred)

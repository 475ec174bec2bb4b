"""Rules for `cites`: the sources an article draws on (reports, outlets, bodies that spoke)."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from graph.nlp.descriptions import head_lemma
from graph.nlp.lexicon import words
from graph.nlp.qualifiers import is_negated
from graph.nlp.relations import Context, Found, Sentence, mentions_in
from graph.nlp.syntax import (
    agents,
    children,
    is_passive,
    prep_objects,
)
from graph.records import DOC

# --- cites ---------------------------------------------------------------------------------

CITE_CLASSES = {"Organization", "GovernmentBody", "Report", "Article"}
MEDIA_VERBS = {"tell", "interview", "speak"}


SPEAKER_NOUNS = {"spokesman", "spokeswoman", "spokesperson", "official", "representative", "source"}


def _source_keys(ctx: Context, tok: Token) -> list[str]:
    keys = [k for k in ctx.resolve(tok, "source") if ctx.ents.entities[k].cls in CITE_CLASSES]
    if keys:
        return keys
    project = ctx.ents.at(tok.i)
    if project is not None and project.cls == "Initiative":
        # "the Asia Maritime Transparency Initiative (AMTI), a project of the CSIS" / "AMTI at the CSIS":
        # a project is cited through the body that runs it
        hosts = prep_objects(tok, "at", "of") + [o for a in children(tok, "appos") for o in prep_objects(a, "of", "at")]
        for host in hosts:
            keys = [k for k in ctx.resolve(host, "source") if ctx.ents.entities[k].cls in CITE_CLASSES]
            if keys:
                return keys
    if head_lemma(tok) in SPEAKER_NOUNS:  # "a spokesman for the Maldives Police Service said"
        for t in prep_objects(tok, "for", "of", "at"):
            keys = [k for k in ctx.resolve(t, "party") if ctx.ents.entities[k].cls in CITE_CLASSES]
            if keys:
                return keys
    if head_lemma(tok) in {"statement", "figures", "figure", "data", "datum", "report", "study", "document", "service",
                           "desk", "bureau", "release", "statements", "reports"}:
        for t in list(prep_objects(tok, "from", "by", "of")) + [c for c in tok.children if c.dep_ == "poss"]:
            keys = [k for k in ctx.resolve(t, "source") if ctx.ents.entities[k].cls in CITE_CLASSES]
            if keys:
                return keys
        for acl in children(tok, "acl"):
            for t in agents(acl):
                keys = _source_keys(ctx, t)  # "data compiled by the AMTI at the CSIS"
                if keys:
                    return keys
    return []


def cites_according(ctx: Context, sent: Sentence) -> Iterator[Found]:
    """"according to a May 2023 report by …", "according to its commerce ministry"."""
    for tok in sent.with_lower("according"):
        for obj in prep_objects(tok, "to"):
            keys = _source_keys(ctx, obj)
            if keys:
                yield Found("cites.according", "cites", [DOC], keys, tok, check_modality=False)


def cites_report_verb(ctx: Context, sent: Sentence) -> Iterator[Found]:
    """"Xinhua reported", "the report detailed", "the department said", "the NGO argued"."""
    verbs = words("cites", "report_verbs")
    for tok in sent.with_lemma(verbs, "VERB"):
        if tok.lemma_ == "tell" and not any(_is_media(ctx, o) for o in children(tok, "dobj", "dative")):
            continue
        if _own_intention(tok):
            continue  # "DP World … said it would spend 140 million dollars": an announcement, not a source
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


def _own_intention(verb: Token) -> bool:
    """Whether the speaker only says what it will itself do ("said it would invest")."""
    for clause in children(verb, "ccomp"):
        own = [s for s in children(clause, "nsubj") if s.lower_ in {"it", "they", "we", "i"}]
        future = any(c.dep_ == "aux" and c.lower_ in {"would", "will", "'ll", "shall"} for c in clause.children)
        if own and future:
            return True
    return False


def _reports_figures(verb: Token) -> bool:
    """Whether what a body says is factual reporting (it gives numbers), not a stance."""
    return any(t.like_num or t.ent_type_ in {"CARDINAL", "QUANTITY", "MONEY", "PERCENT"}
               for t in verb.sent if t.i != verb.i)


def is_passive_with_agent(tok: Token) -> bool:
    return any(c.dep_ == "agent" for c in tok.children)


def _is_media(ctx: Context, tok: Token) -> bool:
    keys = ctx.resolve(tok, "source")
    return any(ctx.ents.entities[k].media for k in keys)


def cites_media(ctx: Context, sent: Sentence) -> Iterator[Found]:
    """"told Reuters", "in an interview with Reuters", "as reported by Xinhua", "seen by Reuters"."""
    cues = MEDIA_VERBS | words("cites", "passive_verbs") | {"interview"}
    for tok in sent.with_lemma(cues, "VERB", "NOUN"):
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


def cites_document(ctx: Context, sent: Sentence) -> Iterator[Found]:
    """Reports the article draws on: "In a study titled …, X argued"; "X published 'Title'"."""
    for tok, ent in mentions_in(ctx.ents, sent):
        if ent.cls not in {"Report", "Article"} or not ent.spans:
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


def cites_document_by(ctx: Context, sent: Sentence) -> Iterator[Found]:
    """"in research by InSight Crime", "figures from the interior ministry", "a study by the
    Lowy Institute found": the article draws on that body's work."""
    nouns = words("cites", "report_nouns") | {"research", "data", "figures", "statistics", "estimates", "findings"}
    for tok in sent.with_lemma(nouns, "NOUN"):
        if ctx.ents.at(tok.i) is not None:
            continue
        if tok.head.lemma_ in DISPUTING or is_negated(tok.head):
            continue
        keys: list[str] = []
        for t in prep_objects(tok, "by", "from"):
            keys += [k for k in ctx.resolve(t, "source") if ctx.ents.entities[k].cls in CITE_CLASSES - {"Report"}
                     and k not in keys]
        if keys:
            yield Found("cites.document_by", "cites", [DOC], keys, tok, check_modality=False)

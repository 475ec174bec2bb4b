"""Relations from dependency structure and cue lexicons.

Each rule (graph/nlp/rules_core.py, graph/nlp/rules_extended.py) reads a
sentence and reports `Found` matches: the rule's name, the predicate, the
subject and object entities, the trigger word. This module turns them into
`Relation` records in one place: it drops what the text does not assert
(negations, questions, hypotheticals, denials), and adds the evidence
sentence, its offsets, the status, date, quantity and attribution, and the
confidence.

Confidence = the rule's base precision (measured on the annotated corpus, see
`graph/nlp/calibration.yaml`) × 0.85 when an argument was resolved through a
pronoun or a description × 0.7 when an argument was inferred from context
rather than stated, capped to [0.05, 0.99].
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files

import yaml
from spacy.tokens import Doc, Token

from graph.dates import Span as DateSpan
from graph.nlp.discourse import Resolver
from graph.nlp.docview import DocView
from graph.nlp.mentions import DocEntities, LocalEntity
from graph.nlp.qualifiers import (
    DateContext,
    attribution,
    continuing,
    is_negated,
    modality,
    quantity,
)
from graph.nlp.roles import Role, read_roles
from graph.nlp.sides import same_side
from graph.records import DOC, Article, Relation
from graph.terms import SYMMETRIC


@dataclass
class Found:
    """One rule match: who, what, whom, and the word that says so."""

    rule: str
    predicate: str
    subjects: list[str]
    objects: list[str]
    trigger: Token
    quantity_token: Token | None = None
    quantity: int | None = None
    quantities: dict[str, int] = field(default_factory=dict)
    """Per-object counts, when one clause counts several groups."""
    date: str | DateSpan | None = None
    status: str | None = None
    agreement: str | None = None
    resolved: bool = False
    """True when an argument came through a pronoun or a description."""
    inferred: bool = False
    """True when an argument was inferred from context rather than stated."""
    check_modality: bool = True
    date_token: Token | None = None


class Sentence:
    """One sentence's tokens and their strings, taken from the document's `DocView`. Every rule
    walks every sentence: shared lists save spaCy making a new `Token` (and looking up its
    strings) at each step, and let a rule go straight to the tokens its cue words name."""

    __slots__ = ("by_lemma", "by_pos", "dep", "end", "lemma", "lower", "pos", "start", "tokens")

    def __init__(self, view: DocView, start: int, end: int) -> None:
        self.start = start
        self.end = end
        self.tokens: list[Token] = view.tokens[start:end]
        self.pos: list[str] = view.pos[start:end]
        self.lemma: list[str] = view.lemma[start:end]
        self.lower: list[str] = view.lower[start:end]
        self.dep: list[str] = view.dep[start:end]
        self.by_lemma: dict[str, list[int]] = {}
        """Where each lemma occurs (positions in the sentence)."""
        self.by_pos: dict[tuple[str, ...], list[Token]] = {}
        """The tokens with the parts of speech asked for so far (see `with_pos`)."""
        for k, lemma in enumerate(self.lemma):
            self.by_lemma.setdefault(lemma, []).append(k)

    def __iter__(self) -> Iterator[Token]:
        return iter(self.tokens)

    def __len__(self) -> int:
        return len(self.tokens)

    def with_pos(self, *pos: str) -> list[Token]:
        """The tokens whose coarse part of speech is one of `pos`, in order (found once per
        sentence: several rules start from its verbs)."""
        if pos not in self.by_pos:
            self.by_pos[pos] = [t for t, p in zip(self.tokens, self.pos) if p in pos]
        return self.by_pos[pos]

    def with_lemma(self, lemmas: Collection[str], *pos: str) -> list[Token]:
        """The tokens whose lemma is in `lemmas` (and, given `pos`, whose part of speech is one of them)."""
        hits = self.by_lemma.keys() & lemmas
        if not hits:
            return []
        found = sorted(k for lemma in hits for k in self.by_lemma[lemma])
        return [self.tokens[k] for k in found if not pos or self.pos[k] in pos]

    def with_dep(self, *deps: str) -> list[Token]:
        """The tokens whose dependency label is one of `deps`, in order."""
        return [t for t, d in zip(self.tokens, self.dep) if d in deps]

    def with_lower(self, *forms: str) -> list[Token]:
        """The tokens whose lower-case form is one of `forms`, in order."""
        return [t for t, w in zip(self.tokens, self.lower) if w in forms]


def mentions_in(ents: DocEntities, sent: Sentence) -> Iterator[tuple[Token, LocalEntity]]:
    """The tokens of `sent` that mention an entity, with the entity (looked up as the walk
    reaches each token, since resolving an argument on the way may add one)."""
    for k, tok in enumerate(sent.tokens):
        ent = ents.at(sent.start + k)
        if ent is not None:
            yield tok, ent


@dataclass
class Context:
    """What the rules share while reading one document."""

    doc: Doc
    ents: DocEntities
    article: Article
    resolver: Resolver
    dates: DateContext
    roles: dict[str, list[Role]]
    found: list[Found] = field(default_factory=list)
    signatories: dict[str, list[Found]] = field(default_factory=dict)

    def resolve(self, tok: Token, role: str = "actor") -> list[str]:
        return self.resolver.resolve(tok, role)

    def last(self, predicate: str, before: int) -> Found | None:
        for f in reversed(self.found):
            if f.predicate == predicate and f.trigger.i < before:
                return f
        return None


@lru_cache(maxsize=1)
def calibration() -> dict[str, float]:
    """Base confidence per rule (the rule's precision on the annotated corpus)."""
    text = files("graph.nlp").joinpath("calibration.yaml").read_text(encoding="utf-8")
    return {str(k): float(v) for k, v in (yaml.safe_load(text) or {}).items()}


def base_confidence(rule: str) -> float:
    table = calibration()
    return table.get(rule, table.get(rule.split(".")[0], table.get("default", 0.6)))


def extract_relations(doc: Doc, ents: DocEntities, article: Article) -> list[Relation]:
    """All relations stated in `doc`, with evidence and qualifiers."""
    from graph.nlp.rules_core import CORE_RULES, POST_RULES
    from graph.nlp.rules_extended import EXTENDED_RULES

    ctx = Context(
        doc=doc, ents=ents, article=article, resolver=Resolver(ents),
        dates=DateContext(ents.view, article.date, ents.skip_chars), roles=read_roles(ents),
    )
    rules = (*CORE_RULES, *EXTENDED_RULES)
    for span in ents.view.sents:
        sent = Sentence(ents.view, span.start, span.end)
        for rule in rules:
            for found in rule(ctx, sent):
                ctx.found.append(found)
    for post in POST_RULES:
        ctx.found.extend(post(ctx))
    out: list[Relation] = []
    for found in ctx.found:
        out.extend(emit(ctx, found))
    return out


def emit(ctx: Context, found: Found) -> Iterator[Relation]:
    """Relation records for one match, or none when the clause asserts nothing."""
    status = found.status
    if found.check_modality:
        mod = modality(found.trigger, ctx.ents.view)
        if mod.blocked or is_negated(found.trigger) and found.predicate != "rejected":
            return
        # a rule's "Completed" gives way to what the clause says is still to come ("is expected to sign")
        status = mod.status if mod.status == "Planned" else (status or mod.status)
    date = found.date if found.date is not None else ctx.dates.date_of(found.date_token or found.trigger)
    start_date = end_date = None
    if isinstance(date, DateSpan):
        start_date, end_date, date = date.start, date.end or None, None
    qty = found.quantity
    if qty is None and found.quantity_token is not None:
        qty = quantity(found.quantity_token)
    if status == "Completed" and start_date and not end_date and qty is None and not found.quantities \
            and continuing(found.trigger):
        status = "Ongoing"  # "Brazil's army has trained Guyanese troops since 2019": and still does
    speaker = attribution(found.trigger)
    attributed = None
    if speaker is not None:
        keys = ctx.resolve(speaker, "actor")
        attributed = keys[0] if keys and ctx.ents.entities.get(keys[0]) and ctx.ents.entities[keys[0]].named else None
    confidence = base_confidence(found.rule) * (0.85 if found.resolved else 1.0) * (0.7 if found.inferred else 1.0)
    confidence = min(0.99, max(0.05, confidence))
    sent = ctx.ents.view.sent_of(found.trigger.i)
    start, end = _sentence_offsets(sent, ctx.ents.text)
    text = ctx.ents.text[start:end]
    pairs = _pairs(found)
    for s, o in pairs:
        if s == o or (s != DOC and s not in ctx.ents.entities) or o not in ctx.ents.entities:
            continue
        if found.predicate == "cites" and o in ctx.ents.credited:
            continue  # "officials told Reuters" in a Reuters story: the article's own reporting
        if found.predicate in {"signedWith", "metWith"} and same_side(ctx.ents, ctx.roles, s, o):
            continue  # "signed by Pirro Vengu of Albania": Vengu signed for Albania, not with it
        if attributed in {s, o}:
            attributed_here = None
        else:
            attributed_here = attributed
        yield Relation(
            subject=s, predicate=found.predicate, object=o, sentence=text, start=start, end=end,
            confidence=round(confidence, 3), cue=f"{found.trigger.lemma_.lower()}",
            quantity=found.quantities.get(o, qty) if found.quantities else qty,
            date=date if isinstance(date, str) else None, start_date=start_date, end_date=end_date,
            status=status if found.predicate in {"trains", "signedWith", "rejected"} or status == "Planned" else None,
            attributed_to=attributed_here, agreement=found.agreement, rule=found.rule,
        )


def _pairs(found: Found) -> list[tuple[str, str]]:
    if found.predicate in SYMMETRIC and not found.objects:
        subs = list(dict.fromkeys(found.subjects))
        return [(a, b) for i, a in enumerate(subs) for b in subs[i + 1:]]
    return [(s, o) for s in dict.fromkeys(found.subjects) for o in dict.fromkeys(found.objects)]


def _sentence_offsets(sent: object, text: str) -> tuple[int, int]:
    """Character offsets of a sentence in the article's text, without surrounding whitespace."""
    start = sent.start_char  # type: ignore[attr-defined]
    end = sent.end_char  # type: ignore[attr-defined]
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end

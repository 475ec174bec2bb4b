"""A parsed spaCy `Doc` and its `Article` → an `Extraction` (no spaCy object leaves nlp/)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from graph.nlp.datelines import parse_text
from graph.nlp.docview import DocView
from graph.nlp.entities import collect_mentions
from graph.nlp.gazetteer import load_gazetteer
from graph.nlp.mentions import DocEntities, LocalEntity
from graph.nlp.relations import extract_relations
from graph.records import Article, Entity, Extraction, Mention, Relation

if TYPE_CHECKING:
    from spacy.language import Language


def parse(nlp: Language, articles: Iterable[Article], *, batch_size: int = 16) -> Iterator[tuple[Doc, Article]]:
    """Parse articles (datelines blanked, offsets kept) with spaCy's batched `pipe`."""
    stream = ((parse_text(a.text), a) for a in articles)
    yield from nlp.pipe(stream, as_tuples=True, batch_size=batch_size)


def extract_article(nlp: Language, article: Article) -> Extraction:
    """Parse and extract one article (convenient in notebooks and tests)."""
    from graph.nlp.pipeline import model_info

    doc, _ = next(parse(nlp, [article]))
    return extract(doc, article, model_info(nlp))


def extract(doc: Doc, article: Article, model: dict[str, str] | None = None) -> Extraction:
    """Extract entities and relations from one parsed article.

    Args:
        doc: the article's text parsed by `graph.nlp.pipeline.make_nlp`.
        article: the article the text came from.
        model: versions to record with the extraction.
    """
    ents = collect_mentions(doc, load_gazetteer(), article.text)
    relations = extract_relations(doc, ents, article)
    used = {r.subject for r in relations} | {r.object for r in relations} | {
        r.attributed_to for r in relations if r.attributed_to} | {r.agreement for r in relations if r.agreement}
    entities = tuple(
        _entity(ents.view, ent, article.text) for ent in ents.entities.values() if ent.named or ent.key in used
    )
    return Extraction(article=article, entities=entities, relations=tuple(_dedupe(relations)),
                      model=dict(model or {}))


def _entity(view: DocView, ent: LocalEntity, text: str) -> Entity:
    chars = {view.char_offsets(s, e) for s, e in ent.spans if s < e} | set(ent.char_mentions)
    mentions = tuple(Mention(a, b, text[a:b]) for a, b in sorted(chars))
    names = tuple(dict.fromkeys(n for n in ent.names if n))
    return Entity(
        key=ent.key, cls=ent.cls, label=ent.label, names=names, wikidata=ent.wikidata,
        mentions=mentions, gazetteer_id=ent.gazetteer_id, named=ent.named,
        merge_names=tuple(sorted(ent.merge_names)),
    )


def _dedupe(relations: list[Relation]) -> list[Relation]:
    """One statement per fact and sentence: keep the most confident, merging qualifiers."""
    best: dict[tuple[object, ...], Relation] = {}
    for rel in relations:
        pair = (rel.subject, rel.object)
        if rel.predicate in {"signedWith", "metWith"} and rel.object < rel.subject:
            pair = (rel.object, rel.subject)
        key = (*pair, rel.predicate, rel.start, rel.quantity, rel.date, rel.start_date, rel.status)
        old = best.get(key)
        if old is None or rel.confidence > old.confidence:
            best[key] = rel
    return sorted(best.values(), key=lambda r: (r.start, r.predicate, r.subject, r.object, str(r.quantity)))


__all__ = ["DocEntities", "extract", "extract_article", "parse"]

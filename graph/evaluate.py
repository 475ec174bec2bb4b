"""Score a built graph against gold annotations, as ANNOTATION.md "Scoring" says.

1. Names are normalised (`graph.resolve.normalise_name`).
2. A graph entity matches a gold entity when a label equals a gold name, or both
   carry the same Wikidata id; for the descriptive gold classes (Group,
   Agreement, Event, Report, Article) also when the content words of a label
   and a gold name overlap by Jaccard >= 0.5.
3. Entities: per document, graph entities of named classes (all but Group and
   Agreement) mentioned in it, against non-optional gold entities of named
   classes. A graph entity that matches an optional gold entity is ignored.
4. Relations: per document, statements derived from it as (subject, property,
   object) after matching; signedWith and metWith unordered; duplicates once.
   A statement that matches only optional gold relations is ignored.
5. Qualifiers: of the matched gold relations that have quantity, status or
   date, the share with a matching statement that carries all the same values.
6. Micro-averaged over documents.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, RDFS, Dataset
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS
from rdflib.term import Node

from graph.errors import GoldError
from graph.resolve import normalise_name
from graph.terms import AG, CLASSES, CORE_RELATIONS, EXTENDED_RELATIONS, RELATIONS, SYMMETRIC

DESCRIPTIVE = frozenset({"Group", "Agreement", "Event", "Report", "Article"})
UNNAMED = frozenset({"Group", "Agreement"})
QUALIFIERS = ("quantity", "status", "date")
STOPWORDS = frozenset(
    ["a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with", "and", "or", "but", "as", "its", "it", "their", "his", "her", "our", "this", "that", "these", "those", "which", "who", "whom", "whose", "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "will", "would", "can", "could", "may", "might", "some", "any", "all", "each", "other", "another", "such", "more", "most", "than", "about", "over", "under", "into", "onto", "between", "among", "during", "after", "before", "since", "up", "down", "out", "off", "per", "via", "also"]
)
_WORD = re.compile(r"\w+")


def content_words(name: str) -> frozenset[str]:
    """The content words of a name (normalised, stop words removed).

    >>> sorted(content_words("the 2022 report by the Center for American Progress"))
    ['2022', 'american', 'center', 'progress', 'report']
    """
    return frozenset(w for w in _WORD.findall(normalise_name(name)) if w not in STOPWORDS)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard overlap of two word sets (0 when both are empty)."""
    union = a | b
    return len(a & b) / len(union) if union else 0.0


# --- gold -------------------------------------------------------------------------

@dataclass(frozen=True)
class GoldEntity:
    id: str
    type: str
    names: tuple[str, ...]
    wikidata: str | None = None
    optional: bool = False


@dataclass(frozen=True)
class GoldRelation:
    s: tuple[str, ...]
    p: str
    o: tuple[str, ...]
    optional: bool = False
    quantity: int | None = None
    status: str | None = None
    date: str | None = None

    def describe(self) -> str:
        def side(ids: tuple[str, ...]) -> str:
            return ids[0] if len(ids) == 1 else "[" + "|".join(ids) + "]"
        quals = [f"{q}={getattr(self, q)}" for q in QUALIFIERS if getattr(self, q) is not None]
        return f"{side(self.s)} {self.p} {side(self.o)}" + (f" ({', '.join(quals)})" if quals else "")


@dataclass(frozen=True)
class GoldDocument:
    document: str
    entities: tuple[GoldEntity, ...]
    relations: tuple[GoldRelation, ...]


def _ids(value: object, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise GoldError(f"{where}: expected an entity id or a list of ids, got {value!r}")


def read_gold(path: str | Path) -> GoldDocument:
    """Read one gold YAML file (ANNOTATION.md "Gold file format").

    Raises:
        GoldError: the file is missing, not YAML, or not in the gold format.
    """
    import yaml

    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise GoldError(f"{path}: cannot read gold file ({e})") from e
    if not isinstance(data, dict) or "document" not in data:
        raise GoldError(f"{path}: gold file needs a 'document:' key naming the article file")
    entities = []
    for i, raw in enumerate(data.get("entities") or []):
        where = f"{path}: entity {i + 1}"
        if not isinstance(raw, dict) or not {"id", "type", "names"} <= raw.keys():
            raise GoldError(f"{where}: needs id, type and names")
        if raw["type"] not in CLASSES:
            raise GoldError(f"{where}: unknown type {raw['type']!r}; use one of {', '.join(CLASSES)}")
        entities.append(GoldEntity(
            id=str(raw["id"]), type=raw["type"], names=tuple(str(n) for n in raw["names"]),
            wikidata=str(raw["wikidata"]) if raw.get("wikidata") else None,
            optional=bool(raw.get("optional", False)),
        ))
    known = {e.id for e in entities} | {"DOC"}
    relations = []
    for i, raw in enumerate(data.get("relations") or []):
        where = f"{path}: relation {i + 1}"
        if not isinstance(raw, dict) or not {"s", "p", "o"} <= raw.keys():
            raise GoldError(f"{where}: needs s, p and o")
        if raw["p"] not in RELATIONS:
            raise GoldError(f"{where}: unknown property {raw['p']!r}")
        s, o = _ids(raw["s"], where), _ids(raw["o"], where)
        unknown = [x for x in s + o if x not in known]
        if unknown:
            raise GoldError(f"{where}: unknown entity id(s) {', '.join(unknown)}")
        relations.append(GoldRelation(
            s=s, p=raw["p"], o=o, optional=bool(raw.get("optional", False)),
            quantity=int(raw["quantity"]) if raw.get("quantity") is not None else None,
            status=str(raw["status"]) if raw.get("status") else None,
            date=str(raw["date"]) if raw.get("date") else None,
        ))
    return GoldDocument(str(data["document"]), tuple(entities), tuple(relations))


def read_gold_dir(path: str | Path) -> list[GoldDocument]:
    """Read every ``*.yaml`` gold file in a folder, sorted by name."""
    path = Path(path)
    if not path.is_dir():
        raise GoldError(f"{path}: no such gold folder")
    files = sorted(path.glob("*.yaml")) + sorted(path.glob("*.yml"))
    if not files:
        raise GoldError(f"{path}: no .yaml gold files found")
    return [read_gold(f) for f in files]


# --- graph view ---------------------------------------------------------------------

@dataclass
class GraphEntity:
    iri: Node
    cls: str
    names: set[str] = field(default_factory=set)
    wikidata: str | None = None


@dataclass(frozen=True)
class GraphStatement:
    s: Node
    p: str
    o: Node
    quantity: int | None
    status: str | None
    date: str | None


_CLASS_NAMES: dict[Node, str] = {v: k for k, v in CLASSES.items()}
_REL_NAMES: dict[Node | None, str] = {v: k for k, v in RELATIONS.items()}


def _entity_view(ds: Dataset, iri: Node) -> GraphEntity:
    cls = next((_CLASS_NAMES[c] for c in ds.objects(iri, RDF.type) if c in _CLASS_NAMES), "Thing")
    ent = GraphEntity(iri, cls)
    for p in (RDFS.label, SKOS.altLabel):
        ent.names.update(str(x) for x in ds.objects(iri, p))
    for same in ds.objects(iri, OWL.sameAs):
        if "wikidata.org/entity/" in str(same):
            ent.wikidata = str(same).rsplit("/", 1)[-1]
    return ent


def document_view(ds: Dataset, doc_id: str) -> tuple[Node | None, list[GraphEntity], list[GraphStatement]]:
    """The document node, its entities and its statements, from the dataset."""
    from rdflib import Literal

    doc = next((d for d in ds.subjects(DCTERMS.identifier, Literal(doc_id))
                if (d, RDF.type, AG.Article) in ds), None)
    if doc is None:
        return None, [], []
    entities = [_entity_view(ds, e) for e in set(ds.subjects(AG.mentionedIn, doc))]
    statements = []
    for st in set(ds.subjects(PROV.wasDerivedFrom, doc)):
        if (st, RDF.type, RDF.Statement) not in ds:
            continue
        p = _REL_NAMES.get(ds.value(st, RDF.predicate))
        s, o = ds.value(st, RDF.subject), ds.value(st, RDF.object)
        if p is None or s is None or o is None:
            continue
        q = ds.value(st, AG.quantity)
        status = ds.value(st, AG.status)
        date = ds.value(st, AG.date)
        statements.append(GraphStatement(
            s, p, o, int(str(q)) if q is not None else None,
            str(status).rsplit("#", 1)[-1] if status is not None else None,
            str(date) if date is not None else None,
        ))
    return doc, entities, statements


# --- matching and scores -------------------------------------------------------------

def entity_matches(names: Iterable[str], wikidata: str | None, gold: GoldEntity) -> bool:
    """Whether a graph entity with these labels matches `gold` (Scoring rule 2)."""
    labels = {normalise_name(n) for n in names}
    gold_names = {normalise_name(n) for n in gold.names}
    if labels & gold_names:
        return True
    if wikidata and gold.wikidata and wikidata == gold.wikidata:
        return True
    if gold.type in DESCRIPTIVE:
        gold_words = [content_words(n) for n in gold.names]
        return any(jaccard(content_words(n), gw) >= 0.5 for n in names for gw in gold_words)
    return False


@dataclass
class Counts:
    tp_p: int = 0
    predicted: int = 0
    tp_r: int = 0
    gold: int = 0

    def add(self, other: Counts) -> None:
        self.tp_p += other.tp_p
        self.predicted += other.predicted
        self.tp_r += other.tp_r
        self.gold += other.gold

    @property
    def precision(self) -> float:
        return self.tp_p / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp_r / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Ratio:
    hit: int = 0
    total: int = 0

    def add(self, other: Ratio) -> None:
        self.hit += other.hit
        self.total += other.total

    @property
    def value(self) -> float:
        return self.hit / self.total if self.total else 0.0


@dataclass
class DocumentScore:
    document: str
    entities: Counts = field(default_factory=Counts)
    types: Ratio = field(default_factory=Ratio)
    core: Counts = field(default_factory=Counts)
    extended: Counts = field(default_factory=Counts)
    qualifiers: Ratio = field(default_factory=Ratio)
    by_relation: dict[str, Counts] = field(default_factory=dict)
    missing_document: bool = False
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)


@dataclass
class Score:
    documents: list[DocumentScore]
    entities: Counts = field(default_factory=Counts)
    types: Ratio = field(default_factory=Ratio)
    core: Counts = field(default_factory=Counts)
    extended: Counts = field(default_factory=Counts)
    qualifiers: Ratio = field(default_factory=Ratio)
    by_relation: dict[str, Counts] = field(default_factory=dict)


def _side_matches(node: Node, ids: tuple[str, ...], doc: Node, matched: dict[Node, set[str]]) -> bool:
    if node == doc and "DOC" in ids:
        return True
    return bool(matched.get(node, set()) & set(ids))


def _statement_matches(st: GraphStatement, rel: GoldRelation, doc: Node,
                       matched: dict[Node, set[str]]) -> bool:
    if st.p != rel.p:
        return False
    if _side_matches(st.s, rel.s, doc, matched) and _side_matches(st.o, rel.o, doc, matched):
        return True
    return rel.p in SYMMETRIC and _side_matches(st.o, rel.s, doc, matched) and _side_matches(
        st.s, rel.o, doc, matched)


def score_document(ds: Dataset, gold: GoldDocument) -> DocumentScore:
    """Score one document of `ds` against its gold annotation."""
    result = DocumentScore(gold.document)
    doc, entities, statements = document_view(ds, gold.document)
    gold_named = [g for g in gold.entities if g.type not in UNNAMED]
    if doc is None:
        result.missing_document = True
        result.entities.gold = sum(1 for g in gold_named if not g.optional)
        for rel in gold.relations:
            if not rel.optional:
                counts = result.core if rel.p in CORE_RELATIONS else result.extended
                counts.gold += 1
                result.by_relation.setdefault(rel.p, Counts()).gold += 1
        result.misses.append(f"document {gold.document} is not in the graph")
        return result

    matched: dict[Node, set[str]] = {}
    for ent in entities:
        matched[ent.iri] = {g.id for g in gold.entities if entity_matches(ent.names, ent.wikidata, g)}
    _score_entities(result, entities, gold, matched)
    _score_relations(result, statements, gold, doc, matched, {e.iri: e for e in entities})
    return result


def _score_entities(result: DocumentScore, entities: list[GraphEntity], gold: GoldDocument,
                    matched: dict[Node, set[str]]) -> None:
    by_id = {g.id: g for g in gold.entities}
    for ent in entities:
        if ent.cls in UNNAMED:
            continue
        ids = matched[ent.iri]
        if any(not by_id[i].optional and by_id[i].type not in UNNAMED for i in ids):
            result.entities.predicted += 1
            result.entities.tp_p += 1
        elif any(by_id[i].optional for i in ids):
            continue
        else:
            result.entities.predicted += 1
            result.false_positives.append(f"entity {ent.cls} {min(ent.names)!r}")
    for g in gold.entities:
        if g.optional or g.type in UNNAMED:
            continue
        result.entities.gold += 1
        hits = [e for e in entities if e.cls not in UNNAMED and g.id in matched[e.iri]]
        if hits:
            result.entities.tp_r += 1
            result.types.total += 1
            if any(e.cls == g.type for e in hits):
                result.types.hit += 1
            else:
                result.misses.append(f"type of {g.id}: gold {g.type}, graph {hits[0].cls}")
        else:
            result.misses.append(f"entity {g.type} {g.id} {list(g.names)[:3]}")


def _score_relations(result: DocumentScore, statements: list[GraphStatement], gold: GoldDocument,
                     doc: Node, matched: dict[Node, set[str]],
                     entities: dict[Node, GraphEntity]) -> None:
    def name(node: Node) -> str:
        if node == doc:
            return "DOC"
        ent = entities.get(node)
        return min(ent.names, key=len) if ent and ent.names else str(node).rsplit("/", 1)[-1]

    unique: dict[tuple[Node, str, Node], list[GraphStatement]] = {}
    for st in statements:
        s, o = (st.s, st.o)
        if st.p in SYMMETRIC and str(o) < str(s):
            s, o = o, s
        unique.setdefault((s, st.p, o), []).append(st)

    for (s, p, o), group in unique.items():
        counts = result.core if p in CORE_RELATIONS else result.extended
        per = result.by_relation.setdefault(p, Counts())
        hits = [rel for rel in gold.relations if _statement_matches(group[0], rel, doc, matched)]
        if any(not rel.optional for rel in hits):
            counts.predicted += 1
            counts.tp_p += 1
            per.predicted += 1
            per.tp_p += 1
        elif hits:
            continue
        else:
            counts.predicted += 1
            per.predicted += 1
            result.false_positives.append(f"relation {name(s)} {p} {name(o)}")

    for rel in gold.relations:
        if rel.optional:
            continue
        counts = result.core if rel.p in CORE_RELATIONS else result.extended
        per = result.by_relation.setdefault(rel.p, Counts())
        counts.gold += 1
        per.gold += 1
        sts = [st for st in statements if _statement_matches(st, rel, doc, matched)]
        if not sts:
            result.misses.append(f"relation {rel.describe()}")
            continue
        counts.tp_r += 1
        per.tp_r += 1
        wanted = {q: getattr(rel, q) for q in QUALIFIERS if getattr(rel, q) is not None}
        if wanted:
            result.qualifiers.total += 1
            if any(all(getattr(st, q) == v for q, v in wanted.items()) for st in sts):
                result.qualifiers.hit += 1
            else:
                seen = sorted({f"{st.quantity}/{st.status}/{st.date}" for st in sts})
                result.misses.append(f"qualifiers of {rel.describe()}: graph has {', '.join(seen)}")


def statement_verdicts(ds: Dataset, gold: GoldDocument) -> dict[Node, bool | None]:
    """For each statement node of one document: True when it matches a non-optional
    gold relation, None when it matches only optional ones, False otherwise."""
    doc, entities, _ = document_view(ds, gold.document)
    if doc is None:
        return {}
    matched = {e.iri: {g.id for g in gold.entities if entity_matches(e.names, e.wikidata, g)} for e in entities}
    out: dict[Node, bool | None] = {}
    for st in set(ds.subjects(PROV.wasDerivedFrom, doc)):
        p = _REL_NAMES.get(ds.value(st, RDF.predicate))
        s, o = ds.value(st, RDF.subject), ds.value(st, RDF.object)
        if p is None or s is None or o is None:
            continue
        view = GraphStatement(s, p, o, None, None, None)
        hits = [rel for rel in gold.relations if _statement_matches(view, rel, doc, matched)]
        out[st] = True if any(not r.optional for r in hits) else (None if hits else False)
    return out


def score_dataset(ds: Dataset, golds: Sequence[GoldDocument]) -> Score:
    """Score every gold document against `ds`, micro-averaged."""
    docs = [score_document(ds, g) for g in golds]
    total = Score(docs)
    for d in docs:
        total.entities.add(d.entities)
        total.types.add(d.types)
        total.core.add(d.core)
        total.extended.add(d.extended)
        total.qualifiers.add(d.qualifiers)
        for p, c in d.by_relation.items():
            total.by_relation.setdefault(p, Counts()).add(c)
    return total


def format_score(score: Score, *, verbose: bool = False) -> str:
    """A plain-text report: per document, then overall (the last four lines)."""
    header = (f"{'document':<28} {'ent P':>6} {'ent R':>6} {'core P':>6} {'core R':>6} "
              f"{'ext P':>6} {'ext R':>6} {'qual':>6}")
    lines = [header]
    for d in score.documents:
        lines.append(
            f"{d.document:<28} {d.entities.precision:6.2f} {d.entities.recall:6.2f} "
            f"{d.core.precision:6.2f} {d.core.recall:6.2f} {d.extended.precision:6.2f} "
            f"{d.extended.recall:6.2f} {d.qualifiers.value:6.2f}"
        )
        if verbose:
            lines.extend(f"    miss: {m}" for m in d.misses)
            lines.extend(f"    false positive: {fp}" for fp in d.false_positives)
    lines.append("")
    lines.append("by relation: " + ", ".join(
        f"{p} P={c.precision:.2f} R={c.recall:.2f}" for p, c in sorted(score.by_relation.items())))
    e, c, x = score.entities, score.core, score.extended
    lines.append(f"entities:  P={e.precision:.3f} R={e.recall:.3f} F1={e.f1:.3f}  type accuracy={score.types.value:.3f}")
    lines.append(f"core relations:     P={c.precision:.3f} R={c.recall:.3f} F1={c.f1:.3f}")
    lines.append(f"extended relations: P={x.precision:.3f} R={x.recall:.3f} F1={x.f1:.3f}")
    lines.append(f"qualifier accuracy: {score.qualifiers.value:.3f} ({score.qualifiers.hit}/{score.qualifiers.total})")
    return "\n".join(lines)


__all__ = [
    "GoldDocument", "GoldEntity", "GoldRelation", "Score", "content_words", "entity_matches",
    "format_score", "read_gold", "read_gold_dir", "score_dataset", "score_document",
]
_ = EXTENDED_RELATIONS

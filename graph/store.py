"""Extractions → an RDF `Dataset`: one named graph per document, one for entities.

Layout (see README "The graph"):

- ``graph/doc/<id>``: the document (``ag:Article``), ``ag:mentionedIn`` links,
  the direct relation triples and their ``rdf:Statement`` nodes with evidence,
  offsets, confidence and qualifiers.
- ``graph/entities``: each entity's class, ``rdfs:label``, ``skos:altLabel`` and
  ``owl:sameAs`` Wikidata; the lifecycle status of agreements.
- ``graph/counts``: totals counted while writing, for rankings: how many
  documents mention each entity (``ag:mentionCount``), each actor's partners
  (``ag:Partnerships``) and the facts several documents state
  (``ag:Corroboration``).
- ``graph/provenance``: the build run (``prov:Activity``) with tool and model
  versions, and which named graph came from which document.

Only this module writes RDF. It never imports spaCy.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path

from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS
from rdflib.term import Node

from graph.counts import Counts
from graph.errors import StoreError
from graph.files import replacing
from graph.records import DOC, Extraction, Relation
from graph.resolve import Resolution, ResolvedEntity
from graph.terms import (
    ACTORS,
    AG,
    CLASSES,
    COUNTS_GRAPH,
    ENTITY_GRAPH,
    ID,
    PREFIXES,
    RELATIONS,
    RUN_GRAPH,
    STATUSES,
    WD,
    digest,
    mint_document_iri,
    mint_graph_iri,
    mint_statement_iri,
)
from graph.trig import write_trig

Triple = tuple[Node, Node, Node]
_DATE_TYPES = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}
LIFECYCLE = {"rejected": AG.Rejected, "cancelled": AG.Cancelled, "signed": AG.Signed, "proposed": AG.Proposed}
DATASET_PREFIXES: dict[str, str] = {**PREFIXES, "wd": str(WD)}
"""The prefixes a saved dataset declares; `new_dataset` binds them and ``agid`` (whose IRIs all hold
a '/', so a TriG file would never write one as ``agid:…`` and does not declare it)."""


def new_dataset() -> Dataset:
    """An empty dataset with the project's prefixes bound; its default graph is the union."""
    ds = Dataset(default_union=True)
    for prefix, ns in {**DATASET_PREFIXES, "agid": str(ID)}.items():
        ds.bind(prefix, ns)
    return ds


def date_literal(value: str) -> Literal:
    """An ISO date string as an xsd:gYear, xsd:gYearMonth or xsd:date literal."""
    return Literal(value, datatype=_DATE_TYPES.get(len(value), XSD.string))


def add_run(ds: Dataset, info: dict[str, str], documents: Iterable[str]) -> URIRef:
    """Record the build run as a `prov:Activity` with tool and model versions (see `run_triples`)."""
    run, triples = run_triples(info, documents)
    _fill(ds, RUN_GRAPH, triples, replace=False)
    return run


def run_triples(info: dict[str, str], documents: Iterable[str]) -> tuple[URIRef, list[Triple]]:
    """The build run as a `prov:Activity` with tool and model versions: its IRI and triples.

    The run's IRI is derived from what it used, so rebuilding the same
    documents with the same versions yields the same graph.
    """
    docs = sorted(set(documents))
    run = ID[f"run/{digest(*sorted(info.items()), *docs, length=16)}"]
    agent = ID[f"software/actorgraph-{info.get('extractor', 'unknown')}"]
    out: list[Triple] = [
        (run, RDF.type, PROV.Activity),
        (run, RDFS.label, Literal(f"kg build of {len(docs)} document(s)")),
        (agent, RDF.type, PROV.SoftwareAgent),
        (agent, RDFS.label, Literal(f"ActorGraph {info.get('extractor', '')}".strip())),
        (run, PROV.wasAssociatedWith, agent),
    ]
    for key, prop in (("extractor", AG.extractorVersion), ("model", AG.modelName), ("model_version", AG.modelVersion)):
        if info.get(key):
            out.append((run, prop, Literal(info[key])))
    if info.get("spacy"):
        out.append((run, PROV.used, Literal(f"spaCy {info['spacy']}")))
    for doc_id in docs:
        doc_iri = mint_document_iri(doc_id)
        graph_iri = mint_graph_iri(doc_id)
        out += [(run, PROV.used, doc_iri), (graph_iri, PROV.wasGeneratedBy, run),
                (graph_iri, PROV.wasDerivedFrom, doc_iri)]
    return run, out


def add_extraction(ds: Dataset, extraction: Extraction, resolution: Resolution) -> URIRef:
    """Write one document's named graph; returns the graph's IRI.

    Any earlier graph for the same document is replaced, so adding the same
    document twice adds nothing.
    """
    article = extraction.article
    graph_iri = mint_graph_iri(article.id)
    ds.remove_graph(graph_iri)
    g = ds.graph(graph_iri)
    doc = mint_document_iri(article.id)
    _add_article(g, extraction, doc)
    for entity in extraction.entities:
        g.add((URIRef(resolution.iri(article.id, entity.key)), AG.mentionedIn, doc))
    for relation in extraction.relations:
        _add_relation(g, relation, article.id, doc, resolution)
    return graph_iri


def _add_article(g: Graph, extraction: Extraction, doc: URIRef) -> None:
    article = extraction.article
    g.add((doc, RDF.type, AG.Article))
    g.add((doc, DCTERMS.identifier, Literal(article.id)))
    g.add((doc, RDFS.label, Literal(article.title or article.id)))
    if article.title:
        g.add((doc, DCTERMS.title, Literal(article.title)))
    if article.date:
        g.add((doc, DCTERMS.date, date_literal(article.date)))
    if article.publisher:
        g.add((doc, DCTERMS.publisher, Literal(article.publisher)))
    if article.url:
        g.add((doc, PROV.atLocation, Literal(article.url)))
    g.add((doc, AG.charCount, Literal(len(article.text))))
    g.add((doc, AG.contentHash, Literal(f"sha256:{article.sha256}")))
    fmt = {"txt": "text/plain", "md": "text/markdown", "html": "text/html"}.get(article.format)
    if fmt:
        g.add((doc, DCTERMS.format, Literal(fmt)))


def _node(key: str, doc_id: str, doc: URIRef, resolution: Resolution) -> URIRef:
    return doc if key == DOC else URIRef(resolution.iri(doc_id, key))


CREDITABLE = ACTORS | {"Report", "Article"}
# Domain and range of the core properties as ontology/shapes.ttl checks them.
CORE_RANGES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "trains": (ACTORS, ACTORS),
    "signedWith": (ACTORS, ACTORS),
    "rejected": (ACTORS, frozenset({"Agreement", "Initiative"})),
    "cites": (frozenset({"Article"}), frozenset({"Report", "Article", "Organization", "GovernmentBody", "Person"})),
}


def _class_of(key: str, doc_id: str, resolution: Resolution) -> str | None:
    """The class an entity has after merging across documents (the document itself is an Article)."""
    if key == DOC:
        return "Article"
    entity = resolution.entities.get(resolution.iri(doc_id, key))
    return entity.cls if entity is not None else None


def _fits(key: str | None, classes: frozenset[str], doc_id: str, resolution: Resolution) -> bool:
    return key is not None and _class_of(key, doc_id, resolution) in classes


def _fits_ontology(rel: Relation, doc_id: str, resolution: Resolution) -> bool:
    """Whether a relation's arguments have the classes its property allows. Merging an entity across
    documents can change its class (one article's "network" is another's organisation); a fact
    that no longer fits is left out rather than written against the shapes."""
    if rel.predicate not in CORE_RANGES:
        return True
    domain, range_ = CORE_RANGES[rel.predicate]
    return _fits(rel.subject, domain, doc_id, resolution) and _fits(rel.object, range_, doc_id, resolution)


def _add_relation(g: Graph, rel: Relation, doc_id: str, doc: URIRef, resolution: Resolution) -> None:
    if not _fits_ontology(rel, doc_id, resolution):
        return
    s = _node(rel.subject, doc_id, doc, resolution)
    o = _node(rel.object, doc_id, doc, resolution)
    p = RELATIONS[rel.predicate]
    g.add((s, p, o))
    st = mint_statement_iri(doc_id, str(s), rel.predicate, str(o), rel.start,
                            rel.quantity, rel.date, rel.start_date, rel.end_date, rel.status)
    g.add((st, RDF.type, RDF.Statement))
    g.add((st, RDF.subject, s))
    g.add((st, RDF.predicate, p))
    g.add((st, RDF.object, o))
    g.add((st, PROV.wasDerivedFrom, doc))
    g.add((st, AG.evidence, Literal(rel.sentence)))
    g.add((st, AG.charStart, Literal(rel.start)))
    g.add((st, AG.charEnd, Literal(rel.end)))
    g.add((st, AG.confidence, Literal(Decimal(str(round(rel.confidence, 3))))))
    if rel.cue:
        g.add((st, AG.cue, Literal(rel.cue)))
    if rel.quantity is not None:
        g.add((st, AG.quantity, Literal(rel.quantity)))
    if rel.date:
        g.add((st, AG.date, date_literal(rel.date)))
    if rel.start_date:
        g.add((st, AG.startDate, date_literal(rel.start_date)))
    if rel.end_date:
        g.add((st, AG.endDate, date_literal(rel.end_date)))
    if rel.status:
        g.add((st, AG.status, STATUSES[rel.status]))
    if rel.attributed_to and _fits(rel.attributed_to, CREDITABLE, doc_id, resolution):
        g.add((st, AG.attributedTo, _node(rel.attributed_to, doc_id, doc, resolution)))
    if rel.agreement and _fits(rel.agreement, frozenset({"Agreement"}), doc_id, resolution):
        g.add((st, AG.agreement, _node(rel.agreement, doc_id, doc, resolution)))


def add_entities(ds: Dataset, entities: Iterable[ResolvedEntity]) -> None:
    """Write the cross-document entity graph (class, labels, Wikidata)."""
    _fill(ds, ENTITY_GRAPH, entity_triples(entities))


def entity_triples(entities: Iterable[ResolvedEntity]) -> Iterator[Triple]:
    """The entity graph's triples of each entity: class, labels, Wikidata."""
    for entity in entities:
        node = URIRef(entity.iri)
        yield node, RDF.type, CLASSES[entity.cls]
        yield node, RDFS.label, Literal(entity.label)
        for alt in entity.alt_labels:
            yield node, SKOS.altLabel, Literal(alt)
        if entity.wikidata:
            yield node, OWL.sameAs, WD[entity.wikidata]


def _fill(ds: Dataset, graph_iri: URIRef, triples: Iterable[Triple], *, replace: bool = True) -> None:
    """Add `triples` to the named graph `graph_iri` of `ds` (emptied first with `replace`)."""
    if replace:
        ds.remove_graph(graph_iri)
    g = ds.graph(graph_iri)
    for triple in triples:
        g.add(triple)


def count_extraction(counts: Counts, extraction: Extraction, resolution: Resolution) -> None:
    """Tally one document's mentions and facts as `add_extraction` writes them (for `add_counts`)."""
    article = extraction.article
    doc_id, doc = article.id, mint_document_iri(article.id)
    mentioned = [resolution.iri(doc_id, entity.key) for entity in extraction.entities]
    facts = [(str(_node(r.subject, doc_id, doc, resolution)), r.predicate, str(_node(r.object, doc_id, doc, resolution)))
             for r in extraction.relations if _fits_ontology(r, doc_id, resolution)]
    counts.add(str(doc), article.date, mentioned, facts)


def add_counts(ds: Dataset, counts: Counts) -> None:
    """Write the counts graph: documents per entity, partners per actor, corroborated facts."""
    _fill(ds, COUNTS_GRAPH, count_triples(counts))


def count_triples(counts: Counts) -> Iterator[Triple]:
    """The counts graph's triples: documents per entity, partners per actor, corroborated facts."""
    for entity, n in sorted(counts.documents_mentioning().items()):
        yield URIRef(entity), AG.mentionCount, Literal(n)
    for p in counts.partnerships():
        node = ID[f"partnerships/{digest(p.actor, p.relation or '', length=16)}"]
        yield node, RDF.type, AG.Partnerships
        yield node, AG.partnersOf, URIRef(p.actor)
        if p.relation:
            yield node, AG.relation, RELATIONS[p.relation]
        yield node, AG.partnerCount, Literal(p.partners)
        yield node, AG.documentCount, Literal(p.documents)
    for c in counts.corroborations():
        node = ID[f"corroboration/{digest(c.subject, c.relation, c.object, length=16)}"]
        yield node, RDF.type, AG.Corroboration
        yield node, AG.factSubject, URIRef(c.subject)
        yield node, AG.relation, RELATIONS[c.relation]
        yield node, AG.factObject, URIRef(c.object)
        yield node, AG.documentCount, Literal(c.documents)
        if c.first and c.last:
            yield node, AG.firstPublished, date_literal(c.first)
            yield node, AG.lastPublished, date_literal(c.last)


def add_lifecycle(ds: Dataset, states: dict[str, tuple[str, str | None]]) -> None:
    """Record each agreement's lifecycle status (and its date) in the entity graph."""
    _fill(ds, ENTITY_GRAPH, lifecycle_triples(states), replace=False)


def lifecycle_triples(states: dict[str, tuple[str, str | None]]) -> Iterator[Triple]:
    """Each agreement's lifecycle status (and its date), for the entity graph."""
    for iri, (state, date) in sorted(states.items()):
        node = URIRef(iri)
        yield node, AG.agreementStatus, LIFECYCLE[state]
        if date:
            yield node, AG.statusDate, date_literal(date)


def save_dataset(ds: Dataset, path: str | Path) -> Path:
    """Write `ds` as TriG, atomically: a killed write leaves the old file whole."""
    path = Path(path)
    with replacing(path) as fh:
        write_trig(ds, fh, DATASET_PREFIXES)
    return path


def load_dataset(path: str | Path) -> Dataset:
    """Read a TriG (or N-Quads) file written by `save_dataset`.

    Raises:
        StoreError: the file is missing or does not parse.
    """
    path = Path(path)
    if not path.is_file():
        raise StoreError(f"{path}: no such graph file; build one with `kg build SOURCES --out DIR`")
    fmt = "nquads" if path.suffix in {".nq", ".nquads"} else "trig"
    ds = new_dataset()
    try:
        ds.parse(path, format=fmt)
    except Exception as e:  # rdflib raises many parser-specific types
        raise StoreError(f"{path}: not a readable {fmt.upper()} file ({e}); rebuild it with `kg build`") from e
    return ds

"""Orchestration: the functions the CLI and notebooks call.

Data flows one way: ingest → nlp → resolve → store. A build streams: articles
are read as the extractors need them, extraction records go to the build's
cache on disk (when it has one) instead of staying in memory, entities are
resolved from the records, and each document's named graph is written to the
sink — an rdflib `Dataset` in memory, or any store of `graph.stores`
(Oxigraph on disk, a remote SPARQL server) — one at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import PROV

from graph.cache import Changes, ExtractionCache
from graph.counts import Counts
from graph.ingest import OnError, read_articles
from graph.query import sparql_term, values_clause
from graph.records import Article, Extraction, Failure
from graph.resolve import Resolution, agreement_states, resolve_entities
from graph.store import (
    DATASET_PREFIXES,
    add_extraction,
    count_extraction,
    count_triples,
    entity_triples,
    lifecycle_triples,
    new_dataset,
    run_triples,
)
from graph.terms import AG, COUNTS_GRAPH, ENTITY_GRAPH, GRAPH, ID, RUN_GRAPH, digest, mint_graph_iri
from graph.trigfile import TrigFile
from graph.workers import extract_parallel

if TYPE_CHECKING:
    from spacy.language import Language

    from graph.stores import Store
    from graph.stores.base import Triple

VALIDATE_SAMPLE = 24
"""A build checks at most this many of the documents whose graph it changed (evenly spread) against the shapes,
with the entities they mention; `kg validate` checks a whole graph."""


@dataclass
class Build:
    """What a build produced: the graph, and what happened to each source."""

    dataset: Dataset | None
    """The graph in memory; None when the build wrote to a store instead."""
    documents: list[str] = field(default_factory=list)
    extractions: list[Extraction] = field(default_factory=list)
    """The records, when the build kept them in memory (no cache folder)."""
    failures: list[Failure] = field(default_factory=list)
    extracted: list[str] = field(default_factory=list)
    """Documents parsed and extracted by this build (the rest came from the cache)."""
    changes: Changes | None = None
    written: list[str] = field(default_factory=list)
    """Documents whose named graph was (re)written to the store."""
    triples: int = 0
    """How many triples the named graphs hold together, as the TriG file writes them (a triple
    two graphs hold counts twice); 0 for a store."""
    nodes: int = 0
    """How many nodes the graph's network has (`graph.network.node_count`)."""
    trig: Path | None = None
    """The TriG file written, when the build wrote one."""

    def summary(self) -> str:
        """One line: documents built, how many were extracted, what changed."""
        text = f"{len(self.documents)} documents, {len(self.extracted)} extracted"
        if self.changes is not None:
            text += f" ({self.changes.summary()})"
        if self.failures:
            text += f", {len(self.failures)} failed"
        return text


def _unique_ids(articles: Iterable[Article | Failure]) -> Iterator[Article | Failure]:
    """Give documents that share a file name distinct identifiers (name~hash)."""
    seen: set[str] = set()
    for item in articles:
        if isinstance(item, Article) and item.id in seen:
            item = replace(item, id=f"{item.id}~{item.sha256[:8]}")
        if isinstance(item, Article):
            seen.add(item.id)
        yield item


class _Records:
    """The extraction records of a build, in reading order. Each is read or made once and kept:
    resolution, lifecycles and writing all go over every record, and reading the cached ones
    from disk for each pass cost more than holding them (the cache folder keeps them between
    builds)."""

    def __init__(self, cache: ExtractionCache | None) -> None:
        self.cache = cache
        self.memory: dict[str, Extraction] = {}
        self.hashes: dict[str, str] = {}
        self.order: list[str] = []

    def add(self, extraction: Extraction, *, store: bool = True) -> None:
        doc_id = extraction.article.id
        if doc_id not in self.hashes:
            self.order.append(doc_id)
        self.hashes[doc_id] = extraction.article.sha256
        self.memory[doc_id] = extraction
        if self.cache is not None and store:
            self.cache.put(extraction)

    def seen(self, article: Article) -> None:
        self.order.append(article.id)
        self.hashes[article.id] = article.sha256

    def forget(self, doc_id: str) -> None:
        """Drop a document `seen` but not extracted."""
        self.order.remove(doc_id)
        del self.hashes[doc_id]

    def __iter__(self) -> Iterator[Extraction]:
        return (self.memory[doc_id] for doc_id in self.order if doc_id in self.memory)


def build(
    paths: str | Path | Iterable[str | Path],
    *,
    nlp: Language | None = None,
    on_error: OnError = "skip",
    progress: Callable[[int, int, str], None] | None = None,
    validate: bool = True,
    workers: int = 1,
    cache_dir: str | Path | None = None,
    store: Store | None = None,
    dask: str | None = None,
    trig: str | Path | None = None,
) -> Build:
    """Build the graph of every document under `paths`.

    Args:
        paths: files and folders of ``.txt``, ``.md`` and ``.html`` articles.
        nlp: a pipeline from `graph.nlp.pipeline.make_nlp` (when None, loaded
            only if some document needs extracting).
        on_error: ``"skip"`` records a `Failure` for a bad document and goes on;
            ``"raise"`` stops with `InputError`.
        progress: called as ``progress(done, total, doc_id)`` after each document
            is extracted (total is None-safe: it counts documents to extract).
        validate: check the documents whose graph this build changed against
            ontology/shapes.ttl (all of them up to `VALIDATE_SAMPLE`, else an evenly
            spread sample of that many, with the entities they mention).
        workers: processes to extract on (see `graph.workers.default_workers`).
        cache_dir: a build folder; documents whose content was extracted there
            before (by this extractor and model version) are not extracted again,
            and each record made is kept there for the next build.
        store: write to this store (`graph.stores.open_store`) instead of an
            in-memory dataset; only graphs that changed are rewritten.
        dask: the address of a Dask scheduler to extract on instead of local processes.
        trig: write the graph to this TriG file instead of an in-memory dataset, from one
            piece per graph kept beside it (`graph.trigfile`): a rebuild makes again only
            the graphs that changed. Not with `store`.

    Returns:
        A `Build`: the dataset (None with a store, and with `trig` unless every graph was
        made anew), documents, failures and, with a cache, what changed since the last build.

    Raises:
        ShapeViolation: the graph built does not conform to the shapes (a bug
            in ActorGraph, not in the input).
    """
    from graph.nlp.pipeline import make_nlp, model_info

    if isinstance(paths, (str, Path)):
        paths = [paths]
    info = model_info(nlp) if nlp is not None else _package_info() or model_info(nlp := make_nlp())
    cache = ExtractionCache(cache_dir, _version_key(info)) if cache_dir is not None else None
    records = _Records(cache)
    failures: list[Failure] = []
    todo_ids: list[str] = []
    todo_paths: dict[str, str] = {}

    def to_extract() -> Iterator[Article]:
        for item in _unique_ids(read_articles(paths, on_error=on_error)):
            if isinstance(item, Failure):
                failures.append(item)
                continue
            cached = cache.get(item) if cache is not None else None
            if cached is not None:
                records.add(cached, store=False)
                continue
            records.seen(item)
            todo_ids.append(item.id)
            todo_paths[item.path or item.id] = item.id
            yield item

    pending = _nonempty(to_extract())
    if pending is not None:  # the model is loaded only when some document needs extracting
        if nlp is None and not dask:
            nlp = make_nlp()
        for done, extraction in enumerate(_extractor(workers, nlp, dask, info, on_error)(pending), start=1):
            if isinstance(extraction, Failure):  # extraction raised (on_error="skip")
                failures.append(extraction)
                records.forget(todo_paths[extraction.path])
                todo_ids.remove(todo_paths[extraction.path])
                continue
            records.add(extraction)
            if progress is not None:
                progress(done, max(done, len(todo_ids)), extraction.article.id)

    resolution, states = _resolve(records)
    sink: _Sink = _StoreSink(store) if store is not None else _TrigSink(trig) if trig is not None else _DatasetSink()
    previous = cache.previous_graphs(sink.where) if cache is not None else None
    written, changed, counts = _write(records, resolution, states, info, sink, previous)
    result = Build(dataset=sink.dataset(), documents=list(records.order), failures=failures,
                   extracted=todo_ids, written=written, nodes=counts.nodes(),
                   extractions=list(records.memory.values()) if cache is None else [])
    if validate and changed:
        _validate(sink, changed)
    if cache is not None:
        current = dict(records.hashes)
        result.changes = cache.changes(current)
        for removed in result.changes.removed:
            sink.remove(mint_graph_iri(removed))
        cache.record(current, sink.digests, sink.where)
    sink.finish()
    if isinstance(sink, _TrigSink):
        result.dataset, result.trig, result.triples = sink.dataset(), sink.file.path, sink.file.triples
    elif result.dataset is not None:
        result.triples = sum(len(g) for g in result.dataset.graphs())
    return result


def _nonempty(items: Iterator[Article]) -> Iterator[Article] | None:
    """`items` unchanged, or None when it yields nothing (it is advanced by one item to tell)."""
    first = next(items, None)
    return None if first is None else chain([first], items)


def _package_info() -> dict[str, str] | None:
    """The versions `model_info` reports for the default pipeline, read from the installed model
    package's meta.json without loading it (None when there is no such package: then load it)."""
    import importlib.util
    import json

    from graph.errors import ModelError
    from graph.nlp.pipeline import find_model, info_from_meta

    try:
        spec = importlib.util.find_spec(find_model())
        if spec is None or spec.origin is None:
            return None
        meta = json.loads(Path(spec.origin).parent.joinpath("meta.json").read_text(encoding="utf-8"))
    except (ModelError, ImportError, ValueError, OSError):
        return None
    return info_from_meta(meta)


def _extractor(workers: int, nlp: Language | None, dask: str | None, info: dict[str, str],
               on_error: OnError) -> Callable[[Iterable[Article]], Iterator[Extraction | Failure]]:
    if dask:
        from graph.distributed import extract_dask

        return lambda articles: extract_dask(articles, dask, nlp=nlp, expected=info, skip=on_error == "skip")
    return lambda articles: extract_parallel(articles, workers, nlp=nlp, skip=on_error == "skip")


def _version_key(info: dict[str, str]) -> str:
    return f"{info.get('extractor')}/{info.get('model')}/{info.get('model_version')}"


def _resolve(records: Iterable[Extraction]) -> tuple[Resolution, dict[str, tuple[str, str | None]]]:
    """Resolve entities across all records, and the agreements' lifecycle (one pass each)."""
    resolution = resolve_entities(records)
    return resolution, agreement_states(records, resolution)


class _Sink:
    """Where named graphs go."""

    where: str | None = None
    """Where the graphs last beyond this build, as the manifest records it: a later build
    skips a document's unchanged graph only when it went to the same place (None: nowhere)."""
    keeps_graphs = False
    """Whether the graphs of the last build into `where` are still there to keep (a store's
    are; a build's dataset starts empty and is written whole)."""

    def __init__(self) -> None:
        self.digests: dict[str, str] = {}

    def keep(self, graph_iri: URIRef) -> bool:
        """Keep the graph the last build into `where` wrote under `graph_iri`, if it is still
        there (the caller knows it has not changed); whether it was."""
        return self.keeps_graphs

    def scratch(self) -> Dataset:
        """A dataset to add one document's graph to, before `put`."""
        return new_dataset()

    def finish(self) -> None:
        """Called once every graph is put or removed."""

    def put(self, graph_iri: URIRef, ds: Dataset) -> None:
        raise NotImplementedError

    def put_triples(self, graph_iri: URIRef, triples: list[Triple]) -> None:
        """Put the graph `graph_iri` that holds `triples` (no duplicates)."""
        ds = self.scratch()
        ds.remove_graph(graph_iri)
        target = ds.graph(graph_iri)
        for triple in triples:
            target.add(triple)
        self.put(graph_iri, ds)

    def remove(self, graph_iri: URIRef) -> None:
        raise NotImplementedError

    def dataset(self) -> Dataset | None:
        return None

    def triples(self, graph_iri: URIRef) -> Iterable[Triple]:
        """The triples of the graph `put` under `graph_iri`."""
        raise NotImplementedError

    def entity_facts(self, nodes: list[URIRef]) -> Iterable[Triple]:
        """What the entity graph says about `nodes` (as subjects)."""
        raise NotImplementedError

    def sample(self, graph_iris: list[URIRef]) -> Dataset:
        """The given documents' graphs, what the entity graph says of the nodes they name
        (less their mentions elsewhere) and the run's provenance of them: a dataset to validate."""
        out = new_dataset()
        for iri in graph_iris:
            target = out.graph(iri)
            for triple in self.triples(iri):
                target.add(triple)
        run = new_dataset().graph(RUN_GRAPH)
        for triple in self.triples(RUN_GRAPH):
            run.add(triple)
        _add_run(out, run, graph_iris)
        entities = out.graph(ENTITY_GRAPH)
        nodes = _nodes(out, graph_iris)
        for s, p, o in self.entity_facts(sorted(nodes)):
            if _in_sample(p, o, nodes):
                entities.add((s, p, o))
        return out


class _DatasetSink(_Sink):
    where = "graph.trig"

    def __init__(self) -> None:
        super().__init__()
        self.ds = new_dataset()

    def scratch(self) -> Dataset:
        return self.ds  # a build's dataset starts empty: documents go straight in

    def put(self, graph_iri: URIRef, ds: Dataset) -> None:
        if ds is self.ds:
            return
        self.ds.remove_graph(graph_iri)
        target = self.ds.graph(graph_iri)
        for triple in ds.graph(graph_iri):
            target.add(triple)

    def remove(self, graph_iri: URIRef) -> None:
        self.ds.remove_graph(graph_iri)

    def dataset(self) -> Dataset | None:
        return self.ds

    def triples(self, graph_iri: URIRef) -> Iterable[Triple]:
        return self.ds.graph(graph_iri)

    def entity_facts(self, nodes: list[URIRef]) -> Iterator[Triple]:
        source = self.ds.graph(ENTITY_GRAPH)
        return ((node, p, o) for node in nodes for p, o in source.predicate_objects(node))


class _StoreSink(_Sink):
    keeps_graphs = True

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.where = store.spec if store.spec.startswith(("oxigraph:", "sparql:")) else None  # not in memory

    def put(self, graph_iri: URIRef, ds: Dataset) -> None:
        self.store.replace_graph(graph_iri, list(ds.graph(graph_iri)))

    def put_triples(self, graph_iri: URIRef, triples: list[Triple]) -> None:
        self.store.replace_graph(graph_iri, triples)

    def remove(self, graph_iri: URIRef) -> None:
        self.store.remove_graph(graph_iri)

    def triples(self, graph_iri: URIRef) -> Iterable[Triple]:
        query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {sparql_term(graph_iri)} {{ ?s ?p ?o }} }}"
        return self.store.query(query).rows  # type: ignore[return-value]

    def entity_facts(self, nodes: list[URIRef]) -> Iterator[Triple]:
        for start in range(0, len(nodes), 500):
            values = values_clause({"s": nodes[start:start + 500]})
            query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {values} GRAPH {sparql_term(ENTITY_GRAPH)} {{ ?s ?p ?o }} }}"
            yield from self.store.query(query).rows  # type: ignore[misc]


class _TrigSink(_Sink):
    """Graphs into a TriG file put together from one piece per graph (`graph.trigfile`).

    While every graph is made anew (a cold build), they also stay in one dataset, as a
    build's dataset does; once one is kept from the last build, graphs are made one at a
    time and only their pieces remain."""

    where = "graph.trig"
    keeps_graphs = True

    def __init__(self, path: str | Path) -> None:
        super().__init__()
        self.file = TrigFile(path, DATASET_PREFIXES)
        self.ds: Dataset | None = new_dataset()
        self.shared: dict[URIRef, set[Triple]] = {}
        """The graphs `put_triples` made (entities, counts, provenance), kept to read back."""

    def keep(self, graph_iri: URIRef) -> bool:
        if not self.file.keep(graph_iri):
            return False
        self.ds = None
        return True

    def scratch(self) -> Dataset:
        return self.ds if self.ds is not None else new_dataset()

    def put(self, graph_iri: URIRef, ds: Dataset) -> None:
        self.file.put(graph_iri, set(ds.graph(graph_iri)))

    def put_triples(self, graph_iri: URIRef, triples: list[Triple]) -> None:
        if self.ds is not None:  # the build's dataset is whole: it gets them too
            super().put_triples(graph_iri, triples)
        else:
            self.shared[graph_iri] = set(triples)
            self.file.put(graph_iri, self.shared[graph_iri])

    def remove(self, graph_iri: URIRef) -> None:
        self.file.remove(graph_iri)
        if self.ds is not None:
            self.ds.remove_graph(graph_iri)

    def dataset(self) -> Dataset | None:
        return self.ds

    def triples(self, graph_iri: URIRef) -> Iterable[Triple]:
        if self.ds is not None:
            return self.ds.graph(graph_iri)
        return self.shared.get(graph_iri) or self.file.graph(graph_iri)

    def entity_facts(self, nodes: list[URIRef]) -> Iterator[Triple]:
        if self.ds is not None:
            source = self.ds.graph(ENTITY_GRAPH)
            return ((node, p, o) for node in nodes for p, o in source.predicate_objects(node))
        wanted = set(nodes)
        return (t for t in self.shared.get(ENTITY_GRAPH, ()) if t[0] in wanted)

    def finish(self) -> None:
        self.file.write()


def _add_run(out: Dataset, run: Graph, graph_iris: list[URIRef]) -> None:
    """The build run's provenance, as far as it speaks of the sampled documents."""
    sampled = set(graph_iris) | {o for g in graph_iris for o in run.objects(g, PROV.wasDerivedFrom)}
    prefixes = (str(GRAPH["doc/"]), str(ID["article/"]))
    target = out.graph(RUN_GRAPH)
    for triple in run:
        if not any(isinstance(t, URIRef) and str(t).startswith(prefixes) and t not in sampled for t in triple):
            target.add(triple)


def _in_sample(p: object, o: object, nodes: set[URIRef]) -> bool:
    """Entity facts of a sample, less the mentions in documents outside it."""
    return p != AG.mentionedIn or o in nodes


def _nodes(ds: Dataset, graph_iris: list[URIRef]) -> set[URIRef]:
    """The IRIs the given named graphs speak of (as subject or object)."""
    out: set[URIRef] = set()
    for iri in graph_iris:
        for s, _, o in ds.graph(iri):
            out.update(n for n in (s, o) if isinstance(n, URIRef))
    return out


@cache
def _writer_fingerprint() -> str:
    """A digest of the code that turns records into a document's graph: a change to it
    (without a new version number) must still rewrite every graph."""
    import graph.records
    import graph.store
    import graph.terms

    return digest(*(Path(m.__file__ or "").read_text(encoding="utf-8")
                    for m in (graph.records, graph.store, graph.terms)), length=16)


def _inputs_key(extraction: Extraction, resolution: Resolution) -> str:
    """What a document's graph is made from: its record (by content and id) and, for each
    of its entities, the IRI and class resolution gave it across documents."""
    article, doc_id = extraction.article, extraction.article.id
    parts = [_writer_fingerprint(), doc_id, article.sha256, article.title, article.date, article.publisher,
             article.url, article.format]
    for entity in sorted(extraction.entities, key=lambda e: e.key):
        iri = resolution.iri(doc_id, entity.key)
        resolved = resolution.entities.get(iri)
        parts.append(f"{entity.key}={iri} {resolved.cls if resolved is not None else ''}")
    return digest(*(str(p or "") for p in parts), length=16)


def _digest(ds: Dataset, graph_iri: URIRef) -> str:
    return digest(*sorted(" ".join(t.n3() for t in triple) for triple in ds.graph(graph_iri)), length=16)


def _write(records: Iterable[Extraction], resolution: Resolution, states: dict[str, tuple[str, str | None]],
           info: dict[str, str], sink: _Sink, previous: dict[str, str] | None
           ) -> tuple[list[str], list[str], Counts]:
    """Write each document's graph (skipping those unchanged in a store), then entities, counts and provenance.

    `previous` maps each document of the last build to what `sink.digests` holds: the key of
    its graph's inputs and the digest of the graph. A store already holds the graph of a
    document whose inputs are unchanged, so that graph is not even made again. Without a
    record (None: a build with no cache folder) every graph is new and none is identified.

    Returns the documents written, those whose graph differs from the last build's, and the counts.
    """
    written, changed, documents = [], [], []
    counts = Counts()
    for extraction in records:
        doc_id = extraction.article.id
        documents.append(doc_id)
        count_extraction(counts, extraction, resolution)
        inputs = _inputs_key(extraction, resolution) if previous is not None else ""
        recorded = (previous or {}).get(doc_id, "")
        before_inputs, _, before_digest = recorded.partition(" ")
        graph_iri = mint_graph_iri(doc_id)
        if recorded and inputs == before_inputs and sink.keep(graph_iri):
            sink.digests[doc_id] = recorded
            continue
        scratch = sink.scratch()
        add_extraction(scratch, extraction, resolution)
        if previous is None:
            digest = ""
        else:  # the same inputs make the same graph (the writer's code is among them)
            digest = before_digest if recorded and inputs == before_inputs else _digest(scratch, graph_iri)
        if previous is not None:
            sink.digests[doc_id] = f"{inputs} {digest}"
        if not digest or before_digest != digest:
            changed.append(doc_id)
        elif sink.keep(graph_iri):
            continue
        sink.put(graph_iri, scratch)
        written.append(doc_id)
    sink.put_triples(ENTITY_GRAPH, [*entity_triples(resolution.entities.values()), *lifecycle_triples(states)])
    sink.put_triples(COUNTS_GRAPH, list(count_triples(counts)))
    sink.put_triples(RUN_GRAPH, run_triples(info, documents)[1])
    return written, changed, counts


def _validate(sink: _Sink, documents: list[str]) -> None:
    """Check the documents whose graph this build changed (a bounded, evenly spread sample of
    them) and the entities they mention: the cost stays flat however large the graph grows,
    and an incremental build checks only what it changed."""
    from graph.validate import check

    step = max(1, -(-len(documents) // VALIDATE_SAMPLE))
    check(sink.sample([mint_graph_iri(d) for d in documents[::step]]))


def assemble(extractions: list[Extraction], info: dict[str, str]) -> Dataset:
    """Resolve entities across `extractions` and write them all into a new dataset."""
    records = _Records(None)
    for extraction in extractions:
        records.add(extraction)
    resolution, states = _resolve(records)
    sink = _DatasetSink()
    _write(records, resolution, states, info, sink, None)
    return sink.ds


def build_graph(paths: str | Path | Iterable[str | Path], *, nlp: Language | None = None,
                on_error: OnError = "raise", **options: Any) -> Dataset:
    """Build and return the RDF dataset of the documents under `paths`.

    Example:
        >>> ds = build_graph(["seeds/"])  # doctest: +SKIP
        >>> len(list(ds.graphs())) > 2  # doctest: +SKIP
        True
    """
    result = build(paths, nlp=nlp, on_error=on_error, **options)
    assert result.dataset is not None  # no store given
    return result.dataset

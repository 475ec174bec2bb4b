"""The RDF written for extractions: named graphs, statements, provenance, files."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from helpers import quads
from rdflib import RDF, RDFS, XSD, Dataset, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, PROV, SH, SKOS
from rdflib.term import Node

from graph.api import assemble
from graph.errors import StoreError
from graph.records import Extraction
from graph.store import CORE_RANGES, load_dataset, save_dataset
from graph.terms import (
    AG,
    CLASSES,
    CORE_RELATIONS,
    COUNTS_GRAPH,
    ENTITY_GRAPH,
    NS,
    RUN_GRAPH,
    WD,
    mint_document_iri,
    mint_graph_iri,
)
from graph.validate import load_ontology, load_shapes


def test_store_one_named_graph_per_document_plus_entities_counts_and_provenance(tiny_dataset: Dataset) -> None:
    graphs = {g.identifier for g in tiny_dataset.graphs() if len(g)}
    assert graphs == {mint_graph_iri("tiny1.txt"), mint_graph_iri("tiny2.txt"), ENTITY_GRAPH, COUNTS_GRAPH, RUN_GRAPH}


def test_store_document_is_an_article_with_its_file_name(tiny_dataset: Dataset) -> None:
    doc = mint_document_iri("tiny1.txt")
    assert (doc, RDF.type, AG.Article) in tiny_dataset
    assert tiny_dataset.value(doc, DCTERMS.identifier) == Literal("tiny1.txt")
    assert tiny_dataset.value(doc, DCTERMS.title) == Literal("China to train Pacific police")
    assert tiny_dataset.value(doc, DCTERMS.date) == Literal("2024-03-03", datatype=XSD.date)


def test_store_statement_has_evidence_offsets_and_qualifiers(tiny_dataset: Dataset,
                                                             tiny_extractions: list[Extraction]) -> None:
    article = tiny_extractions[0].article
    (st,) = tiny_dataset.subjects(AG.quantity, Literal(300))
    assert tiny_dataset.value(st, RDF.predicate) == AG.trains
    start, end = int(tiny_dataset.value(st, AG.charStart)), int(tiny_dataset.value(st, AG.charEnd))
    assert article.text[start:end] == str(tiny_dataset.value(st, AG.evidence))
    assert tiny_dataset.value(st, PROV.wasDerivedFrom) == mint_document_iri("tiny1.txt")
    assert tiny_dataset.value(st, AG.status) == AG.Planned
    assert tiny_dataset.value(st, AG.date) == Literal("2024", datatype=XSD.gYear)
    assert 0 <= float(tiny_dataset.value(st, AG.confidence)) <= 1
    s, o = tiny_dataset.value(st, RDF.subject), tiny_dataset.value(st, RDF.object)
    assert (s, AG.trains, o) in tiny_dataset  # the direct triple too


def test_store_entities_carry_labels_aliases_wikidata_and_mentions(tiny_dataset: Dataset) -> None:
    china = next(tiny_dataset.subjects(OWL.sameAs, WD.Q148))
    assert (china, RDF.type, AG.Country) in tiny_dataset.graph(ENTITY_GRAPH)
    assert tiny_dataset.value(china, RDFS.label) == Literal("China")
    assert set(tiny_dataset.objects(china, AG.mentionedIn)) == {
        mint_document_iri("tiny1.txt"), mint_document_iri("tiny2.txt")}
    wang = next(tiny_dataset.subjects(RDFS.label, Literal("Wang Xiaohong")))
    assert Literal("Wang") in set(tiny_dataset.objects(wang, SKOS.altLabel))


def test_store_run_records_tool_and_model(tiny_dataset: Dataset) -> None:
    run = next(tiny_dataset.subjects(RDF.type, PROV.Activity))
    assert tiny_dataset.value(run, AG.modelName) == Literal("en_core_web_sm")
    assert tiny_dataset.value(run, AG.modelVersion) == Literal("3.8.0")
    assert (mint_graph_iri("tiny1.txt"), PROV.wasGeneratedBy, run) in tiny_dataset


def test_store_agreement_lifecycle(tiny_dataset: Dataset) -> None:
    plan = next(tiny_dataset.subjects(RDFS.label, Literal("plan to conduct joint patrols with Chinese police")))
    assert tiny_dataset.value(plan, AG.agreementStatus) == AG.Cancelled
    mou = next(tiny_dataset.subjects(RDFS.label, Literal("policing agreement")))
    assert tiny_dataset.value(mou, AG.agreementStatus) == AG.Signed
    assert tiny_dataset.value(mou, AG.statusDate) == Literal("2011", datatype=XSD.gYear)


def test_store_same_input_gives_the_same_graph(tiny_extractions: list[Extraction]) -> None:
    first = assemble(tiny_extractions, tiny_extractions[0].model)
    again = assemble(list(reversed(tiny_extractions)), tiny_extractions[0].model)
    assert quads(first) == quads(again)


def test_store_same_document_twice_adds_nothing(tiny_extractions: list[Extraction]) -> None:
    once = assemble(tiny_extractions, tiny_extractions[0].model)
    twice = assemble(tiny_extractions + tiny_extractions[:1], tiny_extractions[0].model)
    assert quads(once) == quads(twice)


def test_store_trig_roundtrip(tmp_path: Path, tiny_dataset: Dataset) -> None:
    path = save_dataset(tiny_dataset, tmp_path / "out" / "graph.trig")
    assert quads(load_dataset(path)) == quads(tiny_dataset)
    assert not list(path.parent.glob(".*.tmp"))


def test_store_failed_write_keeps_the_previous_file(tmp_path: Path, tiny_dataset: Dataset,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    path = save_dataset(tiny_dataset, tmp_path / "graph.trig")
    before = path.read_bytes()

    def killed(ds: Dataset, out: Any, *args: object) -> None:
        out.write("@prefix ag: <half-written")
        raise KeyboardInterrupt("killed half-way")

    monkeypatch.setattr("graph.store.write_trig", killed)
    with pytest.raises(KeyboardInterrupt):
        save_dataset(tiny_dataset, path)
    assert path.read_bytes() == before
    assert not list(tmp_path.glob(".*.tmp"))


@pytest.mark.parametrize(("content", "message"), [
    (None, "no such graph file; build one with `kg build SOURCES --out DIR`"),
    ("this is { not trig", "not a readable TRIG file"),
])
def test_store_load_errors(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "graph.trig"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(StoreError, match=message.replace("(", r"\(").replace("`", ".")):
        load_dataset(path)


def test_store_statement_iris_are_stable(tiny_dataset: Dataset, tiny_extractions: list[Extraction]) -> None:
    again = assemble(tiny_extractions, tiny_extractions[0].model)
    first = sorted(str(s) for s in tiny_dataset.subjects(RDF.type, RDF.Statement))
    assert first == sorted(str(s) for s in again.subjects(RDF.type, RDF.Statement))
    assert all(isinstance(URIRef(s), URIRef) for s in first)


def test_store_credits_facts_only_to_actors_and_documents(tiny_extractions: list[Extraction]) -> None:
    """An attribution the extractor resolved to a non-actor (here an agreement) is left out rather
    than written against ag:attributedTo's range."""
    from dataclasses import replace

    from graph.validate import validate

    first = tiny_extractions[0]
    relations = (replace(first.relations[0], attributed_to="patrols"), *first.relations[1:])
    extractions = [replace(first, relations=relations), *tiny_extractions[1:]]
    ds = assemble(extractions, first.model)
    credited = {str(o) for o in ds.objects(None, AG.attributedTo)}
    assert not any("agreement" in iri for iri in credited)
    assert validate(ds).conforms


@pytest.mark.parametrize(("predicate", "subject", "obj", "agreement"), [
    ("trains", "china", "mou", None),          # an agreement is not trained
    ("signedWith", "fiji", "china", "reuters"),  # the agreement of a signing must be an agreement
    ("rejected", "thailand", "reuters", None),   # an organisation is not rejected
    ("cites", "china", "reuters", None),         # only the document cites
])
def test_store_leaves_out_facts_whose_arguments_do_not_fit_the_ontology(
        tiny_extractions: list[Extraction], predicate: str, subject: str, obj: str, agreement: str | None) -> None:
    """Classes can change when entities merge across documents; whatever the extractor emitted,
    the written graph satisfies ontology/shapes.ttl."""
    from dataclasses import replace

    from graph.validate import validate

    first = tiny_extractions[0]
    odd = replace(first.relations[1], predicate=predicate, subject=subject, object=obj, agreement=agreement)
    extractions = [replace(first, relations=(*first.relations, odd)), *tiny_extractions[1:]]
    ds = assemble(extractions, first.model)
    assert validate(ds).conforms


@pytest.mark.parametrize("obj", [
    Literal("two\nlines with \"quotes\" and a \\ backslash"),
    Literal("«Grüße»", lang="de"),
    Literal(3000),
    Literal("2024-05", datatype=XSD.gYearMonth),
    Literal("0.85", datatype=XSD.decimal),
    Literal("x", datatype=URIRef("http://example.org/type#odd/one")),
    URIRef("https://w3id.org/actorgraph/id/statement/00ab"),
    AG.Country,
    URIRef("https://w3id.org/actorgraph/ontology#has.dot"),
    URIRef("http://www.wikidata.org/entity/Q148"),
])
def test_store_trig_roundtrips_every_term(tmp_path: Path, obj: Any) -> None:
    ds = Dataset(default_union=True)
    g = ds.graph(mint_graph_iri("d01.txt"))
    s = URIRef("https://w3id.org/actorgraph/id/actor/x")
    g.add((s, RDF.type, AG.Country))
    g.add((s, AG.quantity, obj))
    g.add((s, AG.quantity, Literal("second object of the same predicate")))
    path = save_dataset(ds, tmp_path / "graph.trig")
    assert {(s, p, o, str(c)) for s, p, o, c in load_dataset(path).quads()} == {(s, p, o, str(c)) for s, p, o, c in ds.quads()}


def test_store_core_ranges_agree_with_the_shapes() -> None:
    """CORE_RANGES is a hand-kept copy of the core relations' shapes in ontology/shapes.ttl."""
    shapes, ontology = load_shapes(), load_ontology()

    def entity_classes(classes: Iterable[Node]) -> frozenset[str]:
        # sh:class sees the hierarchy: ag:Actor stands for each entity class below it
        below = {c for cls in classes for c in ontology.transitive_subjects(RDFS.subClassOf, cls)}
        return frozenset(str(c)[len(NS):] for c in below if c in set(CLASSES.values()))

    def allowed(shape: Node) -> frozenset[str]:
        options = [shape, *(o for lst in shapes.objects(shape, SH["or"]) for o in Collection(shapes, lst))]
        return entity_classes(c for o in options for c in shapes.objects(o, SH["class"]))

    found = {}
    for name in CORE_RELATIONS:
        (shape,) = shapes.subjects(SH.targetSubjectsOf, AG[name])
        (prop,) = (p for p in shapes.objects(shape, SH.property) if shapes.value(p, SH.path) == AG[name])
        found[name] = (allowed(shape), allowed(prop))
    assert found == CORE_RANGES

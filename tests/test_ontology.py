"""The ontology declares every term the code emits, with label, definition, domain and range.

Reads graph/terms.py (the `AG` namespace the code writes with) beside
ontology/actorgraph.ttl and ontology/shapes.ttl.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, SKOS

from graph import __version__
from graph.store import LIFECYCLE
from graph.terms import (
    AG,
    CLASSES,
    CORE_RELATIONS,
    EXTENDED_RELATIONS,
    NS,
    RELATIONS,
    STATUSES,
    SYMMETRIC,
)
from graph.validate import load_ontology, load_shapes, write_ontology_docs

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = URIRef("https://w3id.org/actorgraph/ontology")
AG_TERMS = sorted(AG.__annotations__)
DECLARATIONS = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, OWL.NamedIndividual}
PROPERTY_TYPES = {OWL.ObjectProperty, OWL.DatatypeProperty}
SENTENCE_BREAK = re.compile(r"[.!?] [A-Z]")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


def _ag_terms(g: Graph) -> set[str]:
    nodes = {n for quad in g.quads((None, None, None, None)) for n in quad[:3]} if isinstance(g, Dataset) \
        else g.all_nodes()
    return {str(t)[len(NS):] for t in nodes if isinstance(t, URIRef) and str(t).startswith(NS)}


@pytest.mark.parametrize("name", AG_TERMS)
def test_ontology_declares_every_term_the_code_emits(ontology: Graph, name: str) -> None:
    term = AG[name]
    assert set(ontology.objects(term, RDF.type)) & DECLARATIONS, f"ag:{name} is not declared"
    labels = list(ontology.objects(term, RDFS.label))
    definitions = list(ontology.objects(term, SKOS.definition))
    assert len(labels) == 1, f"ag:{name} needs exactly one rdfs:label"
    assert len(definitions) == 1, f"ag:{name} needs exactly one skos:definition"
    definition = str(definitions[0])
    assert definition.endswith(".") and not SENTENCE_BREAK.search(definition), (
        f"ag:{name}: the definition is not one sentence: {definition}")


@pytest.mark.parametrize("name", ["tiny"])
def test_ontology_declares_every_term_in_a_built_graph(ontology: Graph, tiny_dataset, name: str) -> None:  # type: ignore[no-untyped-def]
    emitted = _ag_terms(tiny_dataset)
    assert emitted <= set(AG_TERMS)
    assert emitted <= _ag_terms(ontology)


def test_ontology_declares_only_terms_the_code_knows(ontology: Graph) -> None:
    # The event-data annotations describe the relations; the code never writes them.
    assert _ag_terms(ontology) - set(AG_TERMS) <= {"cameoCode", "ploverCategory"}


@pytest.mark.parametrize("source", ["shapes"])
def test_ontology_declares_every_term_the_shapes_use(ontology: Graph, source: str) -> None:
    assert _ag_terms(load_shapes()) <= set(AG_TERMS)


def test_ontology_header_has_version(ontology: Graph) -> None:
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ONTOLOGY, OWL.versionIRI) == URIRef(f"{ONTOLOGY}/{__version__}")
    assert ontology.value(ONTOLOGY, OWL.versionInfo) == Literal(__version__)
    assert str(ontology.value(ONTOLOGY, URIRef("http://purl.org/vocab/vann/preferredNamespaceUri"))) == NS
    shapes = URIRef("https://w3id.org/actorgraph/shapes")
    assert load_shapes().value(shapes, OWL.versionInfo) == Literal(__version__)


@pytest.mark.parametrize("name", [n for n in AG_TERMS if n[0].islower()])
def test_ontology_property_has_domain_and_range(ontology: Graph, name: str) -> None:
    term = AG[name]
    if (term, RDF.type, OWL.AnnotationProperty) in ontology:
        pytest.skip(f"ag:{name} annotates ontology terms (CAMEO/PLOVER codes); it has no domain or range")
    assert set(ontology.objects(term, RDF.type)) & PROPERTY_TYPES
    assert ontology.value(term, RDFS.domain) is not None, f"ag:{name} has no rdfs:domain"
    assert ontology.value(term, RDFS.range) is not None, f"ag:{name} has no rdfs:range"


@pytest.mark.parametrize(("child", "parent"), [
    *((cls, "Actor") for cls in ("Country", "GovernmentBody", "PoliticalParty", "Person", "Organization",
                                 "ArmedGroup", "Group")),
    ("Initiative", "Program"), ("Report", "Document"), ("Article", "Document"),
])
def test_ontology_class_hierarchy(ontology: Graph, child: str, parent: str) -> None:
    assert (AG[child], RDFS.subClassOf, AG[parent]) in ontology


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_ontology_entity_classes_are_classes(ontology: Graph, name: str) -> None:
    assert (CLASSES[name], RDF.type, OWL.Class) in ontology


@pytest.mark.parametrize("name", sorted(RELATIONS))
def test_ontology_relation_symmetry(ontology: Graph, name: str) -> None:
    symmetric = (RELATIONS[name], RDF.type, OWL.SymmetricProperty) in ontology
    assert symmetric == (name in SYMMETRIC)
    assert (RELATIONS[name], RDF.type, OWL.ObjectProperty) in ontology


@pytest.mark.parametrize(("individual", "cls"), [
    *((iri, AG.Status) for iri in STATUSES.values()),
    *((iri, AG.AgreementStatus) for iri in LIFECYCLE.values()),
])
def test_ontology_status_individuals(ontology: Graph, individual: URIRef, cls: URIRef) -> None:
    assert (individual, RDF.type, cls) in ontology
    assert (individual, RDF.type, OWL.NamedIndividual) in ontology


@pytest.mark.parametrize(("relation", "cameo", "plover"), [
    ("trains", {"062", "072"}, {"AID"}),
    ("signedWith", {"057"}, {"AGREE"}),
    ("rejected", {"120", "1212", "16"}, {"REJECT"}),
    ("metWith", {"040", "042", "043", "044"}, {"CONSULT"}),
    ("targets", {"13", "18", "19"}, {"THREATEN", "ASSAULT"}),
    ("investsIn", {"061"}, {"COOPERATE"}),
    ("cites", set(), set()),
])
def test_ontology_relation_event_codes(ontology: Graph, relation: str, cameo: set[str], plover: set[str]) -> None:
    term = RELATIONS[relation]
    assert {str(o) for o in ontology.objects(term, URIRef(NS + "cameoCode"))} == cameo
    assert {str(o) for o in ontology.objects(term, URIRef(NS + "ploverCategory"))} == plover


def test_ontology_every_relation_is_core_or_extended() -> None:
    assert set(RELATIONS) == set(CORE_RELATIONS) | set(EXTENDED_RELATIONS)


def test_ontology_wikidata_matches_are_items(ontology: Graph) -> None:
    matches = [o for p in (SKOS.closeMatch, SKOS.broadMatch) for o in ontology.objects(None, p)
               if str(o).startswith("http://www.wikidata.org/")]
    assert matches
    assert all(re.fullmatch(r"http://www\.wikidata\.org/entity/Q[1-9][0-9]*", str(o)) for o in matches)


@pytest.mark.parametrize("page", [ROOT / "docs" / "ontology.html"])
def test_ontology_reference_page_lists_every_term(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    missing = [n for n in AG_TERMS if f"<code>{NS}{n}</code>" not in html]
    assert not missing, f"{page} is out of date (regenerate with `kg ontology-docs`); missing {missing}"


@pytest.mark.parametrize("name", ["ontology.html"])
def test_cli_ontology_docs_writes_the_reference_page(runner, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    from graph.cli import cli

    out = tmp_path / "docs" / name
    result = runner.invoke(cli, ["ontology-docs", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote {out}\n"
    html = out.read_text(encoding="utf-8")
    for section in ("Classes", "Object Properties", "Datatype Properties", "Named Individuals"):
        assert f"<h2>{section}</h2>" in html
    assert all(f"<code>{NS}{n}</code>" in html for n in AG_TERMS)
    assert "CAMEO code" in html and "wd:Q6256" in html


@pytest.mark.parametrize("name", ["ontology.html"])
def test_ontology_docs_leave_logging_alone(tmp_path: Path, name: str) -> None:
    import logging

    root = logging.getLogger()
    before = (root.level, list(root.handlers))
    write_ontology_docs(tmp_path / name)
    assert (root.level, list(root.handlers)) == before

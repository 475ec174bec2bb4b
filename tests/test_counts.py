"""The counts graph: the totals the build writes give the rankings that counting every statement gives."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from helpers import pages
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Literal

from graph.api import assemble
from graph.questions import ask
from graph.records import Extraction
from graph.stores import MemoryStore, OxigraphStore
from graph.terms import AG, COUNTS_GRAPH, RELATIONS

# The rankings as they were asked before the build counted: every statement and mention, at question time.
COUNTING = {
    "entities": """
        SELECT ?entity ?type ?documents WHERE {
          { SELECT ?entity ?type ?label (COUNT(DISTINCT ?document) AS ?documents) WHERE {
              ?entity a ?type ; rdfs:label ?label .
              FILTER(STRSTARTS(STR(?type), STR(ag:)) && ?type != ag:Article)
              OPTIONAL { ?entity ag:mentionedIn ?document } }
            GROUP BY ?entity ?type ?label }
        } ORDER BY DESC(?documents) LCASE(STR(?label)) STR(?entity)""",
    "partners": """
        SELECT ?actor (COUNT(DISTINCT ?partner) AS ?partners) (COUNT(DISTINCT ?document) AS ?documents) WHERE {
          { ?st rdf:predicate ?relation ; rdf:subject ?actor ; rdf:object ?partner ; prov:wasDerivedFrom ?document }
          UNION
          { ?st rdf:predicate ?relation ; rdf:object ?actor ; rdf:subject ?partner ; prov:wasDerivedFrom ?document }
          FILTER(?relation IN (ag:signedWith, ag:metWith, ag:trains) && ?actor != ?partner)
        } GROUP BY ?actor ORDER BY DESC(?partners) DESC(?documents) STR(?actor)""",
    "corroborated": """
        SELECT ?subject ?predicate ?object ?documents ?first ?last WHERE {
          { SELECT ?subject ?predicate ?object (COUNT(DISTINCT ?document) AS ?documents)
                   (MIN(?published) AS ?first) (MAX(?published) AS ?last) WHERE {
              ?st rdf:predicate ?predicate ; rdf:subject ?s ; rdf:object ?o ; prov:wasDerivedFrom ?document .
              BIND(?predicate IN (ag:signedWith, ag:metWith) && STR(?o) < STR(?s) AS ?swap)
              BIND(IF(?swap, ?o, ?s) AS ?subject)
              BIND(IF(?swap, ?s, ?o) AS ?object)
              OPTIONAL { ?document dcterms:date ?date }
              BIND(STR(?date) AS ?published) }
            GROUP BY ?subject ?predicate ?object }
          FILTER(?documents >= ?min_documents)
        } ORDER BY DESC(?documents) STR(?subject) STR(?predicate) STR(?object)""",
}
# Each ranking with the parameters that pick another count.
RANKINGS = [
    ("entities", {}), ("entities", {"type": "Country"}), ("entities", {"type": "Group"}),
    ("partners", {}), ("partners", {"relation": "trains"}), ("partners", {"relation": "signedWith"}),
    ("partners", {"relation": "metWith"}),
    ("corroborated", {}), ("corroborated", {"min_documents": 3}), ("corroborated", {"predicate": "signedWith"}),
    ("corroborated", {"predicate": "trains"}),
]


def counted(ds: Dataset, name: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    """The ranking counted at question time (the filters the named question takes, applied here)."""
    text = COUNTING[name]
    if name == "partners" and params.get("relation"):
        text = text.replace("(ag:signedWith, ag:metWith, ag:trains)", f"(ag:{params['relation']})")
    bindings: dict[str, Any] = {}
    if name == "corroborated":
        bindings["min_documents"] = Literal(params.get("min_documents", 2))
        if params.get("predicate"):
            bindings["predicate"] = RELATIONS[params["predicate"]]
    if name == "entities" and params.get("type"):
        bindings["type"] = AG[params["type"]]
    rows = MemoryStore(ds).query(text, bindings).rows
    # an undated document: the counts leave the date out (""), not the whole fact's dates
    return [tuple(Literal("") if v is None else v for v in row) for row in rows]


def asked(source: Any, name: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in ask(source, name, {**params, "limit": 100_000}).rows]


def with_copies(extractions: list[Extraction], *copies: tuple[int, str, str | None]) -> list[Extraction]:
    """`extractions` plus copies of some of them under new names and dates."""
    out = list(extractions)
    for index, doc_id, date in copies:
        original = extractions[index]
        out.append(replace(original, article=replace(original.article, id=doc_id, date=date)))
    return out


@pytest.fixture
def corroborating(tiny_extractions: list[Extraction]) -> Dataset:
    """Five articles: the two tiny ones, the second again twice (once undated) and the first again."""
    extractions = with_copies(tiny_extractions, (1, "tiny3.txt", "2024-06-01"), (1, "tiny4.txt", None),
                              (0, "tiny5.txt", "2023-12-31"))
    return assemble(extractions, extractions[0].model)


@pytest.mark.parametrize(("name", "params"), RANKINGS, ids=[f"{n}-{i}" for i, (n, _) in enumerate(RANKINGS)])
def test_counts_give_the_rankings_counting_gives(corroborating: Dataset, name: str, params: dict[str, Any]) -> None:
    assert asked(corroborating, name, params) == counted(corroborating, name, params)


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
@pytest.mark.parametrize(("name", "params"), RANKINGS, ids=[f"{n}-{i}" for i, (n, _) in enumerate(RANKINGS)])
def test_counts_rankings_page_through_the_counted_rows(corroborating: Dataset, tmp_path: Any, store: str,
                                                       name: str, params: dict[str, Any]) -> None:
    source: Any = MemoryStore(corroborating)
    if store == "oxigraph":
        source = OxigraphStore(tmp_path / "ox")
        source.load(corroborating)
    expected = counted(corroborating, name, params)
    for limit in (1, 2, 3):
        assert pages(source, name, params, limit) == expected, limit
    assert list(ask(source, name, params).rows) == expected[:50]


def test_counts_of_five_articles(corroborating: Dataset) -> None:
    rows = asked(corroborating, "corroborated", {"predicate": "signedWith"})
    dates = [(str(r[3]), str(r[4]), str(r[5])) for r in rows]
    assert dates == [("3", "2024-05-12", "2024-06-01"), ("2", "2023-12-31", "2024-03-03")]
    assert len(corroborating.graph(COUNTS_GRAPH)) > 0


@pytest.mark.slow
@pytest.mark.parametrize(("name", "params"), RANKINGS, ids=[f"{n}-{i}" for i, (n, _) in enumerate(RANKINGS)])
def test_counts_of_the_bundled_corpus(corpus_build: Any, name: str, params: dict[str, Any]) -> None:
    ds = corpus_build.dataset
    assert asked(ds, name, params) == counted(ds, name, params)


def test_counts_are_the_same_in_oxigraph(corroborating: Dataset, tmp_path: Any) -> None:
    store = OxigraphStore(tmp_path / "ox")
    store.load(corroborating)
    try:
        for name, params in RANKINGS:
            assert asked(store, name, params) == asked(corroborating, name, params), (name, params)
    finally:
        store.close()


def _flipped(extraction: Extraction) -> Extraction:
    """The article with its symmetric relations written the other way round."""
    relations = tuple(replace(r, subject=r.object, object=r.subject) if r.predicate == "signedWith" else r
                      for r in extraction.relations)
    return replace(extraction, relations=relations)


@settings(max_examples=15, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 1), st.sampled_from([None, "2021", "2024-02", "2024-05-12"]),
                          st.booleans(), st.integers(0, 15)), min_size=1, max_size=6))
def test_counts_equal_counting_for_any_articles(docs: list[tuple[int, str | None, bool, int]]) -> None:
    from conftest import make_tiny_extractions

    tiny = make_tiny_extractions()
    extractions = []
    for i, (which, date, flip, keep) in enumerate(docs):
        base = _flipped(tiny[which]) if flip else tiny[which]
        relations = tuple(r for j, r in enumerate(base.relations) if keep >> j & 1)  # some of its facts
        extractions.append(replace(base, article=replace(base.article, id=f"d{i}.txt", date=date),
                                   relations=relations))
    ds = assemble(extractions, tiny[0].model)
    for name, params in RANKINGS:
        assert asked(ds, name, params) == counted(ds, name, params), (name, params)

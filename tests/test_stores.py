"""Three stores, one answer: rdflib in memory, Oxigraph on disk, and a real `oxigraph serve`."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import free_port
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from graph.cli import cli
from graph.errors import QueryError, StoreError
from graph.questions import ask, list_questions
from graph.stores import MemoryStore, OxigraphStore, RemoteStore, Store, open_graph, open_store
from graph.terms import ENTITY_GRAPH, mint_graph_iri

# Parameters for every named question: the default page, plus ones that bind each kind.
PARAMS = {
    "who-trains-whom": [{}, {"trainer": "china"}],
    "agreements-of": [{}, {"country": "Fiji"}],
    "rejections": [{}, {"actor": "Thailand"}],
    "cited-for": [{}, {"source": "Reuters"}],
    "sources-of": [{}, {"subject": "China", "predicate": "signedWith", "object": "Solomon Islands"}],
    "corroborated": [{}, {"min_documents": 3, "predicate": "trains"}],  # none on two articles: see test_counts
    "timeline": [{}, {"entity": "China", "from": "2012", "to": "2024"}],
    "partners": [{}, {"relation": "trains"}],
    "facts-about": [{"entity": "China"}, {"entity": "Wang"}],
    "documents": [{}, {"limit": 1, "offset": 1}],
    "entities": [{}, {"type": "Group"}],
}
CASES = [(name, params) for name, cases in PARAMS.items() for params in cases]
KINDS = ("oxigraph", "sparql", "sparql-update")


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or shutil.which("oxigraph", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.fail("the `oxigraph` server binary is missing; it is a test dependency: "
                    "pip install -e '.[test]' (package oxigraph==0.5.13)")
    return found


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Oxigraph server on 127.0.0.1, started and stopped here."""
    port = free_port()
    process = subprocess.Popen(
        [oxigraph_binary(), "serve", "--location", str(tmp_path_factory.mktemp("oxigraph-server")),
         "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            if process.poll() is not None:
                pytest.fail(f"oxigraph serve exited: {process.stderr.read() if process.stderr else ''}")
            try:
                urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                time.sleep(0.05)
        else:
            pytest.fail(f"oxigraph serve did not answer on {url} within 10 s")
        yield url
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture
def stores(tiny_dataset, tmp_path: Path, oxigraph_server: str) -> Iterator[dict[str, Store]]:  # type: ignore[no-untyped-def]
    """The tiny dataset in each store (the server emptied first)."""
    remote = RemoteStore(f"{oxigraph_server}/query")
    remote.update("DROP ALL")
    loaded = {
        "memory": MemoryStore(tiny_dataset),
        "oxigraph": OxigraphStore(tmp_path / "oxigraph"),
        "sparql": remote,
        "sparql-update": RemoteStore(f"{oxigraph_server}/query", gsp_url=""),
    }
    for kind in ("oxigraph", "sparql"):
        loaded[kind].load(tiny_dataset)
    yield loaded
    loaded["oxigraph"].close()


@pytest.mark.server
@pytest.mark.parametrize(("name", "params"), CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
def test_stores_give_equal_answers(stores, name: str, params: dict) -> None:  # type: ignore[no-untyped-def]
    expected = ask(stores["memory"], name, params)
    assert expected.rows or name == "corroborated"  # nothing is corroborated by two articles
    for kind in ("oxigraph", "sparql"):
        assert ask(stores[kind], name, params) == expected, kind


def test_stores_every_question_is_compared() -> None:
    assert sorted(PARAMS) == [q.name for q in list_questions()]


@pytest.mark.server
@pytest.mark.parametrize("kind", ("memory", *KINDS))
@pytest.mark.parametrize("name", ["McDonald Islands", "mcdonald islands", "MCDONALD islands"])
def test_stores_entities_named_in_any_case_and_after_writes(stores, kind: str, name: str) -> None:  # type: ignore[no-untyped-def]
    store, doc = stores[kind], mint_graph_iri("tiny1.txt")

    def looked_up() -> list[list[URIRef]]:  # Oxigraph scans first, then answers from an index
        return [store.entities_named(name) for _ in range(3)]

    assert looked_up() == [[]] * 3
    store.replace_graph(doc, [(URIRef("https://x.org/m"), RDFS.label, Literal("McDonald Islands")),
                              (URIRef("https://x.org/a"), SKOS.altLabel, Literal("mcdonald islands"))])
    assert looked_up() == [[URIRef("https://x.org/a"), URIRef("https://x.org/m")]] * 3
    store.remove_graph(doc)
    assert looked_up() == [[]] * 3


@pytest.mark.server
@pytest.mark.parametrize("kind", KINDS)
def test_stores_load_replace_and_remove_graphs(stores, tiny_dataset, kind: str) -> None:  # type: ignore[no-untyped-def]
    store = stores[kind]
    doc = mint_graph_iri("tiny1.txt")
    assert store.load(tiny_dataset) == stores["memory"].count() == 229
    assert store.count() == 229  # loading again replaces, it does not add
    assert store.graph_names() == stores["memory"].graph_names()
    assert {q for q in store.dataset().quads()} == {q for q in tiny_dataset.quads()}
    store.replace_graph(doc, [(URIRef("https://x.org/a"), RDFS.label, Literal('odd "label"\nwith a newline'))])
    assert store.count() == 229 - len(tiny_dataset.graph(doc)) + 1
    assert store.entities_named('ODD "LABEL"\nWITH A NEWLINE') == [URIRef("https://x.org/a")]
    store.remove_graph(doc)
    store.remove_graph(doc)  # absent: no error
    assert doc not in store.graph_names()
    assert store.labels([URIRef("https://x.org/a"), URIRef("https://w3id.org/actorgraph/id/wd/q148")]) == {
        URIRef("https://w3id.org/actorgraph/id/wd/q148"): "China"}


@pytest.mark.server
@pytest.mark.parametrize("kind", ("memory", "oxigraph", "sparql"))
@pytest.mark.parametrize(("text", "message"), [
    ("SELECT * WHERE { ?s ?p }", "cannot parse SPARQL"),
    ("SELECT * WHERE { SERVICE <http://x.org/q> { ?s ?p ?o } }", "SERVICE clauses are refused"),
])
def test_stores_refuse_bad_queries(stores, kind: str, text: str, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(QueryError, match=message if kind != "sparql" or "SERVICE" in text else "HTTP 400"):
        stores[kind].query(text)


@pytest.mark.parametrize(("spec", "kind", "endpoints"), [
    ("memory", MemoryStore, None),
    ("sparql:http://127.0.0.1:7878", RemoteStore,
     ("http://127.0.0.1:7878/query", "http://127.0.0.1:7878/update", "http://127.0.0.1:7878/store")),
    ("sparql:http://db:7200/repositories/kg", RemoteStore,
     ("http://db:7200/repositories/kg", "http://db:7200/repositories/kg/statements",
      "http://db:7200/repositories/kg/rdf-graphs/service")),
    ("sparql:https://db.example/sparql", RemoteStore, ("https://db.example/sparql", "https://db.example/sparql", None)),
    ("sparql:http://h/ds/query,update=http://h/ds/update,gsp=http://h/ds/data", RemoteStore,
     ("http://h/ds/query", "http://h/ds/update", "http://h/ds/data")),
])
def test_stores_open_store_reads_specs(spec: str, kind: type, endpoints: tuple | None) -> None:
    store = open_store(spec)
    assert isinstance(store, kind)
    if endpoints:
        assert (store.query_url, store.update_url, store.gsp_url) == endpoints


@pytest.mark.parametrize(("spec", "message"), [
    ("postgres:db", "'postgres:db' is not a store; use memory, oxigraph:PATH or sparql:URL"),
    ("oxigraph:", "'oxigraph:' is not a store"),
    ("sparql:ftp://x.org/q", "'ftp://x.org/q' is not an http(s) URL"),
    ("sparql:http://h/query,auth=x,y", ("'sparql:http://h/query,auth=x,y': unknown store option(s) auth, y; "
                                       "only update=URL and gsp=URL may follow the query URL")),
])
def test_stores_open_store_refuses_bad_specs(spec: str, message: str) -> None:
    with pytest.raises(StoreError) as error:
        open_store(spec)
    assert str(error.value).startswith(message)


@pytest.mark.parametrize(("graph", "spec", "message"), [
    (None, None, "no graph to query: name a .trig file, or a loaded store with --store"),
    ("g.trig", "oxigraph:x", ("give GRAPH or --store oxigraph:x, not both; to copy g.trig into that store run "
                             "`kg load g.trig --store oxigraph:x`")),
    (None, "oxigraph:/nonexistent/kg", "/nonexistent/kg: no Oxigraph store there; fill one with `kg load GRAPH"),
])
def test_stores_open_graph_says_what_to_give(graph: str | None, spec: str | None, message: str) -> None:
    with pytest.raises(StoreError) as error:
        open_graph(graph, spec)
    assert str(error.value).startswith(message)


def test_stores_remote_says_when_nothing_listens() -> None:
    with pytest.raises(StoreError, match=r"cannot connect .*; is the SPARQL server running\?"):
        RemoteStore(f"http://127.0.0.1:{free_port()}/query").query("ASK {}")


def test_stores_oxigraph_folder_is_locked_while_open(tmp_path: Path) -> None:
    with OxigraphStore(tmp_path / "kg"), pytest.raises(StoreError, match="cannot open the Oxigraph store"):
        OxigraphStore(tmp_path / "kg")
    with OxigraphStore(tmp_path / "kg") as again:  # closed stores release the lock
        assert again.count() == 0


@pytest.mark.server
@pytest.mark.parametrize("target", ["oxigraph", "sparql"])
def test_stores_cli_load_then_ask_explain_query_stats(runner, tiny_trig, tmp_path, oxigraph_server, target) -> None:  # type: ignore[no-untyped-def]
    spec = f"oxigraph:{tmp_path / 'kg'}" if target == "oxigraph" else f"sparql:{oxigraph_server}/query"
    if target == "sparql":
        RemoteStore(f"{oxigraph_server}/query").update("DROP ALL")
    loaded = runner.invoke(cli, ["load", str(tiny_trig), "--store", spec])
    assert (loaded.exit_code, loaded.output) == (
        0, (f"loaded 229 quads from {tiny_trig} into {open_store(spec).spec if target == 'sparql' else spec} "
           "(5 named graphs, 229 quads in all)\n"))
    trig = str(tiny_trig)
    for args, with_file in [
        (["ask", "who-trains-whom", "-p", "trainer=China"], ["ask", "who-trains-whom", trig, "-p", "trainer=China"]),
        (["explain", "Solomon Islands"], ["explain", "Solomon Islands", trig]),
        (["query", "SELECT ?l WHERE { ?e ag:signedWith ?o ; rdfs:label ?l } ORDER BY ?l"],
         ["query", trig, "SELECT ?l WHERE { ?e ag:signedWith ?o ; rdfs:label ?l } ORDER BY ?l"]),
        (["stats"], ["stats", trig]),
    ]:
        in_memory = runner.invoke(cli, with_file)
        in_store = runner.invoke(cli, [*args, "--store", spec])
        assert in_store.exit_code == 0, in_store.output
        assert in_store.output == in_memory.output


@pytest.mark.parametrize(("args", "message"), [
    (["load", "missing.trig", "--store", "oxigraph:{tmp}"],
     "Error: missing.trig: no such graph file; build one with `kg build SOURCES --out DIR`\n"),
    (["load", "{trig}", "--store", "memory"], "a memory store is gone when kg exits"),
    (["ask", "documents", "{trig}", "--store", "oxigraph:{tmp}"], "Error: give GRAPH or --store oxigraph:"),
])
def test_stores_cli_errors(runner, tiny_trig, tmp_path, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    args = [a.format(tmp=tmp_path / "kg", trig=tiny_trig) for a in args]
    result = runner.invoke(cli, args)
    assert result.exit_code in {1, 2}
    assert message in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_stores_entity_graph_is_named(tiny_dataset) -> None:  # type: ignore[no-untyped-def]
    assert ENTITY_GRAPH in MemoryStore(tiny_dataset).graph_names()


_POOL = [
    (URIRef("https://x.org/a"), RDFS.label, Literal("Fiji")),
    (URIRef("https://x.org/a"), RDFS.label, Literal("Fiji", lang="en")),
    (URIRef("https://x.org/a"), SKOS.altLabel, Literal('odd "label"\nwith a newline')),
    (URIRef("https://x.org/b"), URIRef("https://x.org/count"), Literal(3)),
    (URIRef("https://x.org/b"), URIRef("https://x.org/count"), Literal("3")),
    (URIRef("https://x.org/b"), URIRef("https://x.org/date"), Literal("2024-05", datatype=URIRef(
        "http://www.w3.org/2001/XMLSchema#gYearMonth"))),
    (URIRef("https://x.org/b"), URIRef("https://x.org/knows"), URIRef("https://x.org/a")),
    (URIRef("https://x.org/c"), RDFS.label, Literal("Ünïcödé ✓ \\ back")),
]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sets(st.sampled_from(range(len(_POOL)))), min_size=1, max_size=5))
def test_oxigraph_replace_graph_leaves_exactly_the_new_triples(contents: list[set[int]]) -> None:
    """Oxigraph writes only the difference from what the graph held; after each replacement
    the graph holds the new triples, nothing more, and other graphs are untouched."""
    store, doc, other = OxigraphStore(), mint_graph_iri("a.txt"), mint_graph_iri("b.txt")
    store.replace_graph(other, [_POOL[0]])
    for chosen in contents:
        store.replace_graph(doc, [_POOL[i] for i in sorted(chosen)])
        ds = store.dataset()
        assert set(ds.graph(doc)) == {_POOL[i] for i in chosen}
        assert set(ds.graph(other)) == {_POOL[0]}


def test_oxigraph_replace_graph_with_blank_nodes_replaces_it_whole() -> None:
    store, doc = OxigraphStore(), mint_graph_iri("a.txt")
    node = BNode()
    for _ in range(2):
        store.replace_graph(doc, [(node, RDFS.label, Literal("anonymous")), _POOL[6]])
        assert store.count() == 2

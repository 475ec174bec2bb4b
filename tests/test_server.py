"""The SPARQL endpoint, driven by real clients: SPARQLWrapper and rdflib's SPARQLStore."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest
from helpers import free_port
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore

from graph.server import SparqlServer, make_server, negotiate
from graph.stores import MemoryStore

pytestmark = pytest.mark.server

LABELS = ("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
          "SELECT ?e ?l WHERE { ?e a <https://w3id.org/actorgraph/ontology#Country> ; rdfs:label ?l } ORDER BY ?l")
COUNTRIES = [("https://w3id.org/actorgraph/id/wd/q148", "China"), ("https://w3id.org/actorgraph/id/wd/q712", "Fiji"),
             ("https://w3id.org/actorgraph/id/wd/q685", "Solomon Islands"),
             ("https://w3id.org/actorgraph/id/wd/q869", "Thailand")]
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def serve(server: SparqlServer) -> Iterator[SparqlServer]:
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture
def endpoint(tiny_dataset) -> Iterator[SparqlServer]:  # type: ignore[no-untyped-def]
    yield from serve(make_server(MemoryStore(tiny_dataset), port=0, timeout=1.0, max_rows=3))


def request(url: str, *, method: str = "GET", data: bytes | None = None,
            headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode("utf-8")


def get(url: str, query: str, accept: str | None = None) -> tuple[int, dict[str, str], str]:
    return request(f"{url}?{urllib.parse.urlencode({'query': query})}", headers={"Accept": accept} if accept else {})


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_server_sparqlwrapper_reads_every_format(endpoint, fmt: str, method: str) -> None:  # type: ignore[no-untyped-def]
    from SPARQLWrapper import CSV, JSON, POST, TSV, XML, SPARQLWrapper

    client = SPARQLWrapper(endpoint.url)
    client.setQuery(LABELS.replace("ORDER BY ?l", "ORDER BY ?l LIMIT 2"))
    client.setReturnFormat({"json": JSON, "xml": XML, "csv": CSV, "tsv": TSV}[fmt])
    if method == "POST":
        client.setMethod(POST)
    answer = client.query().convert()
    if fmt == "json":
        rows = [(b["e"]["value"], b["l"]["value"]) for b in answer["results"]["bindings"]]
    elif fmt == "xml":
        rows = [tuple(n.firstChild.firstChild.data for n in r.getElementsByTagName("binding"))
                for r in answer.getElementsByTagName("result")]
    elif fmt == "csv":
        rows = [tuple(line.split(",")) for line in answer.decode().splitlines()[1:]]
    else:
        rows = [tuple(v.strip('<>"') for v in line.split("\t")) for line in answer.decode().splitlines()[1:]]
    assert rows == COUNTRIES[:2]


@pytest.mark.parametrize(("accept", "media", "body"), [
    ("text/turtle", "text/turtle", "<https://w3id.org/actorgraph/id/wd/q712> rdfs:label \"Fiji\" ."),
    ("application/n-triples", "application/n-triples",
     '<https://w3id.org/actorgraph/id/wd/q712> <http://www.w3.org/2000/01/rdf-schema#label> "Fiji" .'),
])
def test_server_construct_as_turtle_or_ntriples(endpoint, accept: str, media: str, body: str) -> None:  # type: ignore[no-untyped-def]
    query = 'CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s rdfs:label ?l FILTER(?l = "Fiji") }'
    status, headers, text = get(endpoint.url, query, accept)
    assert (status, headers["Content-Type"]) == (200, f"{media}; charset=utf-8")
    assert body in text
    assert set(Graph().parse(data=text, format="turtle")) == {
        (URIRef(COUNTRIES[1][0]), URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("Fiji"))}


def test_server_rdflib_sparqlstore_client(endpoint) -> None:  # type: ignore[no-untyped-def]
    g = Graph(SPARQLStore(endpoint.url))
    assert [(str(e), str(l)) for e, l in g.query(LABELS.replace("ORDER BY ?l", "ORDER BY ?l LIMIT 3"))] == COUNTRIES[:3]
    assert g.query("ASK { ?s <https://w3id.org/actorgraph/ontology#signedWith> ?o }").askAnswer is True
    assert sorted(str(o) for o in g.objects(URIRef(COUNTRIES[0][0]), URIRef("http://www.w3.org/2002/07/owl#sameAs"))) == [
        "http://www.wikidata.org/entity/Q148"]


def test_server_cuts_long_answers_and_says_so(endpoint) -> None:  # type: ignore[no-untyped-def]
    status, headers, text = get(endpoint.url, LABELS, "text/csv")
    assert (status, headers.get("X-SPARQL-MaxRows")) == (200, "3")
    assert text.splitlines() == ["e,l", *[",".join(c) for c in COUNTRIES[:3]]]


def test_server_stops_a_slow_query_and_keeps_serving(endpoint) -> None:  # type: ignore[no-untyped-def]
    started = time.monotonic()
    status, _, text = get(endpoint.url, SLOW)
    assert (status, text) == (503, "the query ran longer than the 1 s limit; narrow it or add a LIMIT\n")
    assert time.monotonic() - started < 5
    assert get(endpoint.url, "ASK { ?s ?p ?o }")[:3:2] == (200, '{"head": {}, "boolean": true}')


@pytest.mark.parametrize(("method", "path", "data", "headers", "status", "message"), [
    ("GET", "?query=" + urllib.parse.quote("SELECT * WHERE { SERVICE <http://x.org/q> { ?s ?p ?o } }"), None, {},
     403, "SERVICE clauses are refused: this endpoint does not fetch data from other hosts"),
    ("GET", "?query=" + urllib.parse.quote("SELECT * WHERE { ?s ?p }"), None, {},
     400, "cannot parse SPARQL: Expected SelectQuery at line 1, column 18"),
    ("GET", "?query=" + urllib.parse.quote("DROP ALL"), None, {}, 400, "updates are refused: this endpoint is read-only"),
    ("POST", "", b"update=DROP+ALL", {"Content-Type": "application/x-www-form-urlencoded"},
     400, "updates are refused: this endpoint is read-only"),
    ("POST", "", b"INSERT DATA { <http://a.org/s> <http://a.org/p> 1 }", {"Content-Type": "application/sparql-update"},
     400, "updates are refused: this endpoint is read-only"),
    ("PUT", "?graph=http://a.org/g", b"<http://a.org/s> <http://a.org/p> 1 .", {"Content-Type": "text/turtle"},
     405, "this endpoint is read-only: only GET and POST queries are answered"),
    ("DELETE", "?graph=http://a.org/g", None, {}, 405, "this endpoint is read-only: only GET and POST queries are answered"),
    ("POST", "", b"SELECT * WHERE { ?s ?p ?o }", {"Content-Type": "text/plain"},
     415, "cannot read a text/plain body; send application/sparql-query or application/x-www-form-urlencoded"),
    ("GET", "?query=" + urllib.parse.quote("SELECT * WHERE { ?s ?p ?o }"), None, {"Accept": "image/png"},
     406, "none of the Accept types (image/png) is offered for a SELECT query; ask for one of"),
    ("GET", "?default-graph-uri=http://a.org/g&query=ASK%7B%7D", None, {},
     400, "default-graph-uri is not supported: the default graph is the union of all graphs"),
    ("GET", "?foo=1", None, {}, 400, "give exactly one SPARQL query"),
])
def test_server_refuses_with_status_and_message(endpoint, method: str, path: str, data: bytes | None,  # type: ignore[no-untyped-def]
                                               headers: dict, status: int, message: str) -> None:
    got, response_headers, text = request(endpoint.url + path, method=method, data=data, headers=headers)
    assert (got, response_headers["Content-Type"]) == (status, "text/plain; charset=utf-8")
    assert text.startswith(message)
    assert response_headers["Access-Control-Allow-Origin"] == "*"


def test_server_answers_cors_preflight(endpoint) -> None:  # type: ignore[no-untyped-def]
    status, headers, _ = request(endpoint.url, method="OPTIONS", headers={
        "Origin": "https://yasgui.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type, x-requested-with"})
    assert status == 204
    assert (headers["Access-Control-Allow-Origin"], headers["Access-Control-Allow-Methods"],
            headers["Access-Control-Allow-Headers"]) == ("*", "GET, POST, OPTIONS", "content-type, x-requested-with")


@pytest.mark.parametrize(("accept", "kind", "media"), [
    (None, "SELECT", "application/sparql-results+json"),
    ("*/*", "CONSTRUCT", "text/turtle"),
    ("text/csv;q=0.5, application/sparql-results+xml", "SELECT", "application/sparql-results+xml"),
    ("application/json, text/*;q=0.1", "ASK", "application/json"),
    ("text/*", "DESCRIBE", "text/turtle"),
])
def test_server_negotiates_media_types(accept: str | None, kind: str, media: str) -> None:
    assert negotiate(accept, kind) == media


def test_server_kg_serve_command(tiny_trig) -> None:  # type: ignore[no-untyped-def]
    from SPARQLWrapper import JSON, SPARQLWrapper

    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "graph", "serve", str(tiny_trig), "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = f"http://127.0.0.1:{port}/sparql"
        for _ in range(100):
            try:
                urllib.request.urlopen(url, timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        client = SPARQLWrapper(url)
        client.setQuery(LABELS.replace("ORDER BY ?l", "ORDER BY ?l LIMIT 1"))
        client.setReturnFormat(JSON)
        assert client.query().convert()["results"]["bindings"] == [
            {"e": {"type": "uri", "value": COUNTRIES[0][0]}, "l": {"type": "literal", "value": "China"}}]
    finally:
        process.terminate()
        _, err = process.communicate(timeout=10)
    assert err.startswith(f"serving memory ({tiny_trig}) at {url} (read-only; Ctrl-C stops)")

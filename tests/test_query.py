"""SPARQL text handling (prefixes, guards, binding, formatting) and the `kg query` command."""

from __future__ import annotations

import json

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from graph.cli import cli
from graph.errors import QueryError
from graph.query import (
    Result,
    bind_values,
    format_result,
    guess_kind,
    has_service,
    is_update,
    prepare,
    query_kind,
    run_query,
    sparql_term,
)
from graph.terms import AG

CHINA = URIRef("https://w3id.org/actorgraph/id/wd/q148")
FIJI = URIRef("https://w3id.org/actorgraph/id/wd/q712")


@pytest.mark.parametrize(("text", "expected"), [
    ("SELECT * WHERE { SERVICE <http://x.org/sparql> { ?s ?p ?o } }", True),
    ("select * where { service <http://x.org/sparql> { ?s ?p ?o } }", True),
    ('SELECT * WHERE { ?s rdfs:label "SERVICE" }', False),
    ("# SERVICE in a comment\nSELECT * WHERE { ?s ?p ?o }", False),
    ("SELECT * WHERE { ?s ?p <http://x.org/SERVICE> }", False),
])
def test_query_has_service_ignores_strings_comments_and_iris(text: str, expected: bool) -> None:
    assert has_service(text) is expected


@pytest.mark.parametrize(("text", "message"), [
    ("SELECT * WHERE { ?s ?p }", "cannot parse SPARQL: Expected SelectQuery at line 1, column 18"),
    ("INSERT DATA { <http://a.org/s> <http://a.org/p> 1 }", "this is a SPARQL update; the graph is only queried here"),
    ("SELECT * WHERE { SERVICE <http://x.org/sparql> { ?s ?p ?o } }", "SERVICE clauses are refused"),
])
def test_query_prepare_refuses_with_a_message(text: str, message: str) -> None:
    with pytest.raises(QueryError, match=message.replace("(", r"\(")):
        prepare(text)


@pytest.mark.parametrize(("text", "kind"), [
    ("SELECT ?s WHERE { ?s ?p ?o }", "SELECT"),
    ("ASK { ?s ?p ?o }", "ASK"),
    ("PREFIX ex: <http://example.org/select#>\nCONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "CONSTRUCT"),
    ("DESCRIBE <https://w3id.org/actorgraph/id/wd/q148>", "DESCRIBE"),
])
def test_query_kind_from_parse_and_guess_agree(text: str, kind: str) -> None:
    assert (query_kind(text), guess_kind(text)) == (kind, kind)


@pytest.mark.parametrize(("text", "expected"), [
    ("DELETE WHERE { ?s ?p ?o }", True),
    ("DROP ALL", True),
    ("SELECT * WHERE { ?s ?p ?o }", False),
    ("SELECT * WHERE {", False),
])
def test_query_is_update(text: str, expected: bool) -> None:
    assert is_update(text) is expected


@pytest.mark.parametrize(("value", "term"), [
    ("China", '"China"'),
    ('say "hi"\n\\ {} }', '"say \\"hi\\"\\n\\\\ {} }"'),
    (300, f'"300"^^<{XSD.integer}>'),
    (Literal("2024", datatype=XSD.gYear), f'"2024"^^<{XSD.gYear}>'),
    (Literal("Chine", lang="fr"), '"Chine"@fr'),
    (CHINA, f"<{CHINA}>"),
])
def test_query_sparql_term_escapes_values(value: object, term: str) -> None:
    assert sparql_term(value) == term


@pytest.mark.parametrize("value", [
    'a "quoted" name', "two\nlines\tand tab", "back\\slash } ) # not a comment", "Timor-Leste’s police",
])
def test_query_bound_text_comes_back_unchanged(tiny_dataset, value: str) -> None:  # type: ignore[no-untyped-def]
    result = run_query(tiny_dataset, "SELECT ?v WHERE { }", bindings={"v": value})
    assert result.rows == ((Literal(value),),)


@pytest.mark.parametrize("iri", ["https://x.org/a> } DROP ALL", "https://x.org/a b"])
def test_query_sparql_term_rejects_unsafe_iris(iri: str) -> None:
    with pytest.raises(QueryError, match="not a usable IRI"):
        sparql_term(URIRef(iri))


@pytest.mark.parametrize(("text", "bindings", "expected"), [
    ("SELECT ?e WHERE { ?e ?p ?o }", {"e": CHINA},
     f"SELECT ?e WHERE {{\n  VALUES (?e) {{ (<{CHINA}>) }}\n ?e ?p ?o }}"),
    ("# WHERE { in a comment\nSELECT * WHERE{?e ?p ?n}", {"e": [CHINA, FIJI], "n": 2},
     (f"# WHERE {{ in a comment\nSELECT * WHERE{{\n  VALUES (?e ?n) {{ (<{CHINA}> \"2\"^^<{XSD.integer}>) "
     f"(<{FIJI}> \"2\"^^<{XSD.integer}>) }}\n?e ?p ?n}}")),
    ("SELECT * { ?e ?p ?o }", {"o": "x"}, 'SELECT * {\n  VALUES (?o) { ("x") }\n ?e ?p ?o }'),
])
def test_query_bind_values_opens_the_top_level_group(text: str, bindings: dict, expected: str) -> None:
    assert bind_values(text, bindings) == expected


@pytest.mark.parametrize(("text", "bindings", "message"), [
    ("SELECT * WHERE { ?s ?p ?o }", {"bad name": 1}, "is not a SPARQL variable name"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", {"s": CHINA}, "short form CONSTRUCT WHERE"),
])
def test_query_bind_values_refuses(text: str, bindings: dict, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        bind_values(text, bindings)


@pytest.mark.parametrize(("fmt", "expected"), [
    ("table", "trainer  quantity\n-------  --------\nChina    300\nChina    2700\n(2 rows)"),
    ("csv", "trainer,quantity\nChina,300\nChina,2700"),
    ("tsv", "trainer\tquantity\nChina\t300\nChina\t2700"),
])
def test_query_format_result_shows_labels(tiny_dataset, fmt: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    text = "SELECT ?trainer ?quantity WHERE { ?st rdf:predicate ag:trains ; rdf:subject ?trainer ; ag:quantity ?quantity } ORDER BY ?quantity"
    assert format_result(tiny_dataset, run_query(tiny_dataset, text), fmt) == expected


def test_query_format_result_json_keeps_raw_values(tiny_dataset) -> None:  # type: ignore[no-untyped-def]
    result = Result(("e", "p", "n"), ((CHINA, AG.trains, Literal(300)),))
    assert json.loads(format_result(tiny_dataset, result, "json")) == {
        "columns": ["e", "p", "n"],
        "rows": [{"e": "China", "p": "trains", "n": "300"}],
        "values": [{"e": str(CHINA), "p": str(AG.trains), "n": "300"}],
    }


@pytest.mark.parametrize(("args", "code", "output"), [
    (["SELECT ?l WHERE { <https://w3id.org/actorgraph/id/wd/q685> rdfs:label ?l }"], 0,
     "l\n---------------\nSolomon Islands\n(1 row)\n"),
    (["ASK { ?s ag:signedWith ?o }", "--format", "csv"], 0, "ask\ntrue\n"),
    (["CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s rdfs:label ?l FILTER(?l = \"Fiji\") }", "--format", "tsv"], 0,
     "subject\tpredicate\tobject\nFiji\trdfs:label\tFiji\n"),
    (["SELECT * WHERE { ?s ?p }"], 2,
     "Error: cannot parse SPARQL: Expected SelectQuery at line 1, column 18\n"),
    (["SELECT * WHERE { SERVICE <http://x.org/q> { ?s ?p ?o } }"], 2,
     ("Error: SERVICE clauses are refused: they fetch data from other hosts; "
     "pass --allow-service if you trust this query\n")),
    (["DELETE WHERE { ?s ?p ?o }"], 2,
     "Error: this is a SPARQL update; the graph is only queried here (use SELECT, ASK, CONSTRUCT or DESCRIBE)\n"),
])
def test_query_cli_answers_or_refuses(runner, tiny_trig, args: list[str], code: int, output: str) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(cli, ["query", str(tiny_trig), *args])
    assert (result.exit_code, result.output) == (code, output)
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize(("args", "message"), [
    (["missing.trig", "SELECT * WHERE { ?s ?p ?o }"],
     "Error: missing.trig: no such graph file; build one with `kg build SOURCES --out DIR`\n"),
    (["--store", "nowhere:x", "SELECT * WHERE { ?s ?p ?o }"],
     ("Error: 'nowhere:x' is not a store; use memory, oxigraph:PATH or sparql:URL "
     "(e.g. oxigraph:out/oxigraph or sparql:http://127.0.0.1:7878/query)\n")),
])
def test_query_cli_store_errors_are_one_line(runner, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(cli, ["query", *args])
    assert (result.exit_code, result.output) == (1, message)


@pytest.mark.parametrize("command", ["query", "ask", "explain", "serve", "load", "stats"])
def test_query_cli_commands_have_help(runner, command: str) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "--store" in result.output

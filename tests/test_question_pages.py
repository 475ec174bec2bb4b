"""Paging named questions: pages concatenate to the whole answer on every store, a bound entity
gives the listing's rows about it, and the comment lines that shape a question's queries."""

from __future__ import annotations

import pytest
from helpers import pages
from rdflib import Literal, URIRef
from test_stores import PARAMS, oxigraph_server, stores  # noqa: F401 (fixtures, used by name)

from graph.errors import QueryError
from graph.questions import (
    ask,
    filter_clause,
    keep_lines,
    list_questions,
    parse_question,
    rows_clause,
    window_page,
    window_span,
)

CHINA = URIRef("https://w3id.org/actorgraph/id/wd/q148")
PAGED = [(name, params) for name, cases in PARAMS.items() for params in cases if "limit" not in params]


@pytest.mark.server
@pytest.mark.parametrize("kind", ["memory", "oxigraph", "sparql"])
@pytest.mark.parametrize(("name", "params"), PAGED, ids=[f"{n}-{i}" for i, (n, _) in enumerate(PAGED)])
def test_question_pages_concatenate_to_the_whole_answer(stores, kind: str, name: str, params: dict) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    store = stores[kind]
    whole = list(ask(store, name, params, paged=False).rows)
    assert whole == list(ask(stores["memory"], name, params, paged=False).rows)
    for limit in (1, 2, 3):
        assert pages(store, name, params, limit) == whole, limit
    assert ask(store, name, {**params, "limit": 1000}).rows == tuple(whole)


# A question about one entity, the column that holds it in the listing, and how to bind it.
ABOUT = [
    ("sources-of", "subject", 0, {"subject": "China"}),
    ("agreements-of", "country", 0, {"country": "China"}),
    ("who-trains-whom", "trainer", 0, {"trainer": "China"}),
    ("cited-for", "source", 0, {"source": "Reuters"}),
    ("rejections", "actor", 0, {"actor": "Thailand"}),
]


@pytest.mark.server
@pytest.mark.parametrize("kind", ["memory", "oxigraph", "sparql"])
@pytest.mark.parametrize(("name", "column", "at", "params"), ABOUT, ids=[a[0] for a in ABOUT])
def test_question_about_an_entity_is_the_listing_filtered(stores, kind: str, name: str, column: str, at: int,  # type: ignore[no-untyped-def]  # noqa: F811
                                                          params: dict) -> None:
    store = stores[kind]
    listing = ask(store, name, {}, paged=False)
    entity = store.entities_named(params[column])
    expected = [row for row in listing.rows if row[at] in entity]
    assert expected
    assert list(ask(store, name, params).rows) == expected[:50]
    assert pages(store, name, params, 1) == expected


@pytest.mark.server
@pytest.mark.parametrize("kind", ["memory", "oxigraph", "sparql"])
def test_question_timeline_of_an_entity_is_the_timeline_filtered(stores, kind: str) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    store = stores[kind]
    expected = [row for row in ask(store, "timeline", {}, paged=False).rows if CHINA in (row[1], row[3])]
    assert expected
    assert pages(store, "timeline", {"entity": "China"}, 1) == expected


TEXT = """# description: X
# param: who = "" (entity: someone)
# param: what = "" (relation: something)
SELECT ?x WHERE {
  {
    SELECT ?d WHERE {
      # bind
      ?s ?p ?d .  # unless who, what
      ?s ag:about ?who ; ?p ?d .  # if who, what
    }
    ORDER BY ?d
    # window
  }
  # bind
  ?d ag:has ?x .
}
"""


def test_question_if_and_unless_lines_follow_the_parameters_given() -> None:
    assert "?s ?p ?d ." in keep_lines(TEXT, []) and "ag:about" not in keep_lines(TEXT, [])
    for given in (["who"], ["what"], ["who", "what"]):
        assert "ag:about" in keep_lines(TEXT, given) and "?s ?p ?d ." not in keep_lines(TEXT, given)
    parse_question("x", TEXT)  # by hand, every line stays: still one query
    with pytest.raises(QueryError, match=r"x.rq: '# if who, whom' names no parameter whom"):
        parse_question("x", TEXT.replace("# if who, what", "# if who, whom"))


def test_question_window_page_puts_the_groups_in_place_of_the_window() -> None:
    span = window_span(TEXT)
    assert span is not None and TEXT[span[0]:span[1]].startswith("{\n    SELECT ?d") and TEXT[span[1] - 1] == "}"
    page = window_page(TEXT, span, {"who": [CHINA]}, ["d"], [(URIRef("https://x.org/d1"),), (None,)])
    assert "SELECT ?d WHERE" not in page
    assert "VALUES (?d) { (<https://x.org/d1>) (UNDEF) }" in page
    assert f"FILTER(?who IN (<{CHINA}>))" in page
    assert window_span("SELECT * WHERE { ?s ?p ?o }") is None


def test_question_rows_and_filter_clauses() -> None:
    assert rows_clause(["a", "b"], [(Literal(1), None)]) == 'VALUES (?a ?b) { ("1"^^<http://www.w3.org/2001/XMLSchema#integer> UNDEF) }'
    assert rows_clause(["a"], []) == "{ FILTER(1 = 0) }"  # rdflib fails on an empty VALUES block
    assert filter_clause({}) == ""
    assert filter_clause({"a": [CHINA, CHINA], "b": Literal("x")}) == f'  FILTER(?a IN (<{CHINA}>, <{CHINA}>) && ?b IN ("x"))'


def test_question_every_window_question_is_paged_in_tests() -> None:
    windowed = {q.name for q in list_questions() if window_span(q.text) is not None}
    assert windowed <= {name for name, _ in PAGED}

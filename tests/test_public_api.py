"""The public API (`import graph`): every name documented, a light import, exact answers on the tiny graph."""

from __future__ import annotations

import html
import importlib
import inspect
import json
import os
import pkgutil
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from rdflib import Dataset, Literal, URIRef

import graph
from graph.errors import QueryError, RenderError
from graph.records import Extraction
from graph.terms import AG

CHINA = "https://w3id.org/actorgraph/id/wd/q148"
TRAINS = """SELECT ?trainer ?trainee ?n WHERE {
  ?st rdf:predicate ag:trains ; rdf:subject ?trainer ; rdf:object ?trainee ; ag:quantity ?n
} ORDER BY ?n"""


def records(frame: Any) -> list[dict[str, Any]]:
    """The rows of a DataFrame as dicts, with every missing value as None."""
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


# --- the names -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", graph.__all__)
def test_public_api_name_imports_and_has_a_docstring(name: str) -> None:
    value = getattr(graph, name)
    assert callable(value) and not inspect.ismodule(value)
    doc = inspect.getdoc(value)
    assert doc and doc.splitlines()[0].strip()
    if value.__module__ == "graph.notebook":
        assert "Example" in doc


def test_public_api_all_lists_every_export() -> None:
    assert sorted(graph.__all__) == sorted(graph._EXPORTS) == graph.__all__
    namespace: dict[str, Any] = {}
    exec("from graph import *", namespace)  # noqa: S102
    assert set(graph.__all__) <= set(namespace)
    assert set(graph.__all__) <= set(dir(graph))
    with pytest.raises(AttributeError, match="module 'graph' has no attribute 'nope'"):
        graph.nope  # noqa: B018


def test_public_api_names_are_not_submodule_names() -> None:
    # `import graph.x` sets the attribute x to the module, which would shadow a function called x.
    submodules = {m.name for m in pkgutil.iter_modules(graph.__path__)}
    assert not submodules & set(graph.__all__)
    importlib.import_module("graph.explain")  # importing a submodule must not change the API
    assert graph.explain_entity.__module__ == "graph.notebook"


def test_public_api_returns_rdflib_datasets() -> None:
    assert graph.build_graph is importlib.import_module("graph.api").build_graph
    assert inspect.signature(graph.load_dataset).return_annotation in {"Dataset", Dataset}


@pytest.mark.parametrize("code, absent", [
    ("import graph", ["spacy", "pandas", "rdflib", "networkx", "pyvis", "matplotlib", "IPython"]),
    ("import graph\nfor n in graph.__all__: getattr(graph, n)", ["spacy", "pandas", "matplotlib", "IPython"]),
])
def test_public_api_import_is_light(code: str, absent: list[str]) -> None:
    probe = f"{code}\nimport sys, json\nprint(json.dumps(sorted(m for m in {absent!r} if m in sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).parent)
    assert json.loads(out.stdout.splitlines()[-1]) == []


# --- load and save -------------------------------------------------------------------------------

def _quads(ds: Dataset) -> set[tuple[Any, ...]]:
    return {(s, p, o, getattr(g, "identifier", g)) for s, p, o, g in ds.quads((None, None, None, None))}


def test_public_api_save_and_load_roundtrip(tiny_dataset: Dataset, tmp_path: Path) -> None:
    path = graph.save_dataset(tiny_dataset, tmp_path / "out" / "graph.trig")
    assert path == tmp_path / "out" / "graph.trig"
    loaded = graph.load_dataset(path)
    assert isinstance(loaded, Dataset)
    assert _quads(loaded) == _quads(tiny_dataset)


# --- sparql --------------------------------------------------------------------------------------

def test_public_api_sparql_gives_readable_values(tiny_dataset: Dataset) -> None:
    frame = graph.sparql(tiny_dataset, TRAINS)
    assert list(frame.columns) == ["trainer", "trainee", "n"]
    assert records(frame) == [
        {"trainer": "China", "trainee": "Fijian police officers", "n": 300},
        {"trainer": "China", "trainee": "foreign officers", "n": 2700},
    ]
    assert str(frame["n"].dtype) == "Int64"


def test_public_api_sparql_iris_adds_a_column_after_each_entity_column(tiny_dataset: Dataset) -> None:
    frame = graph.sparql(tiny_dataset, TRAINS, iris=True)
    assert list(frame.columns) == ["trainer", "trainer_iri", "trainee", "trainee_iri", "n"]
    assert frame["trainer_iri"].tolist() == [CHINA, CHINA]
    # ontology terms are names, not entities: no _iri column for them
    statuses = graph.sparql(tiny_dataset, "SELECT DISTINCT ?s WHERE { ?st ag:status ?s } ORDER BY ?s", iris=True)
    assert records(statuses) == [{"s": "Completed"}, {"s": "Planned"}]


def test_public_api_sparql_literal_types(tiny_dataset: Dataset) -> None:
    frame = graph.sparql(tiny_dataset, """SELECT ?confidence ?date ?big WHERE {
      ?st rdf:predicate ag:trains ; ag:quantity 300 ; ag:confidence ?confidence ; ag:date ?date .
      BIND(?confidence > 0.5 AS ?big) }""")
    assert records(frame) == [{"confidence": 0.8, "date": "2024", "big": True}]
    assert [str(t) for t in frame.dtypes] == ["float64", "str", "bool"]


@pytest.mark.parametrize("params, expected", [
    ({"cls": AG.Country}, ["China", "Fiji", "Solomon Islands", "Thailand"]),
    ({"cls": AG.Person}, ["Fiji's police commissioner", "Wang Xiaohong"]),
    ({"cls": [AG.Group, AG.Agreement]}, ["Fijian police officers", "foreign officers",
                                          "plan to conduct joint patrols with Chinese police",
                                          "policing agreement"]),
    ({"cls": AG.Country, "label": "Fiji"}, ["Fiji"]),
    ({"label": Literal("Thailand")}, ["Thailand"]),
])
def test_public_api_sparql_binds_parameters(tiny_dataset: Dataset, params: dict, expected: list[str]) -> None:
    frame = graph.sparql(tiny_dataset, "SELECT ?label WHERE { ?e a ?cls ; rdfs:label ?label } ORDER BY ?label",
                         **params)
    assert frame["label"].tolist() == expected


def test_public_api_sparql_ask_and_construct(tiny_dataset: Dataset) -> None:
    assert records(graph.sparql(tiny_dataset, "ASK { ?a ag:trains ?b }")) == [{"ask": True}]
    assert records(graph.sparql(tiny_dataset, "ASK { ?a ag:metWith ?b }")) == [{"ask": False}]
    built = graph.sparql(tiny_dataset, "CONSTRUCT { ?a ag:trains ?b } WHERE { ?a ag:trains ?b }")
    assert records(built) == [
        {"subject": "China", "predicate": "trains", "object": "Fijian police officers"},
        {"subject": "China", "predicate": "trains", "object": "foreign officers"},
    ]


def test_public_api_sparql_empty_answer_keeps_its_columns(tiny_dataset: Dataset) -> None:
    frame = graph.sparql(tiny_dataset, "SELECT ?a ?b WHERE { ?a ag:metWith ?b }")
    assert (list(frame.columns), len(frame)) == (["a", "b"], 0)


@pytest.mark.parametrize("query, message", [
    ("SELECT ?x WHERE { ?x ", "cannot parse SPARQL"),
    ("SELECT * WHERE { SERVICE <https://example.org/sparql> { ?s ?p ?o } }", "SERVICE clauses are refused"),
    ("INSERT DATA { <https://e.org/a> <https://e.org/b> 1 }", "this is a SPARQL update"),
])
def test_public_api_sparql_errors(tiny_dataset: Dataset, query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        graph.sparql(tiny_dataset, query)


# --- named questions -----------------------------------------------------------------------------

def test_public_api_ask_who_trains_whom(tiny_dataset: Dataset) -> None:
    frame = graph.ask(tiny_dataset, "who-trains-whom")
    assert records(frame) == [
        {"trainer": "China", "trainee": "Fijian police officers", "quantity": 300, "date": "2024",
         "status": "Planned", "source": "Ministry of Public Security", "document": "China to train Pacific police"},
        {"trainer": "China", "trainee": "foreign officers", "quantity": 2700, "date": None,
         "status": "Completed", "source": "Wang Xiaohong", "document": "Wang Xiaohong meets Pacific ministers"},
    ]
    assert records(graph.ask(tiny_dataset, "who-trains-whom", trainee="FIJIAN POLICE OFFICERS"))[0]["quantity"] == 300


def test_public_api_ask_iris_and_keyword_parameters(tiny_dataset: Dataset) -> None:
    frame = graph.ask(tiny_dataset, "who-trains-whom", trainer="china", iris=True)
    assert frame["trainer_iri"].tolist() == [CHINA, CHINA]
    timeline = graph.ask(tiny_dataset, "timeline", from_="2012", to="2023")  # `from` is a Python keyword
    assert records(timeline[["date", "subject", "predicate", "object"]]) == [
        {"date": "2022", "subject": "Solomon Islands", "predicate": "signedWith", "object": "China"}]


def test_public_api_ask_returns_every_row_unless_paged(tiny_dataset: Dataset) -> None:
    everything = graph.ask(tiny_dataset, "entities")
    assert len(everything) == 12
    assert everything["entity"].tolist()[:3] == ["China", "Fiji", "Ministry of Public Security"]
    page = graph.ask(tiny_dataset, "entities", limit=5, offset=1)
    assert page["entity"].tolist() == everything["entity"].tolist()[1:6]


@pytest.mark.parametrize("name, params, message", [
    ("who-trains-who", {}, "no named question 'who-trains-who'; did you mean who-trains-whom?"),
    ("who-trains-whom", {"country": "Fiji"}, "who-trains-whom has no parameter 'country'"),
    ("who-trains-whom", {"trainer": "Chna"}, "no entity is labelled 'Chna' .*near matches: China"),
    ("facts-about", {}, "facts-about needs entity"),
])
def test_public_api_ask_errors(tiny_dataset: Dataset, name: str, params: dict, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        graph.ask(tiny_dataset, name, **params)


def test_public_api_list_questions() -> None:
    from graph.questions import query_dir

    table = graph.list_questions()
    assert list(table.columns) == ["name", "description", "parameters"]
    assert table["name"].tolist() == sorted(f.name[:-3] for f in query_dir().iterdir() if f.name.endswith(".rq"))
    row = table.set_index("name").loc["who-trains-whom"]
    assert (row["description"], row["parameters"]) == (
        "Who trains whom, with quantities, dates and status (oldest document first, then by place in the document)",
        "trainer, trainee, limit=50, offset=0")


# --- explain -------------------------------------------------------------------------------------

def test_public_api_explain_entity(tiny_dataset: Dataset, tiny_extractions: list[Extraction]) -> None:
    frame = graph.explain_entity(tiny_dataset, "solomon islands")
    sentence = "The Solomon Islands signed a security pact with China in 2022."
    start = tiny_extractions[1].article.text.index(sentence)
    assert records(frame) == [{
        "subject": "Solomon Islands", "predicate": "signedWith", "object": "China", "role": "subject",
        "quantity": None, "date": "2022", "status": "Completed", "source": None, "evidence": sentence,
        "document": "Wang Xiaohong meets Pacific ministers", "published": "2024-05-12", "file": "tiny2.txt",
        "start": start, "end": start + len(sentence), "confidence": 0.9,
    }]
    assert frame.attrs["entities"] == [{
        "iri": "https://w3id.org/actorgraph/id/wd/q685", "label": "Solomon Islands", "classes": ("Country",),
        "aliases": (), "wikidata": "Q685", "documents": 1, "status": "",
    }]


def test_public_api_explain_entity_roles(tiny_dataset: Dataset) -> None:
    frame = graph.explain_entity(tiny_dataset, "Wang Xiaohong")
    assert sorted(zip(frame["role"], frame["subject"], frame["predicate"], frame["object"])) == [
        ("source", "China", "trains", "foreign officers"),
        ("subject", "Wang Xiaohong", "leads", "Ministry of Public Security"),
    ]


def test_public_api_explain_entity_unknown_name(tiny_dataset: Dataset) -> None:
    with pytest.raises(QueryError, match="no entity is labelled 'Solomon Island' .*near matches: Solomon Islands"):
        graph.explain_entity(tiny_dataset, "Solomon Island")


# --- networkx ------------------------------------------------------------------------------------

def test_public_api_to_networkx(tiny_dataset: Dataset) -> None:
    g = graph.to_networkx(tiny_dataset)
    assert isinstance(g, nx.MultiDiGraph)
    assert sorted((d["label"], d["cls"]) for _, d in g.nodes(data=True)) == [
        ("China", "Country"), ("China to train Pacific police", "Article"), ("Fiji", "Country"),
        ("Fiji's police commissioner", "Person"), ("Fijian police officers", "Group"),
        ("Ministry of Public Security", "GovernmentBody"), ("Reuters", "Organization"),
        ("Solomon Islands", "Country"), ("Thailand", "Country"), ("Wang Xiaohong", "Person"),
        ("foreign officers", "Group"), ("plan to conduct joint patrols with Chinese police", "Agreement"),
        ("policing agreement", "Agreement"),
    ]
    label = dict(g.nodes(data="label"))
    edges = {(label[u], d["relation"], label[v]): d for u, v, d in g.edges(data=True)}
    assert sorted(edges) == [
        ("China", "trains", "Fijian police officers"), ("China", "trains", "foreign officers"),
        ("China to train Pacific police", "cites", "Reuters"), ("Fiji", "signedWith", "China"),
        ("Solomon Islands", "signedWith", "China"),
        ("Thailand", "rejected", "plan to conduct joint patrols with Chinese police"),
        ("Wang Xiaohong", "leads", "Ministry of Public Security"),
    ]
    trains = edges[("China", "trains", "Fijian police officers")]
    assert (trains["quantity"], trains["date"], trains["status"]) == (300, "2024", "Planned")
    (source,) = trains["sources"]
    assert (source["document_id"], source["attributed_to_label"], source["evidence"]) == (
        "tiny1.txt", "Ministry of Public Security",
        "China will train 300 Fijian police officers this year, the Ministry of Public Security said.")
    assert edges[("Solomon Islands", "signedWith", "China")]["date"] == "2022"


# --- the network, inline -------------------------------------------------------------------------

OUR_URLS = {"http://www.w3.org/2000/svg", "https://www.wikidata.org/wiki/"}
"""The page's own markup and scripts name only the SVG namespace and Wikidata links (see test_render)."""


def _srcdoc(frame: str) -> str:
    match = re.fullmatch(r'<iframe srcdoc="([^"]*)"[^>]*></iframe>', frame)
    assert match, frame[:200]
    return html.unescape(match.group(1))


def test_public_api_show_network_is_inline_and_offline(tiny_dataset: Dataset) -> None:
    from importlib.resources import files

    view = graph.show_network(tiny_dataset)
    frame = view._repr_html_()
    assert _srcdoc(frame) == view.page
    outside = re.sub(r'srcdoc="[^"]*"', "", frame)
    assert not re.search(r"https?:|\b(src|href)\s*=", outside)
    assert 'sandbox="allow-scripts allow-popups"' in frame and "height:640px" in frame
    vis = files("graph").joinpath("assets", "vis-network.min.js").read_text(encoding="utf-8")
    assert vis in view.page  # inlined, not fetched
    page = view.page.replace(vis, "")  # vis-network's licence comments name its homepages
    data = re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', page, flags=re.DOTALL)
    markup = re.sub(r'<script type="application/json"[^>]*>.*?</script>', "", page, flags=re.DOTALL)
    assert set(re.findall(r"https?://[^\s\"'<>)]*", markup)) == OUR_URLS
    iris = {str(s) for s in tiny_dataset.subjects()}
    linked = {u for block in data for u in re.findall(r'"(https?://[^"]*)"', block)}
    assert linked <= iris  # the data names nodes by IRI; nothing is loaded from them
    assert "cdn" not in markup.lower()
    assert repr(view).startswith("<NetworkView: a ")


def test_public_api_show_network_focus(tiny_dataset: Dataset) -> None:
    view = graph.show_network(tiny_dataset, focus="solomon islands", depth=1, relations=["signedWith"],
                              height="300px")
    (block,) = re.findall(r'<script type="application/json" data-role="drawing">(.*?)</script>', view.page,
                          flags=re.DOTALL)
    drawing = json.loads(block)
    assert sorted(n["label"] for n in drawing["nodes"]) == ["China", "Solomon Islands"]
    assert "height:300px" in view._repr_html_()


@pytest.mark.parametrize("kwargs, message", [
    ({"focus": "Atlantis"}, "no node is called 'Atlantis'"),
    ({"relations": ["befriends"]}, "unknown relation 'befriends'"),
    ({"max_nodes": 3}, "the graph has 13 nodes"),
])
def test_public_api_show_network_errors(tiny_dataset: Dataset, kwargs: dict, message: str) -> None:
    with pytest.raises(RenderError, match=message):
        graph.show_network(tiny_dataset, **kwargs)


@pytest.mark.browser
def test_public_api_show_network_draws_inside_a_notebook_output(tiny_dataset: Dataset, tmp_path: Path) -> None:
    """The frame, inserted in a page as JupyterLab and VS Code insert HTML output, draws offline."""
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        if os.environ.get("AG_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{chromium} is missing (AG_REQUIRE_BROWSER=1)")
        pytest.skip(f"{chromium} is missing: install Debian's Chromium with `apt-get install -y chromium`")
    from playwright.sync_api import sync_playwright

    host = tmp_path / "notebook.html"
    host.write_text("<!DOCTYPE html><html><body><div class='jp-OutputArea-output'>"
                    f"{graph.show_network(tiny_dataset)._repr_html_()}</div></body></html>", encoding="utf-8")
    fetched: list[str] = []
    errors: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            fetched.append(r.request.url)
            r.abort()

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(chromium), headless=True,
                                     args=["--headless", "--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            page.route("**/*", route)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(host.as_uri())
            (frame,) = [f for f in page.frames if f.url == "about:srcdoc"]
            frame.wait_for_selector(".ag-net[data-state=ready]", timeout=30_000)
            drawn = frame.evaluate("() => document.querySelector('.ag-net').agNetwork.network.body.nodeIndices.length")
        finally:
            browser.close()
    assert (drawn, fetched, errors) == (13, [], [])


def test_public_api_render_html_writes_the_same_page(tiny_dataset: Dataset, tmp_path: Path) -> None:
    path = graph.render_html(tiny_dataset, tmp_path / "net.html")
    assert path.read_text(encoding="utf-8") == graph.show_network(tiny_dataset).page


# --- summary -------------------------------------------------------------------------------------

ENTITIES = {"Country": 4, "Agreement": 2, "Group": 2, "Person": 2, "GovernmentBody": 1, "Organization": 1}
RELATIONS = {"signedWith": 2, "trains": 2, "cites": 1, "leads": 1, "rejected": 1}


def test_public_api_summary_counts(tiny_dataset: Dataset) -> None:
    s = graph.summary(tiny_dataset)
    assert (s.documents, s.entities, s.relations, s.statements, s.triples) == (2, ENTITIES, RELATIONS, 7, 229)
    assert str(s).splitlines()[:3] == ["documents   2", "entities    12", "  Country                4"]


def test_public_api_summary_html_shows_the_counts(tiny_dataset: Dataset) -> None:
    page = graph.summary(tiny_dataset)._repr_html_()
    assert re.sub(r"<[^>]+>", "", page.split("<table")[0]) == (
        "2 documents, 12 entities, 7 relations (7 statements), 229 triples")
    tables = re.findall(r"<table.*?</table>", page)
    rows = [{k: int(v) for k, v in re.findall(r"<tr><td>([^<]*)</td><td[^>]*>(\d+)</td></tr>", t)}
            for t in tables]
    assert rows == [ENTITIES, RELATIONS]
    assert [re.findall(r"<th[^>]*>([^<]*)</th>", t)[0] for t in tables] == ["class", "relation"]


# --- build ---------------------------------------------------------------------------------------

@pytest.mark.slow
def test_public_api_build_graph(tiny_extractions: list[Extraction], tmp_path: Path, nlp_model: Any) -> None:
    for extraction in tiny_extractions:
        (tmp_path / extraction.article.id).write_text(extraction.article.text, encoding="utf-8")
    ds = graph.build_graph([tmp_path], nlp=nlp_model)
    assert isinstance(ds, Dataset)
    assert graph.summary(ds).documents == 2
    frame = graph.ask(ds, "documents")
    assert sorted(frame["file"]) == ["tiny1.txt", "tiny2.txt"]
    assert "China" in set(graph.ask(ds, "entities", type="Country")["entity"])
    assert URIRef(CHINA) in set(ds.subjects())


@pytest.mark.slow
def test_public_api_readme_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    root = Path(__file__).resolve().parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Python API"):readme.index("## Development")]
    (code,) = re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)
    monkeypatch.chdir(root)
    namespace: dict[str, Any] = {}
    exec(compile(code, "README.md (Python API)", "exec"), namespace)  # noqa: S102
    assert isinstance(namespace["ds"], Dataset)
    assert isinstance(namespace["g"], nx.MultiDiGraph)

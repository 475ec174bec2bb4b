"""Dataset → networkx, and the plain functions the network page uses over it."""

from __future__ import annotations

import math

import networkx as nx
import pytest
from rdflib import RDF, RDFS, Literal, URIRef

from graph.errors import RenderError
from graph.network import (
    check_relations,
    document_index,
    find_nodes,
    focus_graph,
    layout_positions,
    neighbourhood,
    node_attributes,
    node_count,
    select_relations,
    similar_names,
    to_networkx,
)
from graph.terms import AG, ENTITY_GRAPH


def _labels(g: nx.MultiDiGraph) -> set[str]:
    return {g.nodes[n]["label"] for n in g}


def _facts(g: nx.MultiDiGraph) -> set[tuple[str, str, str]]:
    return {(g.nodes[u]["label"], rel, g.nodes[v]["label"]) for u, v, rel in g.edges(data="relation")}


TINY_FACTS = {
    ("China", "trains", "Fijian police officers"),
    ("China", "trains", "foreign officers"),
    ("Fiji", "signedWith", "China"),
    ("Solomon Islands", "signedWith", "China"),
    ("Thailand", "rejected", "plan to conduct joint patrols with Chinese police"),
    ("China to train Pacific police", "cites", "Reuters"),
    ("Wang Xiaohong", "leads", "Ministry of Public Security"),
}


def test_network_to_networkx_keeps_its_attributes(tiny_dataset) -> None:
    g = to_networkx(tiny_dataset)
    assert _facts(g) == TINY_FACTS
    china = next(n for n in g if g.nodes[n]["label"] == "China")
    assert g.nodes[china]["cls"] == "Country"
    assert g.nodes[china]["wikidata"] == "http://www.wikidata.org/entity/Q148"
    assert len(g.nodes[china]["documents"]) == 2
    (edge,) = [d for u, v, d in g.edges(data=True) if d["relation"] == "trains" and d["quantity"] == 300]
    assert (edge["date"], edge["status"], edge["confidence"]) == ("2024", "Planned", 0.8)
    assert [s["evidence"] for s in edge["sources"]] == [
        "China will train 300 Fijian police officers this year, the Ministry of Public Security said."]
    assert edge["sources"][0]["document_title"] == "China to train Pacific police"
    assert edge["sources"][0]["attributed_to_label"] == "Ministry of Public Security"


@pytest.mark.parametrize("dataset", ["tiny_dataset", "seeds_build", "corpus_build"])
def test_network_node_count_is_the_size_of_the_network(request: pytest.FixtureRequest, dataset: str) -> None:
    ds = request.getfixturevalue(dataset)
    ds = getattr(ds, "dataset", ds)
    assert node_count(ds) == len(to_networkx(ds))


def test_network_node_attributes_lifecycle_of_a_cancelled_plan(tiny_dataset) -> None:
    g = to_networkx(tiny_dataset)
    (plan,) = [n for n in g if g.nodes[n]["label"].startswith("plan to conduct")]
    assert g.nodes[plan]["lifecycle"] == "Cancelled"


@pytest.mark.parametrize("iri, expected", [
    ("https://w3id.org/actorgraph/id/country/solomon-islands", "Solomon islands"),
    ("https://w3id.org/actorgraph/id/country/q685", "Q685"),
    ("https://w3id.org/actorgraph/ontology#Some_thing", "Some thing"),
])
def test_network_node_without_label_shows_a_name_not_an_iri(tiny_dataset, iri: str, expected: str) -> None:
    tiny_dataset.graph(ENTITY_GRAPH).add((URIRef(iri), RDF.type, AG.Country))
    attrs = node_attributes(tiny_dataset, URIRef(iri))
    assert (attrs["label"], attrs["cls"]) == (expected, "Country")


def test_network_node_attributes_prefer_the_label(tiny_dataset) -> None:
    node = URIRef("https://w3id.org/actorgraph/id/country/xx")
    tiny_dataset.graph(ENTITY_GRAPH).add((node, RDFS.label, Literal("Xland")))
    assert node_attributes(tiny_dataset, node)["label"] == "Xland"


def test_network_document_index_lists_ingested_documents_only(tiny_dataset) -> None:
    cited = URIRef("https://w3id.org/actorgraph/id/article/a-cited-article")
    tiny_dataset.graph(ENTITY_GRAPH).add((cited, RDF.type, AG.Article))
    docs = list(document_index(tiny_dataset).values())
    assert docs == [
        {"id": "tiny1.txt", "title": "China to train Pacific police", "date": "2024-03-03"},
        {"id": "tiny2.txt", "title": "Wang Xiaohong meets Pacific ministers", "date": "2024-05-12"},
    ]


@pytest.mark.parametrize("name, expected", [
    ("China", ["China"]),
    ("  china ", ["China"]),
    ("WANG", ["Wang Xiaohong"]),
    ("the Solomon Islands", ["Solomon Islands"]),
    ("Solomon", []),
])
def test_network_find_nodes_by_label_or_alias(tiny_dataset, name: str, expected: list[str]) -> None:
    g = to_networkx(tiny_dataset)
    assert [g.nodes[n]["label"] for n in find_nodes(g, name)] == expected


@pytest.mark.parametrize("name, expected", [
    ("Solomon Island", ["Solomon Islands"]),
    ("Chna", ["China"]),
    ("Solomon", ["Solomon Islands"]),
    ("xyzzy", []),
])
def test_network_similar_names(tiny_dataset, name: str, expected: list[str]) -> None:
    assert similar_names(to_networkx(tiny_dataset), name)[:1] == expected


@pytest.mark.parametrize("names, expected", [
    (["trains"], ["trains"]),
    (["SignedWith", "trains", "signedwith"], ["signedWith", "trains"]),
])
def test_network_check_relations(names: list[str], expected: list[str]) -> None:
    assert check_relations(names) == expected


def test_network_check_relations_rejects_unknown_names() -> None:
    with pytest.raises(RenderError, match=r"^unknown relation 'train'; use one or more of: trains, signedWith, "):
        check_relations(["train"])


def test_network_select_relations_drops_other_edges_and_lonely_nodes(tiny_dataset) -> None:
    g = to_networkx(tiny_dataset)
    out = select_relations(g, ["trains"])
    assert _facts(out) == {f for f in TINY_FACTS if f[1] == "trains"}
    assert _labels(out) == {"China", "Fijian police officers", "foreign officers"}
    assert len(g) == 13 and g.number_of_edges() == 7  # the input is left alone


@pytest.mark.parametrize("name, depth, relations, labels", [
    ("Solomon Islands", 0, None, {"Solomon Islands"}),
    ("Solomon Islands", 1, None, {"Solomon Islands", "China"}),
    ("solomon islands", 2, None, {"Solomon Islands", "China", "Fiji", "Fijian police officers", "foreign officers"}),
    ("Solomon Islands", 2, ["trains", "signedWith"],
     {"Solomon Islands", "China", "Fiji", "Fijian police officers", "foreign officers"}),
    ("Solomon Islands", 3, ["signedWith"], {"Solomon Islands", "China", "Fiji"}),
    ("Thailand", 2, ["trains"], {"Thailand"}),
    (None, 2, ["rejected"], {"Thailand", "plan to conduct joint patrols with Chinese police"}),
])
def test_network_focus_graph(tiny_dataset, name: str | None, depth: int, relations: list[str] | None,
                             labels: set[str]) -> None:
    out = focus_graph(to_networkx(tiny_dataset), name, depth=depth, relations=relations)
    assert _labels(out) == labels
    assert all(rel in (relations or [rel]) for *_, rel in out.edges(data="relation"))


def test_network_focus_graph_without_arguments_is_a_copy(tiny_dataset) -> None:
    g = to_networkx(tiny_dataset)
    out = focus_graph(g)
    out.remove_node(next(iter(out)))
    assert len(out) == len(g) - 1


@pytest.mark.parametrize("name, message", [
    ("Solomon Island", ("no node is called 'Solomon Island' (its label or an alias, in any case); "
                        "did you mean 'Solomon Islands'?")),
    ("xyzzy", ("no node is called 'xyzzy' (its label or an alias, in any case), and no name is close; "
               "check the spelling, or open the whole page and search there")),
])
def test_network_focus_graph_unknown_name(tiny_dataset, name: str, message: str) -> None:
    with pytest.raises(RenderError) as info:
        focus_graph(to_networkx(tiny_dataset), name)
    assert str(info.value) == message


def test_network_neighbourhood_follows_edges_both_ways(tiny_dataset) -> None:
    g = to_networkx(tiny_dataset)
    (fiji,) = find_nodes(g, "Fiji")
    assert _labels(neighbourhood(g, [fiji], depth=1)) == {"Fiji", "China"}


def _tiny_graph(kind: str) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    if kind == "star":
        g.add_edges_from(("hub", f"leaf{i:03d}") for i in range(600))
    elif kind == "isolates":
        g.add_nodes_from(f"n{i}" for i in range(40))
    else:
        g.add_edges_from([("a", "b"), ("b", "c"), ("c", "a"), ("x", "y")])
        g.add_node("alone")
    for n in g:
        g.nodes[n].update(label=n, cls="Country")
    return g


@pytest.mark.parametrize("kind", ["star", "isolates", "mixed"])
def test_network_layout_positions_are_spread_out_and_stable(kind: str) -> None:
    g = _tiny_graph(kind)
    pos = layout_positions(g)
    assert set(pos) == set(g) and pos == layout_positions(g)
    points = sorted(pos.values())
    closest = min(math.dist(p, q) for i, p in enumerate(points) for q in points[i + 1:i + 40])
    assert closest > 20  # no two nodes on top of each other

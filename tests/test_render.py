"""The network page as HTML: built by pyvis, offline, escaped, focused, and refused when too large.

The hostile and the 5,000-node datasets come from tests/network_fixtures.py,
which tests/test_browser.py also opens in Chromium.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from pathlib import Path

import pytest
from network_fixtures import (
    EVIL_ORG,
    EVIL_PERSON,
    EVIL_SENTENCE,
    EVIL_TITLE,
    IMG,
    SCRIPT,
    assemble,
    make_injection_extractions,
    make_synthetic_extractions,
)

from graph.errors import RenderError
from graph.render import MAX_NODES, embed_json, iframe_html, network_html, page_data, render_html


@pytest.fixture
def injection_dataset():  # type: ignore[no-untyped-def]
    return assemble(make_injection_extractions())


def _page_json(page: str) -> dict:
    match = re.search(r'<script type="application/json" data-role="data">(.*?)</script>', page, re.DOTALL)
    assert match is not None
    return json.loads(match.group(1))


def _inline_scripts(page: str) -> list[str]:
    return re.findall(r"<script>(.*?)</script>", page, re.DOTALL)


def _drawing_json(page: str) -> dict:
    match = re.search(r'<script type="application/json" data-role="drawing">(.*?)</script>', page, re.DOTALL)
    assert match is not None
    return json.loads(match.group(1))


# --- escaping ------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", [
    SCRIPT, IMG, EVIL_TITLE, "</SCRIPT >", "<!-- x -->", "a\u2028b\u2029c", "&amp; & <>", "'\"`",
])
def test_render_embed_json_is_inert_in_html_and_roundtrips(value: str) -> None:
    text = embed_json({"v": value, "list": [value]})
    assert not set(text) & {"<", ">", "&", "\u2028", "\u2029"}
    assert json.loads(text) == {"v": value, "list": [value]}


def test_render_injection_strings_never_reach_the_page_as_markup(injection_dataset) -> None:
    page = network_html(injection_dataset)
    for needle in (SCRIPT, IMG, "<svg onload", "</title><svg", "window.__pwned=1</script>"):
        assert needle not in page
    assert "<title>ActorGraph network</title>" in page
    data = _page_json(page)
    assert {n["label"] for n in data["nodes"]} >= {EVIL_ORG, EVIL_PERSON}
    assert data["documents"][0]["title"] == EVIL_TITLE
    (trains,) = [e for e in data["edges"] if e["rel"] == "trains"]
    assert trains["sources"][0]["evidence"] == EVIL_SENTENCE


@pytest.mark.parametrize("title", [EVIL_TITLE, "A & B <i>"])
def test_render_title_is_escaped(injection_dataset, title: str) -> None:
    page = network_html(injection_dataset, title=title)
    assert f"<title>{html.escape(title)}</title>" in page
    assert f'<h1 data-role="heading">{html.escape(title)}</h1>' in page


# --- offline and self-contained --------------------------------------------------------------------

def test_render_page_loads_nothing_from_elsewhere(tiny_dataset) -> None:
    page = network_html(tiny_dataset)
    outside_scripts = re.sub(r"<script[^>]*>.*?</script>", "", page, flags=re.DOTALL)
    assert not re.search(r"\b(src|href)\s*=", outside_scripts)
    assert not re.search(r"<link\b|@import|url\(\s*['\"]?(https?:)?//", page)
    assert "cdn" not in outside_scripts.lower()
    assert len(_inline_scripts(page)) == 3 and "vis-network" in _inline_scripts(page)[0][:400]


def test_render_content_security_policy_allows_only_the_page_scripts(tiny_dataset) -> None:
    page = network_html(tiny_dataset)
    csp = html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1))
    hashes = {f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'"
              for s in _inline_scripts(page)}
    assert csp.startswith("default-src 'none'; script-src ")
    assert set(re.search(r"script-src ([^;]+);", csp).group(1).split()) == hashes
    assert "connect-src" not in csp and "'unsafe-eval'" not in csp


def test_render_vis_network_licence_ships_beside_it() -> None:
    from importlib.resources import files

    assets = files("graph").joinpath("assets")
    assert "vis-network" in assets.joinpath("vis-network.min.js").read_text(encoding="utf-8")[:200]
    assert assets.joinpath("LICENSE-vis-network-MIT").read_text(encoding="utf-8").startswith("The MIT License")


# --- built by pyvis, with our template ------------------------------------------------------------

@pytest.fixture
def pyvis_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, object]]:
    """Records each pyvis `set_options` text and each `generate_html` call, with the Network."""
    from pyvis.network import Network

    calls: list[tuple[str, object]] = []
    set_options, generate_html = Network.set_options, Network.generate_html

    def spy_set_options(self: Network, options: str) -> None:
        calls.append(("set_options", options))
        set_options(self, options)

    def spy_generate_html(self: Network, *args: object, **kwargs: object) -> str:
        calls.append(("generate_html", self))
        return generate_html(self, *args, **kwargs)

    monkeypatch.setattr(Network, "set_options", spy_set_options)
    monkeypatch.setattr(Network, "generate_html", spy_generate_html)
    return calls


def test_render_page_is_built_by_pyvis(tiny_dataset, tmp_path: Path, pyvis_calls: list) -> None:
    path = render_html(tiny_dataset, tmp_path / "graph.html")
    page = path.read_text(encoding="utf-8")
    (options_text,) = [arg for name, arg in pyvis_calls if name == "set_options"]
    (net,) = [arg for name, arg in pyvis_calls if name == "generate_html"]
    assert (net.num_nodes(), net.num_edges(), net.heading, net.path) == (13, 7, "ActorGraph network", "network.html")
    assert page == net.html
    assert '<meta name="generator" content="pyvis with the ActorGraph offline template">' in page
    drawing = _drawing_json(page)
    assert drawing == {"nodes": net.nodes, "edges": net.edges, "options": net.options}
    # pyvis's set_options deletes spaces: the options reach the page exactly as render.py wrote them.
    assert drawing["options"] == json.loads(options_text)
    assert drawing["options"]["groups"]["Country"]["color"]["background"] == "#1c7ed6"
    nodes = {n["label"]: n for n in drawing["nodes"]}
    assert {k: nodes["China"][k] for k in ("shape", "group", "title")} == {
        "shape": "dot", "group": "Country", "title": "China\nCountry"}
    cancelled = nodes["plan to conduct joint patrols with Chinese police"]
    assert (cancelled["color"]["background"], cancelled["shapeProperties"], "group" in cancelled) == (
        "#ffffff", {"borderDashes": [4, 3]}, False)
    data = _page_json(page)
    assert [n["id"] for n in data["nodes"]] == [n["id"] for n in drawing["nodes"]]
    assert [e["id"] for e in data["edges"]] == [e["id"] for e in drawing["edges"]]
    assert not {"x", "y"} & {k for n in data["nodes"] for k in n}
    (planned,) = [e for e in drawing["edges"] if e.get("label") == "trains (300)"]
    assert (planned["dashes"], planned["arrows"]["to"]["type"], planned["title"]) == (
        [8, 6], "arrow", "China \u2192 trains \u2192 Fijian police officers\nPlanned \u00b7 2024\n1 source")


PYVIS_EXTRAS = ("cdn", "jsdelivr", "unpkg", "cloudflare", "bootstrap", "tom-select", "tomselect",
                "lib/bindings", "vis-9.", "neighbourhoodhighlight", "loadingbar", "<center>")
OUR_URLS = {"http://www.w3.org/2000/svg", "https://www.wikidata.org/wiki/"}
"""The only URLs in the page's own markup and scripts: the SVG namespace, and Wikidata links built from ids."""


@pytest.mark.parametrize("mode", ["local", "in_line", "remote"])
@pytest.mark.parametrize("make", [make_injection_extractions, lambda: make_synthetic_extractions(300, hubs=5)],
                         ids=["injection", "synthetic"])
def test_render_pyvis_adds_no_cdn_in_any_mode(monkeypatch: pytest.MonkeyPatch, mode: str, make) -> None:
    from importlib.resources import files

    from pyvis.network import Network

    init = Network.__init__
    monkeypatch.setattr(Network, "__init__", lambda self, *a, **kw: init(
        self, *a, **{**kw, "cdn_resources": mode, "select_menu": True, "filter_menu": True,
                     "neighborhood_highlight": True}))
    page = network_html(assemble(make()))
    vis, _app, _boot = _inline_scripts(page)
    assert files("graph").joinpath("assets", "vis-network.min.js").read_text(encoding="utf-8") in vis
    data = _page_json(page)
    ours = page.replace(vis, "")  # vis-network's own licence comments name its homepages
    markup = re.sub(r'<script type="application/json"[^>]*>.*?</script>', "", ours, flags=re.DOTALL)
    assert not [word for word in PYVIS_EXTRAS if word in ours.lower()]
    assert set(re.findall(r"https?://[^\s\"'<>)]*", markup)) == OUR_URLS
    assert not re.search(r"https?:", json.dumps(_drawing_json(page)))
    iris = {n["iri"] for n in data["nodes"]} | {d["iri"] for d in data["documents"]}
    assert set(re.findall(r'"(https?://[^"]*)"', json.dumps(data))) <= iris


# --- what the page holds -------------------------------------------------------------------------

def test_render_page_data_of_the_tiny_dataset(tiny_dataset) -> None:
    data = _page_json(network_html(tiny_dataset))
    label = {n["id"]: n["label"] for n in data["nodes"]}
    facts = {(label[e["from"]], e["rel"], label[e["to"]]) for e in data["edges"]}
    assert len(data["nodes"]) == 13 and len(facts) == 7
    assert ("Fiji", "signedWith", "China") in facts
    (china,) = [n for n in data["nodes"] if n["label"] == "China"]
    assert (china["cls"], china["wikidata"], china["deg"], china["src"]) == ("Country", "Q148", 4, 4)
    assert [data["documents"][i]["id"] for i in china["docs"]] == ["tiny1.txt", "tiny2.txt"]
    (planned,) = [e for e in data["edges"] if e["quantity"] == 300]
    assert (planned["status"], planned["date"], planned["sources"][0]["title"],
            planned["sources"][0]["published"]) == ("Planned", "2024", "China to train Pacific police", "2024-03-03")
    assert [c["name"] for c in data["classes"]] == [
        "Country", "GovernmentBody", "Person", "Organization", "Group", "Agreement", "Article"]
    assert [(r["name"], r["count"]) for r in data["relations"]] == [
        ("trains", 2), ("signedWith", 2), ("rejected", 1), ("cites", 1), ("leads", 1)]
    assert (data["physics"], data["large"], data["edgeLabels"]) == (True, False, True)


@pytest.mark.parametrize("focus, depth, relations, labels, subtitle", [
    ("Solomon Islands", 1, None, {"Solomon Islands", "China"}, "within 1 relation of 'Solomon Islands'"),
    ("solomon islands", 2, ["trains", "SIGNEDWITH"],
     {"Solomon Islands", "China", "Fiji", "Fijian police officers", "foreign officers"},
     "within 2 relations of 'solomon islands'; relations: trains, signedWith"),
])
def test_render_focus_and_relations(tiny_dataset, focus: str, depth: int, relations: list[str] | None,
                                    labels: set[str], subtitle: str) -> None:
    page = network_html(tiny_dataset, focus=focus, depth=depth, relations=relations)
    data = _page_json(page)
    assert {n["label"] for n in data["nodes"]} == labels
    assert data["subtitle"] == subtitle
    assert f"<title>ActorGraph: {focus}</title>" in page


def test_render_parallel_edges_curve_apart() -> None:
    import networkx as nx

    g = nx.MultiDiGraph()
    g.add_node("a", label="A", cls="Country")
    g.add_node("b", label="B", cls="Country")
    for rel in ("trains", "signedWith", "metWith"):
        g.add_edge("a", "b", key=rel, relation=rel, sources=[])
    g.add_edge("b", "a", key="trains", relation="trains", sources=[])
    assert sorted(e["curve"] for e in page_data(g, {})["edges"]) == [-0.36, -0.18, 0.0, 0.18]


def test_render_symmetric_relation_stated_both_ways_is_one_edge() -> None:
    import networkx as nx

    g = nx.MultiDiGraph()
    g.add_node("a", label="A", cls="Country")
    g.add_node("b", label="B", cls="Country")
    source = {"evidence": "A and B signed.", "document_id": "d.txt"}
    g.add_edge("a", "b", key="signedWith", relation="signedWith", date=None, confidence=0.5, sources=[source])
    g.add_edge("b", "a", key="signedWith", relation="signedWith", date="2022", confidence=0.9,
               sources=[{**source, "evidence": "B signed with A."}])
    g.add_edge("b", "a", key="trains", relation="trains", confidence=0.7, sources=[source])
    data = page_data(g, {})
    assert [(n["label"], n["deg"], n["src"]) for n in data["nodes"]] == [("A", 2, 3), ("B", 2, 3)]
    assert [(e["from"], e["rel"], e["to"], e["date"], e["confidence"], [s["evidence"] for s in e["sources"]])
            for e in data["edges"]] == [
        (0, "signedWith", 1, "2022", 0.9, ["A and B signed.", "B signed with A."]),
        (1, "trains", 0, None, 0.7, ["A and B signed."]),
    ]


def test_render_empty_dataset() -> None:
    from graph.store import new_dataset

    data = _page_json(network_html(new_dataset()))
    assert (data["nodes"], data["edges"], data["documents"], data["physics"]) == ([], [], [], False)


def test_render_refuses_too_many_nodes(tiny_dataset) -> None:
    with pytest.raises(RenderError) as info:
        network_html(tiny_dataset, max_nodes=5)
    assert str(info.value) == (
        "the graph has 13 nodes, more than a page can draw responsively (5); draw part of it with "
        "--focus NAME --depth 1 and/or --relations trains,signedWith (in Python: focus=, relations=), "
        "or raise the limit with --max-nodes (max_nodes=)")
    assert len(_page_json(network_html(tiny_dataset, max_nodes=None))["nodes"]) == 13


def test_render_html_writes_the_page(tiny_dataset, tmp_path: Path) -> None:
    path = render_html(tiny_dataset, tmp_path / "sub" / "graph.html")
    assert path == tmp_path / "sub" / "graph.html"
    assert path.read_text(encoding="utf-8") == network_html(tiny_dataset)


def test_render_html_replaces_the_page_atomically(tiny_dataset, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "graph.html"
    path.write_text("old page", encoding="utf-8")

    def fail(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("graph.render.os.replace", fail)
    with pytest.raises(OSError, match="disk full"):
        render_html(tiny_dataset, path)
    assert [p.name for p in tmp_path.iterdir()] == ["graph.html"]
    assert path.read_text(encoding="utf-8") == "old page"
    monkeypatch.undo()
    render_html(tiny_dataset, path)
    assert [p.name for p in tmp_path.iterdir()] == ["graph.html"]
    assert path.read_text(encoding="utf-8") == network_html(tiny_dataset)


def test_render_iframe_html_escapes_the_whole_page(injection_dataset) -> None:
    page = network_html(injection_dataset)
    frame = iframe_html(page, height="500px")
    assert frame.startswith('<iframe srcdoc="') and frame.count("<") == 2
    assert html.unescape(frame.split('srcdoc="', 1)[1].split('" sandbox=', 1)[0]) == page
    assert 'sandbox="allow-scripts allow-popups"' in frame and "height:500px" in frame


def test_render_synthetic_graph_is_large(tmp_path: Path) -> None:
    extractions = make_synthetic_extractions(1200, hubs=10)
    data = _page_json(network_html(assemble(extractions)))
    assert len(data["nodes"]) == 1200
    assert (data["physics"], data["large"], data["edgeLabels"]) == (False, True, False)
    assert MAX_NODES == 5000


# --- the command line ------------------------------------------------------------------------------

@pytest.mark.parametrize("args, code, output", [
    (["--focus", "Solomon Islands", "--depth", "1"], 0, "wrote {out}\n"),
    (["--relations", "trains, signedWith"], 0, "wrote {out}\n"),
    (["--focus", "Solomon Island"], 1,
     ("Error: no node is called 'Solomon Island' (its label or an alias, in any case); "
      "did you mean 'Solomon Islands'?\n")),
    (["--max-nodes", "5"], 1, "Error: the graph has 13 nodes, more than a page can draw responsively (5); "),
    (["--relations", "trains,foo"], 2, "Error: Invalid value for --relations: unknown relation 'foo'; "),
    (["--relations", ","], 2, "Error: Invalid value for --relations: name at least one relation"),
    (["--depth", "-1"], 2, "Error: Invalid value for '--depth': -1 is not in the range x>=0.\n"),
])
def test_render_cli(runner, tiny_trig: Path, tmp_path: Path, args: list[str], code: int, output: str) -> None:
    from graph.cli import cli

    out = tmp_path / "net.html"
    result = runner.invoke(cli, ["render", str(tiny_trig), "--out", str(out), *args])
    assert result.exit_code == code, result.output
    if code == 0:
        assert result.output == output.format(out=out)
    else:
        assert output in result.output
    assert out.exists() == (code == 0)

"""The network page in a real browser: Debian's Chromium, driven by Playwright, with the network off.

Every request to a URL that is not a file is aborted and recorded, and every
Content-Security-Policy violation is recorded; each test asserts that none
happened. Screenshots go to tests/artifacts/.

Without /usr/bin/chromium these tests are skipped, unless AG_REQUIRE_BROWSER=1
(as in CI), when they fail.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from network_fixtures import (
    EVIL_ORG,
    EVIL_PERSON,
    EVIL_SENTENCE,
    assemble,
    make_injection_extractions,
    make_synthetic_extractions,
)

from graph.network import to_networkx
from graph.render import INTERACTIVE_WITHIN_S, network_html
from graph.terms import SYMMETRIC

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
VIEWPORT = {"width": 1400, "height": 860}

RECORDER = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""

DRAWN = """() => {
  const page = document.querySelector('.ag-net').agNetwork, body = page.network.body, d = page.data;
  const label = id => d.nodes[id].label;
  return {
    nodes: body.nodeIndices.map(label),
    edges: body.edgeIndices.map(id => { const e = d.edges[id]; return [label(e.from), e.rel, label(e.to)]; }),
    status: page.part('status').textContent,
  };
}"""

INK = """() => {
  const canvas = document.querySelector('.ag-net canvas');
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let ink = 0;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) ink++;
  return ink;
}"""

NODE_POINT = """([label, scale]) => {
  const page = document.querySelector('.ag-net').agNetwork, net = page.network;
  const node = page.data.nodes.find(n => n.label === label);
  net.focus(node.id, {scale: scale, animation: false});
  const dom = net.canvasToDOM(net.getPositions([node.id])[node.id]);
  const box = page.part('canvas').getBoundingClientRect();
  return {x: box.left + dom.x, y: box.top + dom.y, hit: net.getNodeAt(dom) === node.id};
}"""

EDGE_POINT = """([from, rel, to]) => {
  const page = document.querySelector('.ag-net').agNetwork, net = page.network, d = page.data;
  const edge = d.edges.find(e => d.nodes[e.from].label === from && e.rel === rel && d.nodes[e.to].label === to);
  net.fit({nodes: [edge.from, edge.to], animation: false});
  net.moveTo({scale: Math.min(net.getScale(), 1.2), animation: false});
  const pos = net.getPositions([edge.from, edge.to]);
  const a = net.canvasToDOM(pos[edge.from]), b = net.canvasToDOM(pos[edge.to]);
  const mid = {x: (a.x + b.x) / 2, y: (a.y + b.y) / 2};
  const box = page.part('canvas').getBoundingClientRect();
  return {x: box.left + mid.x, y: box.top + mid.y, hit: net.getEdgeAt(mid) === edge.id};
}"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    required = os.environ.get("AG_REQUIRE_BROWSER") == "1"
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's Chromium with `apt-get install -y chromium`"
        if required:
            pytest.fail(f"{message} (AG_REQUIRE_BROWSER=1)")
        pytest.skip(f"{message}, or set AG_REQUIRE_BROWSER=1 to make this a failure")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield chromium
        chromium.close()


class Offline:
    """A page with the network off: it records what it tried to fetch, its errors and dialogs."""

    def __init__(self, browser: Any) -> None:
        self.context = browser.new_context(viewport=VIEWPORT, service_workers="block")
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.add_init_script(RECORDER)

    def _route(self, route: Any) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.requests.append(route.request.url)
            route.abort()

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, path: Path, *, timeout_s: float = 30) -> float:
        """Load `path` and wait until the page says it is ready; returns the seconds it took."""
        start = time.perf_counter()
        self.page.goto(path.as_uri())
        self.page.wait_for_selector(".ag-net[data-state=ready]", timeout=timeout_s * 1000)
        return time.perf_counter() - start

    def drawn(self) -> dict[str, Any]:
        """The labels of the nodes and the (source, relation, target) of the edges vis-network draws."""
        drawn = self.page.evaluate(DRAWN)
        return {**drawn, "nodes": sorted(drawn["nodes"]), "edges": sorted(drawn["edges"])}

    def click_node(self, label: str, *, scale: float = 1.2) -> str:
        point = self.page.evaluate(NODE_POINT, [label, scale])
        assert point["hit"], f"{label!r} is covered by another node at this zoom"
        self.page.mouse.click(point["x"], point["y"])
        return self.panel(label)

    def click_edge(self, source: str, rel: str, target: str) -> str:
        point = self.page.evaluate(EDGE_POINT, [source, rel, target])
        assert point["hit"], f"the middle of {source} {rel} {target} is not on the edge"
        self.page.mouse.click(point["x"], point["y"])
        return self.panel(f"{source} \u2192 {rel} \u2192 {target}")

    def panel(self, heading: str) -> str:
        panel = self.page.locator(".ag-net [data-role=panel]")
        panel.locator("h2", has_text=heading).wait_for()
        return panel.inner_text()

    def assert_quiet(self) -> None:
        """Nothing was fetched from elsewhere, nothing broke, nothing popped up."""
        assert self.requests == []
        assert self.page.evaluate("window.__csp") == []
        assert self.errors == []
        assert self.dialogs == []

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path))
        return path

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def offline(browser: Any) -> Iterator[Offline]:
    page = Offline(browser)
    yield page
    page.close()


def _write(tmp_path: Path, name: str, page: str) -> Path:
    path = tmp_path / name
    path.write_text(page, encoding="utf-8")
    return path


def _unordered(edges: list[list[str]]) -> list[list[str]]:
    """Edges with symmetric relations (A signedWith B = B signedWith A) written once, in one order."""
    out = {(a, rel, b) if rel not in SYMMETRIC or a <= b else (b, rel, a) for a, rel, b in edges}
    return sorted(map(list, out))


def _expected(g: Any) -> dict[str, Any]:
    label = lambda n: g.nodes[n]["label"]
    return {"nodes": sorted(label(n) for n in g),
            "edges": _unordered([[label(u), rel, label(v)] for u, v, rel in g.edges(data="relation")])}


@pytest.fixture
def tiny_page(tmp_path: Path, tiny_dataset: Any) -> Path:
    return _write(tmp_path, "tiny.html", network_html(tiny_dataset))


# --- drawing with the network off -----------------------------------------------------------------

@pytest.mark.slow
def test_browser_seeds_page_draws_offline(offline: Offline, seeds_build: Any, tmp_path: Path) -> None:
    ds = seeds_build.dataset
    path = _write(tmp_path, "seeds.html", network_html(ds))
    offline.open(path)
    drawn, expected = offline.drawn(), _expected(to_networkx(ds))
    assert (drawn["nodes"], _unordered(drawn["edges"])) == (expected["nodes"], expected["edges"])
    assert len(drawn["edges"]) == len(expected["edges"])
    assert {"China", "Solomon Islands", "Xi Jinping"} <= set(drawn["nodes"])
    assert offline.page.evaluate(INK) > 2000
    assert offline.page.locator(".ag-cls").first.inner_text().startswith("Country")
    assert "Wikidata\nQ148" in offline.click_node("China")
    offline.screenshot("seeds")
    offline.assert_quiet()


TINY_FACTS = [
    ["China", "trains", "Fijian police officers"],
    ["China", "trains", "foreign officers"],
    ["China to train Pacific police", "cites", "Reuters"],
    ["Fiji", "signedWith", "China"],
    ["Solomon Islands", "signedWith", "China"],
    ["Thailand", "rejected", "plan to conduct joint patrols with Chinese police"],
    ["Wang Xiaohong", "leads", "Ministry of Public Security"],
]


def test_browser_tiny_page_draws_offline(offline: Offline, tiny_page: Path, tiny_dataset: Any) -> None:
    offline.open(tiny_page)
    drawn = offline.drawn()
    assert drawn["edges"] == TINY_FACTS
    assert drawn["nodes"] == _expected(to_networkx(tiny_dataset))["nodes"]
    assert drawn["status"] == "13 nodes \u00b7 7 relations \u00b7 2 documents"
    legend = offline.page.locator(".ag-net [data-role=filters]").inner_text()
    for line in ("Country\n4", "Agreement\n2", "trains\n2", "rejected\n1", "planned",
                 "China to train Pacific police (2024-03-03)"):
        assert line in legend
    offline.screenshot("tiny")
    offline.assert_quiet()


# --- panels --------------------------------------------------------------------------------------

@pytest.mark.parametrize("label, lines", [
    ("China", ["Country", "Wikidata\nQ148", "trains \u2192 Fijian police officers (300 \u00b7 2024 \u00b7 Planned)",
               "\u2190 signedWith Fiji (2011 \u00b7 Completed)", "China to train Pacific police \u00b7 2024-03-03",
               "https://w3id.org/actorgraph/id/wd/q148"]),
    ("Wang Xiaohong", ["Person", "Also called\nWang", "leads \u2192 Ministry of Public Security"]),
    ("plan to conduct joint patrols with Chinese police", ["Agreement", "Agreement\nCancelled",
                                                           "\u2190 rejected Thailand"]),
])
def test_browser_node_panel(offline: Offline, tiny_page: Path, label: str, lines: list[str]) -> None:
    offline.open(tiny_page)
    text = offline.click_node(label)
    assert text.startswith(f"{label}\n")
    for line in lines:
        assert line in text
    link = offline.page.locator(".ag-net [data-role=panel] a")
    if label == "China":
        assert link.get_attribute("href") == "https://www.wikidata.org/wiki/Q148"
    offline.assert_quiet()


@pytest.mark.parametrize("fact, lines", [
    (("Fiji", "signedWith", "China"),
     ["Date\n2011", "Status\nCompleted", "Fiji signed a policing agreement with China in 2011.",
      "China to train Pacific police \u00b7 2024-03-03", "tiny1.txt", "EVIDENCE (1 SENTENCE)"]),
    (("China", "trains", "Fijian police officers"),
     ["Quantity\n300", "Date\n2024", "Status\nPlanned",
      "China will train 300 Fijian police officers this year, the Ministry of Public Security said.",
      "300 \u00b7 2024 \u00b7 Planned \u00b7 confidence 0.80", "according to Ministry of Public Security"]),
])
def test_browser_edge_panel(offline: Offline, tiny_page: Path, fact: tuple[str, str, str], lines: list[str]) -> None:
    offline.open(tiny_page)
    text = offline.click_edge(*fact)
    for line in lines:
        assert line in text
    offline.screenshot(f"edge-{fact[1]}")
    offline.assert_quiet()


# --- filters and search -----------------------------------------------------------------------------

def _uncheck(offline: Offline, text: str) -> None:
    offline.page.locator(".ag-net label.ag-row", has_text=text).locator("input").uncheck()


def _years(offline: Offline, start: str, end: str) -> None:
    for name, value in (("From year", start), ("To year", end)):
        box = offline.page.get_by_label(name)
        box.fill(value)
        box.dispatch_event("change")


@pytest.mark.parametrize("action, arg, edges", [
    (_uncheck, ("trains",), [f for f in TINY_FACTS if f[1] != "trains"]),
    (_uncheck, ("Group",), [f for f in TINY_FACTS if f[1] != "trains"]),
    (_uncheck, ("Wang Xiaohong meets Pacific ministers",), [TINY_FACTS[i] for i in (0, 2, 3, 5)]),
    (_years, ("2011", "2011"), [["Fiji", "signedWith", "China"]]),
    (_years, ("2022", "2024"), [TINY_FACTS[i] for i in (0, 1, 2, 4, 5, 6)]),
])
def test_browser_filters(offline: Offline, tiny_page: Path, action: Any, arg: tuple[str, ...],
                         edges: list[list[str]]) -> None:
    offline.open(tiny_page)
    action(offline, *arg)
    drawn = offline.drawn()
    assert drawn["edges"] == edges
    assert set(drawn["nodes"]) >= {x for f in edges for x in (f[0], f[2])}
    assert drawn["status"].startswith("Showing ")
    offline.page.get_by_role("button", name="Reset filters").click()
    assert offline.drawn()["edges"] == TINY_FACTS
    offline.assert_quiet()


@pytest.mark.parametrize("query, heading", [("wang", "Wang Xiaohong"), ("  SOLOMON islands", "Solomon Islands")])
def test_browser_search(offline: Offline, tiny_page: Path, query: str, heading: str) -> None:
    offline.open(tiny_page)
    offline.page.get_by_label("Find a node by name").fill(query)
    offline.page.get_by_label("Find a node by name").press("Enter")
    assert offline.panel(heading).startswith(f"{heading}\n")
    ids = offline.page.evaluate("document.querySelector('.ag-net').agNetwork.network.getSelectedNodes()")
    assert len(ids) == 1
    offline.assert_quiet()


# --- safety ----------------------------------------------------------------------------------------

def test_browser_injection_executes_nothing(offline: Offline, tmp_path: Path) -> None:
    path = _write(tmp_path, "evil.html", network_html(assemble(make_injection_extractions())))
    offline.open(path)
    org = offline.click_node(EVIL_ORG)
    assert org.startswith(f"{EVIL_ORG}\n")
    person = offline.click_node(EVIL_PERSON)
    assert person.startswith(f"{EVIL_PERSON}\n")
    evidence = offline.click_edge(EVIL_ORG, "trains", EVIL_PERSON)
    assert EVIL_SENTENCE in evidence
    assert 'Breaking </script><script>window.__pwned=1</script> news & "quotes"' in evidence
    offline.page.locator(".ag-net label.ag-row.ag-doc").hover()
    page = offline.page
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.querySelectorAll('img, svg[onload], [onerror]').length") == 0
    # The page's own: vis-network, network.js, the mount call, and the drawing and data JSON blocks.
    assert page.evaluate("document.scripts.length") == 5
    offline.screenshot("injection")
    offline.assert_quiet()


# --- size -----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def large_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    page = network_html(assemble(make_synthetic_extractions(5000)))
    path = tmp_path_factory.mktemp("large") / "large.html"
    path.write_text(page, encoding="utf-8")
    return path


def test_browser_5000_nodes_interactive_within_bound(offline: Offline, large_page: Path) -> None:
    start = time.perf_counter()
    offline.open(large_page, timeout_s=INTERACTIVE_WITHIN_S)
    assert offline.click_node("Actor 04321", scale=1.5).startswith("Actor 04321\n")
    first = time.perf_counter() - start
    assert first < INTERACTIVE_WITHIN_S, f"first click answered after {first:.1f} s"
    assert len(offline.drawn()["nodes"]) == 5000

    start = time.perf_counter()
    _uncheck(offline, "Country")
    status = offline.drawn()["status"]
    offline.page.get_by_label("Find a node by name").fill("Actor 00100")
    offline.page.get_by_label("Find a node by name").press("Enter")
    offline.panel("Actor 00100")
    later = time.perf_counter() - start
    assert status.startswith("Showing ") and later < INTERACTIVE_WITHIN_S, f"filter and search took {later:.1f} s"
    offline.screenshot("large")
    offline.assert_quiet()


def test_browser_empty_graph_says_so(offline: Offline, tmp_path: Path) -> None:
    from graph.store import new_dataset

    offline.open(_write(tmp_path, "empty.html", network_html(new_dataset())))
    assert offline.drawn()["status"] == "0 nodes \u00b7 0 relations \u00b7 0 documents"
    assert offline.page.locator(".ag-net [data-role=message]").inner_text() == (
        "Nothing to draw: this graph has no entities yet.")
    offline.assert_quiet()


def test_browser_notebook_iframe_draws_offline(offline: Offline, tmp_path: Path, tiny_dataset: Any) -> None:
    from graph.render import iframe_html

    host = f"<!DOCTYPE html><html><body><h1>Notebook</h1>{iframe_html(network_html(tiny_dataset))}</body></html>"
    offline.page.goto(_write(tmp_path, "notebook.html", host).as_uri())
    frame = offline.page.frame_locator("iframe")
    frame.locator(".ag-net[data-state=ready]").wait_for()
    (inner,) = [f for f in offline.page.frames if f != offline.page.main_frame]
    assert sorted(inner.evaluate(DRAWN)["edges"]) == TINY_FACTS
    assert inner.evaluate("window.__csp") == []
    offline.assert_quiet()

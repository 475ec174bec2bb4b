"""Dataset → an interactive network page (pyvis).

Interim version: issue 6 replaces it with an offline, self-explaining page.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset

from graph.network import to_networkx


def render_html(ds: Dataset, path: str | Path) -> Path:
    """Write the network of `ds` as an HTML page at `path`."""
    from pyvis.network import Network

    g = to_networkx(ds)
    net = Network(height="800px", width="100%", directed=True, cdn_resources="in_line")
    for node, attrs in g.nodes(data=True):
        net.add_node(node, label=attrs["label"], title=attrs["cls"], group=attrs["cls"])
    for s, o, attrs in g.edges(data=True):
        net.add_edge(s, o, label=attrs["relation"], title=attrs["relation"])
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(net.generate_html(), encoding="utf-8")
    return path

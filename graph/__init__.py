"""ActorGraph: a knowledge graph of actors, programmes and agreements, built from news.

The public API, for scripts and notebooks::

    import graph

    ds = graph.build_graph(["seeds/"])        # an rdflib Dataset
    graph.summary(ds)                          # counts by class and relation
    graph.ask(ds, "who-trains-whom")           # a named question → DataFrame
    graph.sparql(ds, "SELECT ...")             # any SPARQL → DataFrame
    graph.explain_entity(ds, "China")          # every fact, with its sentence
    g = graph.to_networkx(ds)                  # a networkx MultiDiGraph
    graph.show_network(ds, focus="China")      # the interactive network, inline

The names are imported when first used, so ``import graph`` is quick and
loads neither spaCy nor pandas; spaCy loads when `build_graph` runs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS: dict[str, str] = {
    "build_graph": "graph.api",
    "load_dataset": "graph.store",
    "save_dataset": "graph.store",
    "sparql": "graph.notebook",
    "ask": "graph.notebook",
    "list_questions": "graph.notebook",
    "explain_entity": "graph.notebook",
    "to_networkx": "graph.network",
    "show_network": "graph.notebook",
    "render_html": "graph.render",
    "summary": "graph.notebook",
}
"""Each public name and the module that defines it."""

__all__ = [
    "ask",
    "build_graph",
    "explain_entity",
    "list_questions",
    "load_dataset",
    "render_html",
    "save_dataset",
    "show_network",
    "sparql",
    "summary",
    "to_networkx",
]

if TYPE_CHECKING:
    from graph.api import build_graph
    from graph.network import to_networkx
    from graph.notebook import ask, explain_entity, list_questions, show_network, sparql, summary
    from graph.render import render_html
    from graph.store import load_dataset, save_dataset


def __getattr__(name: str) -> Any:
    # PEP 562: import the defining module on first use, then keep the name here.
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'graph' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})

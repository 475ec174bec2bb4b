"""Where a graph lives: rdflib in memory, Oxigraph on disk, or any SPARQL 1.1 server.

Every store answers `query` with the same `graph.query.Result` (rdflib terms,
the default graph being the union of the named graphs), so named questions
give equal answers on all three. Writes go by named graph: the build calls
`replace_graph` once per document graph, which makes a rebuild idempotent.

>>> store = open_store("memory")
>>> from rdflib import URIRef, Literal
>>> from rdflib.namespace import RDFS
>>> g, e = URIRef("https://example.org/g"), URIRef("https://example.org/e")
>>> store.replace_graph(g, [(e, RDFS.label, Literal("Fiji"))])
>>> store.query("SELECT ?l WHERE { ?e rdfs:label ?l }").rows
((rdflib.term.Literal('Fiji'),),)
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset

from graph.errors import StoreError
from graph.stores.base import Store, ntriples
from graph.stores.memory import MemoryStore
from graph.stores.oxigraph import OxigraphStore, to_rdflib
from graph.stores.remote import RemoteStore

# --- opening ---------------------------------------------------------------------------

STORE_SPECS = "memory, oxigraph:PATH or sparql:URL"


def open_store(spec: str = "memory", *, create: bool = True) -> Store:
    """Open the store that `spec` names.

    Args:
        spec: ``memory`` (an empty rdflib dataset), ``oxigraph:PATH`` (a
            pyoxigraph store in the folder PATH) or ``sparql:URL`` (a SPARQL
            1.1 server; ``URL`` is its query endpoint, optionally followed by
            ``,update=URL`` and ``,gsp=URL`` when they cannot be guessed).
        create: create a missing Oxigraph folder (False: raise instead).

    Raises:
        StoreError: the spec is malformed, or the store cannot be opened.
    """
    kind, _, rest = spec.strip().partition(":")
    if kind == "memory" and not rest:
        return MemoryStore()
    if kind == "oxigraph" and rest:
        if not create and not Path(rest).is_dir():
            raise StoreError(f"{rest}: no Oxigraph store there; fill one with "
                             f"`kg load GRAPH --store oxigraph:{rest}`")
        return OxigraphStore(rest)
    if kind == "sparql" and rest:
        url, *extras = rest.split(",")
        options = dict(e.split("=", 1) for e in extras if "=" in e)
        unknown = (set(options) - {"update", "gsp"}) | {e for e in extras if "=" not in e}
        if unknown:
            raise StoreError(f"{spec!r}: unknown store option(s) {', '.join(sorted(unknown))}; "
                             "only update=URL and gsp=URL may follow the query URL")
        return RemoteStore(url, options.get("update"), options.get("gsp"))
    raise StoreError(f"{spec!r} is not a store; use {STORE_SPECS} "
                     "(e.g. oxigraph:out/oxigraph or sparql:http://127.0.0.1:7878/query)")


def open_graph(graph: str | Path | None, spec: str | None = None) -> Store:
    """The store to query: GRAPH (a .trig file) in memory, or the store `spec` names.

    Raises:
        StoreError: neither or both are given, or opening fails.
    """
    spec = (spec or "memory").strip()
    if spec == "memory":
        if graph is None:
            raise StoreError("no graph to query: name a .trig file, or a loaded store with "
                             f"--store ({STORE_SPECS})")
        return MemoryStore.from_file(graph)
    if graph is not None:
        raise StoreError(f"give GRAPH or --store {spec}, not both; to copy {graph} into that store "
                         f"run `kg load {graph} --store {spec}`")
    return open_store(spec, create=False)


def as_store(source: Store | Dataset | str) -> Store:
    """A store for `source`: a store as it is, a Dataset wrapped in memory, or a spec opened."""
    if isinstance(source, Dataset):
        return MemoryStore(source)
    if isinstance(source, str):
        return open_store(source)
    return source


__all__ = [
    "STORE_SPECS",
    "MemoryStore",
    "OxigraphStore",
    "RemoteStore",
    "Store",
    "as_store",
    "ntriples",
    "open_graph",
    "open_store",
    "to_rdflib",
]

"""rdflib in memory: the default store, with a triple-pattern planner for its queries."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from rdflib import Dataset, Literal, URIRef
from rdflib.term import Variable

from graph.query import (
    Bindings,
    Result,
    run_query,
)
from graph.stores.base import Triple, _Base, _named_graphs, _until

# --- rdflib in memory ------------------------------------------------------------------

_deadline = threading.local()
_PLANNED = "_actorgraph_plans_bgps"
"""Marks the rdflib stores whose basic graph patterns `_eval_bgp` orders."""


def _checked(triples: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
    """Wrap a store's `triples` so a query past its thread's deadline stops."""
    def wrapper(*args: Any, **kwargs: Any) -> Iterator[Any]:
        at = getattr(_deadline, "at", None)
        return triples(*args, **kwargs) if at is None else _until(triples(*args, **kwargs), at)
    wrapper.deadline_checked = True  # type: ignore[attr-defined]
    return wrapper


def _eval_bgp(ctx: Any, part: Any) -> Any:
    """rdflib custom evaluation: match a basic graph pattern one triple at a time,
    always taking next the pattern with fewest unbound terms *now*.

    rdflib orders a pattern's triples once, before the values bound by VALUES
    or by the outer query are known, so a question about one entity can scan
    every statement. Choosing at each step, and preferring terms bound at run
    time (an entity) over constants (a predicate), starts from the entity.
    Only stores marked by `MemoryStore` are planned this way.
    """
    if part.name != "BGP" or not getattr(getattr(ctx.graph, "store", None), _PLANNED, False):
        raise NotImplementedError
    return _match(ctx, list(part.triples))


def _cost(ctx: Any, triple: tuple[Any, Any, Any]) -> tuple[int, int, bool]:
    """Fewest unbound terms, then most bound at run time, then a known literal object."""
    values = [ctx[t] for t in triple]
    known = [v is not None for v in values]
    at_run_time = sum(k and isinstance(t, Variable) for k, t in zip(known, triple))
    return known.count(False), -at_run_time, not isinstance(values[2], Literal)


def _match(ctx: Any, bgp: list[tuple[Any, Any, Any]]) -> Iterator[Any]:
    from rdflib.plugins.sparql.sparql import AlreadyBound

    if not bgp:
        yield ctx.solution()
        return
    i = min(range(len(bgp)), key=lambda k: _cost(ctx, bgp[k]))
    (s, p, o), rest = bgp[i], bgp[:i] + bgp[i + 1:]
    _s, _p, _o = ctx[s], ctx[p], ctx[o]
    for ss, sp, so in ctx.graph.triples((_s, _p, _o)):  # as rdflib's evalBGP
        c = ctx.push() if None in (_s, _p, _o) else ctx
        try:
            if _s is None:
                c[s] = ss
            if _p is None:
                c[p] = sp
            if _o is None:
                c[o] = so
        except AlreadyBound:
            continue
        yield from _match(c, rest)


class MemoryStore(_Base):
    """An rdflib `Dataset` (default graph = union), held in memory. The default store."""

    def __init__(self, ds: Dataset | None = None, *, spec: str = "memory") -> None:
        from rdflib.plugins.sparql import CUSTOM_EVALS

        from graph.store import new_dataset

        self.ds = new_dataset() if ds is None else ds
        self.spec = spec
        with suppress(AttributeError):  # a store class with __slots__ keeps rdflib's own plans
            setattr(self.ds.store, _PLANNED, True)
        CUSTOM_EVALS.setdefault("actorgraph-bgp", _eval_bgp)

    @classmethod
    def from_file(cls, path: str | Path) -> MemoryStore:
        """A store holding the TriG or N-Quads file at `path`."""
        from graph.store import load_dataset

        return cls(load_dataset(path), spec=f"memory ({path})")

    def query(self, text: str, bindings: Bindings | None = None, *, allow_service: bool = False,
              timeout: float | None = None, max_rows: int | None = None) -> Result:
        with self._time_limit(timeout):
            return run_query(self.ds, text, allow_service=allow_service, bindings=bindings,
                             max_rows=max_rows)

    @contextmanager
    def _time_limit(self, timeout: float | None) -> Iterator[None]:
        if timeout is None:
            yield
            return
        store = self.ds.store
        if not getattr(store.triples, "deadline_checked", False):
            # Only this store's instance is wrapped; the check costs nothing without a deadline.
            with suppress(AttributeError):
                store.triples = _checked(store.triples)  # type: ignore[method-assign]
        _deadline.at = time.monotonic() + timeout
        try:
            yield
        finally:
            _deadline.at = None

    def labels(self, iris: Iterable[URIRef]) -> dict[URIRef, str]:
        from graph.query import dataset_labels

        return dataset_labels(self.ds, iris)

    def entities_named(self, name: str) -> list[URIRef]:
        # Same answer as the SPARQL of the other stores, without rdflib's FILTER per label.
        from rdflib.namespace import RDFS, SKOS

        key = name.lower()
        found = {s for p in (RDFS.label, SKOS.altLabel) for s, _, label in self.ds.triples((None, p, None))
                 if str(label).lower() == key}
        return sorted(found, key=str)  # type: ignore[arg-type]

    def replace_graph(self, graph_iri: URIRef, triples: Iterable[Triple]) -> None:
        triples = list(triples)  # `triples` may be the very graph being replaced
        self.ds.remove_graph(graph_iri)
        g = self.ds.graph(graph_iri)
        for triple in triples:
            g.add(triple)

    def remove_graph(self, graph_iri: URIRef) -> None:
        self.ds.remove_graph(graph_iri)

    def graph_names(self) -> list[URIRef]:
        return sorted(URIRef(g.identifier) for g in _named_graphs(self.ds))

    def count(self) -> int:
        return sum(len(g) for g in _named_graphs(self.ds))

    def dataset(self) -> Dataset:
        return self.ds

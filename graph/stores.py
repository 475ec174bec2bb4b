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

import base64
import json
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node, Variable

from graph.errors import QueryError, QueryTimeout, StoreError
from graph.query import (
    Bindings,
    Result,
    bind_values,
    guess_kind,
    has_service,
    is_update,
    run_query,
    sparql_term,
    take,
    triples_result,
    with_prologue,
)
from graph.terms import PREFIXES

Triple = tuple[Node, Node, Node]
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_NAMED = """SELECT DISTINCT ?e WHERE {
  ?e rdfs:label|skos:altLabel ?l .
  FILTER(LCASE(STR(?l)) = LCASE(?name))
} ORDER BY STR(?e)"""
_LABELS = """SELECT ?e (MIN(STR(?l)) AS ?label) WHERE { ?e rdfs:label ?l } GROUP BY ?e"""
_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY STR(?g)"
_QUADS = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
_SERVICE_REFUSED = ("SERVICE clauses are refused: they fetch data from other hosts; "
                    "pass --allow-service if you trust this query")
_UPDATE_REFUSED = ("this is a SPARQL update; the graph is only queried here "
                   "(use SELECT, ASK, CONSTRUCT or DESCRIBE)")


@runtime_checkable
class Store(Protocol):
    """What every store offers. Open one with `open_store`."""

    spec: str

    def query(self, text: str, bindings: Bindings | None = None, *, allow_service: bool = False,
              timeout: float | None = None, max_rows: int | None = None) -> Result:
        """Run a SELECT, ASK, CONSTRUCT or DESCRIBE over the union of all graphs."""

    def labels(self, iris: Iterable[URIRef]) -> dict[URIRef, str]:
        """The `rdfs:label` of each of `iris` that has one."""

    def entities_named(self, name: str) -> list[URIRef]:
        """The nodes whose `rdfs:label` or `skos:altLabel` equals `name` in any case, sorted."""

    def load(self, ds: Dataset) -> int:
        """Add every named graph of `ds`, replacing graphs of the same name; returns quads added."""

    def load_file(self, path: str | Path) -> int:
        """As `load`, from a TriG or N-Quads file."""

    def replace_graph(self, graph_iri: URIRef, triples: Iterable[Triple]) -> None:
        """Make the named graph `graph_iri` hold exactly `triples`."""

    def remove_graph(self, graph_iri: URIRef) -> None:
        """Drop the named graph `graph_iri` (no error if it is absent)."""

    def graph_names(self) -> list[URIRef]:
        """The named graphs, sorted."""

    def count(self) -> int:
        """How many quads the named graphs hold."""

    def dataset(self) -> Dataset:
        """Everything, copied into an rdflib Dataset (for render, stats, export)."""

    def close(self) -> None:
        """Release files and locks (a store is also a context manager that closes itself)."""

    def __enter__(self) -> Any: ...

    def __exit__(self, *exc: object) -> None: ...


def ntriples(triples: Iterable[Triple]) -> str:
    """`triples` as N-Triples text (escaped with `sparql_term`)."""
    def term(t: Node) -> str:
        return f"_:{t}" if isinstance(t, BNode) else sparql_term(t)
    return "".join(f"{term(s)} {term(p)} {term(o)} .\n" for s, p, o in triples)


def _named_graphs(ds: Dataset) -> Iterator[Graph]:
    for g in ds.graphs():
        if g.identifier != DATASET_DEFAULT_GRAPH_ID and len(g):
            yield g


class _Base:
    """Behaviour every store shares, written in terms of `query` and `replace_graph`."""

    spec = ""

    def query(self, text: str, bindings: Bindings | None = None, *, allow_service: bool = False,
              timeout: float | None = None, max_rows: int | None = None) -> Result:
        raise NotImplementedError

    def replace_graph(self, graph_iri: URIRef, triples: Iterable[Triple]) -> None:
        raise NotImplementedError

    def labels(self, iris: Iterable[URIRef]) -> dict[URIRef, str]:
        out: dict[URIRef, str] = {}
        iris = list(dict.fromkeys(iris))
        for i in range(0, len(iris), 200):
            result = self.query(_LABELS, {"e": iris[i:i + 200]})
            out.update({row[0]: str(row[1]) for row in result.rows if row[1] is not None})
        return out

    def entities_named(self, name: str) -> list[URIRef]:
        return [row[0] for row in self.query(_NAMED, {"name": Literal(name)}).rows]

    def load(self, ds: Dataset) -> int:
        total = 0
        for g in _named_graphs(ds):
            self.replace_graph(URIRef(g.identifier), g)
            total += len(g)
        return total

    def load_file(self, path: str | Path) -> int:
        from graph.store import load_dataset

        return self.load(load_dataset(path))

    def graph_names(self) -> list[URIRef]:
        return [row[0] for row in self.query(_GRAPHS).rows]

    def count(self) -> int:
        return int(self.query(_COUNT).rows[0][0])

    def dataset(self) -> Dataset:
        from graph.store import new_dataset

        ds = new_dataset()
        for g, s, p, o in self.query(_QUADS).rows:
            ds.graph(g).add((s, p, o))
        return ds

    def close(self) -> None:
        """Nothing to release."""

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.spec}>"


def _guard(text: str, allow_service: bool) -> None:
    if not allow_service and has_service(text):
        raise QueryError(_SERVICE_REFUSED)


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


def _until(items: Iterator[Any], at: float) -> Iterator[Any]:
    for i, item in enumerate(items):
        if not i % 256 and time.monotonic() > at:
            raise QueryTimeout("the query ran past its time limit; narrow it or add a LIMIT")
        yield item


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


# --- Oxigraph on disk ------------------------------------------------------------------

def to_rdflib(term: Any) -> Node | None:
    """A pyoxigraph term as the equal rdflib term (xsd:string literals become plain)."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise QueryError(f"cannot use a {type(term).__name__} result (RDF-star) here")


def _shift_lines(message: str) -> str:
    """Oxigraph's "error at LINE:COL" counted without the prefixes we prepended."""
    return re.sub(r"error at (\d+):(\d+)",
                  lambda m: f"error at line {int(m.group(1)) - len(PREFIXES)}, column {m.group(2)}", message)


class OxigraphStore(_Base):
    """A pyoxigraph store on disk at `path` (in memory when `path` is None)."""

    def __init__(self, path: str | Path | None = None) -> None:
        try:
            import pyoxigraph as ox
        except ImportError as e:
            raise StoreError("the oxigraph store needs pyoxigraph; install it with "
                             "`pip install 'actorgraph[oxigraph]'`") from e
        self.spec = f"oxigraph:{path}" if path else "oxigraph (in memory)"
        self._store: Any
        try:
            self._store = ox.Store(str(path)) if path else ox.Store()
        except OSError as e:
            raise StoreError(f"{path}: cannot open the Oxigraph store ({e}); is another process "
                             "(kg serve, oxigraph serve) using it? Stop it or query that server "
                             "with --store sparql:URL") from e

    def query(self, text: str, bindings: Bindings | None = None, *, allow_service: bool = False,
              timeout: float | None = None, max_rows: int | None = None) -> Result:
        import pyoxigraph as ox

        _guard(text, allow_service)
        at = None if timeout is None else time.monotonic() + timeout
        try:
            answer = self._store.query(with_prologue(bind_values(text, bindings)),
                                       use_default_graph_as_union=True)
            if isinstance(answer, ox.QueryBoolean):
                return Result(("ask",), ((bool(answer),),), kind="ASK")
            if isinstance(answer, ox.QueryTriples):
                items = _until(answer, at) if at else answer
                triples = ((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)) for t in items)
                return triples_result(triples, guess_kind(text), max_rows=max_rows)  # type: ignore[arg-type]
            columns = tuple(v.value for v in answer.variables)
            solutions = _until(answer, at) if at else answer
            rows, truncated = take((tuple(to_rdflib(s[c]) for c in columns) for s in solutions), max_rows)
            return Result(columns, tuple(rows), truncated=truncated)
        except SyntaxError as e:
            if is_update(text):
                raise QueryError(_UPDATE_REFUSED) from e
            raise QueryError(f"cannot parse SPARQL: {_shift_lines(str(e))}") from e
        except OSError as e:
            raise StoreError(f"{self.spec}: query failed ({e})") from e

    def replace_graph(self, graph_iri: URIRef, triples: Iterable[Triple]) -> None:
        # One update is one transaction: readers never see the graph half replaced.
        g = sparql_term(URIRef(graph_iri))
        self._update(f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n{ntriples(triples)}}} }}")

    def remove_graph(self, graph_iri: URIRef) -> None:
        self._update(f"DROP SILENT GRAPH {sparql_term(URIRef(graph_iri))}")

    def load_file(self, path: str | Path) -> int:
        import pyoxigraph as ox

        path = Path(path)
        fmt = ox.RdfFormat.N_QUADS if path.suffix in {".nq", ".nquads"} else ox.RdfFormat.TRIG
        if not path.is_file():
            raise StoreError(f"{path}: no such graph file; build one with `kg build SOURCES --out DIR`")
        try:
            quads = list(ox.parse(path=str(path), format=fmt))
        except SyntaxError as e:
            raise StoreError(f"{path}: not a readable {fmt} file ({e}); rebuild it with `kg build`") from e
        for name in {q.graph_name for q in quads if isinstance(q.graph_name, ox.NamedNode)}:
            self._store.remove_graph(name)
        self._store.extend(quads)
        return len(quads)

    def _update(self, text: str) -> None:
        try:
            self._store.update(text)
        except (SyntaxError, OSError) as e:
            raise StoreError(f"{self.spec}: write failed ({e})") from e

    def graph_names(self) -> list[URIRef]:
        return sorted(URIRef(g.value) for g in self._store.named_graphs())

    def count(self) -> int:
        return len(self._store)

    def dataset(self) -> Dataset:
        import pyoxigraph as ox

        from graph.store import new_dataset

        ds = new_dataset()
        data = bytes(self._store.dump(format=ox.RdfFormat.N_QUADS) or b"")
        ds.parse(data=data.decode("utf-8"), format="nquads")
        return ds

    def close(self) -> None:
        store, self._store = self._store, None
        if store is not None:
            store.flush()
            del store


# --- any SPARQL 1.1 server -------------------------------------------------------------

class RemoteStore(_Base):
    """A SPARQL 1.1 server: Protocol for queries, Update for drops, Graph Store Protocol for loads.

    Its default graph must be the union of the named graphs, as it is in
    GraphDB, Virtuoso and Neptune, and in Oxigraph started with
    ``--union-default-graph``.

    Args:
        query_url: the query endpoint.
        update_url: the update endpoint (derived from `query_url` when None).
        gsp_url: the Graph Store Protocol endpoint (derived when None; when
            none is known, graphs are written with SPARQL Update).
        timeout: seconds to wait for any one HTTP request.
    """

    def __init__(self, query_url: str, update_url: str | None = None, gsp_url: str | None = None,
                 *, timeout: float = 300.0) -> None:
        parts = urllib.parse.urlsplit(query_url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise StoreError(f"{query_url!r} is not an http(s) URL; "
                             "write --store sparql:http://HOST:PORT/query")
        self._auth = None
        if parts.username:
            user = urllib.parse.unquote(parts.username)
            secret = urllib.parse.unquote(parts.password or "")
            self._auth = "Basic " + base64.b64encode(f"{user}:{secret}".encode()).decode()
            query_url = urllib.parse.urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))
        derived_update, derived_gsp, self.query_url = _endpoints(query_url)
        self.update_url = update_url or derived_update
        self.gsp_url = gsp_url if gsp_url is not None else derived_gsp
        self.timeout = timeout
        self.spec = f"sparql:{self.query_url}"

    def query(self, text: str, bindings: Bindings | None = None, *, allow_service: bool = False,
              timeout: float | None = None, max_rows: int | None = None) -> Result:
        _guard(text, allow_service)
        body = urllib.parse.urlencode({"query": with_prologue(bind_values(text, bindings))}).encode()
        accept = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"
        ctype, data = self._send("POST", self.query_url, body, {
            "Content-Type": "application/x-www-form-urlencoded", "Accept": accept}, timeout=timeout,
            is_query=True)
        if ctype in {"application/sparql-results+json", "application/json"}:
            return _json_result(json.loads(data), max_rows)
        if ctype in {"application/n-triples", "text/plain", "text/turtle"}:
            g = Graph().parse(data=data.decode("utf-8"), format="nt" if ctype != "text/turtle" else "turtle")
            return triples_result(g, guess_kind(text), max_rows=max_rows)
        raise StoreError(f"{self.query_url} answered with {ctype or 'no content type'}, "
                         "not SPARQL JSON results or N-Triples; is it a SPARQL endpoint?")

    def update(self, text: str) -> None:
        """Run a SPARQL Update on the server."""
        body = urllib.parse.urlencode({"update": with_prologue(text)}).encode()
        self._send("POST", self.update_url, body, {"Content-Type": "application/x-www-form-urlencoded"})

    def replace_graph(self, graph_iri: URIRef, triples: Iterable[Triple]) -> None:
        data = ntriples(triples)
        if self.gsp_url:
            url = f"{self.gsp_url}?{urllib.parse.urlencode({'graph': str(graph_iri)})}"
            self._send("PUT", url, data.encode("utf-8"), {"Content-Type": "application/n-triples"})
            return
        g = sparql_term(URIRef(graph_iri))
        lines = data.splitlines(keepends=True)
        self.update(f"DROP SILENT GRAPH {g}")
        for i in range(0, len(lines), 5000):
            self.update(f"INSERT DATA {{ GRAPH {g} {{\n{''.join(lines[i:i + 5000])}}} }}")

    def remove_graph(self, graph_iri: URIRef) -> None:
        self.update(f"DROP SILENT GRAPH {sparql_term(URIRef(graph_iri))}")

    def _send(self, method: str, url: str, body: bytes | None, headers: dict[str, str], *,
              timeout: float | None = None, is_query: bool = False) -> tuple[str, bytes]:
        if self._auth:
            headers = {**headers, "Authorization": self._auth}
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=timeout or self.timeout) as response:
                return response.headers.get_content_type(), response.read()
        except urllib.error.HTTPError as e:
            message = e.read().decode("utf-8", "replace").strip()[:500] or e.reason
            error = QueryError if is_query and 400 <= e.code < 500 else StoreError
            raise error(f"{url} refused the request (HTTP {e.code}): {message}") from e
        except TimeoutError as e:
            raise QueryTimeout(f"{url} did not answer within {timeout or self.timeout:g} s") from e
        except urllib.error.URLError as e:
            if isinstance(e.reason, TimeoutError):
                raise QueryTimeout(f"{url} did not answer within {timeout or self.timeout:g} s") from e
            raise StoreError(f"{url}: cannot connect ({e.reason}); is the SPARQL server running?") from e


def _endpoints(url: str) -> tuple[str, str | None, str]:
    """(update URL, Graph Store URL or None, query URL) guessed from a server's layout."""
    base = url.rstrip("/")
    path = urllib.parse.urlsplit(base).path
    if path == "":  # an Oxigraph server's root
        return f"{base}/update", f"{base}/store", f"{base}/query"
    if path.endswith("/query"):  # Oxigraph, Fuseki
        root = base[: -len("/query")]
        return f"{root}/update", f"{root}/store", base
    if "/repositories/" in path:  # GraphDB, RDF4J
        return f"{base}/statements", f"{base}/rdf-graphs/service", base
    return base, None, base  # Virtuoso, Neptune, Blazegraph: one endpoint for both


def _json_term(value: dict[str, str]) -> Node:
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if "xml:lang" in value:
        return Literal(value["value"], lang=value["xml:lang"])
    datatype = value.get("datatype")
    if datatype in {None, XSD_STRING, RDF_LANG_STRING}:
        return Literal(value["value"])
    return Literal(value["value"], datatype=URIRef(datatype))


def _json_result(doc: dict[str, Any], max_rows: int | None) -> Result:
    if "boolean" in doc:
        return Result(("ask",), ((bool(doc["boolean"]),),), kind="ASK")
    columns = tuple(doc["head"]["vars"])
    rows, truncated = take(doc["results"]["bindings"], max_rows)
    return Result(columns, tuple(tuple(_json_term(b[c]) if c in b else None for c in columns) for b in rows),
                  truncated=truncated)


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

"""Any SPARQL 1.1 server: query, update and graph store protocol over HTTP."""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from graph.errors import QueryError, QueryTimeout, StoreError
from graph.query import (
    Bindings,
    Result,
    bind_values,
    guess_kind,
    sparql_term,
    take,
    triples_result,
    with_prologue,
)
from graph.stores.base import RDF_LANG_STRING, XSD_STRING, Triple, _Base, _guard, ntriples

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

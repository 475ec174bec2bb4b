"""A read-only SPARQL 1.1 Protocol endpoint over any store.

Built on the standard library's `ThreadingHTTPServer` (no web framework to
install or keep patched for one endpoint). Each query runs in a worker thread
with a time limit and a row limit; results are negotiated by the Accept header
(SPARQL JSON, XML, CSV, TSV; Turtle, N-Triples or RDF/XML for CONSTRUCT and
DESCRIBE). Updates, Graph Store writes, SERVICE and malformed queries get a
4xx answer with a one-line message; CORS headers let browser clients call it.

Example:
    >>> server = make_server(open_store("memory"), port=0)  # doctest: +SKIP
    >>> threading.Thread(target=server.serve_forever, daemon=True).start()  # doctest: +SKIP
"""

from __future__ import annotations

import csv
import io
import json
import logging
import threading
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef

from graph.errors import GraphError, QueryError, QueryTimeout
from graph.query import Result, guess_kind, has_service, is_update, sparql_term
from graph.stores import Store
from graph.terms import PREFIXES

log = logging.getLogger(__name__)
ENDPOINT_PATHS = frozenset({"/", "/sparql", "/query"})
MAX_QUERY_BYTES = 1_000_000
SPARQL_RESULTS = "http://www.w3.org/2005/sparql-results#"
HELP = """ActorGraph SPARQL endpoint (SPARQL 1.1 Protocol, read-only).
Query with GET /sparql?query=... or POST /sparql (application/sparql-query, or a form field 'query').
Results: SPARQL JSON (default), XML, CSV or TSV by Accept; CONSTRUCT/DESCRIBE as Turtle,
N-Triples or RDF/XML. The default graph is the union of all graphs.
"""


@dataclass(frozen=True)
class Limits:
    """What one query may cost."""

    timeout: float = 30.0
    """Seconds a query may run before the client gets 503."""
    max_rows: int = 10_000
    """Rows (or triples) sent at most; a longer answer is cut and says so in X-SPARQL-MaxRows."""
    workers: int = 8
    """Queries running at once; more wait up to `timeout`, then get 503."""


class HttpError(Exception):
    """An answer other than 200, with the message sent to the client."""

    def __init__(self, status: HTTPStatus, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


# --- result formats --------------------------------------------------------------------

def _json_term(value: Any) -> dict[str, str]:
    if isinstance(value, URIRef):
        return {"type": "uri", "value": str(value)}
    if isinstance(value, BNode):
        return {"type": "bnode", "value": str(value)}
    term = {"type": "literal", "value": str(value)}
    if isinstance(value, Literal) and value.language:
        term["xml:lang"] = value.language
    elif isinstance(value, Literal) and value.datatype:
        term["datatype"] = str(value.datatype)
    return term


def results_json(result: Result) -> bytes:
    """`result` in the SPARQL 1.1 Query Results JSON Format."""
    if result.kind == "ASK":
        doc: dict[str, Any] = {"head": {}, "boolean": bool(result.rows[0][0])}
    else:
        bindings = [{c: _json_term(v) for c, v in zip(result.columns, row) if v is not None}
                    for row in result.rows]
        doc = {"head": {"vars": list(result.columns)}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def results_xml(result: Result) -> bytes:
    """`result` in the SPARQL Query Results XML Format."""
    root = ET.Element("sparql", xmlns=SPARQL_RESULTS)
    head = ET.SubElement(root, "head")
    if result.kind == "ASK":
        ET.SubElement(root, "boolean").text = "true" if result.rows[0][0] else "false"
    else:
        for column in result.columns:
            ET.SubElement(head, "variable", name=column)
        results = ET.SubElement(root, "results")
        for row in result.rows:
            item = ET.SubElement(results, "result")
            for column, value in zip(result.columns, row):
                if value is not None:
                    _xml_term(ET.SubElement(item, "binding", name=column), value)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8")


def _xml_term(parent: ET.Element, value: Any) -> None:
    if isinstance(value, URIRef):
        ET.SubElement(parent, "uri").text = str(value)
    elif isinstance(value, BNode):
        ET.SubElement(parent, "bnode").text = str(value)
    else:
        literal = ET.SubElement(parent, "literal")
        literal.text = str(value)
        if isinstance(value, Literal) and value.language:
            literal.set("{http://www.w3.org/XML/1998/namespace}lang", value.language)
        elif isinstance(value, Literal) and value.datatype:
            literal.set("datatype", str(value.datatype))


def results_csv(result: Result) -> bytes:
    """`result` in the SPARQL 1.1 CSV format (plain values; ASK as ``_askResult``)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    if result.kind == "ASK":
        writer.writerows([["_askResult"], ["true" if result.rows[0][0] else "false"]])
    else:
        writer.writerow(result.columns)
        for row in result.rows:
            writer.writerow(["" if v is None else f"_:{v}" if isinstance(v, BNode) else str(v) for v in row])
    return buf.getvalue().encode("utf-8")


def results_tsv(result: Result) -> bytes:
    """`result` in the SPARQL 1.1 TSV format (terms in Turtle syntax)."""
    if result.kind == "ASK":
        return f"?_askResult\n{'true' if result.rows[0][0] else 'false'}\n".encode()
    lines = ["\t".join(f"?{c}" for c in result.columns)]
    for row in result.rows:
        lines.append("\t".join("" if v is None else f"_:{v}" if isinstance(v, BNode) else sparql_term(v)
                               for v in row))
    return ("\n".join(lines) + "\n").encode("utf-8")


def _graph(result: Result) -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    for triple in result.rows:
        g.add(triple)
    return g


SELECT_FORMATS: dict[str, Callable[[Result], bytes]] = {
    "application/sparql-results+json": results_json,
    "application/json": results_json,
    "application/sparql-results+xml": results_xml,
    "application/xml": results_xml,
    "text/csv": results_csv,
    "text/tab-separated-values": results_tsv,
}
GRAPH_FORMATS: dict[str, Callable[[Result], bytes]] = {
    "text/turtle": lambda r: _graph(r).serialize(format="turtle", encoding="utf-8"),
    "application/n-triples": lambda r: _graph(r).serialize(format="nt", encoding="utf-8"),
    "text/plain": lambda r: _graph(r).serialize(format="nt", encoding="utf-8"),
    "application/rdf+xml": lambda r: _graph(r).serialize(format="xml", encoding="utf-8"),
}


def negotiate(accept: str | None, kind: str) -> str:
    """The media type to answer a `kind` query with, given an Accept header.

    Raises:
        HttpError: 406 when no acceptable type is supported.
    """
    formats = GRAPH_FORMATS if kind in {"CONSTRUCT", "DESCRIBE"} else SELECT_FORMATS
    default = next(iter(formats))
    ranges = []
    for i, part in enumerate((accept or "*/*").split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        if media and q > 0:
            ranges.append((-q, media.count("*"), i, media.lower()))
    for _, _, _, media in sorted(ranges):
        if media in formats:
            return media
        if media == "*/*":
            return default
        if media.endswith("/*"):
            match = next((f for f in formats if f.startswith(media[:-1])), None)
            if match:
                return match
    raise HttpError(HTTPStatus.NOT_ACCEPTABLE,
                    f"none of the Accept types ({accept}) is offered for a {kind} query; "
                    f"ask for one of {', '.join(formats)}")


# --- the server ------------------------------------------------------------------------

class SparqlServer(ThreadingHTTPServer):
    """An HTTP server that answers SPARQL queries on `store` within `limits`."""

    daemon_threads = True

    def __init__(self, store: Store, host: str = "127.0.0.1", port: int = 7878,
                 limits: Limits = Limits()) -> None:
        self.store, self.limits = store, limits
        self.slots = threading.BoundedSemaphore(limits.workers)
        super().__init__((host, port), SparqlHandler)

    @property
    def url(self) -> str:
        """The query endpoint's URL."""
        host, port = self.server_address[:2]
        return f"http://{host.decode() if isinstance(host, bytes) else host}:{port}/sparql"

    def answer(self, text: str) -> Result:
        """Run `text` on the store within the limits.

        Raises:
            HttpError: refused (403 SERVICE, 400 update or malformed), too slow
                or too busy (503).
        """
        if has_service(text):
            raise HttpError(HTTPStatus.FORBIDDEN, "SERVICE clauses are refused: this endpoint does not "
                            "fetch data from other hosts")
        if not self.slots.acquire(timeout=self.limits.timeout):
            raise HttpError(HTTPStatus.SERVICE_UNAVAILABLE, "too many queries are running; try again later",
                            {"Retry-After": "5"})
        outcome: dict[str, Any] = {}

        def work() -> None:
            try:
                outcome["result"] = self.store.query(text, timeout=self.limits.timeout,
                                                     max_rows=self.limits.max_rows)
            except Exception as e:  # noqa: BLE001 (raised again in the request thread)
                outcome["error"] = e
            finally:
                self.slots.release()

        worker = threading.Thread(target=work, name="sparql-query", daemon=True)
        worker.start()
        worker.join(self.limits.timeout + 1.0)
        if worker.is_alive() or isinstance(outcome.get("error"), QueryTimeout):
            raise HttpError(HTTPStatus.SERVICE_UNAVAILABLE,
                            f"the query ran longer than the {self.limits.timeout:g} s limit; "
                            "narrow it or add a LIMIT")
        if "error" in outcome:
            raise outcome["error"]
        return outcome["result"]


def make_server(store: Store, host: str = "127.0.0.1", port: int = 7878, *,
                timeout: float = 30.0, max_rows: int = 10_000) -> SparqlServer:
    """A read-only SPARQL endpoint on `store`, bound but not yet serving.

    Call `serve_forever()` on it (in a thread, if need be) and `shutdown()`
    then `server_close()` to stop. Port 0 picks a free port (see `.url`).
    """
    return SparqlServer(store, host, port, Limits(timeout=timeout, max_rows=max_rows))


class SparqlHandler(BaseHTTPRequestHandler):
    """One request: parse it per the SPARQL 1.1 Protocol, answer or refuse."""

    server: SparqlServer
    protocol_version = "HTTP/1.1"
    server_version = "ActorGraph-SPARQL/1"

    def do_GET(self) -> None:
        self._handle(lambda: self._params(urllib.parse.urlsplit(self.path).query))

    def do_POST(self) -> None:
        self._handle(self._post_params)

    def do_HEAD(self) -> None:
        self._send(HTTPStatus.OK, b"", "text/plain; charset=utf-8", head=True)

    def do_OPTIONS(self) -> None:
        wanted = self.headers.get("Access-Control-Request-Headers")
        self._send(HTTPStatus.NO_CONTENT, b"", None,
                   headers={"Access-Control-Allow-Headers": wanted} if wanted else None)

    def _refuse_write(self) -> None:
        self._error(HttpError(HTTPStatus.METHOD_NOT_ALLOWED, "this endpoint is read-only: only GET and "
                              "POST queries are answered", {"Allow": "GET, POST, HEAD, OPTIONS"}))

    do_PUT = do_DELETE = do_PATCH = _refuse_write

    def _handle(self, read: Callable[[], dict[str, list[str]]]) -> None:
        try:
            if urllib.parse.urlsplit(self.path).path not in ENDPOINT_PATHS:
                raise HttpError(HTTPStatus.NOT_FOUND, "no such page; the SPARQL endpoint is /sparql")
            params = read()
            if self.command == "GET" and not params:
                self._send(HTTPStatus.OK, HELP.encode("utf-8"), "text/plain; charset=utf-8")
                return
            if "update" in params:
                raise HttpError(HTTPStatus.BAD_REQUEST, "updates are refused: this endpoint is read-only")
            for name in ("default-graph-uri", "named-graph-uri"):
                if params.get(name):
                    raise HttpError(HTTPStatus.BAD_REQUEST, f"{name} is not supported: the default graph "
                                    "is the union of all graphs; use GRAPH in the query")
            queries = params.get("query", [])
            if len(queries) != 1 or not queries[0].strip():
                raise HttpError(HTTPStatus.BAD_REQUEST, "give exactly one SPARQL query, as ?query=… "
                                "or in a POST body (application/sparql-query or a form field 'query')")
            self._answer(queries[0])
        except HttpError as e:
            self._error(e)
        except Exception:  # never let one request take the server down
            log.exception("error answering %s", self.path)
            self._error(HttpError(HTTPStatus.INTERNAL_SERVER_ERROR, "internal error; see the server log"))

    def _answer(self, text: str) -> None:
        media = negotiate(self.headers.get("Accept"), guess_kind(text))
        try:
            result = self.server.answer(text)
        except QueryError as e:
            is_update_text = is_update(text)
            raise HttpError(HTTPStatus.BAD_REQUEST, "updates are refused: this endpoint is read-only"
                            if is_update_text else str(e)) from e
        except GraphError as e:  # the store failed, not the query
            raise HttpError(HTTPStatus.INTERNAL_SERVER_ERROR, str(e)) from e
        media = negotiate(self.headers.get("Accept"), result.kind)
        formats = GRAPH_FORMATS if result.kind in {"CONSTRUCT", "DESCRIBE"} else SELECT_FORMATS
        headers = {"X-SPARQL-MaxRows": str(self.server.limits.max_rows)} if result.truncated else {}
        self._send(HTTPStatus.OK, formats[media](result), f"{media}; charset=utf-8", headers=headers)

    def _params(self, query_string: str) -> dict[str, list[str]]:
        try:
            return urllib.parse.parse_qs(query_string, keep_blank_values=True, strict_parsing=False)
        except ValueError as e:
            raise HttpError(HTTPStatus.BAD_REQUEST, f"cannot read the request parameters: {e}") from e

    def _post_params(self) -> dict[str, list[str]]:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_QUERY_BYTES:
            raise HttpError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                            f"the request body is over {MAX_QUERY_BYTES} bytes")
        body = self.rfile.read(length).decode("utf-8", "replace")
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = self._params(urllib.parse.urlsplit(self.path).query)
        if ctype == "application/x-www-form-urlencoded":
            return {**params, **self._params(body)}
        if ctype == "application/sparql-query":
            return {**params, "query": [body]}
        if ctype == "application/sparql-update":
            raise HttpError(HTTPStatus.BAD_REQUEST, "updates are refused: this endpoint is read-only")
        raise HttpError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, f"cannot read a {ctype or 'typeless'} body; send "
                        "application/sparql-query or application/x-www-form-urlencoded")

    def _error(self, e: HttpError) -> None:
        body = (e.message + "\n").encode("utf-8")
        self._send(e.status, body, "text/plain; charset=utf-8", headers=e.headers)

    def _send(self, status: HTTPStatus, body: bytes, ctype: str | None, *,
              headers: dict[str, str] | None = None, head: bool = False) -> None:
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        if "Access-Control-Allow-Headers" not in (headers or {}):
            self.send_header("Access-Control-Allow-Headers", "Accept, Content-Type")
        self.send_header("Access-Control-Expose-Headers", "X-SPARQL-MaxRows")
        self.send_header("Access-Control-Max-Age", "86400")
        self.send_header("Vary", "Accept")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        log.info("%s %s", self.address_string(), format % args)

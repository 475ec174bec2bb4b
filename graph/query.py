"""SPARQL over a built graph: parse with the project's prefixes, guard, run, format."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from graph.errors import QueryError
from graph.terms import PREFIXES

PROLOGUE = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)
_COMMENT_OR_STRING = re.compile(r"#[^\n]*|\"\"\"[\s\S]*?\"\"\"|'''[\s\S]*?'''|\"(?:\\.|[^\"\\])*\"|'(?:\\.|[^'\\])*'|<[^<>\s]*>")


@dataclass(frozen=True)
class Result:
    """Rows of a SELECT (or one boolean row of an ASK), with their column names."""

    columns: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]


def with_prologue(text: str) -> str:
    """Prepend the project's PREFIX declarations to `text`."""
    return PROLOGUE + text


def has_service(text: str) -> bool:
    """Whether `text` uses a SERVICE clause (outside comments, strings and IRIs)."""
    return bool(_SERVICE.search(_COMMENT_OR_STRING.sub(" ", text)))


def prepare(text: str, *, allow_service: bool = False):  # type: ignore[no-untyped-def]
    """Parse `text` (with the project's prefixes) into an rdflib prepared query.

    Raises:
        QueryError: the text does not parse, is an update, or uses SERVICE
            without `allow_service`.
    """
    from pyparsing.exceptions import ParseException
    from rdflib.plugins.sparql import prepareQuery

    if not allow_service and has_service(text):
        raise QueryError("SERVICE clauses are refused: they fetch data from other hosts; "
                         "pass --allow-service if you trust this query")
    try:
        return prepareQuery(with_prologue(text))
    except ParseException as e:
        raise QueryError(f"cannot parse SPARQL: {e.msg} at line {e.lineno - len(PREFIXES)}, column {e.col}") from e
    except Exception as e:  # rdflib raises plain Exceptions for some malformed queries
        raise QueryError(f"cannot parse SPARQL: {e}") from e


def run_query(ds: Dataset, text: str, *, allow_service: bool = False,
              bindings: dict[str, object] | None = None) -> Result:
    """Run a SELECT or ASK query over `ds` (the union of its graphs).

    Args:
        ds: a dataset from `graph.store.load_dataset` or `graph.api.build_graph`.
        text: SPARQL; the prefixes ag, rdf, rdfs, skos, owl, prov, dcterms and
            xsd are predeclared.
        allow_service: run SERVICE clauses (off by default).
        bindings: initial variable bindings (e.g. parameters of a named question).

    Raises:
        QueryError: the query does not parse, is refused, or fails.
    """
    query = prepare(text, allow_service=allow_service)
    try:
        result = ds.query(query, initBindings=bindings or {})
    except Exception as e:
        raise QueryError(f"query failed: {e}") from e
    if result.type == "ASK":
        return Result(("ask",), ((bool(result.askAnswer),),))
    if result.type != "SELECT":
        raise QueryError(f"{result.type} queries are not supported here; use SELECT or ASK")
    columns = tuple(str(v) for v in result.vars or ())
    return Result(columns, tuple(tuple(row) for row in result))


def display(ds: Dataset, value: object) -> str:
    """A readable form of a result value: an entity's label rather than its IRI."""
    if value is None:
        return ""
    if isinstance(value, URIRef):
        label = ds.value(value, RDFS.label) or ds.value(value, SKOS.prefLabel)
        if label is not None:
            return str(label)
        for prefix, ns in PREFIXES.items():
            if str(value).startswith(ns):
                return f"{prefix}:{str(value)[len(ns):]}"
        return str(value)
    if isinstance(value, (Literal, BNode)):
        return str(value)
    return str(value)


def format_result(ds: Dataset, result: Result, fmt: str = "table") -> str:
    """Render a `Result` as ``table``, ``csv``, ``tsv`` or ``json`` text."""
    rows = [[display(ds, v) for v in row] for row in result.rows]
    if fmt == "json":
        raw = [dict(zip(result.columns, (None if v is None else str(v) for v in row)))
               for row in result.rows]
        shown = [dict(zip(result.columns, row)) for row in rows]
        return json.dumps({"columns": list(result.columns), "rows": shown, "values": raw},
                          indent=2, ensure_ascii=False)
    if fmt in {"csv", "tsv"}:
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows(rows)
        return buf.getvalue().rstrip("\n")
    return _table(result.columns, rows)


def _table(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [len(c) for c in columns]
    for row in rows:
        widths = [max(w, min(len(v), 60)) for w, v in zip(widths, row)]

    def line(values: Sequence[str]) -> str:
        cells = [(v if len(v) <= 60 else v[:57] + "...").ljust(w) for v, w in zip(values, widths)]
        return "  ".join(cells).rstrip()

    out = [line(columns), line(["-" * w for w in widths])]
    out.extend(line(r) for r in rows)
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)

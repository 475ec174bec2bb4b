"""SPARQL over a built graph: parse with the project's prefixes, guard, bind, run, format.

Every store (`graph.stores`) runs the same text: the project's prefixes are
prepended, parameters are bound by a ``VALUES`` block placed at the start of
the top-level ``WHERE`` group, and results come back as one `Result` type
holding rdflib terms, so answers compare equal across stores.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.namespace import RDFS, SKOS
from rdflib.term import Node

from graph.errors import QueryError
from graph.terms import NS, PREFIXES

PROLOGUE = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
KINDS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT",
         "DescribeQuery": "DESCRIBE"}
_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)
_COMMENT_OR_STRING = re.compile(r"#[^\n]*|\"\"\"[\s\S]*?\"\"\"|'''[\s\S]*?'''|\"(?:\\.|[^\"\\])*\"|'(?:\\.|[^'\\])*'|<[^<>\s]*>")
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_IRI = re.compile(r"[^\x00-\x20<>\"{}|^`\\]+")
_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}

Bindings = Mapping[str, "object | Sequence[object]"]
SERVICE_REFUSED = ("SERVICE clauses are refused: they fetch data from other hosts; "
                   "pass --allow-service if you trust this query")
UPDATE_REFUSED = ("this is a SPARQL update; the graph is only queried here "
                  "(use SELECT, ASK, CONSTRUCT or DESCRIBE)")


@dataclass(frozen=True)
class Result:
    """The answer to a query, in rdflib terms (None for an unbound value).

    SELECT: one tuple per solution. ASK: ``columns == ("ask",)`` and one row
    holding a bool. CONSTRUCT and DESCRIBE: the triples as rows of
    ``(subject, predicate, object)``, sorted. `truncated` is True when a row
    limit cut the answer short.
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    kind: str = "SELECT"
    truncated: bool = False


def with_prologue(text: str) -> str:
    """Prepend the project's PREFIX declarations to `text`."""
    return PROLOGUE + text


def _masked(text: str) -> str:
    """`text` with comments, strings and IRIs blanked out (same length)."""
    return _COMMENT_OR_STRING.sub(lambda m: " " * len(m.group()), text)


def has_service(text: str) -> bool:
    """Whether `text` uses a SERVICE clause (outside comments, strings and IRIs)."""
    return bool(_SERVICE.search(_masked(text)))


def is_update(text: str) -> bool:
    """Whether `text` parses as a SPARQL 1.1 Update (INSERT, DELETE, LOAD, DROP, …)."""
    from pyparsing.exceptions import ParseException
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(with_prologue(text))
    except ParseException:
        return False
    return True


def prepare(text: str, *, allow_service: bool = False):  # type: ignore[no-untyped-def]
    """Parse `text` (with the project's prefixes) into an rdflib prepared query.

    Raises:
        QueryError: the text does not parse, is an update, or uses SERVICE
            without `allow_service`.
    """
    from pyparsing.exceptions import ParseException
    from rdflib.plugins.sparql import prepareQuery

    if not allow_service and has_service(text):
        raise QueryError(SERVICE_REFUSED)
    try:
        return prepareQuery(with_prologue(text))
    except ParseException as e:
        if is_update(text):
            raise QueryError(UPDATE_REFUSED) from e
        line = e.lineno - len(PREFIXES)
        raise QueryError(f"cannot parse SPARQL: {e.msg} at line {line}, column {e.col}") from e
    except Exception as e:  # rdflib raises plain Exceptions for some malformed queries
        raise QueryError(f"cannot parse SPARQL: {e}") from e


def query_kind(text: str, *, allow_service: bool = False) -> str:
    """``"SELECT"``, ``"ASK"``, ``"CONSTRUCT"`` or ``"DESCRIBE"``: what `text` asks.

    Raises:
        QueryError: as `prepare`.
    """
    return KINDS[prepare(text, allow_service=allow_service).algebra.name]


def guess_kind(text: str) -> str:
    """The query form `text` starts with, without parsing it (``"SELECT"`` when unclear)."""
    match = _FORM.search(_masked(text))
    return match.group(1).upper() if match else "SELECT"


def sparql_term(value: object) -> str:
    """`value` written as a SPARQL (and N-Triples) term, escaped so no text can break out.

    Strings become ``xsd:string`` literals, ints ``xsd:integer``, bools
    ``xsd:boolean``; rdflib terms keep their type.

    >>> sparql_term('say "hi"\\n')
    '"say \\\\"hi\\\\"\\\\n"'
    >>> sparql_term(URIRef("https://example.org/a"))
    '<https://example.org/a>'
    """
    if isinstance(value, bool | int | float | str) and not isinstance(value, Node):
        value = Literal(value)
    if isinstance(value, URIRef):
        if not _IRI.fullmatch(str(value)):
            raise QueryError(f"not a usable IRI: {str(value)!r}")
        return f"<{value}>"
    if isinstance(value, BNode):
        raise QueryError("blank nodes cannot be bound as parameters; use an IRI or a literal")
    if isinstance(value, Literal):
        body = '"' + "".join(_ECHAR.get(c, c) for c in str(value)) + '"'
        if value.language:
            return f"{body}@{value.language}"
        if value.datatype:
            return f"{body}^^{sparql_term(value.datatype)}"
        return body
    raise QueryError(f"cannot bind a {type(value).__name__} as a SPARQL term")


def values_clause(bindings: Bindings) -> str:
    """`bindings` as one ``VALUES (?a ?b) { (…) … }`` clause.

    Each value is an rdflib term or a Python str/int/float/bool, or a list of
    them (the variable then takes each in turn). Values are written with
    `sparql_term`, never pasted as raw text.

    Raises:
        QueryError: a name is not a variable name, or a value cannot be a term.
    """
    names, columns = [], []
    for name, value in bindings.items():
        if not _VARIABLE.fullmatch(name):
            raise QueryError(f"{name!r} is not a SPARQL variable name (letters, digits, _)")
        names.append(f"?{name}")
        columns.append([sparql_term(v) for v in (value if isinstance(value, list | tuple) else [value])])
    # One block, not one per variable: rdflib evaluates a join of two VALUES blocks
    # eagerly, which would cut the bindings off from the patterns that need them.
    rows = " ".join(f"({' '.join(row)})" for row in itertools.product(*columns))
    return f"VALUES ({' '.join(names)}) {{ {rows} }}"


def bind_values(text: str, bindings: Bindings | None) -> str:
    """Bind variables by a ``VALUES`` block (`values_clause`) at the start of the top-level WHERE group.

    Bindings apply to the top-level group: a variable used only inside a
    sub-SELECT is not bound by them.

    Raises:
        QueryError: a name is not a variable name, or the query has no group.
    """
    if not bindings:
        return text
    clause = values_clause(bindings)
    masked = _masked(text)
    if re.search(r"\bCONSTRUCT\s+WHERE\b", masked, re.IGNORECASE):
        raise QueryError("cannot bind parameters in the short form CONSTRUCT WHERE { … }; "
                         "write CONSTRUCT { template } WHERE { … }")
    match = _WHERE.search(masked)
    at = match.end() if match else masked.find("{") + 1
    if at <= 0:
        raise QueryError("cannot bind parameters: the query has no WHERE { … } group")
    return f"{text[:at]}\n  {clause}\n{text[at:]}"


def rdflib_result(result: Any, *, max_rows: int | None = None) -> Result:
    """Turn an rdflib `query()` result into a `Result` (at most `max_rows` rows)."""
    if result.type == "ASK":
        return Result(("ask",), ((bool(result.askAnswer),),), kind="ASK")
    if result.type in {"CONSTRUCT", "DESCRIBE"}:
        return triples_result(result.graph, result.type, max_rows=max_rows)
    columns = tuple(str(v) for v in result.vars or ())
    rows, truncated = take(result, max_rows)
    return Result(columns, tuple(tuple(row) for row in rows), truncated=truncated)


def triples_result(triples: Iterable[tuple[Node, Node, Node]], kind: str, *,
                   max_rows: int | None = None) -> Result:
    """A CONSTRUCT or DESCRIBE `Result`: the distinct triples, sorted for stable output."""
    rows = sorted(set(map(tuple, triples)), key=lambda t: tuple(x.n3() for x in t))
    truncated = max_rows is not None and len(rows) > max_rows
    return Result(("subject", "predicate", "object"), tuple(rows[:max_rows]), kind=kind,
                  truncated=truncated)


def take(rows: Iterable[Any], max_rows: int | None) -> tuple[list[Any], bool]:
    """The first `max_rows` of `rows` (all when None), and whether there were more."""
    if max_rows is None:
        return list(rows), False
    out: list[Any] = []
    for row in rows:
        if len(out) == max_rows:
            return out, True
        out.append(row)
    return out, False


def run_query(ds: Dataset, text: str, *, allow_service: bool = False,
              bindings: Bindings | None = None, max_rows: int | None = None) -> Result:
    """Run a query over `ds` (the union of its graphs) with rdflib.

    Args:
        ds: a dataset from `graph.store.load_dataset` or `graph.api.build_graph`.
        text: SPARQL; the prefixes ag, rdf, rdfs, skos, owl, prov, dcterms and
            xsd are predeclared.
        allow_service: run SERVICE clauses (off by default).
        bindings: variable bindings (see `bind_values`).
        max_rows: stop after this many rows (`Result.truncated` then says so).

    Raises:
        QueryError: the query does not parse, is refused, or fails.
    """
    query = prepare(bind_values(text, bindings), allow_service=allow_service)
    try:
        return rdflib_result(ds.query(query), max_rows=max_rows)
    except QueryError:
        raise
    except Exception as e:
        raise QueryError(f"query failed: {e}") from e


def iris_in(result: Result) -> list[URIRef]:
    """The distinct IRIs in `result`, in order of appearance."""
    seen: dict[URIRef, None] = {}
    for row in result.rows:
        for value in row:
            if isinstance(value, URIRef):
                seen.setdefault(value)
    return list(seen)


def dataset_labels(ds: Dataset, iris: Iterable[URIRef]) -> dict[URIRef, str]:
    """The `rdfs:label` (else `skos:prefLabel`) of each of `iris` that has one."""
    labels = {}
    for iri in iris:
        label = ds.value(iri, RDFS.label) or ds.value(iri, SKOS.prefLabel)
        if label is not None:
            labels[iri] = str(label)
    return labels


def display(labels: Mapping[URIRef, str] | Dataset, value: object) -> str:
    """A readable form of a result value: an entity's label rather than its IRI.

    Ontology terms show as their local name (``trains``), other known
    namespaces as ``prefix:name``.
    """
    if value is None:
        return ""
    if isinstance(value, URIRef):
        if isinstance(labels, Dataset):
            labels = dataset_labels(labels, [value])
        if value in labels:
            return labels[value]
        if value.startswith(NS):
            return value[len(NS):]
        for prefix, ns in PREFIXES.items():
            if value.startswith(ns):
                return f"{prefix}:{value[len(ns):]}"
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def result_labels(source: Any, result: Result) -> Mapping[URIRef, str]:
    """Labels for the IRIs in `result`, from a Dataset, a store, or a ready mapping."""
    if source is None:
        return {}
    if isinstance(source, Mapping):
        return source
    if isinstance(source, Dataset):
        return dataset_labels(source, iris_in(result))
    return source.labels(iris_in(result))


def format_result(source: Any, result: Result, fmt: str = "table") -> str:
    """Render `result` as ``table``, ``csv``, ``tsv`` or ``json`` text, with labels.

    Args:
        source: where labels come from: a Dataset, a `graph.stores.Store`,
            a mapping IRI → label, or None (IRIs shown as they are).
        result: from `run_query`, `Store.query` or `graph.questions.ask`.
        fmt: the output format.
    """
    labels = result_labels(source, result)
    rows = [[display(labels, v) for v in row] for row in result.rows]
    if fmt == "json":
        raw = [dict(zip(result.columns, (None if v is None else _raw(v) for v in row)))
               for row in result.rows]
        shown = [dict(zip(result.columns, row)) for row in rows]
        doc = {"columns": list(result.columns), "rows": shown, "values": raw}
        if result.truncated:
            doc["truncated"] = True
        return json.dumps(doc, indent=2, ensure_ascii=False)
    if fmt in {"csv", "tsv"}:
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows(rows)
        return buf.getvalue().rstrip("\n")
    return _table(result.columns, rows) + (" (truncated)" if result.truncated else "")


def _raw(value: object) -> object:
    return value if isinstance(value, bool) else str(value)


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


def iter_rows(result: Result) -> Iterator[dict[str, Any]]:
    """The rows of `result` as dicts keyed by column name."""
    for row in result.rows:
        yield dict(zip(result.columns, row))

"""Named questions: the SPARQL files in ``ontology/queries``, run by name with parameters.

Each ``<name>.rq`` starts with comment lines that describe it, so no Python
registry is needed::

    # description: Who trains whom, with quantities, dates and status
    # param: trainer = "" (entity: label or alias of the trainer; empty for all)
    # param: limit = 50 (integer: rows per page)

A parameter is ``NAME [= DEFAULT] (KIND: description)``; without a default it
is required. Kinds: ``entity`` (a label or alias, matched in any case, bound
as the entity's IRIs; empty leaves the variable free), ``relation`` (an
ontology property such as ``trains``), ``class`` (an ontology class such as
``Country``), ``date`` (``2024``, ``2024-05`` or
``2024-05-12``), ``text`` and ``integer`` (inferred from the default when no
kind is written); ``integer >= N`` refuses a value below N. ``limit`` and
``offset`` page the answer. Values are bound
with `graph.query.bind_values` (typed terms in a VALUES block), never pasted
into the text.

Comment lines let a question be cheap on large graphs. Being comments, they
leave the text valid SPARQL that returns every row when run by hand:

- ``# bind`` is where the VALUES block goes (inside the sub-SELECT that picks a
  page, so an entity restricts it from the start). A question may have several
  (each gets the same block); without one, the store binds at the top level.
- ``# page`` is where LIMIT/OFFSET go (so the details of only one page of rows
  are fetched).
- ``# window`` ends a ``{ SELECT … }`` group that lists, in the order the rows
  are sorted by first (e.g. documents, oldest first), the groups that may hold
  rows: every row must belong to one of them and come after the rows of the
  groups before it. `ask` first asks for the first offset+limit groups alone
  (``LIMIT`` on that line), then the page with those groups as a VALUES block
  in place of the sub-SELECT (and the bindings as a FILTER on its other
  ``# bind`` lines, or in that VALUES block for a ``# bind with window`` line),
  so the page sorts the rows of a few groups instead of all. Each group holds a row or none; when the page comes back
  short from a full window and its groups held fewer than offset+limit rows,
  it asks again with four times as many groups, and past `WINDOW_MAX` groups
  without a window. A ``?rows`` column (how many rows a group holds at least)
  lets the page start from just enough groups.
- A line ending in ``# if NAME`` (or ``# if NAME, OTHER``) is kept only when one
  of those parameters is given: a pattern that narrows the window to an
  entity's documents, which a listing does without; one ending in
  ``# unless NAME`` only when none is.
"""

from __future__ import annotations

import difflib
import itertools
import re
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources.abc import Traversable
from typing import Any

from rdflib import Dataset, Literal, URIRef

from graph.errors import QueryError
from graph.query import Result, sparql_term, values_clause
from graph.stores import Store, as_store
from graph.terms import CLASSES, RELATIONS

KINDS = ("entity", "relation", "class", "date", "text", "integer")
PAGING = ("limit", "offset")
_DESCRIPTION = re.compile(r"#\s*description:\s*(?P<text>.+?)\s*$")
_PARAM = re.compile(
    r"#\s*param:\s*(?P<name>[A-Za-z_]\w*)\s*(?:=\s*(?P<default>\"(?:[^\"\\]|\\.)*\"|-?\d+))?\s*"
    rf"(?:\((?:(?P<kind>{'|'.join(KINDS)})(?:\s*>=\s*(?P<minimum>-?\d+))?\s*:\s*)?(?P<description>.*)\))?\s*$")
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_ALL_LABELS = "SELECT DISTINCT ?l WHERE { ?e rdfs:label|skos:altLabel ?l }"
_PAGE = re.compile(r"^[ \t]*# page[ \t]*$", re.MULTILINE)
_BIND = re.compile(r"^[ \t]*# bind( with window)?[ \t]*$", re.MULTILINE)
_BIND_WITH = re.compile(r"^[ \t]*# bind with window[ \t]*$", re.MULTILINE)
_WINDOW = re.compile(r"^[ \t]*# window[ \t]*$", re.MULTILINE)
_SKIPPED = re.compile(r"#[^\n]*|\"(?:\\.|[^\"\\])*\"|'(?:\\.|[^'\\])*'|<[^<>\s]*>")
"""Comments, strings and IRIs, where braces do not count."""
WINDOW_MAX = 1000
"""The most groups a window holds; a page further on is asked with every group."""
_IF = re.compile(r"^(?P<line>.*?)[ \t]*#[ \t]*(?P<test>if|unless)[ \t]+(?P<names>\w+(?:[ \t]*,[ \t]*\w+)*)[ \t]*$",
                 re.MULTILINE)


@dataclass(frozen=True)
class Param:
    """One parameter of a named question."""

    name: str
    kind: str
    default: str | int | None
    """None when the parameter is required."""
    description: str = ""
    minimum: int | None = None
    """The least value an integer parameter takes (``(integer >= 2: …)``)."""

    def usage(self) -> str:
        """``name`` or ``name=default``, as `kg ask --list` shows it."""
        if self.default is None:
            return f"{self.name} (required)"
        return self.name if self.default == "" else f"{self.name}={self.default}"


@dataclass(frozen=True)
class Question:
    """A named question: its SPARQL text and what it takes."""

    name: str
    description: str
    params: tuple[Param, ...]
    text: str

    def param(self, name: str) -> Param:
        """The parameter `name`.

        Raises:
            QueryError: the question has no such parameter.
        """
        for p in self.params:
            if p.name == name:
                return p
        takes = ", ".join(p.name for p in self.params) or "no parameters"
        raise QueryError(f"{self.name} has no parameter {name!r}; it takes {takes}")


def query_dir() -> Traversable:
    """The folder of named questions (the package data `graph.ontology.queries`)."""
    from graph.resources import ontology_dir

    return ontology_dir().joinpath("queries")


def parse_question(name: str, text: str) -> Question:
    """Read a question's description and parameters from its leading comment lines.

    Raises:
        QueryError: the header is missing a description or has a bad param line.
    """
    description, params = "", []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            break
        if m := _DESCRIPTION.fullmatch(line):
            description = m["text"]
        elif line.startswith("#") and re.match(r"#\s*param:", line):
            m = _PARAM.fullmatch(line)
            if not m:
                raise QueryError(f"{name}.rq: cannot read {line!r}; write "
                                 "'# param: NAME = DEFAULT (KIND: description)'")
            param = _param(m)
            if param.minimum is not None and isinstance(param.default, int) and param.default < param.minimum:
                raise QueryError(f"{name}.rq: {param.name}'s default {param.default} is below its least value "
                                 f"{param.minimum}")
            params.append(param)
    if not description:
        raise QueryError(f"{name}.rq: no '# description: …' line at the top; add one")
    names = {p.name for p in params}
    for m in _IF.finditer(text):
        unknown = [n for n in _if_names(m) if n not in names]
        if unknown:
            raise QueryError(f"{name}.rq: '# {m['test']} {m['names']}' names no parameter {', '.join(unknown)}")
    return Question(name, description, tuple(params), text)


def _if_names(m: re.Match[str]) -> list[str]:
    return [n.strip() for n in m["names"].split(",")]


def _param(m: re.Match[str]) -> Param:
    raw = m["default"]
    default: str | int | None
    if raw is None:
        default = None
    elif raw.startswith('"'):
        default = raw[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    else:
        default = int(raw)
    kind = m["kind"] or ("integer" if isinstance(default, int) else "text")
    minimum = int(m["minimum"]) if m["minimum"] else None
    return Param(m["name"], kind, default, (m["description"] or "").strip(), minimum)


@cache
def _read(name: str) -> Question:
    return parse_question(name, query_dir().joinpath(f"{name}.rq").read_text(encoding="utf-8"))


def list_questions() -> list[Question]:
    """Every named question, sorted by name."""
    names = sorted(f.name[:-3] for f in query_dir().iterdir() if f.name.endswith(".rq"))
    return [_read(n) for n in names]


def load_question(name: str) -> Question:
    """The named question `name`.

    Raises:
        QueryError: no question has that name (near names are suggested).
    """
    names = [q.name for q in list_questions()]
    if name not in names:
        near = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
        hint = f"did you mean {', '.join(near)}? " if near else ""
        raise QueryError(f"no named question {name!r}; {hint}list them with `kg ask --list`")
    return _read(name)


def find_entities(source: Store | Dataset, name: str) -> list[URIRef]:
    """The entities whose label or alias is `name`, compared case-insensitively, sorted by IRI."""
    return as_store(source).entities_named(name)


def near_labels(source: Store | Dataset, name: str, n: int = 5) -> list[str]:
    """Up to `n` labels or aliases that look like `name` (for "did you mean")."""
    store = as_store(source)
    labels = sorted({str(row[0]) for row in store.query(_ALL_LABELS).rows})
    lowered = {label.casefold(): label for label in labels}
    key = name.casefold()
    close = difflib.get_close_matches(key, list(lowered), n=n, cutoff=0.6)
    inside = [k for k in lowered if key and (key in k or k in key) and k not in close]
    return [lowered[k] for k in (close + sorted(inside, key=len))[:n]]


def no_entity_error(source: Store | Dataset, name: str) -> QueryError:
    """The error for an entity name that matches nothing, with near matches."""
    near = near_labels(source, name)
    hint = f"near matches: {'; '.join(near)}" if near else "no label is close either"
    return QueryError(f"no entity is labelled {name!r} (labels and aliases, any case); {hint}")


def bind_params(store: Store, question: Question,
                values: Mapping[str, Any]) -> tuple[dict[str, Any], int | None, int]:
    """The VALUES bindings, limit and offset for running `question` with `values`.

    Raises:
        QueryError: an unknown parameter, a value of the wrong kind, a missing
            required value, or an entity that matches nothing.
    """
    for name in values:
        question.param(name)
    bindings: dict[str, Any] = {}
    paging: dict[str, int | None] = {"limit": None, "offset": 0}
    for p in question.params:
        raw = values.get(p.name, p.default)
        if raw is None or (raw == "" and p.default is None):
            raise QueryError(f"{question.name} needs {p.name} ({p.description}); "
                             f"give it with --param {p.name}=…")
        value = _coerce(store, question, p, raw)
        if p.name in PAGING:
            paging[p.name] = value
        elif value is not None:
            bindings[p.name] = value
    return bindings, paging["limit"], paging["offset"] or 0


def _coerce(store: Store, question: Question, p: Param, raw: Any) -> Any:
    if p.kind == "entity" and isinstance(raw, URIRef | list | tuple):
        return raw if isinstance(raw, URIRef) else [URIRef(iri) for iri in raw]
    text = str(raw).strip()
    if p.kind == "integer":
        if not re.fullmatch(r"-?\d+", text):
            raise QueryError(f"{question.name}: {p.name} must be a whole number, not {text!r}")
        number = int(text)
        least = {"limit": 1, "offset": 0}.get(p.name, p.minimum)
        if least is not None and number < least:
            raise QueryError(f"{question.name}: {p.name} must be at least {least}")
        return number
    if text == "":
        return None
    if p.kind == "date":
        if not _DATE.fullmatch(text):
            raise QueryError(f"{question.name}: {p.name} must be a date like 2024, 2024-05 or 2024-05-12, "
                             f"not {text!r}")
        return Literal(text)
    if p.kind == "relation":
        local = text.removeprefix("ag:")
        if local not in RELATIONS:
            raise QueryError(f"{question.name}: {p.name} must be one of {', '.join(RELATIONS)}, not {text!r}")
        return RELATIONS[local]
    if p.kind == "class":
        classes = {c.casefold(): iri for c, iri in CLASSES.items()}
        if text.removeprefix("ag:").casefold() not in classes:
            raise QueryError(f"{question.name}: {p.name} must be one of {', '.join(CLASSES)}, not {text!r}")
        return classes[text.removeprefix("ag:").casefold()]
    if p.kind == "entity":
        if re.match(r"https?://", text):
            return URIRef(text)
        found = find_entities(store, text)
        if not found:
            raise no_entity_error(store, text)
        return found
    return Literal(text)


def question_text(question: Question, limit: int | None, offset: int) -> str:
    """The question's SPARQL with its page (LIMIT/OFFSET from validated integers).

    The page goes on the question's ``# page`` line when it has one (inside the
    sub-SELECT that picks a page of rows before the details are joined), else at
    the end. A ``# window`` stays a comment: the window takes every group.
    """
    return _paged(question.text, limit, offset)


def _paged(text: str, limit: int | None, offset: int) -> str:
    if limit is None:
        return text
    page = f"LIMIT {int(limit)}" + (f" OFFSET {int(offset)}" if offset else "")
    if _PAGE.search(text):
        return _PAGE.sub(page, text, count=1)
    return f"{text.rstrip()}\n{page}"


def window_span(text: str) -> tuple[int, int] | None:
    """Where the window sub-SELECT is: from its ``{`` to just after its ``}`` (None without ``# window``)."""
    return _group_span(text, _WINDOW, "window")


def _group_span(text: str, marker_line: re.Pattern[str], name: str) -> tuple[int, int] | None:
    """The ``{ … }`` group around the line `marker_line` matches, braces included."""
    marker = marker_line.search(text)
    if marker is None:
        return None
    masked = _SKIPPED.sub(lambda m: " " * len(m.group()), text)
    depth, start = 0, marker.start()
    while depth >= 0:
        start -= 1
        if start < 0:
            raise QueryError(f"'# {name}' must be inside a {{ SELECT … }} group")
        depth += {"}": 1, "{": -1}.get(masked[start], 0)
    depth, end = 0, marker.end()
    while depth >= 0:
        if end >= len(masked):
            raise QueryError(f"'# {name}' must be inside a {{ SELECT … }} group")
        depth += {"{": 1, "}": -1}.get(masked[end], 0)
        end += 1
    return start, end


def filter_clause(bindings: Mapping[str, Any]) -> str:
    """``FILTER(?a IN (…) && …)``: the rows whose variables take the bound values (empty without bindings)."""
    tests = [f"?{name} IN ({', '.join(sparql_term(v) for v in (value if isinstance(value, list | tuple) else [value]))})"
             for name, value in bindings.items()]
    return f"  FILTER({' && '.join(tests)})" if tests else ""


def rows_clause(columns: Iterable[str], rows: Iterable[tuple[Any, ...]]) -> str:
    """``VALUES (?a ?b) { (…) … }`` with one row per result row (UNDEF for unbound values).

    No rows give ``{ FILTER(1 = 0) }``, which matches nothing as well (rdflib fails on an empty
    VALUES, and takes ``FILTER(false)`` for true).
    """
    rows = list(rows)
    if not rows:
        return "{ FILTER(1 = 0) }"
    names = " ".join(f"?{c}" for c in columns)
    body = " ".join("(" + " ".join("UNDEF" if v is None else sparql_term(v) for v in row) + ")" for row in rows)
    return f"VALUES ({names}) {{ {body} }}"


def keep_lines(text: str, given: Iterable[str]) -> str:
    """`text` without its ``# if NAME`` lines whose parameters were not given, nor its
    ``# unless NAME`` lines whose parameters were."""
    given = set(given)
    return _IF.sub(lambda m: m["line"] if bool(given & set(_if_names(m))) == (m["test"] == "if") else "", text)


def place_bindings(text: str, bindings: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Put the VALUES block on each of the question's ``# bind`` lines, if it has any.

    Returns the text and the bindings still to give the store (none once placed):
    without such a line, the store binds them at the top-level WHERE group.
    """
    if not bindings or _BIND.search(text) is None:
        return text, bindings
    values = f"  {values_clause(bindings)}"
    return _BIND.sub(lambda _: values, text), {}


def ask(source: Store | Dataset | str, name: str, params: Mapping[str, Any] | None = None, *,
        paged: bool = True, timeout: float | None = None) -> Result:
    """Run the named question `name` on `source` (a store, a Dataset or a store spec).

    Args:
        source: where the graph is; see `graph.stores.open_store`.
        name: a question's name (`list_questions` lists them).
        params: parameter values, as text or Python values.
        paged: apply the `limit`/`offset` page (False: every row).
        timeout: seconds the query may run.

    Raises:
        QueryError: unknown question or parameter, bad value, or the query fails.

    Example:
        >>> result = ask(ds, "who-trains-whom", {"trainer": "China"})  # doctest: +SKIP
        >>> result.columns[:2]  # doctest: +SKIP
        ('trainer', 'trainee')
    """
    store = as_store(source)
    question = load_question(name)
    bindings, limit, offset = bind_params(store, question, params or {})
    text = keep_lines(question.text, bindings)
    span = window_span(text) if paged and limit is not None else None
    if span is None or limit is None:
        text, rest = place_bindings(text, bindings)
        return store.query(_paged(text, limit if paged else None, offset), rest, timeout=timeout)
    window, rest = place_bindings(text[span[0] + 1:span[1] - 1], bindings)
    joined = bool(_BIND_WITH.search(text[span[1]:]))
    at = None if timeout is None else time.monotonic() + timeout
    left = lambda: None if at is None else max(at - time.monotonic(), 0.001)
    size, trim = offset + limit, True
    while size <= WINDOW_MAX:
        # The window's groups, then the page from their rows only. A short page from a full window
        # may lack rows of later groups (unless the window's rows were enough, and the page is short
        # because the details left some out): ask again with a window four times larger.
        groups = store.query(_WINDOW.sub(f"LIMIT {size}", window, count=1), rest, timeout=left())
        columns, kept = _enough(groups, offset + limit if trim else None)
        # When a '# bind with window' question's window holds every group, the entity has few
        # rows: the page starts from it, and keeps to the window's groups by a FILTER.
        few = joined and bool(bindings) and len(groups.rows) < size and len(kept) == len(groups.rows)
        page_text = window_page(text, span, bindings, columns, kept, from_bindings=few)
        page = store.query(_paged(page_text, limit, offset), timeout=left())
        whole = len(groups.rows) < size and len(kept) == len(groups.rows)
        if len(page.rows) >= limit or whole or _rows(store, page_text, left()) >= offset + limit:
            return page
        if len(kept) < len(groups.rows):
            trim = False  # its ?rows counted more rows than there are: take every group
        else:
            size *= 4
    text, rest = place_bindings(text, bindings)
    return store.query(_paged(text, limit, offset), rest, timeout=left())


def window_page(text: str, span: tuple[int, int], bindings: Mapping[str, Any], columns: Iterable[str],
                groups: Iterable[tuple[Any, ...]], *, from_bindings: bool = False) -> str:
    """The page query of `text` (bindings not yet placed) from the window's `groups` (its rows).

    The groups go in a VALUES block where the window was; the page's own ``# bind`` lines get the
    bindings as a FILTER, so that its rows are found from the groups rather than from a bound
    entity (rdflib plans a pattern at a time, and would also evaluate a join of two VALUES blocks
    eagerly, cut off from the patterns). A ``# bind with window`` line asks instead for the
    bindings in that VALUES block, so that the page starts from both (a timeline's dates and
    entity). With `from_bindings`, the VALUES block holds the bindings alone and the groups
    become a FILTER.
    """
    where = filter_clause(bindings)
    before, after = (_BIND.sub(lambda m: "" if m[1] else where, part) for part in (text[:span[0]], text[span[1]:]))
    columns, groups = list(columns), list(groups)
    if _BIND_WITH.search(text[span[1]:]):
        combos = list(itertools.product(*(v if isinstance(v, list | tuple) else [v] for v in bindings.values())))
        if from_bindings and groups:
            kept = {c: [g[i] for g in groups if g[i] is not None] for i, c in enumerate(columns)}
            return before + rows_clause(list(bindings), combos) + filter_clause(kept) + after
        columns, groups = [*columns, *bindings], [(*g, *c) for g in groups for c in combos]
    return before + rows_clause(columns, groups) + after


def _enough(groups: Result, need: int | None) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
    """The window's columns and groups for the page query, without its ``?rows`` column.

    ``?rows`` (at least how many rows a group holds) lets the page start from fewer groups:
    the first ones whose rows add up to `need`.
    """
    if "rows" not in groups.columns:
        return groups.columns, list(groups.rows)
    at = groups.columns.index("rows")
    columns = groups.columns[:at] + groups.columns[at + 1:]
    kept, total = [], 0
    for row in groups.rows:
        kept.append(row[:at] + row[at + 1:])
        total += int(str(row[at] or 0))
        if need is not None and total >= need:
            break
    return columns, kept


def _rows(store: Store, text: str, timeout: float | None) -> int:
    """How many rows the sub-SELECT that picks a page finds in `text` (no page: all of them)."""
    span = _group_span(text, _PAGE, "page")
    if span is None:
        return 0
    result = store.query(f"SELECT (COUNT(*) AS ?rows) WHERE {{ {_PAGE.sub('', text[span[0]:span[1]])} }}",
                         timeout=timeout)
    return int(str(result.rows[0][0])) if result.rows else 0

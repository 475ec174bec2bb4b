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
kind is written). ``limit`` and ``offset`` page the answer. Values are bound
with `graph.query.bind_values` (typed terms in a VALUES block), never pasted
into the text.

Two comment lines let a question be cheap on large graphs: ``# bind`` is where
the VALUES block goes (inside the sub-SELECT that picks a page, so an entity
restricts it from the start), and ``# page`` is where LIMIT/OFFSET go (so the
details of only one page of rows are fetched). Being comments, they leave the
text valid SPARQL that returns every row when run by hand.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources.abc import Traversable
from typing import Any

from rdflib import Dataset, Literal, URIRef

from graph.errors import QueryError
from graph.query import Result, values_clause
from graph.stores import Store, as_store
from graph.terms import CLASSES, RELATIONS

KINDS = ("entity", "relation", "class", "date", "text", "integer")
PAGING = ("limit", "offset")
_DESCRIPTION = re.compile(r"#\s*description:\s*(?P<text>.+?)\s*$")
_PARAM = re.compile(
    r"#\s*param:\s*(?P<name>[A-Za-z_]\w*)\s*(?:=\s*(?P<default>\"(?:[^\"\\]|\\.)*\"|-?\d+))?\s*"
    rf"(?:\((?:(?P<kind>{'|'.join(KINDS)})\s*:\s*)?(?P<description>.*)\))?\s*$")
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_ALL_LABELS = "SELECT DISTINCT ?l WHERE { ?e rdfs:label|skos:altLabel ?l }"
_PAGE = re.compile(r"^[ \t]*# page[ \t]*$", re.MULTILINE)
_BIND = re.compile(r"^[ \t]*# bind[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class Param:
    """One parameter of a named question."""

    name: str
    kind: str
    default: str | int | None
    """None when the parameter is required."""
    description: str = ""

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
            params.append(_param(m))
    if not description:
        raise QueryError(f"{name}.rq: no '# description: …' line at the top; add one")
    return Question(name, description, tuple(params), text)


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
    return Param(m["name"], kind, default, (m["description"] or "").strip())


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
        if p.name in PAGING and number < (1 if p.name == "limit" else 0):
            raise QueryError(f"{question.name}: {p.name} must be at least {1 if p.name == 'limit' else 0}")
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
    sub-SELECT that picks a page of rows before the details are joined), else at the end.
    """
    if limit is None:
        return question.text
    page = f"LIMIT {int(limit)}" + (f" OFFSET {int(offset)}" if offset else "")
    if _PAGE.search(question.text):
        return _PAGE.sub(page, question.text, count=1)
    return f"{question.text.rstrip()}\n{page}"


def place_bindings(text: str, bindings: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Put the VALUES block on the question's ``# bind`` line, if it has one.

    Returns the text and the bindings still to give the store (none once placed):
    without the line, the store binds them at the top-level WHERE group.
    """
    match = _BIND.search(text)
    if not bindings or match is None:
        return text, bindings
    return f"{text[:match.start()]}  {values_clause(bindings)}{text[match.end():]}", {}


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
    text, bindings = place_bindings(question_text(question, limit if paged else None, offset), bindings)
    return store.query(text, bindings, timeout=timeout)

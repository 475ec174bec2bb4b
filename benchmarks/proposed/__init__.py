"""Proposed rewrites of the named questions (ontology/queries), measured by the query benchmark.

Each ``NAME.rq`` here answers the same question as ``ontology/queries/NAME.rq``
(same header, parameters and ORDER BY). Three changes to the machinery go with
them, each small enough to copy into graph/questions.py and graph/query.py:

- `find_entities`: the label lookup through the object index (an exact match
  of the usual spellings) before the case-insensitive scan of every label;
- `question_text`: a ``# page`` comment line in a question is where its
  LIMIT/OFFSET goes (inside the sub-SELECT that picks the page), instead of at
  the end, so only one page of rows is fetched in full;
- `bind_values`: a ``# bind`` comment line is where the VALUES block goes (in
  that sub-SELECT, so the entity restricts it), instead of the top-level group.

Both markers are comments: without them, or run by hand, a question is the
same valid SPARQL, returning every row. The benchmark times the current and
proposed versions side by side and compares their first pages.
"""

from __future__ import annotations

import re
from typing import Any

from rdflib import Literal, URIRef

from graph.query import Bindings
from graph.query import bind_values as bind_at_where

_PAGE = re.compile(r"^[ \t]*# page[ \t]*$", re.MULTILINE)
_BIND = re.compile(r"^[ \t]*# bind[ \t]*$", re.MULTILINE)

_EXACT = """SELECT DISTINCT ?e WHERE { ?e rdfs:label|skos:altLabel ?l } ORDER BY STR(?e)"""
_SCAN = """SELECT DISTINCT ?e WHERE {
  ?e rdfs:label|skos:altLabel ?l .
  FILTER(LCASE(STR(?l)) = LCASE(?name))
} ORDER BY STR(?e)"""


def spellings(name: str) -> list[str]:
    """The case variants of `name` that labels are usually written in."""
    words = name.split(" ")
    capitalised = " ".join(w[:1].upper() + w[1:] for w in words)
    return list(dict.fromkeys([name, capitalised, name.lower(), name.upper(), name.title(), name.capitalize()]))


def find_entities(store: Any, name: str) -> list[URIRef]:
    """As `graph.questions.find_entities`, but through the object index first.

    The label is looked up as written and in its usual case variants (an
    index lookup each); only when none matches are all labels scanned
    case-insensitively, as now.
    """
    found = store.query(_EXACT, {"l": [Literal(s) for s in spellings(name)]}).rows
    if not found:
        found = store.query(_SCAN, {"name": Literal(name)}).rows
    return [row[0] for row in found]


def question_text(text: str, limit: int | None, offset: int) -> str:
    """`text` with its page: at the ``# page`` line if it has one, else appended (as now)."""
    if limit is None:
        return text
    page = f"LIMIT {int(limit)}" + (f" OFFSET {int(offset)}" if offset else "")
    if _PAGE.search(text):
        return _PAGE.sub(page, text, count=1)
    return f"{text.rstrip()}\n{page}"


def bind_values(text: str, bindings: Bindings | None) -> str:
    """VALUES at the ``# bind`` line if the text has one, else at the top-level WHERE (as now)."""
    match = _BIND.search(text)
    if not bindings or match is None:
        return bind_at_where(text, bindings)
    # Reuse the current writer (escaping, one VALUES block): bind into an empty group, move it.
    block = bind_at_where("SELECT * WHERE {}", bindings)
    values = block[block.index("{") + 1:block.rindex("}")].strip()
    return text[:match.start()] + "  " + values + text[match.end():]

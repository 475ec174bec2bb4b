"""Small helpers shared by test modules (imported as ``from helpers import …``, as
tests/network_fixtures.py is): pytest puts tests/ on the import path."""

from __future__ import annotations

import socket
from typing import Any

import pytest
from rdflib import Dataset


def quads(ds: Dataset) -> set[tuple[object, ...]]:
    """Every quad of `ds` as ``(s, p, o, graph name)``, to compare datasets."""
    return {(s, p, o, getattr(g, "identifier", g)) for s, p, o, g in ds.quads((None, None, None, None))}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on just now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fail_extraction_of(doc_id: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make extracting document `doc_id` raise ``KeyError('e23')`` (a bug in the rules, as a
    real one did), in this process and in processes forked from it."""
    import graph.nlp.extract

    real = graph.nlp.extract.extract

    def failing(doc: Any, article: Any, *args: Any) -> Any:
        if article.id == doc_id:
            raise KeyError("e23")
        return real(doc, article, *args)

    monkeypatch.setattr(graph.nlp.extract, "extract", failing)


def pages(store: Any, name: str, params: dict[str, Any], limit: int) -> list[tuple[Any, ...]]:
    """Every page of `limit` rows of the named question, concatenated (until a page comes back short)."""
    from graph.questions import ask

    rows: list[tuple[Any, ...]] = []
    while True:
        page = ask(store, name, {**params, "limit": limit, "offset": len(rows)}).rows
        rows.extend(page)
        if len(page) < limit:
            return rows

"""Extraction on several processes: documents out, `Extraction` records back.

Each worker process holds one spaCy pipeline and runs both parsing and
extraction, so all cores work; only small records cross process boundaries.
Results come back in input order, with a bounded number of documents in
flight, so memory stays flat however many documents stream through.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from multiprocessing import get_context
from typing import TYPE_CHECKING

from graph.records import Article, Extraction, Failure

if TYPE_CHECKING:
    from spacy.language import Language

_NLP: Language | None = None


def default_workers() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _init(model: str | None) -> None:
    global _NLP
    if _NLP is None:
        from graph.nlp.pipeline import make_nlp

        _NLP = make_nlp(model)


def _extract_batch(articles: list[Article], skip: bool) -> list[Extraction | Failure]:
    assert _NLP is not None  # set by _init in this process
    return list(extract_checked(articles, _NLP, batch_size=len(articles), skip=skip))


def extract_checked(articles: Iterable[Article], nlp: Language, *, batch_size: int = 16,
                    skip: bool = False) -> Iterator[Extraction | Failure]:
    """Parse and extract in this process, with spaCy's batched `pipe`; with `skip`, a document
    whose extraction raises becomes a `Failure` (the error is a bug in ActorGraph, reported for
    that document) and the others go on."""
    from graph.nlp.extract import extract, parse
    from graph.nlp.pipeline import model_info

    info = model_info(nlp)
    for doc, article in parse(nlp, articles, batch_size=batch_size):
        try:
            yield extract(doc, article, info)
        except Exception as e:  # any error of the rules on one document
            if not skip:
                raise
            yield Failure(article.path or article.id,
                          f"{article.id}: extraction failed ({type(e).__name__}: {e}); this is a bug in "
                          "ActorGraph, not in the document: please report it with the document")


def extract_parallel(articles: Iterable[Article], workers: int, *, nlp: Language | None = None,
                     model: str | None = None, batch_size: int = 8,
                     skip: bool = False) -> Iterator[Extraction | Failure]:
    """Extract on `workers` processes, yielding results in input order.

    Args:
        articles: the documents, consumed lazily.
        workers: number of processes (1 runs in this process).
        nlp: a loaded pipeline; forked workers inherit it instead of loading their own.
        model: the spaCy model name when workers must load one.
        batch_size: documents per task.
        skip: turn a document whose extraction raises into a `Failure` (see `extract_checked`).
    """
    global _NLP
    if workers <= 1:
        from graph.nlp.pipeline import make_nlp

        yield from extract_checked(articles, nlp or make_nlp(model), batch_size=batch_size, skip=skip)
        return
    _NLP = nlp
    iterator = iter(articles)
    context = get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init,
                             initargs=(model,)) as pool:
        pending: deque[Future[list[Extraction | Failure]]] = deque()

        def submit() -> bool:
            batch = list(islice(iterator, batch_size))
            if batch:
                pending.append(pool.submit(_extract_batch, batch, skip))
            return bool(batch)

        for _ in range(workers * 2):
            if not submit():
                break
        while pending:
            done = pending.popleft().result()
            submit()
            yield from done

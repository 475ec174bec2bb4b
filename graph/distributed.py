"""Extraction on a Dask cluster: documents out, `Extraction` records back.

A drop-in for `graph.workers.extract_parallel` when one machine is not
enough. Batches of `Article` records go to the workers of a running Dask
cluster (``dask scheduler`` plus ``dask worker`` on each machine, or any
`distributed` deployment); each worker loads the spaCy pipeline once, when
it joins (a worker plugin), parses and extracts, and sends the small records
back. Results are yielded in input order, and only a bounded number of
batches is in flight, so memory stays flat however long the stream.

Every worker needs the same ActorGraph and spaCy model as the client:
`extract_dask` compares their versions before sending anything, so one
build never mixes extractors. The graph itself is assembled by the caller
(`graph.api`), which loads the records into the chosen store.
"""

from __future__ import annotations

import threading
import uuid
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import count, islice
from typing import TYPE_CHECKING, Any

from graph.errors import GraphError
from graph.records import Article, Extraction, Failure

if TYPE_CHECKING:
    from distributed import Client
    from spacy.language import Language

PLUGIN = "actorgraph-nlp"
_PIPELINES: dict[str | None, Language] = {}
"""The pipelines this worker process has loaded, by model name (None: the default model)."""
_LOCK = threading.Lock()
"""One batch at a time per process: a worker with several threads shares one pipeline."""


def _pipeline(model: str | None) -> Language:
    """This process's pipeline for `model`, loaded on first use."""
    with _LOCK:
        return _load(model)


def _load(model: str | None) -> Language:
    if model not in _PIPELINES:
        from graph.nlp.pipeline import make_nlp

        _PIPELINES[model] = make_nlp(model)
    return _PIPELINES[model]


def _versions(model: str | None) -> dict[str, str]:
    """Runs on a worker: the versions its extractions will record."""
    from graph.nlp.pipeline import model_info

    return model_info(_pipeline(model))


def _extract_batch(articles: list[Article], model: str | None, skip: bool) -> list[Extraction | Failure]:
    """Runs on a worker: parse and extract one batch with the worker's pipeline, as a local
    build does (`graph.workers.extract_checked`)."""
    from graph.workers import extract_checked

    with _LOCK:  # parsing holds the GIL anyway; threads would only contend for the pipeline
        return list(extract_checked(articles, _load(model), batch_size=len(articles), skip=skip))


def _plugin(model: str | None) -> Any:
    """A worker plugin that loads the pipeline on every worker, including those that join later."""
    from distributed import WorkerPlugin

    class LoadPipeline(WorkerPlugin):  # defined here so importing this module needs no Dask
        def __init__(self, model: str | None) -> None:
            self.model = model

        def setup(self, worker: Any) -> None:
            _pipeline(self.model)

    return LoadPipeline(model)


def connect(address: str | Client, *, timeout: float = 30) -> Client:
    """A client of the Dask scheduler at `address` (a client is returned as it is).

    Raises:
        GraphError: `distributed` is not installed, or the scheduler cannot be reached.
    """
    try:
        from distributed import Client
    except ImportError as e:
        raise GraphError("extracting on a Dask cluster needs dask.distributed; install it with "
                         "`pip install 'actorgraph[dask]'`") from e
    if isinstance(address, Client):
        return address
    try:
        return Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as e:
        raise GraphError(f"cannot reach the Dask scheduler at {address!r} ({e}); start one with "
                         "`dask scheduler` and `dask worker ADDRESS` on each machine") from e


def check_workers(client: Client, model: str | None, expected: dict[str, str] | None, *,
                  wait: float = 60) -> dict[str, str]:
    """Load the pipeline on every worker and return the versions they all use.

    Raises:
        GraphError: no worker joins within `wait` seconds, or workers disagree
            with each other or with `expected` (ActorGraph, model or spaCy version).
    """
    try:
        client.wait_for_workers(1, timeout=wait)
    except TimeoutError as e:
        raise GraphError(f"the Dask cluster at {client.scheduler.address} has no workers after {wait:g} s; "
                         "start some with `dask worker ADDRESS`") from e
    client.register_plugin(_plugin(model), name=f"{PLUGIN}-{model or 'default'}")
    found = client.run(_versions, model)
    distinct = {tuple(sorted(v.items())) for v in found.values()}
    if expected is not None:
        distinct.add(tuple(sorted(expected.items())))
    if len(distinct) > 1:
        seen = "; ".join(f"{w}: {v}" for w, v in sorted(found.items()))
        raise GraphError(f"Dask workers do not all run this ActorGraph and model ({expected}); "
                         f"they have {seen}. Install the same versions on every worker")
    return next(iter(found.values()))


def extract_dask(articles: Iterable[Article], address: str | Client, *, nlp: Language | None = None,
                 model: str | None = None, batch_size: int = 8, window: int | None = None,
                 expected: dict[str, str] | None = None, skip: bool = False) -> Iterator[Extraction | Failure]:
    """Extract on a Dask cluster, yielding results in input order.

    Args:
        articles: the documents, consumed lazily.
        address: the scheduler's address (``tcp://host:8786``) or a connected
            `distributed.Client`.
        nlp: the local pipeline, if loaded: workers must use the same versions.
        model: the spaCy model workers load (None: the default, as `make_nlp`).
        batch_size: documents per task.
        window: batches in flight at once (default: twice the cluster's threads).
        expected: the versions workers must report when no `nlp` is given
            (`graph.nlp.pipeline.model_info`'s keys).
        skip: a document whose extraction raises becomes a `Failure` (see
            `graph.workers.extract_checked`) instead of stopping the build.

    Raises:
        GraphError: the cluster cannot be reached, has no workers, or runs
            other versions. An error in one batch is re-raised here.

    Example:
        >>> from graph.ingest import read_articles
        >>> records = list(extract_dask(read_articles(["seeds/"]), "tcp://127.0.0.1:8786"))  # doctest: +SKIP
    """
    from graph.nlp.pipeline import model_info

    client = connect(address)
    try:
        check_workers(client, model, model_info(nlp) if nlp is not None else expected)
        window = window or max(2, 2 * sum(client.nthreads().values()))
        yield from _stream(client, iter(articles), model, batch_size, window, skip)
    finally:
        if client is not address:
            client.close()


def _stream(client: Client, articles: Iterator[Article], model: str | None, batch_size: int,
            window: int, skip: bool) -> Iterator[Extraction | Failure]:
    """Keep `window` batches running; yield finished batches in submission order.

    Batches that finish before an earlier one wait, up to `window` of them,
    so a slow batch neither idles the cluster nor lets memory grow.
    """
    from distributed import as_completed

    token = uuid.uuid4().hex[:12]
    numbers = count()
    order: deque[Any] = deque()
    done: set[str] = set()
    running = as_completed(loop=client.loop)

    def top_up() -> None:
        while len(order) - len(done) < window and len(order) < 2 * window:
            batch = list(islice(articles, batch_size))
            if not batch:
                return
            future = client.submit(_extract_batch, batch, model, skip, pure=False,
                                   key=f"actorgraph-extract-{token}-{next(numbers)}")
            order.append(future)
            running.add(future)

    try:
        top_up()
        while order:
            head = order[0]
            if head.key not in done:
                done.add(next(running).key)
            else:
                order.popleft()
                done.discard(head.key)
                extractions = head.result()
                head.release()
                yield from extractions
            top_up()
    finally:
        client.cancel(list(order))

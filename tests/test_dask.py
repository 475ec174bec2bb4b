"""Extraction on a Dask cluster gives the same graph as a local build.

A `distributed.LocalCluster` of two worker processes (one thread each) stands
in for a team's cluster: workers are separate processes that load the spaCy
pipeline themselves, exactly as on other machines.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import fail_extraction_of, quads

from graph.api import assemble, build
from graph.distributed import check_workers, connect, extract_dask
from graph.errors import GraphError
from graph.ingest import read_articles
from graph.nlp.pipeline import model_info
from graph.records import Article

CORPUS = Path(__file__).parent / "data" / "corpus"
DOCUMENTS = [CORPUS / f"d0{i}.txt" for i in (1, 2, 3, 4)]
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, silence_logs=logging.ERROR) as local:
        yield local


def _articles() -> list[Article]:
    return [a for a in read_articles(DOCUMENTS) if isinstance(a, Article)]


@pytest.fixture(scope="module")
def local(nlp_model: Any) -> Any:
    return build(DOCUMENTS, nlp=nlp_model, workers=1, validate=False)


@pytest.mark.parametrize("batch_size", [1, 3])
def test_dask_extract_equals_local_extraction(cluster: Any, nlp_model: Any, local: Any, batch_size: int) -> None:
    records = list(extract_dask(_articles(), cluster.scheduler_address, nlp=nlp_model, batch_size=batch_size))
    assert [r.article.id for r in records] == ["d01.txt", "d02.txt", "d03.txt", "d04.txt"]
    assert records == local.extractions
    assert quads(assemble(records, model_info(nlp_model))) == quads(local.dataset)


def test_dask_build_equals_local_build(cluster: Any, nlp_model: Any, local: Any) -> None:
    distributed = build(DOCUMENTS, nlp=nlp_model, dask=cluster.scheduler_address, validate=False)
    assert quads(distributed.dataset) == quads(local.dataset)


def test_dask_workers_of_another_version_are_refused(cluster: Any, nlp_model: Any) -> None:
    expected = {**model_info(nlp_model), "extractor": "0.0.0-other"}
    with distributed_client(cluster) as client, pytest.raises(GraphError, match="do not all run this ActorGraph"):
        check_workers(client, None, expected)


def test_dask_cluster_without_workers_is_a_graph_error() -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=0, processes=False, dashboard_address=":0") as empty, \
            distributed_client(empty) as client, pytest.raises(GraphError, match="has no workers after 1 s"):
        check_workers(client, None, None, wait=1)


def distributed_client(cluster: Any) -> Any:
    from distributed import Client

    return Client(cluster, set_as_default=False)


def test_dask_unreachable_scheduler_is_a_graph_error() -> None:
    pytest.importorskip("distributed")
    with pytest.raises(GraphError, match="cannot reach the Dask scheduler at 'tcp://127.0.0.1:9'"):
        connect("tcp://127.0.0.1:9", timeout=1)


@pytest.mark.parametrize("skip", [True, False])
def test_dask_batch_failure_is_a_failed_document_when_skipping(nlp_model: Any, monkeypatch: pytest.MonkeyPatch,
                                                               skip: bool) -> None:
    """A worker's batch turns an extraction error into a `Failure` as a local build does (run
    in this process: a patched extractor would not reach a worker process)."""
    import graph.distributed
    from graph.records import Failure

    fail_extraction_of("d02.txt", monkeypatch)
    monkeypatch.setitem(graph.distributed._PIPELINES, None, nlp_model)
    articles = _articles()[:3]
    if not skip:
        with pytest.raises(KeyError, match="e23"):
            graph.distributed._extract_batch(articles, None, skip)
        return
    out = graph.distributed._extract_batch(articles, None, skip)
    assert [type(r).__name__ for r in out] == ["Extraction", "Failure", "Extraction"]
    assert isinstance(out[1], Failure) and out[1].message.startswith("d02.txt: extraction failed")

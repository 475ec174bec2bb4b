"""Builds: incremental by content hash, parallel equals serial, stable graphs."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from helpers import fail_extraction_of, quads
from rdflib import Dataset, Literal
from rdflib.namespace import DCTERMS

from graph.api import build
from graph.terms import ENTITY_GRAPH, RUN_GRAPH

CORPUS = Path(__file__).parent / "data" / "corpus"
pytestmark = pytest.mark.slow


def _documents(ds: Dataset) -> set[str]:
    return {str(i) for i in ds.objects(None, DCTERMS.identifier)}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    for name in ("d01.txt", "d02.txt", "d03.txt"):
        shutil.copy(CORPUS / name, src / name)
    return src


def test_api_incremental_build_extracts_only_what_changed(folder: Path, tmp_path: Path, nlp_model: Any) -> None:
    out = tmp_path / "out"
    first = build([folder], nlp=nlp_model, cache_dir=out)
    assert sorted(first.extracted) == ["d01.txt", "d02.txt", "d03.txt"]

    shutil.copy(CORPUS / "d04.txt", folder / "d04.txt")
    added = build([folder], nlp=nlp_model, cache_dir=out)
    assert added.extracted == ["d04.txt"]
    assert added.changes is not None and added.changes.added == ["d04.txt"]
    assert _documents(added.dataset) == {"d01.txt", "d02.txt", "d03.txt", "d04.txt"}

    (folder / "d02.txt").write_text((folder / "d02.txt").read_text() + "\nFiji thanked Australia.\n")
    (folder / "d03.txt").unlink()
    changed = build([folder], nlp=nlp_model, cache_dir=out)
    assert changed.extracted == ["d02.txt"]
    assert (changed.changes.changed, changed.changes.removed) == (["d02.txt"], ["d03.txt"])
    assert "d03.txt" not in _documents(changed.dataset)
    assert not list(changed.dataset.subjects(DCTERMS.identifier, Literal("d03.txt")))


def test_api_rebuild_from_cache_gives_the_same_graph(folder: Path, tmp_path: Path, nlp_model: Any) -> None:
    fresh = build([folder], nlp=nlp_model, cache_dir=tmp_path / "out")
    cached = build([folder], nlp=nlp_model, cache_dir=tmp_path / "out")
    assert cached.extracted == []
    assert quads(fresh.dataset) == quads(cached.dataset)


def test_api_rebuild_with_nothing_to_extract_loads_no_model(folder: Path, tmp_path: Path, nlp_model: Any,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = build([folder], nlp=nlp_model, cache_dir=tmp_path / "out")

    def no_model(*args: object) -> None:
        raise AssertionError("the spaCy pipeline was loaded with nothing to extract")

    monkeypatch.setattr("graph.nlp.pipeline.make_nlp", no_model)
    cached = build([folder], cache_dir=tmp_path / "out")
    assert cached.extracted == [] and quads(fresh.dataset) == quads(cached.dataset)


def test_api_package_versions_are_the_loaded_pipeline_versions(nlp_model: Any) -> None:
    from graph.api import _package_info
    from graph.nlp.pipeline import model_info

    assert _package_info() == model_info(nlp_model)


def test_api_incremental_build_validates_only_changed_documents(folder: Path, tmp_path: Path, nlp_model: Any,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    checked: list[list[str]] = []
    monkeypatch.setattr("graph.api._validate", lambda sink, documents: checked.append(sorted(documents)))
    build([folder], nlp=nlp_model, cache_dir=tmp_path / "out")
    (folder / "d02.txt").write_text((folder / "d02.txt").read_text() + "\nFiji thanked Australia.\n")
    build([folder], nlp=nlp_model, cache_dir=tmp_path / "out")
    assert checked == [["d01.txt", "d02.txt", "d03.txt"], ["d02.txt"]]


def test_api_cache_of_another_version_is_not_used(folder: Path, tmp_path: Path, nlp_model: Any,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    build([folder], nlp=nlp_model, cache_dir=tmp_path / "out")
    monkeypatch.setattr("graph.api._version_key", lambda info: "another-extractor")
    again = build([folder], nlp=nlp_model, cache_dir=tmp_path / "out")
    assert sorted(again.extracted) == ["d01.txt", "d02.txt", "d03.txt"]


def test_api_parallel_build_equals_serial(folder: Path, nlp_model: Any) -> None:
    serial = build([folder], nlp=nlp_model, workers=1, validate=False)
    parallel = build([folder], nlp=nlp_model, workers=2, validate=False)
    assert quads(serial.dataset) == quads(parallel.dataset)


def test_api_same_file_under_two_names_is_built_once(folder: Path, tmp_path: Path, nlp_model: Any) -> None:
    other = tmp_path / "copy"
    other.mkdir()
    shutil.copy(folder / "d01.txt", other / "renamed.txt")
    once = build([folder], nlp=nlp_model, validate=False)
    twice = build([folder, other, folder / "d01.txt"], nlp=nlp_model, validate=False)
    assert quads(once.dataset) == quads(twice.dataset)


def test_api_progress_is_reported_per_document(folder: Path, nlp_model: Any) -> None:
    seen: list[tuple[int, int, str]] = []
    build([folder], nlp=nlp_model, progress=lambda done, total, doc: seen.append((done, total, doc)),
          validate=False)
    assert seen == [(1, 3, "d01.txt"), (2, 3, "d02.txt"), (3, 3, "d03.txt")]


def test_api_build_into_oxigraph_equals_memory_and_rewrites_only_changes(folder: Path, tmp_path: Path,
                                                                         nlp_model: Any) -> None:
    from graph.stores import open_store
    from graph.terms import mint_graph_iri

    memory = build([folder], nlp=nlp_model)
    store = open_store(f"oxigraph:{tmp_path / 'ox'}")
    first = build([folder], nlp=nlp_model, cache_dir=tmp_path / "out", store=store)
    assert first.dataset is None and sorted(first.written) == ["d01.txt", "d02.txt", "d03.txt"]
    assert quads(store.dataset()) == quads(memory.dataset)

    again = build([folder], nlp=nlp_model, cache_dir=tmp_path / "out", store=store)
    assert (again.extracted, again.written) == ([], [])

    (folder / "d02.txt").write_text((folder / "d02.txt").read_text() + "\nFiji thanked Australia.\n")
    (folder / "d03.txt").unlink()
    changed = build([folder], nlp=nlp_model, cache_dir=tmp_path / "out", store=store)
    assert (changed.extracted, changed.written) == (["d02.txt"], ["d02.txt"])
    assert mint_graph_iri("d03.txt") not in store.graph_names()
    assert quads(store.dataset()) == quads(build([folder], nlp=nlp_model).dataset)
    store.close()


def test_api_store_graphs_are_rewritten_when_the_writer_changes(folder: Path, tmp_path: Path, nlp_model: Any,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from graph.stores import open_store

    store = open_store(f"oxigraph:{tmp_path / 'ox'}")
    build([folder], nlp=nlp_model, cache_dir=tmp_path / "out", store=store)
    assert build([folder], nlp=nlp_model, cache_dir=tmp_path / "out", store=store).written == []
    monkeypatch.setattr("graph.api._writer_fingerprint", lambda: "another writer")
    again = build([folder], nlp=nlp_model, cache_dir=tmp_path / "out", store=store)
    assert (again.extracted, again.written) == ([], [])  # same graphs: nothing to write
    monkeypatch.setattr("graph.api._writer_fingerprint", lambda: "a writer that writes other graphs")
    monkeypatch.setattr("graph.api._digest", lambda ds, iri: "another graph")
    rewritten = build([folder], nlp=nlp_model, cache_dir=tmp_path / "out", store=store)
    assert sorted(rewritten.written) == ["d01.txt", "d02.txt", "d03.txt"]
    store.close()


@pytest.mark.parametrize("workers", [1, 2])
def test_api_document_whose_extraction_fails_is_skipped(folder: Path, nlp_model: Any, workers: int,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    fail_extraction_of("d02.txt", monkeypatch)
    result = build([folder], nlp=nlp_model, workers=workers, validate=False)
    assert [f.message.split(" (")[0] for f in result.failures] == ["d02.txt: extraction failed"]
    assert result.documents == ["d01.txt", "d03.txt"] and _documents(result.dataset) == {"d01.txt", "d03.txt"}
    with pytest.raises(KeyError, match="e23"):
        build([folder], nlp=nlp_model, workers=workers, validate=False, on_error="raise")


@pytest.mark.parametrize("second", ["oxigraph", "memory"])
def test_api_store_build_after_another_sink_writes_every_graph(folder: Path, tmp_path: Path, nlp_model: Any,
                                                               second: str) -> None:
    """The manifest's record of graphs written elsewhere (graph.trig, or a store that did not
    last) never makes a store build skip documents: the store would be left without them."""
    from graph.stores import open_store

    build([folder], nlp=nlp_model, cache_dir=tmp_path / "out", validate=False)  # as `kg build --out`
    for _ in range(2):  # a memory store is new each time: its graphs are written each time
        store = open_store(f"oxigraph:{tmp_path / 'ox'}" if second == "oxigraph" else "memory")
        result = build([folder], nlp=nlp_model, cache_dir=tmp_path / "out", store=store, validate=False)
        if second == "memory" or _ == 0:
            assert sorted(result.written) == ["d01.txt", "d02.txt", "d03.txt"]
            assert quads(store.dataset()) == quads(build([folder], nlp=nlp_model, validate=False).dataset)
        else:
            assert result.written == []  # the same lasting store: nothing to rewrite
        store.close()


def test_build_validates_the_same_sample_from_a_dataset_or_a_store(tiny_dataset) -> None:  # type: ignore[no-untyped-def]
    from graph.api import _DatasetSink, _StoreSink
    from graph.stores import OxigraphStore
    from graph.terms import mint_graph_iri

    in_memory = _DatasetSink()
    in_memory.ds = tiny_dataset
    store = OxigraphStore()
    store.load(tiny_dataset)
    sampled = [mint_graph_iri("tiny1.txt")]
    expected = in_memory.sample(sampled)
    assert len(expected.graph(sampled[0])) and len(expected.graph(ENTITY_GRAPH)) and len(expected.graph(RUN_GRAPH))
    assert quads(_StoreSink(store).sample(sampled)) == quads(expected)


def _trig_builds(folder: Path, out: Path, nlp_model: Any) -> tuple[bytes, bytes]:
    """graph.trig as a build into OUT writes it (from pieces), and as a build without a cache does."""
    pieced = build([folder], nlp=nlp_model, cache_dir=out, trig=out / "graph.trig")
    assert pieced.trig == out / "graph.trig"
    whole = build([folder], nlp=nlp_model)
    assert pieced.triples == whole.triples == sum(len(g) for g in whole.dataset.graphs())
    with (out / "whole.trig").open("w", encoding="utf-8") as fh:
        from graph.store import DATASET_PREFIXES
        from graph.trig import write_trig

        write_trig(whole.dataset, fh, DATASET_PREFIXES)
    return (out / "graph.trig").read_bytes(), (out / "whole.trig").read_bytes()


@pytest.mark.parametrize("edit", ["none", "append", "remove", "add"])
def test_api_trig_from_pieces_is_the_whole_dataset_written(folder: Path, tmp_path: Path, nlp_model: Any,
                                                            edit: str) -> None:
    out = tmp_path / "out"
    first, whole = _trig_builds(folder, out, nlp_model)
    assert first == whole
    if edit == "append":
        (folder / "d02.txt").write_text((folder / "d02.txt").read_text() + "\nFiji thanked Australia.\n")
    elif edit == "remove":
        (folder / "d03.txt").unlink()
    elif edit == "add":
        shutil.copy(CORPUS / "d04.txt", folder / "d04.txt")
    again, whole = _trig_builds(folder, out, nlp_model)
    assert again == whole
    assert len(list((out / ".graphs").glob("*.trig"))) == len(_documents(build([folder], nlp=nlp_model).dataset)) + 3


def test_api_trig_rebuild_makes_only_changed_graphs_again(folder: Path, tmp_path: Path, nlp_model: Any,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import graph.api

    out = tmp_path / "out"
    build([folder], nlp=nlp_model, cache_dir=out, trig=out / "graph.trig")
    made: list[str] = []
    real = graph.api.add_extraction
    monkeypatch.setattr(graph.api, "add_extraction",
                        lambda ds, extraction, resolution: made.append(extraction.article.id) or real(ds, extraction, resolution))
    (folder / "d02.txt").write_text((folder / "d02.txt").read_text() + "\nFiji thanked Australia.\n")
    rebuilt = build([folder], nlp=nlp_model, cache_dir=out, trig=out / "graph.trig")
    assert made == ["d02.txt"] and rebuilt.dataset is None
    for piece in (out / ".graphs").glob("*.trig"):  # a lost piece: its graph is made again
        piece.unlink()
    made.clear()
    again = build([folder], nlp=nlp_model, cache_dir=out, trig=out / "graph.trig")
    assert made == ["d01.txt", "d02.txt", "d03.txt"]
    assert again.triples == rebuilt.triples


@pytest.mark.parametrize("name", ["seeds_build", "corpus_build"])
def test_api_build_counts_the_nodes_of_its_network(request: pytest.FixtureRequest, name: str) -> None:
    from graph.network import node_count

    result = request.getfixturevalue(name)
    assert result.nodes == node_count(result.dataset) > 0

"""Orchestration: the functions the CLI and notebooks call.

Data flows one way: ingest → nlp → resolve → store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Dataset

from graph.cache import Changes, ExtractionCache
from graph.ingest import OnError, read_articles
from graph.records import Article, Extraction, Failure
from graph.resolve import agreement_states, resolve_entities
from graph.store import add_entities, add_extraction, add_lifecycle, add_run, new_dataset
from graph.workers import extract_parallel, extract_serial

if TYPE_CHECKING:
    from spacy.language import Language


@dataclass
class Build:
    """What a build produced: the dataset, and what happened to each source."""

    dataset: Dataset
    extractions: list[Extraction] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    extracted: list[str] = field(default_factory=list)
    """Documents parsed and extracted by this build (the rest came from the cache)."""
    changes: Changes | None = None

    @property
    def documents(self) -> list[str]:
        return [e.article.id for e in self.extractions]

    def summary(self) -> str:
        """One line: documents built, how many were extracted, what changed."""
        text = f"{len(self.extractions)} documents, {len(self.extracted)} extracted"
        if self.changes is not None:
            text += f" ({self.changes.summary()})"
        if self.failures:
            text += f", {len(self.failures)} failed"
        return text


def extract_articles(articles: Iterable[Article], nlp: Language, *, batch_size: int = 16) -> Iterator[Extraction]:
    """Parse and extract each article, lazily, in spaCy's batched `pipe`."""
    return extract_serial(articles, nlp, batch_size=batch_size)


def _unique_ids(articles: Iterable[Article | Failure]) -> Iterator[Article | Failure]:
    """Give documents that share a file name distinct identifiers (name~hash)."""
    from dataclasses import replace

    seen: set[str] = set()
    for item in articles:
        if isinstance(item, Article) and item.id in seen:
            item = replace(item, id=f"{item.id}~{item.sha256[:8]}")
        if isinstance(item, Article):
            seen.add(item.id)
        yield item


def build(
    paths: Iterable[str | Path],
    *,
    nlp: Language | None = None,
    on_error: OnError = "skip",
    progress: Callable[[int, int, str], None] | None = None,
    validate: bool = True,
    workers: int = 1,
    cache_dir: str | Path | None = None,
) -> Build:
    """Build the graph of every document under `paths`.

    Args:
        paths: files and folders of ``.txt``, ``.md`` and ``.html`` articles.
        nlp: a pipeline from `graph.nlp.pipeline.make_nlp` (loaded when None).
        on_error: ``"skip"`` records a `Failure` for a bad document and goes on;
            ``"raise"`` stops with `InputError`.
        progress: called as ``progress(done, total, doc_id)`` after each document
            is extracted (e.g. to advance a progress bar).
        validate: check the result against ontology/shapes.ttl.
        workers: processes to extract on (see `graph.workers.default_workers`).
        cache_dir: a build folder; documents whose content was extracted there
            before (by this extractor and model version) are not extracted again.

    Returns:
        A `Build` with the dataset, the extractions, the failures and, with a
        cache, what changed since the last build.

    Raises:
        ShapeViolation: the graph built does not conform to the shapes (a bug
            in ActorGraph, not in the input).
    """
    from graph.nlp.pipeline import make_nlp, model_info

    nlp = nlp or make_nlp()
    info = model_info(nlp)
    failures: list[Failure] = []
    articles = [a for a in _unique_ids(read_articles(paths, on_error=on_error))
                if not (isinstance(a, Failure) and failures.append(a) is None)]
    docs: list[Article] = [a for a in articles if isinstance(a, Article)]
    cache = ExtractionCache(cache_dir, _version_key(info)) if cache_dir is not None else None
    found: dict[str, Extraction] = {}
    todo = docs
    if cache is not None:
        cached = {a.id: cache.get(a) for a in docs}
        found = {k: v for k, v in cached.items() if v is not None}
        todo = [a for a in docs if a.id not in found]
    for done, extraction in enumerate(extract_parallel(todo, workers, nlp=nlp), start=1):
        found[extraction.article.id] = extraction
        if cache is not None:
            cache.put(extraction)
        if progress is not None:
            progress(done, len(todo), extraction.article.id)
    extractions = [found[a.id] for a in docs]
    ds = assemble(extractions, info)
    if validate:
        from graph.validate import check

        check(ds)
    result = Build(dataset=ds, extractions=extractions, failures=failures, extracted=[a.id for a in todo])
    if cache is not None:
        current = {a.id: a.sha256 for a in docs}
        result.changes = cache.changes(current)
        cache.record(current)
    return result


def _version_key(info: dict[str, str]) -> str:
    return f"{info.get('extractor')}/{info.get('model')}/{info.get('model_version')}"


def assemble(extractions: list[Extraction], info: dict[str, str]) -> Dataset:
    """Resolve entities across `extractions` and write them all into a new dataset."""
    resolution = resolve_entities(extractions)
    ds = new_dataset()
    for extraction in extractions:
        add_extraction(ds, extraction, resolution)
    add_entities(ds, resolution.entities.values())
    add_lifecycle(ds, agreement_states(extractions, resolution))
    add_run(ds, info, (e.article.id for e in extractions))
    return ds


def build_graph(paths: Iterable[str | Path], *, nlp: Language | None = None,
                on_error: OnError = "raise") -> Dataset:
    """Build and return the RDF dataset of the documents under `paths`.

    Example:
        >>> ds = build_graph(["seeds/"])  # doctest: +SKIP
        >>> len(list(ds.graphs())) > 2  # doctest: +SKIP
        True
    """
    return build(paths, nlp=nlp, on_error=on_error).dataset

"""Orchestration: the functions the CLI and notebooks call.

Data flows one way: ingest → nlp → resolve → store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Dataset

from graph.ingest import OnError, read_articles
from graph.records import Article, Extraction, Failure
from graph.resolve import Resolution, agreement_states, resolve_entities
from graph.store import add_entities, add_extraction, add_lifecycle, add_run, new_dataset

if TYPE_CHECKING:
    from spacy.language import Language


@dataclass
class Build:
    """What a build produced: the dataset, and what happened to each source."""

    dataset: Dataset
    extractions: list[Extraction] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    resolution: Resolution | None = None

    @property
    def documents(self) -> list[str]:
        return [e.article.id for e in self.extractions]


def extract_articles(articles: Iterable[Article], nlp: Language, *, batch_size: int = 16) -> Iterator[Extraction]:
    """Parse and extract each article, lazily, in spaCy's batched `pipe`."""
    from graph.nlp.extract import extract
    from graph.nlp.pipeline import model_info

    info = model_info(nlp)
    stream = ((a.text, a) for a in articles)
    for doc, article in nlp.pipe(stream, as_tuples=True, batch_size=batch_size):
        yield extract(doc, article, info)


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
    progress: Callable[[Iterable[Article]], Iterable[Article]] | None = None,
    validate: bool = True,
) -> Build:
    """Build the graph of every document under `paths`.

    Args:
        paths: files and folders of ``.txt``, ``.md`` and ``.html`` articles.
        nlp: a pipeline from `graph.nlp.pipeline.make_nlp` (loaded when None).
        on_error: ``"skip"`` records a `Failure` for a bad document and goes on;
            ``"raise"`` stops with `InputError`.
        progress: wraps the stream of articles (e.g. a progress bar).
        validate: check the result against ontology/shapes.ttl.

    Returns:
        A `Build` with the dataset, the extractions and the failures.

    Raises:
        ShapeViolation: the graph built does not conform to the shapes (a bug
            in ActorGraph, not in the input).
    """
    from graph.nlp.pipeline import make_nlp, model_info

    nlp = nlp or make_nlp()
    failures: list[Failure] = []

    def articles() -> Iterator[Article]:
        for item in _unique_ids(read_articles(paths, on_error=on_error)):
            if isinstance(item, Failure):
                failures.append(item)
            else:
                yield item

    stream: Iterable[Article] = articles()
    if progress is not None:
        stream = progress(stream)
    extractions = list(extract_articles(stream, nlp))
    ds = assemble(extractions, model_info(nlp))
    if validate:
        from graph.validate import check

        check(ds)
    return Build(dataset=ds, extractions=extractions, failures=failures)


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

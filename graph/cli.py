"""The `kg` command line: a thin layer over the library.

Every command parses its options, makes one library call and prints. Library
errors (`GraphError`) become `click.ClickException` (exit 1, "Error: …"); bad
options are `click.BadParameter` (exit 2).
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import click

from graph.errors import GraphError, QueryError

F = TypeVar("F", bound=Callable[..., Any])
FORMATS = click.Choice(["table", "csv", "tsv", "json"])


def library_errors(func: F) -> F:
    """Turn library errors into one-line CLI errors (no traceback)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except GraphError as e:
            raise click.ClickException(str(e)) from e

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="actorgraph", prog_name="kg")
def cli() -> None:
    """ActorGraph: build a knowledge graph of actors, programmes and agreements from news."""


def _progress(label: str) -> Callable[[Iterable[Any]], Iterable[Any]]:
    def wrap(items: Iterable[Any]) -> Iterable[Any]:
        items = list(items)
        if len(items) <= 3 or not sys.stderr.isatty() and len(items) <= 3:
            return items
        return _bar(items, label)
    return wrap


def _bar(items: list[Any], label: str) -> Iterable[Any]:
    with click.progressbar(items, label=label, file=sys.stderr, show_pos=True,
                           item_show_func=lambda a: a.id if a is not None else "") as bar:
        yield from bar


@cli.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("out"),
              show_default=True, help="Folder for graph.trig and graph.html.")
@click.option("--no-html", is_flag=True, help="Write only graph.trig.")
@library_errors
def build(sources: tuple[Path, ...], out_dir: Path, no_html: bool) -> None:
    """Build the graph of SOURCES (files or folders of .txt, .md, .html).

    With no SOURCES, builds seeds/. Writes OUT/graph.trig (one named graph per
    document, one for entities) and OUT/graph.html (the network). A bad file is
    reported on one line and skipped; the exit status is then 1.
    """
    from graph.api import build as build_graph
    from graph.store import save_dataset

    if not sources:
        if not Path("seeds").is_dir():
            raise click.UsageError("no SOURCES given and no seeds/ folder here; name files or folders to build")
        sources = (Path("seeds"),)
    result = build_graph(sources, on_error="skip", progress=_progress("extracting"))
    for failure in result.failures:
        click.echo(f"Error: {failure.message}", err=True)
    if not result.extractions:
        raise click.ClickException("no document could be read; nothing was written")
    trig = save_dataset(result.dataset, out_dir / "graph.trig")
    click.echo(f"wrote {trig} ({len(result.extractions)} documents, {len(result.dataset)} triples)")
    if not no_html:
        from graph.render import render_html

        html = render_html(result.dataset, out_dir / "graph.html")
        click.echo(f"wrote {html}")
    if result.failures:
        names = ", ".join(Path(f.path).name for f in result.failures)
        click.echo(f"{len(result.failures)} document(s) failed: {names}", err=True)
        sys.exit(1)


@cli.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.argument("sparql", required=False)
@click.option("--file", "-f", "query_file", type=click.File("r", encoding="utf-8"),
              help="Read the query from a file.")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.option("--allow-service", is_flag=True, help="Allow SERVICE clauses (they contact other hosts).")
def query(graph: Path, sparql: str | None, query_file: Any, fmt: str, allow_service: bool) -> None:
    """Run a SPARQL SELECT or ASK query over GRAPH (a .trig file).

    The prefixes ag, rdf, rdfs, skos, owl, prov, dcterms and xsd are declared.
    """
    from graph.query import format_result, prepare, run_query
    from graph.store import load_dataset

    if (sparql is None) == (query_file is None):
        raise click.UsageError("give the query as an argument or with --file, not both")
    text = sparql if sparql is not None else query_file.read()
    try:
        prepare(text, allow_service=allow_service)
    except QueryError as e:
        click.echo(f"Error: {e}", err=True)
        sys.exit(2)
    try:
        ds = load_dataset(graph)
        result = run_query(ds, text, allow_service=allow_service)
    except GraphError as e:
        raise click.ClickException(str(e)) from e
    click.echo(format_result(ds, result, fmt))


@cli.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The HTML file to write.")
@library_errors
def render(graph: Path, out_file: Path) -> None:
    """Render GRAPH as an interactive network page."""
    from graph.render import render_html
    from graph.store import load_dataset

    click.echo(f"wrote {render_html(load_dataset(graph), out_file)}")


@cli.command()
@click.argument("graph", type=click.Path(path_type=Path))
@library_errors
def stats(graph: Path) -> None:
    """Count documents, entities by class and relations by property in GRAPH."""
    from graph.stats import graph_stats
    from graph.store import load_dataset

    click.echo("\n".join(graph_stats(load_dataset(graph)).lines()))


@cli.command(name="eval")
@click.argument("docs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--gold", "gold_dir", required=True, type=click.Path(path_type=Path),
              help="Folder of gold .yaml files (see ANNOTATION.md).")
@click.option("-v", "--verbose", is_flag=True, help="List every miss and false positive.")
@library_errors
def evaluate(docs: tuple[Path, ...], gold_dir: Path, verbose: bool) -> None:
    """Build a graph from DOCS and score it against the gold annotations.

    Prints entity, core-relation and extended-relation precision, recall and
    F1, type accuracy and qualifier accuracy, per document and overall.
    """
    from graph.api import build as build_graph
    from graph.evaluate import format_score, read_gold_dir, score_dataset

    golds = read_gold_dir(gold_dir)
    result = build_graph(docs, on_error="skip", progress=_progress("extracting"))
    for failure in result.failures:
        click.echo(f"Error: {failure.message}", err=True)
    click.echo(format_score(score_dataset(result.dataset, golds), verbose=verbose))


def main() -> None:
    """Entry point for `python -m graph`."""
    cli()

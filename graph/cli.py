"""The `kg` command line: a thin layer over the library.

Every command parses its options, makes one library call and prints. Library
errors (`GraphError`) become `click.ClickException` (exit 1, "Error: …"); bad
options are `click.BadParameter` (exit 2).
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from graph.errors import GraphError, QueryError

if TYPE_CHECKING:
    from graph.api import Build

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


class _Progress:
    """A progress bar on stderr for builds of more than a few documents."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.bar: Any = None

    def __call__(self, done: int, total: int, doc_id: str) -> None:
        if total <= 3:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr, show_pos=True,
                                         item_show_func=lambda name: name or "")
            self.bar.__enter__()
        self.bar.update(1, doc_id)
        if done >= total:
            self.bar.__exit__(None, None, None)


@cli.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("out"),
              show_default=True, help="Folder for graph.trig, graph.html and the extraction cache.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Processes to extract on [default: all cores].")
@click.option("--store", "store_spec", metavar="SPEC",
              help="Write into a store instead of OUT/graph.trig: oxigraph:PATH or sparql:URL.")
@click.option("--dask", "dask_address", metavar="ADDRESS",
              help="Extract on a Dask cluster (scheduler address, e.g. tcp://10.0.0.5:8786).")
@click.option("--no-html", is_flag=True, help="Write only the graph, not graph.html.")
@click.option("--no-cache", is_flag=True, help="Extract every document again, even if unchanged.")
@library_errors
def build(sources: tuple[Path, ...], out_dir: Path, workers: int | None, store_spec: str | None,
          dask_address: str | None, no_html: bool, no_cache: bool) -> None:
    """Build the graph of SOURCES (files or folders of .txt, .md, .html).

    With no SOURCES, builds seeds/. Writes OUT/graph.trig (one named graph per
    document, one for entities) and OUT/graph.html (the network), or, with
    --store, the named graphs into that store. Documents whose content was
    extracted by an earlier build into OUT are not extracted again. A bad file
    is reported on one line and skipped; the exit status is then 1.
    """
    from graph import api
    from graph.errors import ShapeViolation
    from graph.store import save_dataset
    from graph.workers import default_workers

    if not sources:
        if not Path("seeds").is_dir():
            raise click.UsageError("no SOURCES given and no seeds/ folder here; name files or folders to build")
        sources = (Path("seeds"),)
    store = None
    if store_spec:
        from graph.stores import open_store

        store = open_store(store_spec)
    try:
        result = api.build(sources, on_error="skip", progress=_Progress("extracting"),
                           workers=workers or default_workers(), cache_dir=None if no_cache else out_dir,
                           store=store, dask=dask_address,
                           trig=None if store is not None or no_cache else out_dir / "graph.trig")
    except ShapeViolation as e:
        raise click.ClickException(f"{e}\nThis is a bug in ActorGraph, not in your documents; please report it.") from e
    for failure in result.failures:
        click.echo(f"Error: {failure.message}", err=True)
    if not result.documents:
        raise click.ClickException("no document could be read; nothing was written")
    if store is not None:
        click.echo(f"wrote {len(result.written)} document graph(s) to {store_spec} ({result.summary()})")
    else:
        trig = result.trig
        if trig is None:  # --no-cache: the build's dataset, written whole
            assert result.dataset is not None
            trig = save_dataset(result.dataset, out_dir / "graph.trig")
        click.echo(f"wrote {trig} ({result.triples} triples; {result.summary()})")
        if not no_html:
            _write_html(result, trig, out_dir / "graph.html")
    if store is not None:
        store.close()
    if result.failures:
        names = ", ".join(Path(f.path).name for f in result.failures)
        click.echo(f"{len(result.failures)} document(s) failed: {names}", err=True)
        sys.exit(1)


def _write_html(result: Build, trig: Path, path: Path) -> None:
    """graph.html of a build; a network too large for a page is refused before any graph is read."""
    from graph.errors import RenderError
    from graph.render import MAX_NODES, check_size, render_html
    from graph.store import load_dataset

    try:
        check_size(result.nodes, MAX_NODES)
        click.echo(f"wrote {render_html(result.dataset or load_dataset(trig), path)}")
    except RenderError as e:
        click.echo(f"skipped graph.html: {e}", err=True)


def store_option(func: F) -> F:
    """The --store option shared by the commands that read a graph."""
    return click.option(
        "--store", "store_spec", metavar="SPEC",
        help="Where the graph is: a GRAPH file in memory (the default), oxigraph:PATH "
             "(a folder made by `kg load`) or sparql:URL (a SPARQL 1.1 server).")(func)


def _open_graph(graph: Path | None, store_spec: str | None) -> Any:
    """GRAPH (default out/graph.trig) in memory, or the store --store names."""
    from graph.stores import open_graph

    if graph is None and store_spec in {None, "memory"}:
        graph = Path("out") / "graph.trig"
    return open_graph(graph, store_spec)


@cli.command()
@click.argument("graph", required=False, type=click.Path(path_type=Path))
@click.argument("sparql", required=False)
@click.option("--file", "-f", "query_file", type=click.File("r", encoding="utf-8"),
              help="Read the query from a file.")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.option("--allow-service", is_flag=True, help="Allow SERVICE clauses (they contact other hosts).")
@store_option
def query(graph: Path | None, sparql: str | None, query_file: Any, fmt: str, allow_service: bool,
          store_spec: str | None) -> None:
    """Run a SPARQL query over GRAPH (a .trig file) or the store --store names.

    With --store oxigraph:PATH or sparql:URL, give only the query. The
    prefixes ag, rdf, rdfs, skos, owl, prov, dcterms and xsd are declared.
    CONSTRUCT and DESCRIBE print their triples.
    """
    from graph.query import format_result, prepare

    if store_spec not in {None, "memory"} and sparql is None and query_file is None and graph is not None:
        graph, sparql = None, str(graph)
    if (sparql is None) == (query_file is None):
        raise click.UsageError("give the query as an argument or with --file, not both")
    text = sparql if sparql is not None else query_file.read()
    try:
        prepare(text, allow_service=allow_service)
    except QueryError as e:
        click.echo(f"Error: {e}", err=True)
        sys.exit(2)
    if graph is None and store_spec in {None, "memory"}:
        raise click.UsageError("name the GRAPH file to query, or a loaded store with --store")
    try:
        with _open_graph(graph, store_spec) as store:
            out = format_result(store, store.query(text, allow_service=allow_service), fmt)
    except GraphError as e:
        raise click.ClickException(str(e)) from e
    click.echo(out)


def _params(values: tuple[str, ...]) -> dict[str, str]:
    pairs = {}
    for value in values:
        key, eq, rest = value.partition("=")
        if not eq or not key.strip():
            raise click.BadParameter(f"{value!r} is not KEY=VALUE (e.g. country=China)", param_hint="--param")
        pairs[key.strip()] = rest
    return pairs


@cli.command()
@click.argument("name", required=False)
@click.argument("graph", required=False, type=click.Path(path_type=Path))
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              help="A parameter of the question (repeatable), e.g. -p country=China -p limit=20.")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.option("--list", "list_all", is_flag=True, help="List the named questions, one a line.")
@click.option("--sparql", "show_sparql", is_flag=True, help="Print the question's SPARQL instead of running it.")
@store_option
@library_errors
def ask(name: str | None, graph: Path | None, params: tuple[str, ...], fmt: str, list_all: bool,
        show_sparql: bool, store_spec: str | None) -> None:
    """Ask the named question NAME of GRAPH (default out/graph.trig) or of --store.

    `kg ask --list` shows every question and its parameters; listing
    questions return a first page (-p limit=… -p offset=… for more).
    """
    from graph.query import format_result
    from graph.questions import ask as ask_question
    from graph.questions import list_questions, load_question

    if list_all:
        for q in list_questions():
            click.echo(f"{q.name:<16} {q.description} [{', '.join(p.usage() for p in q.params)}]")
        return
    if name is None:
        raise click.UsageError("name a question (see `kg ask --list`)")
    values = _params(params)
    if show_sparql:
        click.echo(load_question(name).text.rstrip())
        return
    with _open_graph(graph, store_spec) as store:
        click.echo(format_result(store, ask_question(store, name, values), fmt))


@cli.command()
@click.argument("entity")
@click.argument("graph", required=False, type=click.Path(path_type=Path))
@store_option
@library_errors
def explain(entity: str, graph: Path | None, store_spec: str | None) -> None:
    """Print every fact about ENTITY with its sentence, source document and confidence.

    ENTITY is a label or alias, in any case; GRAPH defaults to out/graph.trig.
    """
    from graph.explain import explain as explain_entity
    from graph.explain import format_explanation

    with _open_graph(graph, store_spec) as store:
        click.echo(format_explanation(explain_entity(store, entity)))


@cli.command()
@click.argument("graph", required=False, type=click.Path(path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0: any free port).")
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds one query may run.")
@click.option("--max-rows", default=10_000, show_default=True, type=click.IntRange(min=1),
              help="Rows (or triples) one answer may hold; longer answers are cut.")
@store_option
@library_errors
def serve(graph: Path | None, host: str, port: int, timeout: float, max_rows: int,
          store_spec: str | None) -> None:
    """Serve GRAPH (default out/graph.trig) or --store as a read-only SPARQL endpoint.

    SPARQL 1.1 Protocol at http://HOST:PORT/sparql: GET or POST queries;
    JSON, XML, CSV or TSV results (Turtle or N-Triples for CONSTRUCT) by
    Accept; updates and SERVICE are refused. Ctrl-C stops it.
    """
    from graph.server import make_server

    store = _open_graph(graph, store_spec)
    try:
        server = make_server(store, host, port, timeout=timeout, max_rows=max_rows)
    except OSError as e:
        raise click.ClickException(f"cannot listen on {host}:{port} ({e.strerror}); "
                                   "pick another --port") from e
    click.echo(f"serving {store.spec} at {server.url} (read-only; Ctrl-C stops)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        store.close()


@cli.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--store", "store_spec", metavar="SPEC", required=True,
              help="The store to fill: oxigraph:PATH or sparql:URL.")
@library_errors
def load(graph: Path, store_spec: str) -> None:
    """Load GRAPH (a .trig file) into a store, replacing the named graphs it holds.

    For an Oxigraph folder (`oxigraph:PATH`) or a SPARQL 1.1 server with a
    union default graph (`sparql:URL`: Oxigraph server, GraphDB, Virtuoso,
    Neptune). Loading the same file again changes nothing.
    """
    from graph.stores import open_store

    if store_spec.strip() == "memory":
        raise click.BadParameter("a memory store is gone when kg exits; use oxigraph:PATH or sparql:URL",
                                 param_hint="--store")
    with open_store(store_spec) as store:
        quads = store.load_file(graph)
        click.echo(f"loaded {quads} quads from {graph} into {store.spec} "
                   f"({len(store.graph_names())} named graphs, {store.count()} quads in all)")


@cli.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The HTML file to write.")
@click.option("--focus", metavar="NAME", help="Draw only the part around the node called NAME (label or alias, any case).")
@click.option("--depth", type=click.IntRange(min=0), default=2, show_default=True,
              help="With --focus: how many relations away from NAME to draw.")
@click.option("--relations", metavar="NAMES", help="Draw only these relations, comma-separated (e.g. trains,signedWith).")
@click.option("--max-nodes", type=click.IntRange(min=0), default=5000, show_default=True,
              help="Refuse to draw more nodes than this (0: no limit); larger pages get slow.")
@library_errors
def render(graph: Path, out_file: Path, focus: str | None, depth: int, relations: str | None, max_nodes: int) -> None:
    """Render GRAPH as an interactive network page that works offline.

    The page has a legend, filters (class, relation, source document, years),
    a search box, and side panels with each node's facts and each relation's
    supporting sentences.
    """
    from graph.errors import RenderError
    from graph.network import check_relations
    from graph.render import render_html
    from graph.store import load_dataset

    names = None
    if relations is not None:
        try:
            names = check_relations(n for n in relations.split(",") if n.strip())
        except RenderError as e:
            raise click.BadParameter(str(e), param_hint="--relations") from e
        if not names:
            raise click.BadParameter("name at least one relation, e.g. trains,signedWith", param_hint="--relations")
    path = render_html(load_dataset(graph), out_file, focus=focus, depth=depth, relations=names,
                       max_nodes=max_nodes or None)
    click.echo(f"wrote {path}")


@cli.command()
@click.argument("graph", required=False, type=click.Path(path_type=Path))
@store_option
@library_errors
def stats(graph: Path | None, store_spec: str | None) -> None:
    """Count documents, entities by class and relations by property in GRAPH or --store."""
    from graph.stats import graph_stats

    with _open_graph(graph, store_spec) as store:
        click.echo("\n".join(graph_stats(store.dataset()).lines()))


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
    from graph import api
    from graph.evaluate import format_score, read_gold_dir, score_dataset

    golds = read_gold_dir(gold_dir)
    result = api.build(docs, on_error="skip", progress=_Progress("extracting"))
    for failure in result.failures:
        click.echo(f"Error: {failure.message}", err=True)
    assert result.dataset is not None  # built in memory: no store was given
    click.echo(format_score(score_dataset(result.dataset, golds), verbose=verbose))


@cli.command()
@click.argument("graph", type=click.Path(path_type=Path))
@library_errors
def validate(graph: Path) -> None:
    """Check GRAPH (a .trig file) against the ontology's SHACL shapes.

    Prints each result on one line (severity, focus node, path, message),
    then a summary. Exits 1 when GRAPH does not conform; warnings are
    printed but do not fail.
    """
    from graph.store import load_dataset
    from graph.validate import validate as validate_graph

    report = validate_graph(load_dataset(graph))
    click.echo("\n".join(report.lines()))
    if not report.conforms:
        sys.exit(1)


@cli.command(name="ontology-docs")
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("docs/ontology.html"), show_default=True, help="The HTML file to write.")
@library_errors
def ontology_docs(out_file: Path) -> None:
    """Write the ontology's reference page, generated by pyLODE from ontology/actorgraph.ttl."""
    from graph.validate import write_ontology_docs

    click.echo(f"wrote {write_ontology_docs(out_file)}")


def main() -> None:
    """Entry point for `python -m graph`."""
    cli()

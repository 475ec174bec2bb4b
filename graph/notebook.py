"""Notebook conveniences: answers as pandas DataFrames, the network inline, an HTML summary.

These are the functions `graph` exports for notebooks (see its ``__all__``);
they take the rdflib `Dataset` that `graph.build_graph` or
`graph.load_dataset` returns and leave it as it is. pandas is imported inside
the functions that need it, so ``import graph`` stays light.

Values in a DataFrame are readable rather than raw RDF terms:

- an entity's IRI becomes its ``rdfs:label`` (an IRI without a label stays
  as it is), an ontology term its local name (``trains``, ``Planned``,
  ``Country``), another known vocabulary's term ``prefix:name``;
- integers become ``Int64`` columns (nullable), decimals and doubles floats,
  booleans bools, every other literal (dates included: ``2024``,
  ``2024-05``, ``2024-05-12``) its text;
- an unbound value is missing (``None``/``<NA>``).

Pass ``iris=True`` for the IRIs too: each column that holds entity or
document IRIs is followed by ``<column>_iri``, to join on or to pass back as
a parameter.
"""

from __future__ import annotations

import html
import keyword
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.namespace import XSD

from graph.query import Result, display
from graph.stats import Stats, graph_stats
from graph.stores import Store, as_store
from graph.terms import PREFIXES

if TYPE_CHECKING:
    import pandas as pd

_INTEGERS = {XSD.integer, XSD.int, XSD.long, XSD.short, XSD.byte, XSD.nonNegativeInteger,
             XSD.positiveInteger, XSD.negativeInteger, XSD.nonPositiveInteger, XSD.unsignedInt,
             XSD.unsignedLong, XSD.unsignedShort, XSD.unsignedByte}
_FLOATS = {XSD.decimal, XSD.double, XSD.float}


def _value(term: object, labels: Mapping[URIRef, str]) -> Any:
    """A readable Python value for one result term (see the module docstring)."""
    if term is None or isinstance(term, bool):
        return term
    if isinstance(term, Literal):
        if term.datatype in _INTEGERS:
            return int(term)
        if term.datatype in _FLOATS:
            return float(term)
        if term.datatype == XSD.boolean:
            return bool(term.toPython())
        return str(term)
    if isinstance(term, BNode):
        return str(term)
    return display(labels, term)


def result_frame(result: Result, labels: Mapping[URIRef, str] | None = None, *,
                 iris: bool = False) -> pd.DataFrame:
    """A query `Result` as a DataFrame of readable values.

    Args:
        result: from `graph.query.run_query`, a store's `query` or
            `graph.questions.ask`.
        labels: IRI → label, for the IRIs to show as names.
        iris: follow each column of entities or documents with ``<column>_iri``.
    """
    import pandas as pd

    labels = labels or {}
    data: dict[str, Any] = {}
    for i, name in enumerate(result.columns):
        terms = [row[i] for row in result.rows]
        data[name] = _column([_value(t, labels) for t in terms])
        if iris and any(isinstance(t, URIRef) and not _vocabulary_term(t) for t in terms):
            data[f"{name}_iri"] = [str(t) if isinstance(t, URIRef) else None for t in terms]
    return pd.DataFrame(data, columns=list(data))


def _column(values: list[Any]) -> Any:
    """A column of `values`: nullable ``Int64`` when they are whole numbers, else as pandas infers."""
    import pandas as pd

    present = [v for v in values if v is not None]
    if present and all(type(v) is int for v in present):
        return pd.array(values, dtype="Int64")
    return pd.Series(values, dtype=object).infer_objects()


def _vocabulary_term(iri: URIRef) -> bool:
    """Whether `iri` is a term of the ontology or another declared vocabulary (not an entity)."""
    return any(iri.startswith(ns) for ns in PREFIXES.values())


def _frame(store: Store, result: Result, iris: bool) -> pd.DataFrame:
    found = {v for row in result.rows for v in row if isinstance(v, URIRef)}
    return result_frame(result, store.labels(found), iris=iris)


def sparql(ds: Dataset | Store, query: str, /, *, iris: bool = False, **params: Any) -> pd.DataFrame:
    """Run a SPARQL query over `ds` and return the answer as a pandas DataFrame.

    The prefixes ``ag``, ``rdf``, ``rdfs``, ``skos``, ``owl``, ``prov``,
    ``dcterms`` and ``xsd`` are declared. Values are readable: entities as
    their labels, ontology terms as local names, numbers as numbers (see
    `graph.notebook`). An ASK query gives one column ``ask``; CONSTRUCT and
    DESCRIBE give ``subject``, ``predicate``, ``object``.

    Args:
        ds: a dataset from `graph.build_graph` or `graph.load_dataset` (or a
            `graph.stores.Store`).
        query: SPARQL (SELECT, ASK, CONSTRUCT or DESCRIBE); SERVICE is refused.
        iris: follow each column of entities or documents with ``<column>_iri``.
        **params: variables to bind, by name, without ``?``: an rdflib term
            (``URIRef`` for an entity or class), a str, int, float or bool, or
            a list of them (the variable takes each in turn).

    Returns:
        One row per solution, one column per variable, in the query's order.

    Raises:
        QueryError: the query does not parse, is refused, or fails.

    Example:
        >>> import graph
        >>> from graph.terms import AG
        >>> ds = graph.build_graph(["seeds/"])  # doctest: +SKIP
        >>> graph.sparql(ds, '''SELECT ?trainer ?trainee ?n WHERE {
        ...     ?st rdf:predicate ag:trains ; rdf:subject ?trainer ;
        ...         rdf:object ?trainee ; ag:quantity ?n } ORDER BY DESC(?n) LIMIT 2''')  # doctest: +SKIP
                           trainer           trainee     n
        0                    China  foreign officers  3000
        1  Chinese Communist Party   police officers  3000
        >>> graph.sparql(ds, "SELECT ?label WHERE { ?e a ?cls ; rdfs:label ?label } ORDER BY ?label",
        ...              cls=AG.Person)  # doctest: +SKIP
                   label
        0  Wang Xiaohong
        1     Xi Jinping
    """
    store = as_store(ds)
    return _frame(store, store.query(query, params or None), iris)


def ask(ds: Dataset | Store, name: str, /, *, iris: bool = False, **params: Any) -> pd.DataFrame:
    """Run the named question `name` over `ds`, as a DataFrame (see `list_questions`).

    Every row is returned unless you pass ``limit`` (and ``offset``) to page.
    Entity parameters take a label or alias in any case (``trainer="china"``);
    a parameter whose name is a Python keyword takes a trailing underscore
    (``from_="2020"`` for ``from``).

    Args:
        ds: a dataset (or a `graph.stores.Store`).
        name: the question's name, e.g. ``"who-trains-whom"``.
        iris: follow each column of entities or documents with ``<column>_iri``.
        **params: the question's parameters.

    Raises:
        QueryError: no such question or parameter, a bad value, or an entity
            name that matches nothing (the message lists near names).

    Example:
        >>> ds = graph.build_graph(["seeds/"])  # doctest: +SKIP
        >>> graph.ask(ds, "who-trains-whom", trainer="CCP")[["trainee", "quantity", "date"]]
        ... # doctest: +SKIP
                           trainee  quantity     date
        0         foreign officers      <NA>      NaN
        1  foreign police officers      <NA>      NaN
        2          police officers      3000  2024-09
    """
    from graph.questions import ask as ask_question

    values = {_unkeyword(k): v for k, v in params.items()}
    store = as_store(ds)
    paged = "limit" in values or "offset" in values
    return _frame(store, ask_question(store, name, values, paged=paged), iris)


def _unkeyword(name: str) -> str:
    """``from_`` → ``from``: the spelling of a parameter named by a Python keyword."""
    return name[:-1] if name.endswith("_") and keyword.iskeyword(name[:-1]) else name


def list_questions() -> pd.DataFrame:
    """The named questions `ask` runs: name, description and parameters (with defaults).

    Example:
        >>> import graph
        >>> graph.list_questions().set_index("name").loc["rejections", "parameters"]
        'actor, limit=50, offset=0'
    """
    import pandas as pd

    from graph.questions import list_questions as questions

    rows = [(q.name, q.description, ", ".join(p.usage() for p in q.params)) for q in questions()]
    return pd.DataFrame(rows, columns=["name", "description", "parameters"])


FACT_COLUMNS = ("subject", "predicate", "object", "role", "quantity", "date", "status", "source",
                "evidence", "document", "published", "file", "start", "end", "confidence")


def explain_entity(ds: Dataset | Store, name: str) -> pd.DataFrame:
    """Every fact about the entity labelled (or aliased) `name`, with its evidence.

    One row per statement the entity takes part in: as ``subject``, as
    ``object`` or as the ``source`` it is attributed to (``role``), with the
    qualifiers, the sentence (``evidence``), the document's title, date and
    file, the sentence's character offsets in the document (``start``,
    ``end``) and the extractor's ``confidence``. ``DataFrame.attrs["entities"]``
    describes the entities the name matched (label, classes, aliases,
    Wikidata id, documents, lifecycle). For the same as text, use
    `graph.explain.format_explanation`.

    Args:
        ds: a dataset (or a `graph.stores.Store`).
        name: a label or alias, in any case, e.g. ``"Solomon Islands"``.

    Raises:
        QueryError: nothing is labelled `name` (the message lists near matches).

    Example:
        >>> ds = graph.build_graph(["seeds/"])  # doctest: +SKIP
        >>> graph.explain_entity(ds, "solomon islands")[["subject", "predicate", "object", "date"]]
        ... # doctest: +SKIP
                   subject   predicate           object  date
        0  Solomon Islands  signedWith            China  2022
        1            China  signedWith  Solomon Islands  2022
    """
    import pandas as pd

    from graph.explain import explain

    explanation = explain(ds, name)
    rows = [{c: getattr(f, c) for c in FACT_COLUMNS} for f in explanation.facts]
    frame = pd.DataFrame(rows, columns=list(FACT_COLUMNS))
    for column in ("quantity", "start", "end"):
        frame[column] = frame[column].astype("Int64")
    for column in ("date", "status", "source", "published"):
        frame[column] = frame[column].replace("", None)  # missing, as in `ask` and `sparql`
    frame.attrs["entities"] = [{**asdict(e), "iri": str(e.iri)} for e in explanation.entities]
    return frame


@dataclass(frozen=True)
class NetworkView:
    """The interactive network page, shown inline by a notebook (JupyterLab, VS Code).

    The page is self-contained (vis-network and the data inlined, no CDN) and
    sits in an ``<iframe srcdoc>``, so its script and styles stay apart from
    the notebook's.
    """

    page: str = field(repr=False)
    """The standalone HTML page, as `graph.render.network_html` made it."""
    height: str = "640px"

    def __repr__(self) -> str:
        return f"<NetworkView: a {len(self.page):,}-character page; display it in a notebook, or save .page>"

    def _repr_html_(self) -> str:
        from graph.render import iframe_html

        return iframe_html(self.page, height=self.height)


def show_network(ds: Dataset, *, focus: str | None = None, depth: int = 2,
                 relations: Iterable[str] | None = None, height: str = "640px",
                 max_nodes: int | None = None) -> NetworkView:
    """The network of `ds`, to display inline: make it the last expression of a cell.

    The same page as ``kg render`` (click a node or an edge for its facts and
    their sentences; filter by relation, class, document and years), with
    everything inlined: it makes no request to any other host.

    Args:
        ds: a dataset from `graph.build_graph` or `graph.load_dataset`.
        focus: draw only the neighbourhood of the node with this label or alias.
        depth: with `focus`, how many relations away from it to draw.
        relations: draw only these relations, e.g. ``["trains", "signedWith"]``.
        height: the height of the frame, as CSS (``"640px"``, ``"80vh"``).
        max_nodes: refuse larger graphs (default: `graph.render.MAX_NODES`).

    Raises:
        RenderError: `focus` names no node, a relation is unknown, or the graph
            has more than `max_nodes` nodes.

    Example:
        >>> ds = graph.build_graph(["seeds/"])  # doctest: +SKIP
        >>> graph.show_network(ds, focus="Solomon Islands", depth=1)  # doctest: +SKIP
        <NetworkView: a 690,590-character page; display it in a notebook, or save .page>
    """
    from graph.render import MAX_NODES, network_html

    page = network_html(ds, focus=focus, depth=depth, relations=relations,
                        max_nodes=MAX_NODES if max_nodes is None else max_nodes)
    return NetworkView(page, height)


@dataclass(frozen=True)
class Summary(Stats):
    """What a graph holds (`graph.stats.Stats`), shown as tables in a notebook."""

    def __str__(self) -> str:
        return "\n".join(self.lines())

    def _repr_html_(self) -> str:
        def table(title: str, counts: dict[str, int]) -> str:
            rows = "".join(f"<tr><td>{html.escape(k)}</td><td style='text-align:right'>{v}</td></tr>"
                           for k, v in counts.items())
            return (f"<table style='display:inline-table;vertical-align:top;margin-right:2em'>"
                    f"<thead><tr><th style='text-align:left'>{title}</th><th>count</th></tr></thead>"
                    f"<tbody>{rows}</tbody></table>")

        head = (f"<p><b>{self.documents}</b> documents, <b>{sum(self.entities.values())}</b> entities, "
                f"<b>{sum(self.relations.values())}</b> relations ({self.statements} statements), "
                f"<b>{self.triples}</b> triples</p>")
        return (f"<div class='actorgraph-summary'>{head}{table('class', self.entities)}"
                f"{table('relation', self.relations)}</div>")


def summary(ds: Dataset) -> Summary:
    """Count documents, entities by class and relations by property; shows as tables in a notebook.

    Relations count distinct (subject, relation, object) triples; statements
    count every sentence-level assertion behind them. `print` it for text.

    Example:
        >>> ds = graph.build_graph(["seeds/"])  # doctest: +SKIP
        >>> s = graph.summary(ds)  # doctest: +SKIP
        >>> s.documents, s.relations["trains"]  # doctest: +SKIP
        (2, 8)
    """
    return Summary(**vars(graph_stats(ds)))

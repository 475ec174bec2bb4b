"""Why the graph believes what it does: every fact about an entity, with its evidence.

`explain` finds the entity by label or alias (any case), runs the named
question ``facts-about`` and returns records; `format_explanation` prints them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import RDF, Dataset, URIRef
from rdflib.namespace import OWL, RDFS, SKOS

from graph.query import display, iter_rows
from graph.questions import ask, find_entities, no_entity_error
from graph.stores import Store, as_store
from graph.terms import AG, NS, WD

_ABOUT = """SELECT DISTINCT ?e ?p ?o WHERE {
  ?e ?p ?o .
  FILTER(?p IN (rdf:type, rdfs:label, skos:altLabel, owl:sameAs, ag:mentionedIn, ag:agreementStatus))
}"""


@dataclass(frozen=True)
class Fact:
    """One statement about the entity, with where it comes from."""

    subject: str
    predicate: str
    object: str
    role: str
    """How the entity takes part: ``subject``, ``object`` or ``source`` (it says so)."""
    evidence: str
    document: str
    """The document's title (its file name when it has none)."""
    published: str
    file: str
    confidence: float | None
    quantity: int | None = None
    date: str = ""
    status: str = ""
    source: str = ""
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class Entity:
    """What the graph says an entity is."""

    iri: URIRef
    label: str
    classes: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    wikidata: str = ""
    documents: int = 0
    status: str = ""


@dataclass(frozen=True)
class Explanation:
    """The entities a name matched and every fact about them."""

    name: str
    entities: tuple[Entity, ...]
    facts: tuple[Fact, ...] = field(default=())


def explain(source: Store | Dataset | str, name: str) -> Explanation:
    """Every fact about the entity labelled (or aliased) `name`, in any case.

    Args:
        source: a store, a Dataset, or a store spec.
        name: a label or alias, e.g. ``"Solomon Islands"`` or ``"PRC"``.

    Raises:
        QueryError: nothing is labelled `name` (the message lists near matches).

    Example:
        >>> explain(ds, "solomon islands").facts[0].predicate  # doctest: +SKIP
        'signedWith'
    """
    store = as_store(source)
    iris = find_entities(store, name)
    if not iris:
        raise no_entity_error(store, name)
    result = ask(store, "facts-about", {"entity": iris}, paged=False)
    labels = store.labels({v for row in result.rows for v in row if isinstance(v, URIRef)})
    facts = tuple(_fact(row, labels) for row in iter_rows(result))
    return Explanation(name, _entities(store, iris), facts)


def _fact(row: dict[str, object], labels: dict[URIRef, str]) -> Fact:
    def text(key: str) -> str:
        return display(labels, row.get(key))

    confidence = row.get("confidence")
    quantity = row.get("quantity")
    return Fact(
        subject=text("subject"), predicate=text("predicate"), object=text("object"), role=text("role"),
        evidence=text("evidence"), document=text("title") or text("file") or text("document"),
        published=text("published"), file=text("file"),
        confidence=None if confidence is None else float(Decimal(str(confidence))),
        quantity=None if quantity is None else int(str(quantity)),
        date=text("date"), status=text("status"), source=text("source"),
        start=None if row.get("start") is None else int(str(row["start"])),
        end=None if row.get("end") is None else int(str(row["end"])),
    )


def _entities(store: Store, iris: list[URIRef]) -> tuple[Entity, ...]:
    values: dict[URIRef, dict[URIRef, list[object]]] = defaultdict(lambda: defaultdict(list))
    for e, p, o in store.query(_ABOUT, {"e": iris}).rows:
        values[e][p].append(o)
    out = []
    for iri in iris:
        v = values[iri]
        wikidata = [str(o)[len(str(WD)):] for o in v[OWL.sameAs] if str(o).startswith(str(WD))]
        out.append(Entity(
            iri=iri,
            label=str(min(v[RDFS.label], key=str, default=iri)),
            classes=tuple(sorted(str(c)[len(NS):] for c in v[RDF.type] if str(c).startswith(NS))),
            aliases=tuple(sorted({str(a) for a in v[SKOS.altLabel]}, key=str.casefold)),
            wikidata=min(wikidata, default=""),
            documents=len(set(v[AG.mentionedIn])),
            status=", ".join(sorted(str(s)[len(NS):] for s in v[AG.agreementStatus])),
        ))
    return tuple(out)


def format_explanation(explanation: Explanation) -> str:
    """The explanation as text: who the entity is, then each fact with its evidence."""
    lines = []
    for e in explanation.entities:
        kinds = ", ".join(e.classes) or "entity"
        extra = "".join([f"; Wikidata {e.wikidata}" if e.wikidata else "",
                         f"; status {e.status}" if e.status else ""])
        lines.append(f"{e.label} ({kinds}{extra})")
        if e.aliases:
            lines.append(f"  also called: {', '.join(e.aliases)}")
        lines.append(f"  mentioned in {e.documents} document{'s' if e.documents != 1 else ''}")
    n = len(explanation.facts)
    lines.append("")
    lines.append(f"{n} fact{'s' if n != 1 else ''}" + (":" if n else
                 f" about {explanation.name!r}: it is mentioned but takes part in no relation"))
    for f in explanation.facts:
        lines.extend(_fact_lines(f))
    return "\n".join(lines)


def _fact_lines(f: Fact) -> list[str]:
    qualifiers = [q for q in (
        f"quantity {f.quantity}" if f.quantity is not None else "",
        f.date, f.status, f"according to {f.source}" if f.source else "",
    ) if q]
    head = f"- {f.subject} {f.predicate} {f.object}" + (f"  [{'; '.join(qualifiers)}]" if qualifiers else "")
    where = ", ".join(x for x in (f.published, f.file) if x and x != f.document)
    span = f", chars {f.start}-{f.end}" if f.start is not None else ""
    confidence = f"; confidence {f.confidence:g}" if f.confidence is not None else ""
    return [head, f'    "{f.evidence}"', f"    from {f.document}" + (f" ({where}{span})" if where else span)
            + confidence]

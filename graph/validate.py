"""Check a graph against the ontology's SHACL shapes; render the ontology's reference page.

`validate` runs pySHACL over the union of every named graph, with
ontology/actorgraph.ttl mixed in so that ``sh:class`` sees the class
hierarchy (a Country is an Actor). No inference runs, so each entity keeps
exactly the one class the build asserted. Each result becomes a `Violation`
that reads as one line: severity, focus node (its label and compact IRI),
path and the shape's message.

`check` is what `kg build` calls on its own output: a graph the build wrote
that does not conform is a bug, and raises `ShapeViolation`.
"""

from __future__ import annotations

import importlib.util
import logging
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from rdflib import RDF, RDFS, XSD, BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, SH, SKOS
from rdflib.term import Node

from graph.errors import GraphError, ShapeViolation
from graph.resources import read_text
from graph.terms import ID, NS, PREFIXES, WD

ONTOLOGY_FILE = "actorgraph.ttl"
SHAPES_FILE = "shapes.ttl"
_COMPACT = sorted({**PREFIXES, "agid": str(ID), "wd": str(WD), "sh": str(SH)}.items(),
                  key=lambda kv: -len(kv[1]))
_PLAIN_TYPES = {XSD.integer, XSD.decimal, XSD.double, XSD.boolean}
_SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
_MAX_LINES = 20


@dataclass(frozen=True)
class Violation:
    """One SHACL result: which node, which path, what rule it breaks."""

    focus: str
    """The focus node's IRI (or blank node id)."""
    label: str
    """The focus node as a reader knows it: its label and compact IRI."""
    path: str
    """The property the result is about, compact (empty for the node itself)."""
    message: str
    severity: str
    """``Violation``, ``Warning`` or ``Info``."""
    value: str = ""
    """The offending value, when the result names one."""

    def line(self) -> str:
        """The result as one readable line.

        >>> Violation("x", '"China" (agid:wd/q148)', "ag:trains", "the object is an ag:Actor",
        ...           "Violation", '"Fiji police"').line()
        'Violation: "China" (agid:wd/q148) ag:trains: the object is an ag:Actor (value: "Fiji police")'
        """
        where = f"{self.label} {self.path}" if self.path else self.label
        value = f" (value: {self.value})" if self.value else ""
        return f"{self.severity}: {where}: {self.message}{value}"


@dataclass(frozen=True)
class ValidationReport:
    """What `validate` found: conforms unless a result has severity Violation."""

    conforms: bool
    violations: tuple[Violation, ...] = ()

    @property
    def errors(self) -> tuple[Violation, ...]:
        """The results that make the graph fail (severity Violation)."""
        return tuple(v for v in self.violations if v.severity == "Violation")

    def lines(self) -> list[str]:
        """Every result as one line, then a summary line."""
        return [v.line() for v in self.violations] + [self.summary()]

    def summary(self) -> str:
        """One line: conforms or not, and how many results of each severity."""
        errors = len(self.errors)
        others = len(self.violations) - errors
        verdict = "conforms" if self.conforms else "does not conform"
        counts = f"{errors} violation{'s' * (errors != 1)}, {others} warning{'s' * (others != 1)}"
        return f"{verdict} to the ActorGraph shapes ({counts})"


def load_ontology() -> Graph:
    """The ontology (ontology/actorgraph.ttl) as a graph."""
    return Graph().parse(data=read_text(ONTOLOGY_FILE), format="turtle")


def load_shapes() -> Graph:
    """The SHACL shapes (ontology/shapes.ttl) as a graph."""
    return Graph().parse(data=read_text(SHAPES_FILE), format="turtle")


def validate(ds: Graph) -> ValidationReport:
    """Check `ds` (a Dataset or a Graph) against the ActorGraph shapes.

    All named graphs are checked together, with the ontology mixed in; `ds`
    itself is left unchanged.

    Args:
        ds: a dataset as `kg build` writes it, or any rdflib graph.

    Returns:
        A `ValidationReport`: violations first, then warnings, each sorted by
        focus, path and message.
    """
    from pyshacl import validate as run_shacl

    data = _union(ds)
    data += load_ontology()
    _, results, _ = run_shacl(data, shacl_graph=load_shapes(), inference="none", advanced=True,
                              allow_warnings=True, inplace=True)
    violations = sorted({_violation(data, results, r) for r in results.subjects(RDF.type, SH.ValidationResult)},
                        key=lambda v: (v.severity != "Violation", v.label, v.path, v.message, v.value))
    return ValidationReport(conforms=not any(v.severity == "Violation" for v in violations),
                            violations=tuple(violations))


def check(ds: Graph) -> None:
    """Raise `ShapeViolation` if `ds` does not conform to the shapes (warnings pass).

    Raises:
        ShapeViolation: listing the violations, one per line (the first 20).
    """
    report = validate(ds)
    if report.conforms:
        return
    errors = report.errors
    lines = [v.line() for v in errors[:_MAX_LINES]]
    if len(errors) > _MAX_LINES:
        lines.append(f"… and {len(errors) - _MAX_LINES} more; save the graph and run `kg validate` on it")
    count = f"{len(errors)} violation{'s' * (len(errors) != 1)}"
    raise ShapeViolation(f"graph does not conform to ontology/shapes.ttl ({count}):\n" + "\n".join(lines))


def _union(ds: Graph) -> Graph:
    """One graph holding the triples of every named graph of `ds`, as they would be written.

    Literals are rebuilt from their lexical form, as a save and load would:
    ``Literal(0.8, datatype=XSD.decimal)`` holds a float that pySHACL rejects
    as an xsd:decimal, though its TriG (``0.8``) is one.
    """
    union = Graph()
    triples = (q[:3] for q in ds.quads((None, None, None, None))) if isinstance(ds, Dataset) else ds
    for s, p, o in triples:
        if isinstance(o, Literal):
            o = Literal(str(o), lang=o.language, datatype=o.datatype)
        union.add((s, p, o))
    return union


def _violation(data: Graph, results: Graph, result: Node) -> Violation:
    focus = results.value(result, SH.focusNode)
    path = results.value(result, SH.resultPath)
    value = results.value(result, SH.value)
    messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
    severity = results.value(result, SH.resultSeverity)
    return Violation(
        focus=str(focus),
        label=describe(data, focus),
        path=compact(path) if isinstance(path, URIRef) else ("(complex path)" if path else ""),
        message=messages[0] if messages else "does not conform",
        severity=_SEVERITIES.get(severity, str(severity)) if isinstance(severity, URIRef) else "Violation",
        value=describe(data, value) if value is not None and value != focus else "",
    )


def compact(node: Node | None) -> str:
    """A short form of an IRI: ``agid:wd/q148``, ``ag:trains``; other IRIs in <>.

    >>> compact(URIRef(NS + "trains"))
    'ag:trains'
    >>> compact(URIRef("https://example.org/x"))
    '<https://example.org/x>'
    """
    text = str(node)
    for prefix, ns in _COMPACT:
        if text.startswith(ns) and len(text) > len(ns):
            return f"{prefix}:{text[len(ns):]}"
    return f"<{text}>"


def describe(g: Graph, node: Node | None) -> str:
    """A node as a reader knows it: ``"China" (agid:wd/q148)``, a statement by its triple, a literal.

    >>> g = Graph()
    >>> _ = g.add((URIRef(ID["wd/q148"]), RDFS.label, Literal("China")))
    >>> describe(g, ID["wd/q148"])
    '"China" (agid:wd/q148)'
    >>> describe(g, Literal(1.5))
    '1.5'
    """
    if isinstance(node, Literal):
        return _literal(node)
    if isinstance(node, BNode):
        return "a blank node"
    if node is None:
        return ""
    iri = compact(node)
    if iri.startswith("ag:"):
        return iri
    label = _label(g, node)
    if label is None and (node, RDF.type, RDF.Statement) in g:
        parts = [g.value(node, RDF.subject), g.value(node, RDF.predicate), g.value(node, RDF.object)]
        names = [(_label(g, p) or compact(p)) if p is not None else "?" for p in parts]
        return f'statement "{" ".join(names)}" ({iri})'
    return f'"{label}" ({iri})' if label is not None else iri


def _label(g: Graph, node: Node) -> str | None:
    labels = sorted(str(o) for o in g.objects(node, RDFS.label))
    return labels[0] if labels else None


def _literal(lit: Literal) -> str:
    if lit.datatype in _PLAIN_TYPES:
        return str(lit)
    text = '"' + str(lit).replace('"', '\\"') + '"'
    if lit.language:
        return f"{text}@{lit.language}"
    if lit.datatype is not None and lit.datatype != XSD.string:
        return f"{text}^^{compact(lit.datatype)}"
    return text


# --- the ontology's reference page ------------------------------------------------

_ONTOLOGY = URIRef("https://w3id.org/actorgraph/ontology")
# Rows pyLODE does not show by default: alignments, and the event-data codes
# (ag:cameoCode and ag:ploverCategory annotate the ontology; the code never emits them).
_SHOWN = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, OWL.inverseOf,
          Namespace(NS).cameoCode, Namespace(NS).ploverCategory)
_INDIVIDUAL_ROWS = [RDFS.isDefinedBy, DCTERMS.description, RDF.type]


def write_ontology_docs(out: str | Path) -> Path:
    """Render ontology/actorgraph.ttl as an HTML reference page with pyLODE.

    Besides pyLODE's usual rows, each term shows its alignments (SKOS
    mappings, inverse), its CAMEO codes and PLOVER categories, and the
    status individuals get a section of their own.

    Args:
        out: the HTML file to write (its folder is created).

    Returns:
        The path written.

    Raises:
        GraphError: pyLODE is not installed.
    """
    out = Path(out)
    ontpub = _import_pylode()
    ontology = load_ontology()
    doc = _page_class(ontpub)(ontology)
    for prop in (*_SHOWN, RDF.type):
        title = {OWL.inverseOf: "inverse of", RDF.type: "type"}.get(prop) or str(
            doc.back_onts.value(prop, DCTERMS.title) or ontology.value(prop, RDFS.label))
        description = doc.back_onts.value(prop, DCTERMS.description) or ontology.value(prop, SKOS.definition)
        source = next((t for ns, t in doc.back_onts_titles.items() if prop.startswith(ns)), None)
        doc.props_labeled[prop] = {"title": title, "description": description,
                                   "ont_title": source or ontology.value(_ONTOLOGY, DCTERMS.title)}
    out.parent.mkdir(parents=True, exist_ok=True)
    with _swapped(ontpub, CLASS_PROPS=[*ontpub.CLASS_PROPS, *_SHOWN], PROP_PROPS=[*ontpub.PROP_PROPS, *_SHOWN]):
        doc.make_html(destination=out)
    return out


def _page_class(ontpub: types.ModuleType) -> type:
    """pyLODE's OntPub, plus a section for named individuals (OntPub 3.4 omits them)."""
    from dominate.tags import a, h4, li, ul
    from pylode.utils import section_html

    class OntologyPage(ontpub.OntPub):  # type: ignore[misc, name-defined]
        def _make_main_sections(self) -> None:
            super()._make_main_sections()
            if (None, RDF.type, OWL.NamedIndividual) in self.ont:
                with self.content:
                    section_html("Named Individuals", self.ont, self.back_onts, self.ns, OWL.NamedIndividual,
                                 _INDIVIDUAL_ROWS, self.toc, "namedindividuals", self.fids,
                                 self.props_labeled).render()

        def _make_toc(self) -> None:
            super()._make_toc()
            entries = self.toc.get("namedindividuals")
            contents = self.doc.body.get(ul, cls="first")
            if entries and contents:
                item = li(h4(a("Named Individuals", href="#namedindividuals")), ul(_class="second"))
                for href, title in entries:
                    item[1].add(li(a(title, href=href)))
                contents[0].add(item)

    return OntologyPage


def _import_pylode() -> types.ModuleType:
    """Import pyLODE's OntPub module, working around two defects of pyLODE 3.4.1.

    Its ``pylode.version`` reads a pyproject.toml that the wheel does not ship
    (RDFLib/pyLODE#260, fixed after 3.4.1), and importing it calls
    ``logging.basicConfig(level=DEBUG)``; the root logger is restored after.
    """
    spec = importlib.util.find_spec("pylode")
    if spec is None or spec.origin is None:
        raise GraphError("pyLODE is not installed; install it with `pip install 'actorgraph[docs]'`")
    if not (Path(spec.origin).parent.parent / "pyproject.toml").exists() and "pylode.version" not in sys.modules:
        stub = types.ModuleType("pylode.version")
        stub.__version__ = metadata.version("pylode")  # type: ignore[attr-defined]
        sys.modules["pylode.version"] = stub
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        from pylode.profiles import ontpub
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    return ontpub


@contextmanager
def _swapped(module: types.ModuleType, **values: Any) -> Iterator[None]:
    """Set attributes of `module` for the duration of the block, then restore them."""
    old = {name: getattr(module, name) for name in values}
    for name, value in values.items():
        setattr(module, name, value)
    try:
        yield
    finally:
        for name, value in old.items():
            setattr(module, name, value)

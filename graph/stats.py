"""Counts that summarise a built graph: documents, entities by class, relations by property."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rdflib import RDF, Dataset
from rdflib.namespace import DCTERMS

from graph.terms import AG, CLASSES, ENTITY_GRAPH, RELATIONS


@dataclass(frozen=True)
class Stats:
    """What a graph holds."""

    documents: int
    entities: dict[str, int] = field(default_factory=dict)
    relations: dict[str, int] = field(default_factory=dict)
    statements: int = 0
    triples: int = 0

    def lines(self) -> list[str]:
        """The summary as aligned text lines."""
        out = [f"documents   {self.documents}", f"entities    {sum(self.entities.values())}"]
        out += [f"  {cls:<18}{n:>6}" for cls, n in self.entities.items()]
        out += [f"relations   {sum(self.relations.values())} ({self.statements} statements)"]
        out += [f"  {p:<18}{n:>6}" for p, n in self.relations.items()]
        out.append(f"triples     {self.triples}")
        return out


def graph_stats(ds: Dataset) -> Stats:
    """Count documents, entities by class and distinct relations by property."""
    documents = {d for d in ds.subjects(RDF.type, AG.Article) if (d, DCTERMS.identifier, None) in ds}
    names: dict[object, str] = {v: k for k, v in CLASSES.items()}
    entity_graph = ds.graph(ENTITY_GRAPH)
    classes = Counter(names[c] for _, c in entity_graph.subject_objects(RDF.type) if c in names)
    relations: Counter[str] = Counter()
    for name, prop in RELATIONS.items():
        relations[name] = len({(s, o) for s, o in ds.subject_objects(prop)})
    statements = len(set(ds.subjects(RDF.type, RDF.Statement)))
    return Stats(
        documents=len(documents),
        entities=dict(sorted(classes.items(), key=lambda kv: (-kv[1], kv[0]))),
        relations={k: v for k, v in sorted(relations.items(), key=lambda kv: (-kv[1], kv[0])) if v},
        statements=statements,
        triples=len(ds),
    )

"""Records passed between stages: plain frozen dataclasses, no spaCy or rdflib.

ingest makes `Article`s; nlp turns each into an `Extraction` of `Entity`s and
`Relation`s; resolve merges entities across documents; store writes RDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DOC = "DOC"
"""Entity key that stands for the document itself (the subject of `cites`)."""


@dataclass(frozen=True)
class Article:
    """One ingested document and what is known about it."""

    id: str
    """Identifier: the source file's name, e.g. ``000_9115ca4524875ae4.txt``."""
    text: str
    sha256: str
    path: str = ""
    title: str | None = None
    date: str | None = None
    """Publication date as ISO 8601 (``2024``, ``2024-09`` or ``2024-09-05``)."""
    publisher: str | None = None
    url: str | None = None
    format: str = "txt"


@dataclass(frozen=True)
class Failure:
    """A document that could not be used, and why (one line)."""

    path: str
    message: str


@dataclass(frozen=True)
class Mention:
    """A span of the document text that names an entity."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Entity:
    """An entity as one document sees it."""

    key: str
    """Local key, unique within the extraction."""
    cls: str
    """An ontology class name, e.g. ``Country``."""
    label: str
    names: tuple[str, ...]
    wikidata: str | None = None
    mentions: tuple[Mention, ...] = ()
    gazetteer_id: str | None = None
    named: bool = True
    """False for descriptive entities ("ten Pacific island nations")."""
    merge_names: tuple[str, ...] = ()
    """Full names safe to merge on across documents (not surnames or metonyms)."""


@dataclass(frozen=True)
class Relation:
    """One fact with its evidence."""

    subject: str
    predicate: str
    object: str
    sentence: str
    start: int
    end: int
    confidence: float
    cue: str = ""
    quantity: int | None = None
    date: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    status: str | None = None
    attributed_to: str | None = None
    agreement: str | None = None
    rule: str = ""
    """The extraction rule that produced this fact (see graph/nlp/calibration.yaml)."""


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one article."""

    article: Article
    entities: tuple[Entity, ...] = ()
    relations: tuple[Relation, ...] = ()
    model: dict[str, str] = field(default_factory=dict)

    def entity(self, key: str) -> Entity | None:
        """The entity with local key `key`, or None."""
        for ent in self.entities:
            if ent.key == key:
                return ent
        return None

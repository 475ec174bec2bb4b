"""The vocabulary: ontology terms as Python names, namespaces and IRI minting.

`AG` mirrors ontology/actorgraph.ttl; with ``_fail=True`` a misspelt term raises
`AttributeError` instead of minting a new IRI. All IRIs the project writes are
minted here, so their shape is defined in one place.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

NS = "https://w3id.org/actorgraph/ontology#"
ID = Namespace("https://w3id.org/actorgraph/id/")
GRAPH = Namespace("https://w3id.org/actorgraph/graph/")
WD = Namespace("http://www.wikidata.org/entity/")
SDO = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")


class AG(DefinedNamespace):
    """ActorGraph ontology terms (https://w3id.org/actorgraph/ontology#)."""

    _NS = Namespace(NS)
    _fail = True

    # classes
    Actor: URIRef
    Country: URIRef
    GovernmentBody: URIRef
    PoliticalParty: URIRef
    Person: URIRef
    Organization: URIRef
    ArmedGroup: URIRef
    Group: URIRef
    Program: URIRef
    Initiative: URIRef
    Agreement: URIRef
    Event: URIRef
    Document: URIRef
    Report: URIRef
    Article: URIRef
    Place: URIRef
    Status: URIRef
    AgreementStatus: URIRef

    # core relations
    trains: URIRef
    signedWith: URIRef
    rejected: URIRef
    cites: URIRef
    # extended relations
    leads: URIRef
    partOf: URIRef
    launched: URIRef
    heldIn: URIRef
    locatedIn: URIRef
    publishedBy: URIRef
    metWith: URIRef
    participatedIn: URIRef
    targets: URIRef
    investsIn: URIRef

    # entities and documents
    mentionedIn: URIRef
    charCount: URIRef
    contentHash: URIRef
    sourcePath: URIRef

    # statements: evidence and qualifiers
    evidence: URIRef
    charStart: URIRef
    charEnd: URIRef
    confidence: URIRef
    cue: URIRef
    quantity: URIRef
    date: URIRef
    startDate: URIRef
    endDate: URIRef
    status: URIRef
    attributedTo: URIRef
    agreement: URIRef

    # statuses of a relation
    Planned: URIRef
    Ongoing: URIRef
    Completed: URIRef

    # lifecycle of an agreement
    agreementStatus: URIRef
    statusDate: URIRef
    Proposed: URIRef
    Signed: URIRef
    Rejected: URIRef
    Cancelled: URIRef

    # counts made at build time
    mentionCount: URIRef
    documentCount: URIRef
    Partnerships: URIRef
    partnersOf: URIRef
    partnerCount: URIRef
    Corroboration: URIRef
    factSubject: URIRef
    relation: URIRef
    factObject: URIRef
    firstPublished: URIRef
    lastPublished: URIRef

    # ontology annotations: event-data alignment (not emitted)
    cameoCode: URIRef
    ploverCategory: URIRef

    # build runs
    extractorVersion: URIRef
    modelName: URIRef
    modelVersion: URIRef


CLASSES: dict[str, URIRef] = {
    name: AG[name]
    for name in (
        "Country", "GovernmentBody", "PoliticalParty", "Person", "Organization",
        "ArmedGroup", "Group", "Initiative", "Agreement", "Event", "Report",
        "Article", "Place",
    )
}
ACTORS = frozenset({"Country", "GovernmentBody", "PoliticalParty", "Person", "Organization", "ArmedGroup", "Group"})
"""The entity classes that are actors (subclasses of ag:Actor)."""
CORE_RELATIONS = ("trains", "signedWith", "rejected", "cites")
EXTENDED_RELATIONS = (
    "leads", "partOf", "launched", "heldIn", "locatedIn", "publishedBy",
    "metWith", "participatedIn", "targets", "investsIn",
)
RELATIONS: dict[str, URIRef] = {name: AG[name] for name in CORE_RELATIONS + EXTENDED_RELATIONS}
SYMMETRIC = frozenset({"signedWith", "metWith"})
STATUSES: dict[str, URIRef] = {name: AG[name] for name in ("Planned", "Ongoing", "Completed")}

PREFIXES: dict[str, str] = {
    "ag": NS,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

_SLUG_DROP = re.compile(r"[^a-z0-9]+")


def slugify(text: str, *, limit: int = 60) -> str:
    """Return a lower-case ASCII slug of `text`, never empty.

    >>> slugify("Wang Xiaohong")
    'wang-xiaohong'
    >>> slugify("Timor-Leste’s police")
    'timor-leste-s-police'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = _SLUG_DROP.sub("-", ascii_text.lower()).strip("-")[:limit].strip("-")
    if slug:
        return slug
    return "x" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def digest(*parts: object, length: int = 12) -> str:
    """A short stable hex digest of `parts` (for IRIs that must not collide)."""
    joined = "\x1f".join(str(p) for p in parts)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:length]


def mint_entity_iri(cls: str, key: str) -> URIRef:
    """The IRI of an entity of class `cls` (an AG class name) known by `key`.

    >>> str(mint_entity_iri("Country", "Q148"))
    'https://w3id.org/actorgraph/id/country/q148'
    """
    return ID[f"{slugify(cls)}/{slugify(key)}"]


def mint_document_iri(doc_id: str) -> URIRef:
    """The IRI of an ingested document, from its identifier (file name)."""
    return ID[f"article/{slugify(doc_id)}-{digest(doc_id, length=6)}"]


def mint_graph_iri(doc_id: str) -> URIRef:
    """The IRI of the named graph that holds one document's facts."""
    return GRAPH[f"doc/{slugify(doc_id)}-{digest(doc_id, length=6)}"]


ENTITY_GRAPH = GRAPH["entities"]
COUNTS_GRAPH = GRAPH["counts"]
RUN_GRAPH = GRAPH["provenance"]


def mint_statement_iri(doc_id: str, subject: str, predicate: str, obj: str, start: int,
                       *qualifiers: object) -> URIRef:
    """The IRI of one statement node: stable for the same fact, qualifiers and place."""
    return ID[f"statement/{digest(doc_id, subject, predicate, obj, start, *qualifiers, length=16)}"]

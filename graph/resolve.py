"""Across documents: one node per real-world entity.

Each document's extraction names its entities locally. Here they are merged
when they share a Wikidata id, a gazetteer id, or a normalised full name
(canonical label or an acronym defined in the text) within a compatible class
family. Descriptive entities (unnamed groups, agreements) stay per document.
Pure functions: nothing here reads files or spaCy objects.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from graph.records import Entity, Extraction
from graph.terms import ID, slugify

FAMILIES = {
    "Country": "actor", "GovernmentBody": "actor", "PoliticalParty": "actor", "Person": "person",
    "Organization": "actor", "ArmedGroup": "actor", "Group": "group", "Initiative": "initiative",
    "Agreement": "agreement", "Event": "event", "Report": "document", "Article": "document",
    "Place": "place",
}
CLASS_PRIORITY = (
    "Country", "Person", "GovernmentBody", "PoliticalParty", "Organization", "ArmedGroup",
    "Initiative", "Event", "Report", "Article", "Agreement", "Place", "Group",
)

_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)
_SPACE = re.compile(r"\s+")


def normalise_name(name: str) -> str:
    """Normalise a name as ANNOTATION.md's scoring does.

    NFKC, case-folded, punctuation and a leading "the" removed, whitespace collapsed.

    >>> normalise_name("The  People’s Republic of China")
    'peoples republic of china'
    """
    text = unicodedata.normalize("NFKC", name).casefold()
    text = _PUNCT.sub("", text)
    text = _SPACE.sub(" ", text).strip()
    text = text.removeprefix("the ")
    return text


@dataclass(frozen=True)
class ResolvedEntity:
    """One node of the cross-document entity graph."""

    iri: str
    cls: str
    label: str
    alt_labels: tuple[str, ...]
    wikidata: str | None
    documents: tuple[str, ...]


@dataclass(frozen=True)
class Resolution:
    """Global entities, and where each document's local entity went."""

    entities: dict[str, ResolvedEntity]
    iri_of: dict[tuple[str, str], str]

    def iri(self, doc_id: str, key: str) -> str:
        """The global IRI of local entity `key` of document `doc_id`."""
        return self.iri_of[(doc_id, key)]


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def merge_keys(entity: Entity, doc_id: str) -> list[str]:
    """The keys under which `entity` may meet the same entity in other documents."""
    family = FAMILIES.get(entity.cls, "other")
    if not entity.named:
        return [f"local:{doc_id}:{entity.key}"]
    keys = []
    if entity.wikidata:
        keys.append(f"wd:{entity.wikidata}")
    if entity.gazetteer_id:
        keys.append(f"gz:{entity.gazetteer_id}")
    # A body named generically in its document ("Ministry of Interior", of Saudi Arabia) merges
    # only under its qualified merge names ("sa:Ministry of Interior"), never its bare label.
    for name in entity.merge_names or (entity.label,):
        norm = normalise_name(name)
        if norm:
            keys.append(f"name:{family}:{norm}")
    return keys or [f"local:{doc_id}:{entity.key}"]


def _representative_key(keys: Iterable[str]) -> str:
    def rank(key: str) -> tuple[int, str]:
        order = 0 if key.startswith("wd:") else 1 if key.startswith("gz:") else 2
        return order, key
    return min(keys, key=rank)


def _iri_for(key: str, cls: str) -> str:
    kind, _, rest = key.partition(":")
    if kind == "wd":
        return str(ID[f"wd/{rest.lower()}"])
    if kind == "gz":
        return str(ID[f"gz/{slugify(rest)}"])
    if kind == "name":
        family, _, name = rest.partition(":")
        return str(ID[f"{family}/{slugify(name)}"])
    doc_id, _, local = rest.partition(":")
    return str(ID[f"{slugify(cls)}/{slugify(doc_id)}/{slugify(local)}"])


def resolve_entities(extractions: Iterable[Extraction]) -> Resolution:
    """Merge the entities of all `extractions` into global entities.

    Args:
        extractions: one per document; document ids must be distinct.

    Returns:
        A `Resolution`: global entities by IRI and the local→global map.
    """
    uf = _UnionFind()
    members: list[tuple[str, Entity, list[str]]] = []
    for extraction in extractions:
        doc_id = extraction.article.id
        for entity in extraction.entities:
            keys = merge_keys(entity, doc_id)
            for key in keys[1:]:
                uf.union(keys[0], key)
            uf.find(keys[0])
            members.append((doc_id, entity, keys))

    clusters: dict[str, list[tuple[str, Entity, list[str]]]] = defaultdict(list)
    for doc_id, entity, keys in members:
        clusters[uf.find(keys[0])].append((doc_id, entity, keys))

    entities: dict[str, ResolvedEntity] = {}
    iri_of: dict[tuple[str, str], str] = {}
    for cluster in clusters.values():
        resolved = _resolve_cluster(cluster)
        entities[resolved.iri] = resolved
        for doc_id, entity, _ in cluster:
            iri_of[(doc_id, entity.key)] = resolved.iri
    return Resolution(entities=entities, iri_of=iri_of)


def _resolve_cluster(cluster: list[tuple[str, Entity, list[str]]]) -> ResolvedEntity:
    classes = Counter(entity.cls for _, entity, _ in cluster)
    cls = min(classes, key=lambda c: (-classes[c], CLASS_PRIORITY.index(c)))
    labels = Counter(entity.label for _, entity, _ in cluster if entity.cls == cls)
    label = min(labels, key=lambda lab: (-labels[lab], -len(lab), lab))
    names = {name for _, entity, _ in cluster for name in (entity.label, *entity.names)}
    alt = tuple(sorted(n for n in names if n != label))
    wikidata = next((e.wikidata for _, e, _ in sorted(cluster, key=lambda m: m[0]) if e.wikidata), None)
    key = _representative_key(k for _, _, keys in cluster for k in keys)
    documents = tuple(sorted({doc_id for doc_id, _, _ in cluster}))
    return ResolvedEntity(
        iri=_iri_for(key, cls), cls=cls, label=label, alt_labels=alt, wikidata=wikidata,
        documents=documents,
    )


_CANCEL_CUES = frozenset({"cancel", "scrap", "end", "terminate", "abandon", "suspend", "revoke",
                          "abrogate", "quit", "withdraw", "pull", "leave", "exit"})
_RANK = {"proposed": 0, "signed": 1, "rejected": 2, "cancelled": 3}


def agreement_states(extractions: Iterable[Extraction], resolution: Resolution) -> dict[str, tuple[str, str | None]]:
    """The lifecycle state of each agreement the relations speak of.

    A rejected agreement is ``cancelled`` when the cue ends something already in
    force ("cancelled the plan", "pulled out of"), else ``rejected``; an
    agreement in a signing is ``signed``, or ``proposed`` while planned. The
    state furthest along wins; its date is the relation's date.
    """
    states: dict[str, tuple[str, str | None]] = {}

    def note(iri: str, state: str, date: str | None) -> None:
        old = states.get(iri)
        if old is None or _RANK[state] > _RANK[old[0]] or (_RANK[state] == _RANK[old[0]] and not old[1]):
            states[iri] = (state, date)

    for extraction in extractions:
        doc_id = extraction.article.id
        # the class after merging across documents, which is what the graph says
        kinds = {e.key: resolution.entities[resolution.iri(doc_id, e.key)].cls for e in extraction.entities}
        for rel in extraction.relations:
            if rel.predicate == "rejected" and kinds.get(rel.object) == "Agreement":
                state = "cancelled" if rel.cue.split(" ")[0] in _CANCEL_CUES else "rejected"
                note(resolution.iri(doc_id, rel.object), state, rel.date)
            elif rel.predicate == "signedWith" and rel.agreement and kinds.get(rel.agreement) == "Agreement":
                state = "proposed" if rel.status == "Planned" else "signed"
                note(resolution.iri(doc_id, rel.agreement), state, rel.date)
    return states

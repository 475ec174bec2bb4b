"""Counts made while a build writes its graph, so that rankings need not count at question time.

A ranking ("the entities most documents mention", "the actors with most
partners", "the facts most documents state") otherwise counts every statement
of the graph before it can return its first row. The build sees every
document anyway; `Counts` tallies them as they go by, and `graph.store.add_counts`
writes the totals into the counts graph. Everything here is plain strings (IRIs)
and integers: no rdflib.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

PARTNERSHIPS = ("signedWith", "metWith", "trains")
"""The relations that make two actors partners (each end counts the other)."""
SYMMETRIC = frozenset({"signedWith", "metWith"})
"""Relations that hold both ways round: A–B and B–A are one fact."""
CORROBORATED_AT = 2
"""A fact counts as corroborated when at least this many documents state it."""

Fact = tuple[str, str, str]
"""A fact as (subject IRI, relation name, object IRI)."""


@dataclass(frozen=True)
class Partnerships:
    """An actor's partners by one relation (`relation` None: by any of `PARTNERSHIPS`)."""

    actor: str
    relation: str | None
    partners: int
    documents: int


@dataclass(frozen=True)
class Corroboration:
    """A fact stated in several documents, and the first and last publication dates among them."""

    subject: str
    relation: str
    object: str
    documents: int
    first: str | None
    last: str | None


def canonical(fact: Fact) -> Fact:
    """The fact with a symmetric relation's ends in one order (the smaller IRI first)."""
    s, p, o = fact
    return (o, p, s) if p in SYMMETRIC and o < s else fact


class Counts:
    """Tallies of the documents seen: `add` each once; the properties give the totals."""

    def __init__(self) -> None:
        self._mentions: dict[str, int] = defaultdict(int)
        self._facts: dict[Fact, int] = defaultdict(int)
        self._dates: dict[Fact, tuple[str, str]] = {}
        self._partners: dict[tuple[str, str], set[str]] = defaultdict(set)
        self._partner_docs: dict[tuple[str, str], set[str]] = defaultdict(set)

    def add(self, document: str, date: str | None, mentioned: Iterable[str], facts: Iterable[Fact]) -> None:
        """Count one document: the entities it mentions and the facts it states."""
        for entity in set(mentioned):
            self._mentions[entity] += 1
        for fact in {canonical(f) for f in facts}:
            self._facts[fact] += 1
            if date:
                first, last = self._dates.get(fact, (date, date))
                self._dates[fact] = (min(first, date), max(last, date))
            s, p, o = fact
            if p in PARTNERSHIPS and s != o:
                for actor, partner in ((s, o), (o, s)):
                    for key in ((actor, p), (actor, "")):
                        self._partners[key].add(partner)
                        self._partner_docs[key].add(document)

    def documents_mentioning(self) -> dict[str, int]:
        """How many documents mention each entity."""
        return dict(self._mentions)

    def nodes(self) -> int:
        """How many entities are mentioned or stand in a fact: the nodes of the graph's network."""
        return len(self._mentions.keys() | {end for s, _, o in self._facts for end in (s, o)})

    def partnerships(self) -> Iterator[Partnerships]:
        """Each actor's partner count per relation and over all of them."""
        for (actor, relation), partners in sorted(self._partners.items()):
            yield Partnerships(actor, relation or None, len(partners), len(self._partner_docs[(actor, relation)]))

    def corroborations(self) -> Iterator[Corroboration]:
        """The facts stated in at least `CORROBORATED_AT` documents."""
        for fact, n in sorted(self._facts.items()):
            if n >= CORROBORATED_AT:
                first, last = self._dates.get(fact, (None, None))
                yield Corroboration(*fact, n, first, last)

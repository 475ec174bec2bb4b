"""Synthetic graphs in the exact shape `kg build` emits, at any size.

`make_extractions(docs)` makes `Extraction` records whose statistics follow
what the extractor finds in the bundled corpus (about 31 entities and 16
relations per article, the same mix of classes and relations, qualifiers as
often); `write_nquads` then runs them through the builder's own functions
(`graph.resolve.resolve_entities`, `graph.store.add_extraction`,
`add_entities`, `add_lifecycle`, `add_run`: what `graph.api.assemble` calls)
one document at a time, and streams the quads to an N-Quads file. So the
graph has exactly the builder's IRIs, named graphs, reification and
provenance, at about 240 quads per document (the bundled corpus gives 290: its evidence
sentences are longer, which changes no query).

Popularity is skewed as in news: a few countries (China, Australia, …) appear
in most articles, people and bodies follow a Zipf law over pools that grow
with the corpus, and descriptive entities (groups, agreements, events)
belong to one article each.
"""

from __future__ import annotations

import hashlib
import random
from bisect import bisect
from collections.abc import Iterator
from itertools import accumulate
from pathlib import Path

from graph.records import DOC, Article, Entity, Extraction, Mention, Relation

MODEL = {"extractor": "bench", "model": "en_core_web_sm", "model_version": "3.8.0", "spacy": "3.8"}
VERSION = "2"
"""Bump when the generator's output changes, so cached graphs are remade."""
QUADS_PER_DOC = 240
"""About how many quads one synthetic document adds (measured; for choosing sizes)."""

# Per article, as measured on the bundled corpus (26 articles, en_core_web_sm 3.8).
ENTITIES_PER_DOC = {"Country": 5.8, "Place": 5.7, "Person": 5.0, "GovernmentBody": 3.7, "Organization": 2.8,
                    "Agreement": 2.5, "Group": 2.2, "Event": 1.0, "Initiative": 0.9, "Report": 0.85,
                    "ArmedGroup": 0.3, "PoliticalParty": 0.2}
RELATIONS_PER_DOC = {"signedWith": 3.7, "cites": 2.5, "leads": 2.3, "trains": 2.0, "rejected": 1.1,
                     "participatedIn": 1.1, "publishedBy": 0.85, "heldIn": 0.65, "locatedIn": 0.6,
                     "metWith": 0.5, "partOf": 0.15, "launched": 0.1}
POOL_PER_DOC = {"Place": 0.6, "Person": 1.2, "GovernmentBody": 0.3, "Organization": 0.3, "Initiative": 0.1,
                "ArmedGroup": 0.05, "PoliticalParty": 0.05}
"""Named entities of each class in the whole corpus, per document (countries are a fixed pool)."""
DESCRIPTIVE = {"Agreement": "security agreement", "Group": "police officers", "Event": "regional summit",
               "Report": "annual report"}
"""Classes whose entities are descriptive, one per article (not merged across documents)."""
# (subject classes, object classes) of each relation, as the shapes allow.
ROLES = {
    "trains": (("Country", "GovernmentBody"), ("Group", "GovernmentBody", "Country")),
    "signedWith": (("Country", "GovernmentBody"), ("Country", "GovernmentBody")),
    "rejected": (("Country", "GovernmentBody", "Person"), ("Agreement", "Initiative")),
    "cites": ((DOC,), ("Organization", "Report", "Person", "GovernmentBody")),
    "leads": (("Person",), ("GovernmentBody", "Country", "Organization", "PoliticalParty")),
    "participatedIn": (("Country", "Person", "GovernmentBody"), ("Event",)),
    "publishedBy": (("Report",), ("Organization", "GovernmentBody")),
    "heldIn": (("Event",), ("Place", "Country")),
    "locatedIn": (("Place", "Group"), ("Country",)),
    "metWith": (("Person",), ("Person",)),
    "partOf": (("GovernmentBody",), ("Country",)),
    "launched": (("Country", "GovernmentBody"), ("Initiative",)),
}
CUES = {"trains": "train", "signedWith": "sign", "rejected": "reject", "cites": "according to", "leads": "minister",
        "participatedIn": "attend", "publishedBy": "publish", "heldIn": "hold", "locatedIn": "in",
        "metWith": "meet", "partOf": "of", "launched": "launch"}


class Zipf:
    """Draws 0..n-1 with probability proportional to 1/(rank+1)^s."""

    def __init__(self, n: int, s: float = 1.0) -> None:
        self.cum = list(accumulate(1 / (k + 1) ** s for k in range(max(1, n))))

    def draw(self, rng: random.Random) -> int:
        return min(bisect(self.cum, rng.random() * self.cum[-1]), len(self.cum) - 1)


def _countries() -> list[tuple[str, str, str]]:
    """(gazetteer id, label, Wikidata id) of every country, the most newsworthy first."""
    from benchmarks.corpus import load_vocabulary
    from graph.nlp.gazetteer import load_gazetteer

    entries = load_gazetteer().entries
    return [(c, entries[c].label, entries[c].wikidata or "") for c in load_vocabulary().entries["Country"]]


def _count(rng: random.Random, mean: float) -> int:
    whole = int(mean)
    return whole + (rng.random() < mean - whole)


class Generator:
    """Makes synthetic extractions for a corpus of `docs` documents."""

    def __init__(self, docs: int, *, seed: int = 0) -> None:
        self.docs, self.seed = docs, seed
        self.countries = _countries()
        self.pools = {cls: max(20, int(per * docs)) for cls, per in POOL_PER_DOC.items()}
        self.zipf = {cls: Zipf(n) for cls, n in self.pools.items()}
        self.zipf["Country"] = Zipf(len(self.countries), 1.1)

    def _named(self, cls: str, rng: random.Random) -> tuple[str, Entity]:
        if cls == "Country":
            gid, label, wd = self.countries[self.zipf[cls].draw(rng)]
            return gid, Entity(gid, cls, label, (label,), wikidata=wd or None, gazetteer_id=gid, merge_names=(label,))
        number = self.zipf[cls].draw(rng)
        label = f"{cls} {number:06d}" if cls != "Person" else f"Person{number:06d} Surname{number % 997:03d}"
        key = f"{cls.lower()}{number}"
        return key, Entity(key, cls, label, (label,), merge_names=(label,))

    def extraction(self, index: int) -> Extraction:
        """Synthetic document number `index`."""
        rng = random.Random(f"{self.seed}:{index}")
        doc_id = f"s{index:07d}.txt"
        entities: dict[str, Entity] = {}
        by_class: dict[str, list[str]] = {}
        for cls, mean in ENTITIES_PER_DOC.items():
            for k in range(_count(rng, mean)):
                if cls in DESCRIPTIVE:
                    key = f"{cls.lower()}_{k}"
                    ent = Entity(key, cls, f"{DESCRIPTIVE[cls]} {k + 1}", (f"{DESCRIPTIVE[cls]} {k + 1}",), named=False)
                else:
                    key, ent = self._named(cls, rng)
                entities.setdefault(key, ent)
                by_class.setdefault(cls, []).append(key)
        relations, sentences, at = [], [], 0
        for predicate, mean in RELATIONS_PER_DOC.items():
            for _ in range(_count(rng, mean)):
                rel = self._relation(rng, predicate, entities, by_class, at)
                if rel is not None:
                    relations.append(rel)
                    sentences.append(rel.sentence)
                    at = rel.end + 1
        text = " ".join(sentences) + " " + " ".join(f"{e.label} was mentioned." for e in entities.values())
        entities_out = tuple(self._with_mention(e, text) for e in entities.values())
        year = 2015 + rng.randrange(11)
        article = Article(id=doc_id, text=text, sha256=hashlib.sha256(text.encode()).hexdigest(),
                          path=f"synthetic/{doc_id}", title=f"Synthetic article {index}",
                          date=f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
        return Extraction(article, entities_out, tuple(relations), MODEL)

    @staticmethod
    def _with_mention(entity: Entity, text: str) -> Entity:
        start = text.find(entity.label)
        mentions = (Mention(start, start + len(entity.label), entity.label),) if start >= 0 else ()
        return Entity(entity.key, entity.cls, entity.label, entity.names, entity.wikidata, mentions,
                      entity.gazetteer_id, entity.named, entity.merge_names)

    def _pick(self, rng: random.Random, classes: tuple[str, ...], by_class: dict[str, list[str]]) -> str | None:
        if classes == (DOC,):
            return DOC
        keys = [k for cls in classes for k in by_class.get(cls, ())]
        return rng.choice(keys) if keys else None

    def _relation(self, rng: random.Random, predicate: str, entities: dict[str, Entity],
                  by_class: dict[str, list[str]], at: int) -> Relation | None:
        subject_classes, object_classes = ROLES[predicate]
        s = self._pick(rng, subject_classes, by_class)
        o = self._pick(rng, object_classes, by_class)
        if s is None or o is None or s == o:
            return None
        name = lambda k: "The article" if k == DOC else entities[k].label
        sentence = (f"{name(s)} {CUES[predicate]}s {name(o)}, officials said on Tuesday, "
                    f"in a statement about regional security cooperation.")
        year = str(2010 + rng.randrange(16))
        people = by_class.get("Person", []) + by_class.get("Organization", [])
        agreements = by_class.get("Agreement", [])
        return Relation(
            s, predicate, o, sentence, at, at + len(sentence), round(rng.uniform(0.5, 0.95), 3),
            cue=CUES[predicate],
            quantity=rng.choice((12, 30, 300, 2700)) if predicate == "trains" and rng.random() < 0.4 else None,
            date=year if rng.random() < 0.4 else None,
            status=rng.choice(("Planned", "Ongoing", "Completed")) if rng.random() < 0.5 else None,
            attributed_to=rng.choice(people) if people and predicate != "cites" and rng.random() < 0.2 else None,
            agreement=rng.choice(agreements) if predicate == "signedWith" and agreements and rng.random() < 0.5
            else None,
        )

    def __iter__(self) -> Iterator[Extraction]:
        return (self.extraction(i) for i in range(self.docs))


def make_extractions(docs: int, *, seed: int = 0) -> list[Extraction]:
    """`docs` synthetic extraction records (deterministic for `seed`)."""
    return list(Generator(docs, seed=seed))


def make_dataset(docs: int, *, seed: int = 0):  # type: ignore[no-untyped-def]
    """An rdflib Dataset of `docs` synthetic documents, assembled as `kg build` assembles."""
    from graph.api import assemble

    extractions = make_extractions(docs, seed=seed)
    return assemble(extractions, MODEL)


def write_nquads(extractions: list[Extraction], path: str | Path) -> int:
    """Assemble `extractions` as `graph.api.assemble` does, one graph at a time, into an N-Quads file.

    Returns:
        The number of quads written.
    """
    from graph.counts import Counts
    from graph.resolve import agreement_states, resolve_entities
    from graph.store import (
        add_counts,
        add_entities,
        add_extraction,
        add_lifecycle,
        add_run,
        count_extraction,
        new_dataset,
    )

    resolution = resolve_entities(extractions)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    total = 0
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as out:
        def flush(ds) -> None:  # type: ignore[no-untyped-def]
            nonlocal total
            total += len(ds)
            ds.serialize(destination=out, format="nquads")

        counts = Counts()
        for extraction in extractions:
            ds = new_dataset()
            add_extraction(ds, extraction, resolution)
            count_extraction(counts, extraction, resolution)
            flush(ds)
        ds = new_dataset()
        add_entities(ds, resolution.entities.values())
        add_lifecycle(ds, agreement_states(extractions, resolution))
        add_counts(ds, counts)
        add_run(ds, MODEL, (e.article.id for e in extractions))
        flush(ds)
    tmp.replace(path)
    return total


def make_nquads(quads: int, folder: str | Path, *, seed: int = 0) -> tuple[Path, int, int]:
    """An N-Quads file of about `quads` quads in `folder` (reused when already made).

    The number of quads is kept beside the file (``.count``), so reusing a
    large file does not read it through.

    Returns:
        The file, the quads it holds and the documents it describes.
    """
    docs = max(1, round(quads / QUADS_PER_DOC))
    path = Path(folder) / f"graph-{docs}-{seed}-v{VERSION}.nq"
    stamp = path.with_suffix(".count")
    if path.is_file():
        if stamp.is_file() and stamp.stat().st_mtime >= path.stat().st_mtime:
            return path, int(stamp.read_text()), docs
        with path.open("rb") as fh:  # made before counts were kept (each graph written ends in a blank line)
            count = sum(1 for line in fh if line.strip())
    else:
        count = write_nquads(make_extractions(docs, seed=seed), path)
    stamp.write_text(str(count))
    return path, count, docs

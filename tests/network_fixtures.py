"""Datasets for the network page tests: a hostile one and a large synthetic one.

tests/test_render.py and tests/test_browser.py both build their pages from
these, so neither test module imports the other.
"""

from __future__ import annotations

import hashlib
import random

from graph.records import Article, Entity, Extraction, Mention, Relation

MODEL = {"extractor": "test", "model": "en_core_web_sm", "model_version": "3.8.0", "spacy": "3.8"}

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
EVIL_ORG = f"Evil {SCRIPT} Corp"
EVIL_PERSON = f"Dr {IMG} O'Hara \"the Quote\""
EVIL_TITLE = f"Breaking </script>{SCRIPT} news & \"quotes\" \u2028 here"
EVIL_SENTENCE = f"{EVIL_ORG} trains {EVIL_PERSON} and the </title><svg onload=alert(1)> unit."


def _article(doc_id: str, text: str, title: str, date: str | None) -> Article:
    return Article(id=doc_id, text=text, sha256=hashlib.sha256(text.encode()).hexdigest(),
                   path=f"test/{doc_id}", title=title, date=date)


def _entity(key: str, cls: str, label: str, text: str, *, wikidata: str | None = None) -> Entity:
    start = text.index(label)
    return Entity(key=key, cls=cls, label=label, names=(label,), wikidata=wikidata,
                  mentions=(Mention(start, start + len(label), label),), merge_names=(label,))


def make_injection_extractions() -> list[Extraction]:
    """One article whose title, entity names and sentence carry markup, scripts and quotes."""
    text = f"{EVIL_TITLE}\n\n{EVIL_SENTENCE} China met {EVIL_ORG}."
    article = _article("evil.txt", text, EVIL_TITLE, "2024-01-02")
    entities = (
        _entity("org", "Organization", EVIL_ORG, text),
        _entity("person", "Person", EVIL_PERSON, text),
        _entity("china", "Country", "China", text, wikidata="Q148"),
    )
    start = text.index(EVIL_SENTENCE)
    relations = (
        Relation("org", "trains", "person", EVIL_SENTENCE, start, start + len(EVIL_SENTENCE), 0.9,
                 cue="train", quantity=12, date="2024", status="Planned"),
        Relation("china", "metWith", "org", f"China met {EVIL_ORG}.", text.index("China met"),
                 text.index("China met") + len(f"China met {EVIL_ORG}."), 0.7, cue="met"),
    )
    return [Extraction(article, entities, relations, MODEL)]


_CLASSES = ("Country", "GovernmentBody", "Person", "Organization", "Group", "Initiative", "Agreement",
            "Event", "Place")
# Relations a hub country can have with an entity of each class, as the ontology allows.
_RELATIONS = {
    "Country": ("trains", "signedWith", "metWith"), "GovernmentBody": ("trains", "signedWith", "metWith"),
    "Person": ("trains", "metWith"), "Organization": ("trains", "signedWith", "metWith"),
    "Group": ("trains",), "Initiative": ("rejected", "launched"), "Agreement": ("rejected",),
    "Event": ("participatedIn",), "Place": ("locatedIn", "investsIn"),
}


def make_synthetic_extractions(nodes: int = 5000, *, per_article: int = 20, hubs: int = 40,
                               seed: int = 5) -> list[Extraction]:
    """Articles naming `nodes` entities in all: shared hub countries, and actors each article names once.

    Every article links its two hubs, so the graph is one large component
    with many leaves, as news about a few central states tends to be.
    """
    rng = random.Random(seed)
    out: list[Extraction] = []
    made, doc = hubs, 0
    while made < nodes:
        count = min(per_article - 2, nodes - made)
        names = [(f"h{h}", "Country", f"Hubland {h:02d}") for h in rng.sample(range(hubs), 2)]
        names += [(f"e{made + i}", rng.choice(_CLASSES), f"Actor {made + i:05d}") for i in range(count)]
        made += count
        facts = []
        for i, (key, cls, label) in enumerate(names[2:]):
            actors = [n for n in names[:2 + i] if n[1] in {"Country", "GovernmentBody", "Organization"}]
            subject = rng.choice(actors) if rng.random() < 0.3 else names[i % 2]
            facts.append((subject, rng.choice(_RELATIONS[cls]), (key, label), 2015 + rng.randrange(10)))
        sentences = [f"{s[2]} {rel} {o[1]} in {year}." for s, rel, o, year in facts]
        sentences.append(f"{names[0][2]} metWith {names[1][2]}.")
        text = f"Synthetic article {doc}\n\n" + " ".join(sentences)
        article = _article(f"syn{doc:04d}.txt", text, f"Synthetic article {doc}",
                           f"{2015 + doc % 10}-{1 + doc % 12:02d}-{1 + doc % 28:02d}")
        entities = tuple(
            _entity(key, cls, label, text, wikidata=f"Q{1000 + int(key[1:])}" if key.startswith("h") else None)
            for key, cls, label in names)
        relations = [
            Relation(s[0], rel, o[0], sentence, text.index(sentence), text.index(sentence) + len(sentence),
                     round(0.5 + rng.random() / 2, 2), quantity=rng.choice([None, None, 100, 2500]), date=str(year),
                     status=rng.choice([None, "Planned", "Completed"]))
            for (s, rel, o, year), sentence in zip(facts, sentences)]
        last = sentences[-1]
        relations.append(Relation(names[0][0], "metWith", names[1][0], last, text.index(last),
                                  text.index(last) + len(last), 0.6))
        out.append(Extraction(article, entities, tuple(relations), MODEL))
        doc += 1
    return out


def assemble(extractions: list[Extraction]):  # type: ignore[no-untyped-def]
    from graph.api import assemble as assemble_dataset

    return assemble_dataset(extractions, MODEL)

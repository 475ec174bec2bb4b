"""Shared fixtures (the only conftest).

- `tiny_extractions` / `tiny_dataset`: two small hand-written articles with
  entities and relations as records, written by the real store: the exact
  shape `kg build` emits, independent of the extractor's quality.
- `seeds_build` / `corpus_build`: the seeds and the whole bundled corpus built
  once per session with the trained model (marked slow by the tests using them).
- `runner`: click's CliRunner.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.records import DOC, Article, Entity, Extraction, Mention, Relation

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
CORPUS = DATA / "corpus"
GOLD = DATA / "gold"
SEEDS = ROOT / "seeds"


def _article(doc_id: str, text: str, date: str | None, title: str) -> Article:
    return Article(id=doc_id, text=text, sha256=hashlib.sha256(text.encode()).hexdigest(),
                   path=f"tiny/{doc_id}", title=title, date=date)


def _span(text: str, sentence: str) -> tuple[int, int]:
    start = text.index(sentence)
    return start, start + len(sentence)


def _entity(key: str, cls: str, label: str, text: str, *names: str, wikidata: str | None = None,
            gazetteer_id: str | None = None, named: bool = True) -> Entity:
    surface = (label, *names)
    mentions = tuple(Mention(text.index(n), text.index(n) + len(n), n) for n in surface if n in text)
    return Entity(key=key, cls=cls, label=label, names=surface, wikidata=wikidata, mentions=mentions,
                  gazetteer_id=gazetteer_id, named=named, merge_names=(label,) if named else ())


def make_tiny_extractions() -> list[Extraction]:
    """Two articles about police training and agreements, as extraction records."""
    t1 = ("China to train Pacific police\n\nSUVA, 3 March 2024 - China will train 300 Fijian police officers "
          "this year, the Ministry of Public Security said. Fiji signed a policing agreement with China in 2011. "
          "Thailand cancelled a plan to conduct joint patrols with Chinese police, according to Reuters.")
    a1 = _article("tiny1.txt", t1, "2024-03-03", "China to train Pacific police")
    s1 = "China will train 300 Fijian police officers this year, the Ministry of Public Security said."
    s2 = "Fiji signed a policing agreement with China in 2011."
    s3 = "Thailand cancelled a plan to conduct joint patrols with Chinese police, according to Reuters."
    e1 = (
        _entity("china", "Country", "China", t1, wikidata="Q148", gazetteer_id="cn"),
        _entity("fiji", "Country", "Fiji", t1, wikidata="Q712", gazetteer_id="fj"),
        _entity("thailand", "Country", "Thailand", t1, wikidata="Q869", gazetteer_id="th"),
        _entity("mps", "GovernmentBody", "Ministry of Public Security", t1, gazetteer_id="cn-mps"),
        _entity("reuters", "Organization", "Reuters", t1, gazetteer_id="reuters"),
        _entity("fijian_police", "Group", "Fijian police officers", t1, named=False),
        _entity("mou", "Agreement", "policing agreement", t1, named=False),
        _entity("patrols", "Agreement", "plan to conduct joint patrols with Chinese police", t1, named=False),
    )
    r1 = (
        Relation("china", "trains", "fijian_police", s1, *_span(t1, s1), 0.8, cue="train", quantity=300,
                 date="2024", status="Planned", attributed_to="mps"),
        Relation("fiji", "signedWith", "china", s2, *_span(t1, s2), 0.9, cue="sign", date="2011",
                 status="Completed", agreement="mou"),
        Relation("thailand", "rejected", "patrols", s3, *_span(t1, s3), 0.85, cue="cancel"),
        Relation(DOC, "cites", "reuters", s3, *_span(t1, s3), 0.9, cue="according to"),
    )
    t2 = ("Wang Xiaohong meets Pacific ministers\n\nBEIJING, 12 May 2024 - Wang Xiaohong, China's minister "
          "of public security, met Fiji's police commissioner in Beijing. China has trained 2,700 foreign "
          "officers, Wang said. The Solomon Islands signed a security pact with China in 2022.")
    a2 = _article("tiny2.txt", t2, "2024-05-12", "Wang Xiaohong meets Pacific ministers")
    u1 = "Wang Xiaohong, China's minister of public security, met Fiji's police commissioner in Beijing."
    u2 = "China has trained 2,700 foreign officers, Wang said."
    u3 = "The Solomon Islands signed a security pact with China in 2022."
    e2 = (
        _entity("china", "Country", "China", t2, wikidata="Q148", gazetteer_id="cn"),
        _entity("fiji", "Country", "Fiji", t2, wikidata="Q712", gazetteer_id="fj"),
        _entity("si", "Country", "Solomon Islands", t2, wikidata="Q685", gazetteer_id="sb"),
        _entity("wang", "Person", "Wang Xiaohong", t2, "Wang"),
        _entity("mps", "GovernmentBody", "Ministry of Public Security", t2, gazetteer_id="cn-mps"),
        _entity("officers", "Group", "foreign officers", t2, named=False),
        _entity("commissioner", "Person", "Fiji's police commissioner", t2, named=False),
    )
    r2 = (
        Relation("wang", "leads", "mps", u1, *_span(t2, u1), 0.7, cue="minister"),
        Relation("china", "trains", "officers", u2, *_span(t2, u2), 0.8, cue="train", quantity=2700,
                 status="Completed", attributed_to="wang"),
        Relation("si", "signedWith", "china", u3, *_span(t2, u3), 0.9, cue="sign", date="2022",
                 status="Completed"),
    )
    model = {"extractor": "test", "model": "en_core_web_sm", "model_version": "3.8.0", "spacy": "3.8"}
    return [Extraction(a1, e1, r1, model), Extraction(a2, e2, r2, model)]


@pytest.fixture
def tiny_extractions() -> list[Extraction]:
    return make_tiny_extractions()


@pytest.fixture
def tiny_dataset(tiny_extractions: list[Extraction]):  # type: ignore[no-untyped-def]
    from graph.api import assemble

    return assemble(tiny_extractions, tiny_extractions[0].model)


@pytest.fixture
def tiny_trig(tmp_path: Path, tiny_dataset) -> Path:  # type: ignore[no-untyped-def]
    from graph.store import save_dataset

    return save_dataset(tiny_dataset, tmp_path / "graph.trig")


@pytest.fixture(scope="session")
def nlp_model():  # type: ignore[no-untyped-def]
    from graph.nlp.pipeline import make_nlp

    return make_nlp()


@pytest.fixture(scope="session")
def seeds_build(nlp_model):  # type: ignore[no-untyped-def]
    from graph.api import build

    return build([SEEDS], nlp=nlp_model, on_error="raise")


@pytest.fixture(scope="session")
def corpus_build(nlp_model):  # type: ignore[no-untyped-def]
    from graph.api import build

    return build([CORPUS], nlp=nlp_model, on_error="raise")


@pytest.fixture(scope="session")
def seeds_trig(tmp_path_factory: pytest.TempPathFactory, seeds_build) -> Path:  # type: ignore[no-untyped-def]
    from graph.store import save_dataset

    return save_dataset(seeds_build.dataset, tmp_path_factory.mktemp("seeds") / "graph.trig")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()

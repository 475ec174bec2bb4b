"""The scorer follows ANNOTATION.md "Scoring"; the extractor holds its floors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rdflib import Dataset

from graph.errors import GoldError
from graph.evaluate import (
    GoldDocument,
    GoldEntity,
    GoldRelation,
    content_words,
    entity_matches,
    read_gold,
    read_gold_dir,
    score_dataset,
    score_document,
)

GOLD = Path(__file__).parent / "data" / "gold"


@pytest.mark.parametrize(("names", "wikidata", "gold", "expected"), [
    (["The Spectator"], None, GoldEntity("s", "Organization", ("Spectator",)), True),
    (["PRC"], "Q148", GoldEntity("c", "Country", ("China",), "Q148"), True),
    (["China"], None, GoldEntity("c", "Country", ("People's Republic of China",)), False),
    (["annual policing forum"], None, GoldEntity("f", "Event", ("annual policing forum in Lianyungang",)), True),
    (["policing forum"], None, GoldEntity("f", "Event", ("annual policing forum in Lianyungang",)), True),
    (["forum"], None, GoldEntity("f", "Event", ("annual policing forum in Lianyungang",)), False),
    (["foreign police officers"], None, GoldEntity("g", "Group", ("3,000 police officers worldwide",)), False),
    (["police officers worldwide"], None, GoldEntity("g", "Group", ("3,000 police officers worldwide",)), True),
    (["Pacific Islands Forum"], None, GoldEntity("o", "Organization", ("Pacific Islands",)), False),
])
def test_evaluate_entity_matching(names: list[str], wikidata: str | None, gold: GoldEntity, expected: bool) -> None:
    assert entity_matches(names, wikidata, gold) is expected


def test_evaluate_content_words_drop_stop_words() -> None:
    assert content_words("a similar regional agreement touted by Beijing") == frozenset(
        {"similar", "regional", "agreement", "touted", "beijing"})


def _gold() -> GoldDocument:
    return GoldDocument(
        document="tiny1.txt",
        entities=(
            GoldEntity("china", "Country", ("China",), "Q148"),
            GoldEntity("fiji", "Country", ("Fiji",)),
            GoldEntity("thailand", "Country", ("Thailand",)),
            GoldEntity("mps", "GovernmentBody", ("Ministry of Public Security",), optional=True),
            GoldEntity("reuters", "Organization", ("Reuters",)),
            GoldEntity("hk", "Place", ("Hong Kong",)),
            GoldEntity("officers", "Group", ("Fijian police officers",)),
            GoldEntity("plan", "Agreement", ("joint patrol plan", "plan to conduct joint patrols")),
        ),
        relations=(
            GoldRelation(("china",), "trains", ("officers",), quantity=300, status="Planned"),
            GoldRelation(("china",), "signedWith", ("fiji",), date="2011"),
            GoldRelation(("thailand",), "rejected", ("plan",)),
            GoldRelation(("DOC",), "cites", ("reuters",), optional=True),
            GoldRelation(("china",), "leads", ("fiji",)),
        ),
    )


def test_evaluate_scores_a_known_graph(tiny_dataset: Dataset) -> None:
    score = score_document(tiny_dataset, _gold())
    # entities: China, Fiji, Thailand, Reuters right; MPS optional (ignored); Hong Kong missed
    assert (score.entities.tp_p, score.entities.predicted) == (4, 4)
    assert (score.entities.tp_r, score.entities.gold) == (4, 5)
    # core: trains, signedWith (unordered), rejected right; cites optional (ignored)
    assert (score.core.tp_p, score.core.predicted, score.core.tp_r, score.core.gold) == (3, 3, 3, 3)
    assert (score.extended.tp_r, score.extended.gold) == (0, 1)
    # qualifiers: trains 300/Planned right, signedWith 2011 right
    assert (score.qualifiers.hit, score.qualifiers.total) == (2, 2)


def test_evaluate_missing_document_counts_everything_missed(tiny_dataset: Dataset) -> None:
    gold = GoldDocument("absent.txt", _gold().entities, _gold().relations)
    score = score_document(tiny_dataset, gold)
    assert score.missing_document
    assert (score.entities.gold, score.core.gold, score.extended.gold) == (5, 3, 1)


@pytest.mark.parametrize(("content", "message"), [
    ("entities: []", "needs a 'document:' key"),
    ("document: x.txt\nentities:\n  - {id: a, type: Planet, names: [Mars]}", "unknown type 'Planet'"),
    ("document: x.txt\nrelations:\n  - {s: a, p: trains, o: b}", "unknown entity id(s) a, b"),
    ("document: x.txt\nrelations:\n  - {s: DOC, p: befriends, o: DOC}", "unknown property 'befriends'"),
    ("document: [unclosed", "cannot read gold file"),
])
def test_evaluate_bad_gold_is_a_clear_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GoldError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_gold(path)


def test_evaluate_reads_every_bundled_gold_file() -> None:
    golds = read_gold_dir(GOLD)
    assert len(golds) == 16
    assert {g.document for g in golds} >= {"000_9115ca4524875ae4.txt", "d14.txt"}


# Floors on seeds + devset (issue 4 targets). Raise them when the extractor
# improves; never lower them to make a change pass.
FLOORS: dict[str, float] = {
    "entity_f1": 0.95, "type_accuracy": 0.90, "core_precision": 0.85, "core_f1": 0.80,
    "extended_f1": 0.65, "qualifier_accuracy": 0.85,
}


# Just below what the extractor measures now on the same articles (README), so a change that
# loses ground on them fails here; raise with the extractor, never lower to pass.
GUARDS: dict[str, float] = {
    "entity_f1": 0.99, "type_accuracy": 0.99, "core_precision": 0.98, "core_f1": 0.98,
    "extended_f1": 0.91, "qualifier_accuracy": 0.93,
}


@pytest.mark.slow
def test_evaluate_extractor_holds_its_floors(corpus_build: Any) -> None:
    score = score_dataset(corpus_build.dataset, read_gold_dir(GOLD))
    measured = {
        "entity_f1": score.entities.f1, "type_accuracy": score.types.value,
        "core_precision": score.core.precision, "core_f1": score.core.f1,
        "extended_f1": score.extended.f1, "qualifier_accuracy": score.qualifiers.value,
    }
    below = {k: round(v, 3) for k, v in measured.items() if v < FLOORS[k]}
    assert not below, f"below the floor: {below} (floors {FLOORS})"
    slipped = {k: round(v, 3) for k, v in measured.items() if v < GUARDS[k]}
    assert not slipped, f"below what the extractor reached: {slipped} (guards {GUARDS})"

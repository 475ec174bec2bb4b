"""The extractor on sentences written for these tests, and its invariants."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.dates import parse_dateline
from graph.nlp.extract import extract_article
from graph.records import DOC, Article, Extraction
from graph.resolve import normalise_name

CASES = yaml.safe_load((Path(__file__).parent / "data" / "sentences.yaml").read_text(encoding="utf-8"))
CORPUS = Path(__file__).parent / "data" / "corpus"
pytestmark = pytest.mark.slow


def _article(doc_id: str, text: str) -> Article:
    return Article(id=doc_id, text=text, sha256=hashlib.sha256(text.encode()).hexdigest(),
                   date=parse_dateline(text))


def _names(extraction: Extraction) -> dict[str, set[str]]:
    names = {e.key: {normalise_name(n) for n in (e.label, *e.names)} for e in extraction.entities}
    names[DOC] = {"doc"}
    return names


def _matches(rel: Any, want: dict[str, Any], names: dict[str, set[str]]) -> bool:
    def named(value: str | list[str], key: str) -> bool:
        values = value if isinstance(value, list) else [value]
        return any(normalise_name(v) in names.get(key, set()) for v in values)

    if rel.predicate != want["p"]:
        return False
    if named(want["s"], rel.subject) and named(want["o"], rel.object):
        return True
    return rel.predicate in {"signedWith", "metWith"} and named(want["o"], rel.subject) and named(want["s"], rel.object)


@pytest.fixture(scope="module")
def extractions(nlp_model: Any) -> dict[str, Extraction]:
    return {c["id"]: extract_article(nlp_model, _article(c["id"] + ".txt", c["text"])) for c in CASES}


@pytest.mark.parametrize("case", [c for c in CASES if c.get("expect")], ids=lambda c: c["id"])
def test_extract_finds_stated_relation(case: dict[str, Any], extractions: dict[str, Extraction]) -> None:
    extraction = extractions[case["id"]]
    names = _names(extraction)
    for want in case["expect"]:
        hits = [r for r in extraction.relations if _matches(r, want, names)]
        assert hits, f"{want} not in {[(r.subject, r.predicate, r.object) for r in extraction.relations]}"
        for qualifier in ("quantity", "status", "date", "start_date", "end_date"):
            if qualifier in want:
                assert any(getattr(r, qualifier) == want[qualifier] for r in hits), (
                    f"{qualifier}: want {want[qualifier]}, got {[getattr(r, qualifier) for r in hits]}")


@pytest.mark.parametrize("case", [c for c in CASES if c.get("absent")], ids=lambda c: c["id"])
def test_extract_ignores_what_is_not_asserted(case: dict[str, Any], extractions: dict[str, Extraction]) -> None:
    extraction = extractions[case["id"]]
    names = _names(extraction)
    for unwanted in case["absent"]:
        assert not [r for r in extraction.relations if _matches(r, unwanted, names)]


@pytest.mark.parametrize("case", [c for c in CASES if c.get("entities")], ids=lambda c: c["id"])
def test_extract_types_entities(case: dict[str, Any], extractions: dict[str, Extraction]) -> None:
    found = {normalise_name(e.label): e.cls for e in extractions[case["id"]].entities}
    for want in case["entities"]:
        assert found.get(normalise_name(want["name"])) == want["class"], f"{want} not in {found}"


@pytest.fixture(scope="module")
def corpus(nlp_model: Any) -> list[Extraction]:
    from graph.ingest import read_articles

    return [extract_article(nlp_model, a) for a in read_articles([CORPUS]) if isinstance(a, Article)]


def test_extract_evidence_is_the_sentence_at_its_offsets(corpus: list[Extraction]) -> None:
    for extraction in corpus:
        text = extraction.article.text
        for rel in extraction.relations:
            assert 0 <= rel.start < rel.end <= len(text)
            assert text[rel.start:rel.end] == rel.sentence
            assert rel.sentence == rel.sentence.strip()


def test_extract_relations_refer_to_entities_and_mentions_to_text(corpus: list[Extraction]) -> None:
    for extraction in corpus:
        keys = {e.key for e in extraction.entities} | {DOC}
        for rel in extraction.relations:
            assert {rel.subject, rel.object} <= keys
            assert 0.05 <= rel.confidence <= 0.99
        for entity in extraction.entities:
            for m in entity.mentions:
                assert extraction.article.text[m.start:m.end] == m.text


@pytest.mark.parametrize(("doc_id", "sentence_part", "predicate", "status"), [
    ("000_9115ca4524875ae4.txt", "In 2023, the People", "trains", "Completed"),
    ("002_3631dd8fc12abbb9.txt", "plans to train an additional 3,000", "trains", "Planned"),
    ("d01.txt", "being coached by the visitors", "trains", "Ongoing"),
])
def test_extract_status_from_tense_and_modality(corpus: list[Extraction], doc_id: str, sentence_part: str,
                                               predicate: str, status: str) -> None:
    extraction = next(e for e in corpus if e.article.id == doc_id)
    statuses = {r.status for r in extraction.relations if r.predicate == predicate and sentence_part in r.sentence}
    assert status in statuses


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from([
    "China", "will train", "signed", "an agreement with", "Fiji", "the", "ministry", "3,000", "officers",
    "refused to endorse", "according to", "Reuters", ".", ",", "\n", "In 2022", "Beijing", "(", "MPS", ")",
    "“", "”", "Prime Minister", "Wang", "'s", "not", "would have", "?", "SUVA, 3 May 2024 -",
]), min_size=1, max_size=40))
def test_extract_any_text_gives_valid_records(nlp_model: Any, words: list[str]) -> None:
    text = " ".join(words)
    extraction = extract_article(nlp_model, _article("fuzz.txt", text))
    for rel in extraction.relations:
        assert text[rel.start:rel.end] == rel.sentence
    for entity in extraction.entities:
        assert entity.label and entity.cls

"""Cross-document entity resolution and name normalisation."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.records import Article, Entity, Extraction, Relation
from graph.resolve import agreement_states, normalise_name, resolve_entities
from graph.terms import mint_entity_iri, slugify


def _doc(doc_id: str, *entities: Entity, relations: tuple[Relation, ...] = ()) -> Extraction:
    text = f"text of {doc_id}"
    return Extraction(Article(doc_id, text, hashlib.sha256(text.encode()).hexdigest()), entities, relations)


@pytest.mark.parametrize(("name", "expected"), [
    ("The  People’s Republic of China", "peoples republic of china"),
    ("the Spectator", "spectator"),
    ("Timor-Leste", "timorleste"),
    ("ＵＳ", "us"),
    ("theatre", "theatre"),
])
def test_resolve_normalise_name(name: str, expected: str) -> None:
    assert normalise_name(name) == expected


@given(st.text(max_size=60))
def test_resolve_normalise_is_idempotent(name: str) -> None:
    once = normalise_name(name)
    assert normalise_name(once) == once


@given(st.text(max_size=60), st.sampled_from(["Country", "Person", "Group"]))
def test_resolve_minted_iri_is_stable_and_valid(key: str, cls: str) -> None:
    iri = mint_entity_iri(cls, key)
    assert iri == mint_entity_iri(cls, key)
    tail = str(iri).rsplit("/", 1)[-1]
    assert tail and all(c.isalnum() or c == "-" for c in tail)
    assert slugify(key)


@pytest.mark.parametrize(("left", "right", "merged"), [
    (Entity("a", "Country", "China", ("China",), wikidata="Q148"),
     Entity("b", "Country", "PRC", ("PRC",), wikidata="Q148"), True),
    (Entity("a", "GovernmentBody", "Ministry of Public Security", ("MPS",), gazetteer_id="cn-mps"),
     Entity("b", "GovernmentBody", "Ministry of Public Security", (), gazetteer_id="cn-mps"), True),
    (Entity("a", "Organization", "Safeguard Defenders", (), merge_names=("Safeguard Defenders",)),
     Entity("b", "Organization", "Safeguard Defenders", (), merge_names=("Safeguard Defenders",)), True),
    (Entity("a", "Person", "Wang Xiaohong", ("Wang",)),
     Entity("b", "Person", "Wang Yi", ("Wang",)), False),
    (Entity("a", "Group", "foreign officers", (), named=False),
     Entity("b", "Group", "foreign officers", (), named=False), False),
    (Entity("a", "Place", "Beijing", ()), Entity("b", "Country", "China", ("Beijing",), gazetteer_id="cn"), False),
])
def test_resolve_merges_only_the_same_entity(left: Entity, right: Entity, merged: bool) -> None:
    res = resolve_entities([_doc("one.txt", left), _doc("two.txt", right)])
    same = res.iri("one.txt", left.key) == res.iri("two.txt", right.key)
    assert same is merged


def test_resolve_keeps_every_name_and_the_commonest_label() -> None:
    docs = [
        _doc("1.txt", Entity("a", "Country", "China", ("China", "Beijing"), gazetteer_id="cn")),
        _doc("2.txt", Entity("a", "Country", "China", ("PRC",), gazetteer_id="cn")),
        _doc("3.txt", Entity("a", "Country", "China", (), gazetteer_id="cn")),
    ]
    res = resolve_entities(docs)
    (entity,) = res.entities.values()
    assert entity.label == "China"
    assert entity.alt_labels == ("Beijing", "PRC")
    assert entity.documents == ("1.txt", "2.txt", "3.txt")


@pytest.mark.parametrize(("cue", "status", "state"), [
    ("cancel", None, "cancelled"), ("reject", None, "rejected"), ("pull", None, "cancelled"),
])
def test_resolve_agreement_lifecycle(cue: str, status: str | None, state: str) -> None:
    deal = Entity("d", "Agreement", "joint patrol plan", (), named=False)
    thailand = Entity("t", "Country", "Thailand", (), gazetteer_id="th")
    rel = Relation("t", "rejected", "d", "Thailand cancelled the joint patrol plan.", 0, 40, 0.9, cue=cue,
                   date="2023-11", status=status)
    docs = [_doc("x.txt", deal, thailand, relations=(rel,))]
    res = resolve_entities(docs)
    assert agreement_states(docs, res) == {res.iri("x.txt", "d"): (state, "2023-11")}

"""`kg explain`: every fact about an entity, with its evidence and source."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from graph.cli import cli
from graph.errors import QueryError
from graph.explain import Entity, Fact, explain, format_explanation

SI = "The Solomon Islands signed a security pact with China in 2022."
P2 = "Wang Xiaohong meets Pacific ministers"


@pytest.mark.parametrize(("name", "label", "facts"), [
    ("Solomon Islands", "Solomon Islands", 1),
    ("SOLOMON islands", "Solomon Islands", 1),
    ("wang", "Wang Xiaohong", 2),
    ("China", "China", 4),
    ("reuters", "Reuters", 1),
    ("Fiji's police commissioner", "Fiji's police commissioner", 0),
])
def test_explain_matches_label_or_alias_in_any_case(tiny_dataset, name: str, label: str, facts: int) -> None:  # type: ignore[no-untyped-def]
    explanation = explain(tiny_dataset, name)
    assert [e.label for e in explanation.entities] == [label]
    assert len(explanation.facts) == facts


def test_explain_gives_the_fact_with_its_evidence(tiny_dataset) -> None:  # type: ignore[no-untyped-def]
    explanation = explain(tiny_dataset, "solomon islands")
    assert explanation.entities == (Entity(
        iri=URIRef("https://w3id.org/actorgraph/id/wd/q685"), label="Solomon Islands", classes=("Country",),
        aliases=(), wikidata="Q685", documents=1),)
    assert explanation.facts == (Fact(
        subject="Solomon Islands", predicate="signedWith", object="China", role="subject", evidence=SI,
        document=P2, published="2024-05-12", file="tiny2.txt", confidence=0.9, quantity=None, date="2022",
        status="Completed", source="", start=210, end=272),)


def test_explain_lists_facts_attributed_to_the_entity(tiny_dataset) -> None:  # type: ignore[no-untyped-def]
    facts = explain(tiny_dataset, "Wang Xiaohong").facts
    assert [(f.subject, f.predicate, f.object, f.role, f.quantity, f.source) for f in facts] == [
        ("Wang Xiaohong", "leads", "Ministry of Public Security", "subject", None, ""),
        ("China", "trains", "foreign officers", "source", 2700, "Wang Xiaohong"),
    ]


@pytest.mark.parametrize(("name", "message"), [
    ("Solomon", "no entity is labelled 'Solomon' (labels and aliases, any case); near matches: Solomon Islands"),
    ("Fijii", "no entity is labelled 'Fijii' (labels and aliases, any case); near matches: Fiji"),
    ("Atlantis", "no entity is labelled 'Atlantis' (labels and aliases, any case); no label is close either"),
])
def test_explain_unknown_name_lists_near_matches(tiny_dataset, name: str, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(QueryError) as error:
        explain(tiny_dataset, name)
    assert str(error.value) == message


def test_explain_formats_text(tiny_dataset) -> None:  # type: ignore[no-untyped-def]
    assert format_explanation(explain(tiny_dataset, "Wang")) == "\n".join([
        "Wang Xiaohong (Person)",
        "  also called: Wang",
        "  mentioned in 1 document",
        "",
        "2 facts:",
        "- Wang Xiaohong leads Ministry of Public Security",
        "    \"Wang Xiaohong, China's minister of public security, met Fiji's police commissioner in Beijing.\"",
        f"    from {P2} (2024-05-12, tiny2.txt, chars 62-156); confidence 0.7",
        "- China trains foreign officers  [quantity 2700; Completed; according to Wang Xiaohong]",
        '    "China has trained 2,700 foreign officers, Wang said."',
        f"    from {P2} (2024-05-12, tiny2.txt, chars 157-209); confidence 0.8",
    ])


@pytest.mark.parametrize(("args", "code", "output"), [
    (["Solomon Islands"], 0, "\n".join([
        "Solomon Islands (Country; Wikidata Q685)",
        "  mentioned in 1 document",
        "",
        "1 fact:",
        "- Solomon Islands signedWith China  [2022; Completed]",
        f'    "{SI}"',
        f"    from {P2} (2024-05-12, tiny2.txt, chars 210-272); confidence 0.9",
        ""])),
    (["Solomon"], 1, ("Error: no entity is labelled 'Solomon' (labels and aliases, any case); "
                     "near matches: Solomon Islands\n")),
])
def test_explain_cli(runner, tiny_trig, args: list[str], code: int, output: str) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(cli, ["explain", *args, str(tiny_trig)])
    assert (result.exit_code, result.output) == (code, output)


@pytest.mark.slow
def test_explain_solomon_islands_on_seeds(runner, seeds_trig) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(cli, ["explain", "Solomon Islands", str(seeds_trig)])
    assert result.exit_code == 0
    assert result.output.startswith("Solomon Islands (Country; Wikidata Q685)\n")
    facts = [line for line in result.output.splitlines() if line.startswith("- ")]
    sentences = [line.strip() for line in result.output.splitlines() if line.startswith('    "')]
    assert facts and len(sentences) == len(facts)
    assert all("Solomon Islands" in fact for fact in facts)

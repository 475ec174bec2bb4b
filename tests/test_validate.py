"""SHACL validation: built graphs conform; each broken fixture fails with its exact line.

Fixtures in tests/data/shapes/: ``ok-<shape>.trig`` conforms to that shape,
``bad-<shape>-<case>.trig`` breaks one rule of it, ``warn-…`` draws a warning.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from rdflib import Graph

from graph.errors import ShapeViolation
from graph.store import load_dataset
from graph.validate import ValidationReport, check, validate

SHAPES = Path(__file__).resolve().parent / "data" / "shapes"
ARTICLE = '"China to train Fijian police" (agid:article-d1)'
STATEMENT = 'statement "China trains Fijian police officers" (agid:statement-1)'

CONFORMING = ["entity", "statement", "trains", "signed-with", "rejected", "cites", "extended-relation",
              "document", "agreement", "run", "counts"]

VIOLATIONS = {
    # entities
    "bad-entity-two-classes": [
        'Violation: "China" (agid:china) rdf:type: an entity has exactly one class'],
    "bad-entity-no-class": [
        'Violation: "Lianyungang" (agid:lianyungang) rdf:type: an entity has exactly one class'],
    "bad-entity-unknown-class": [
        ('Violation: "Lianyungang" (agid:lianyungang) rdf:type: the class is not an entity class of the ontology'
         ' (ag:Country … ag:Place) (value: ag:City)')],
    "bad-entity-no-label": [
        "Violation: agid:fijian-police rdfs:label: an entity has exactly one rdfs:label (its canonical name)"],
    "bad-entity-two-labels": [
        'Violation: "China" (agid:china) rdfs:label: an entity has exactly one rdfs:label (its canonical name)'],
    "bad-entity-empty-label": [
        'Violation: "" (agid:fijian-police) rdfs:label: the rdfs:label is a non-empty literal (value: "")'],
    "bad-entity-not-wikidata": [
        ('Violation: "China" (agid:china) owl:sameAs: owl:sameAs is at most one Wikidata item'
         " (http://www.wikidata.org/entity/Q…) (value: <http://dbpedia.org/resource/China>)")],
    # statements
    "bad-statement-no-subject": [
        ('Violation: statement "? trains Fijian police officers" (agid:statement-1) rdf:subject:'
         " a statement has exactly one rdf:subject, an IRI")],
    "bad-statement-unknown-predicate": [
        ('Violation: statement "China ag:teaches Fijian police officers" (agid:statement-1) rdf:predicate:'
         " the rdf:predicate is not a relation of the ontology (ag:trains … ag:investsIn) (value: ag:teaches)")],
    "bad-statement-no-source": [
        (f"Violation: {STATEMENT} prov:wasDerivedFrom: a statement is derived from exactly one source document"
         " (prov:wasDerivedFrom an ag:Article)")],
    "bad-statement-no-evidence": [
        f"Violation: {STATEMENT} ag:evidence: a statement has exactly one ag:evidence, the non-empty sentence"],
    "bad-statement-start-after-end": [
        f"Violation: {STATEMENT} ag:charStart: ag:charStart is not before ag:charEnd (value: 60)"],
    "bad-statement-end-beyond-document": [
        (f"Violation: {STATEMENT} ag:charEnd: ag:charEnd is beyond the end of the source document (54 characters)"
         " (value: 80)")],
    "bad-statement-offset-not-integer": [
        (f'Violation: {STATEMENT} ag:charStart: a statement has exactly one ag:charStart, an xsd:integer ≥ 0'
         ' (value: "0")'),
        f'Violation: {STATEMENT} ag:charStart: ag:charStart is not before ag:charEnd (value: "0")'],
    "bad-statement-confidence-above-one": [
        (f"Violation: {STATEMENT} ag:confidence: a statement has exactly one ag:confidence, an xsd:decimal"
         " from 0 to 1 (value: 1.5)")],
    "bad-statement-date-not-iso": [
        (f'Violation: {STATEMENT} ag:date: ag:date is at most one xsd:gYear, xsd:gYearMonth or xsd:date'
         ' (value: "this year")')],
    "bad-statement-unknown-status": [
        (f"Violation: {STATEMENT} ag:status: ag:status is at most one of ag:Planned, ag:Ongoing, ag:Completed"
         " (value: ag:Signed)")],
    "bad-statement-negative-quantity": [
        f"Violation: {STATEMENT} ag:quantity: ag:quantity is at most one xsd:integer ≥ 0 (value: -300)"],
    "bad-statement-not-asserted": [
        (f"Violation: {STATEMENT}: the statement's triple (rdf:subject rdf:predicate rdf:object)"
         " is not asserted in the graph")],
    # core relations
    "bad-trains-subject-not-actor": [
        'Violation: "Lianyungang" (agid:lianyungang): the subject of ag:trains is an ag:Actor'],
    "bad-trains-object-not-actor": [
        ('Violation: "China" (agid:china) ag:trains: the object of ag:trains is an ag:Actor (an ag:Group is one)'
         ' (value: "police training course" (agid:course))')],
    "bad-signed-with-object-not-actor": [
        ('Violation: "Fiji" (agid:fiji) ag:signedWith: the object of ag:signedWith is an ag:Actor'
         ' (value: "policing agreement" (agid:policing-agreement))')],
    "bad-rejected-object-not-agreement": [
        ('Violation: "Thailand" (agid:thailand) ag:rejected: the object of ag:rejected is an ag:Agreement'
         ' or ag:Initiative (value: "China" (agid:china))')],
    "bad-cites-subject-not-article": [
        'Violation: "China" (agid:china): the subject of ag:cites is an ag:Article (the citing document)'],
    "bad-cites-object-place": [
        (f"Violation: {ARTICLE} ag:cites: the object of ag:cites is an ag:Report, ag:Article, ag:Organization,"
         ' ag:GovernmentBody or ag:Person (value: "Lianyungang" (agid:lianyungang))')],
    # documents
    "bad-document-no-identifier": [
        (f"Violation: {ARTICLE} dcterms:identifier: a document has exactly one dcterms:identifier,"
         " its source file's name")],
    "bad-document-no-char-count": [
        f"Violation: {ARTICLE} ag:charCount: a document has exactly one ag:charCount, an xsd:integer ≥ 0"],
    "bad-document-bad-hash": [
        (f'Violation: {ARTICLE} ag:contentHash: a document has exactly one ag:contentHash, "sha256:" and 64'
         ' hexadecimal digits (value: "md5:0123456789abcdef")')],
    "bad-document-not-article": [
        f"Violation: {ARTICLE}: an ingested document is an ag:Article",
        ('Violation: "China" (agid:china) ag:mentionedIn: ag:mentionedIn points to an ingested document'
         f" (an ag:Article) (value: {ARTICLE})"),
        ('Violation: "Fijian police officers" (agid:fijian-police) ag:mentionedIn: ag:mentionedIn points to an'
         f" ingested document (an ag:Article) (value: {ARTICLE})"),
        (f"Violation: {STATEMENT} prov:wasDerivedFrom: a statement is derived from exactly one source document"
         f" (prov:wasDerivedFrom an ag:Article) (value: {ARTICLE})")],
    # agreements
    "bad-agreement-relation-status": [
        ('Violation: "policing agreement" (agid:policing-agreement) ag:agreementStatus: ag:agreementStatus is at'
         " most one of ag:Proposed, ag:Signed, ag:Rejected, ag:Cancelled (value: ag:Planned)")],
    "bad-agreement-two-statuses": [
        ('Violation: "policing agreement" (agid:policing-agreement) ag:agreementStatus: ag:agreementStatus is at'
         " most one of ag:Proposed, ag:Signed, ag:Rejected, ag:Cancelled")],
    "bad-agreement-status-on-initiative": [
        ('Violation: "Global Security Initiative" (agid:gsi): only an ag:Agreement has an ag:agreementStatus'
         " or ag:statusDate")],
    # counts made at build time
    "bad-counts-partners-and-one-document": [
        ("Violation: agid:corroboration-1 ag:documentCount: an ag:Corroboration has exactly one"
         " ag:documentCount, an xsd:integer ≥ 2 (value: 1)"),
        ("Violation: agid:partners-china ag:partnerCount: an ag:Partnerships has exactly one ag:partnerCount,"
         " an xsd:integer ≥ 1 (value: 0)"),
        ("Violation: agid:partners-china ag:relation: an ag:Partnerships counts at most one ag:relation,"
         " ag:signedWith, ag:metWith or ag:trains (value: ag:leads)")],
    # build runs
    "bad-run-no-extractor-version": [
        ('Violation: "kg build of 1 document(s)" (agid:run-1) ag:extractorVersion: a build run has exactly one'
         " ag:extractorVersion")],
}

WARNINGS = {
    "warn-extended-relation-domain": [
        ('Warning: "China" (agid:china) ag:heldIn: the subject is outside the rdfs:domain the ontology declares'
         " for this relation")],
    "warn-extended-relation-range": [
        ('Warning: "annual forum" (agid:forum) ag:heldIn: the object is outside the rdfs:range the ontology'
         ' declares for this relation (value: "China" (agid:china))')],
}


def _validate(name: str) -> ValidationReport:
    return validate(load_dataset(SHAPES / f"{name}.trig"))


@pytest.mark.parametrize("shape", CONFORMING)
def test_validate_conforming_fixture_passes(shape: str) -> None:
    report = _validate(f"ok-{shape}")
    assert report.conforms
    assert report.violations == ()


@pytest.mark.parametrize(("name", "expected"), VIOLATIONS.items(), ids=list(VIOLATIONS))
def test_validate_broken_fixture_fails_with_its_lines(name: str, expected: list[str]) -> None:
    report = _validate(name)
    assert not report.conforms
    assert report.lines()[:-1] == expected


@pytest.mark.parametrize(("name", "expected"), WARNINGS.items(), ids=list(WARNINGS))
def test_validate_warning_is_reported_but_conforms(name: str, expected: list[str]) -> None:
    report = _validate(name)
    assert report.conforms
    assert report.lines() == [*expected, "conforms to the ActorGraph shapes (0 violations, 1 warning)"]


def test_validate_every_fixture_is_tested() -> None:
    names = {p.stem for p in SHAPES.glob("*.trig")}
    assert names == {f"ok-{s}" for s in CONFORMING} | set(VIOLATIONS) | set(WARNINGS)


@pytest.mark.parametrize("source", ["dataset", "trig"])
def test_validate_tiny_graph_conforms(source: str, tiny_dataset, tiny_trig: Path) -> None:  # type: ignore[no-untyped-def]
    # The in-memory dataset holds xsd:decimal confidences as Python floats; they must pass as saved.
    ds = tiny_dataset if source == "dataset" else load_dataset(tiny_trig)
    report = validate(ds)
    assert report.lines() == ["conforms to the ActorGraph shapes (0 violations, 0 warnings)"]


@pytest.mark.parametrize("name", ["bad-statement-end-beyond-document"])
def test_validate_reads_a_plain_graph_as_the_union(name: str) -> None:
    ds = load_dataset(SHAPES / f"{name}.trig")
    union = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    assert validate(union).lines() == validate(ds).lines()


@pytest.mark.parametrize("name", ["bad-entity-two-classes"])
def test_validate_leaves_the_dataset_unchanged(name: str) -> None:
    ds = load_dataset(SHAPES / f"{name}.trig")
    before = set(ds.quads((None, None, None, None)))
    validate(ds)
    assert set(ds.quads((None, None, None, None))) == before


@pytest.mark.parametrize("name", ["ok-statement", "warn-extended-relation-range"])
def test_validate_check_passes_conforming_graph(name: str) -> None:
    check(load_dataset(SHAPES / f"{name}.trig"))


@pytest.mark.parametrize("name", ["bad-document-not-article"])
def test_validate_check_raises_listing_violations(name: str) -> None:
    with pytest.raises(ShapeViolation) as excinfo:
        check(load_dataset(SHAPES / f"{name}.trig"))
    assert str(excinfo.value).splitlines() == [
        "graph does not conform to ontology/shapes.ttl (4 violations):", *VIOLATIONS[name]]


@pytest.mark.parametrize("name", ["ok-trains"])
def test_cli_validate_conforming_graph_exits_0(runner, name: str) -> None:  # type: ignore[no-untyped-def]
    from graph.cli import cli

    result = runner.invoke(cli, ["validate", str(SHAPES / f"{name}.trig")])
    assert result.exit_code == 0
    assert result.output == "conforms to the ActorGraph shapes (0 violations, 0 warnings)\n"


@pytest.mark.parametrize("name", ["bad-statement-offset-not-integer", "bad-document-not-article"])
def test_cli_validate_broken_graph_prints_lines_and_exits_1(runner, name: str) -> None:  # type: ignore[no-untyped-def]
    from graph.cli import cli

    result = runner.invoke(cli, ["validate", str(SHAPES / f"{name}.trig")])
    n = len(VIOLATIONS[name])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        *VIOLATIONS[name], f"does not conform to the ActorGraph shapes ({n} violations, 0 warnings)"]


@pytest.mark.parametrize("name", ["warn-extended-relation-domain"])
def test_cli_validate_warnings_exit_0(runner, name: str) -> None:  # type: ignore[no-untyped-def]
    from graph.cli import cli

    result = runner.invoke(cli, ["validate", str(SHAPES / f"{name}.trig")])
    assert result.exit_code == 0
    assert result.output.splitlines()[-1] == "conforms to the ActorGraph shapes (0 violations, 1 warning)"


@pytest.mark.parametrize("path", ["missing.trig"])
def test_cli_validate_missing_file_is_an_error(runner, tmp_path: Path, path: str) -> None:  # type: ignore[no-untyped-def]
    from graph.cli import cli

    result = runner.invoke(cli, ["validate", str(tmp_path / path)])
    assert result.exit_code == 1
    assert result.output == (f"Error: {tmp_path / path}: no such graph file; build one with "
                             "`kg build SOURCES --out DIR`\n")


@pytest.mark.parametrize("command", ["validate", "ontology-docs"])
def test_cli_command_has_help(runner, command: str) -> None:  # type: ignore[no-untyped-def]
    from graph.cli import cli

    result = runner.invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage: cli " + command in result.output


@pytest.mark.slow
def test_validate_seeds_graph_conforms_in_seconds(seeds_trig: Path) -> None:
    ds = load_dataset(seeds_trig)
    start = time.perf_counter()
    report = validate(ds)
    elapsed = time.perf_counter() - start
    assert report.conforms, "\n".join(report.lines())
    assert elapsed < 10, f"validating the seeds took {elapsed:.1f} s"


@pytest.mark.slow
def test_validate_corpus_graph_conforms(corpus_build) -> None:  # type: ignore[no-untyped-def]
    report = validate(corpus_build.dataset)
    assert report.conforms, "\n".join(report.lines())

"""The `kg` command line: shape of every command, build errors, exit codes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import cli
from graph.store import load_dataset
from graph.terms import AG

ROOT = Path(__file__).resolve().parent.parent
INPUTS = Path(__file__).parent / "data" / "inputs"


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_cli_every_command_has_help(runner: CliRunner, command: str) -> None:
    result = runner.invoke(cli, [command, "--help"], prog_name="kg")
    assert result.exit_code == 0
    assert cli.commands[command].help, f"kg {command} has no help text"
    assert "Usage: kg " in result.output


@pytest.mark.slow
def test_cli_build_reports_each_bad_file_and_builds_the_rest(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(cli, ["build", str(INPUTS), str(tmp_path / "missing.txt"), "--out", str(out),
                                 "--workers", "1"])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert sorted(errors) == sorted([
        f"Error: {INPUTS / 'binary.txt'}: binary file, not text; remove it or convert it to .txt",
        f"Error: {INPUTS / 'empty.txt'}: article is empty (0 characters); add text or remove the file",
        f"Error: {INPUTS / 'latin1.txt'}: not UTF-8 (invalid byte 0xe9 at offset 3); re-save the file as UTF-8",
        f"Error: {tmp_path / 'missing.txt'}: no such file or folder; check the path",
    ])
    assert "4 document(s) failed: binary.txt, empty.txt, latin1.txt, missing.txt" in result.stderr
    assert "Traceback" not in result.output
    ds = load_dataset(out / "graph.trig")
    ids = sorted(str(i) for i in ds.objects(None, AG.charCount))
    assert len(ids) == 3
    assert (out / "graph.html").is_file()


@pytest.mark.slow
def test_cli_build_twice_reuses_unchanged_documents(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    for name in ("000_9115ca4524875ae4.txt", "002_3631dd8fc12abbb9.txt"):
        shutil.copy(ROOT / "seeds" / name, src / name)
    out = tmp_path / "out"
    first = runner.invoke(cli, ["build", str(src), "--out", str(out), "--no-html", "--workers", "1"])
    assert first.exit_code == 0, first.output
    assert "2 documents, 2 extracted (2 new, 0 changed, 0 removed, 0 unchanged)" in first.output
    before = (out / "graph.trig").read_bytes()
    second = runner.invoke(cli, ["build", str(src), "--out", str(out), "--no-html", "--workers", "1"])
    assert "2 documents, 0 extracted (0 new, 0 changed, 0 removed, 2 unchanged)" in second.output
    assert (out / "graph.trig").read_bytes() == before


@pytest.mark.slow
def test_cli_build_without_sources_builds_seeds(runner: CliRunner, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["build", "--no-html", "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "2 documents" in result.output
    assert (tmp_path / "out" / "graph.trig").is_file()


def test_cli_build_without_sources_or_seeds_is_a_usage_error(runner: CliRunner, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["build"])
    assert result.exit_code == 2
    assert "no SOURCES given and no seeds/ folder here" in result.output


@pytest.mark.parametrize(("sparql", "message"), [
    ("SELECT ?x WHERE { ?x ag:foo }", "Error: cannot parse SPARQL: Expected"),
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
     "Error: SERVICE clauses are refused"),
])
def test_cli_query_refuses_bad_queries_with_exit_2(runner: CliRunner, tiny_trig: Path, sparql: str,
                                                   message: str) -> None:
    result = runner.invoke(cli, ["query", str(tiny_trig), sparql])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_cli_query_answers_with_readable_labels(runner: CliRunner, tiny_trig: Path) -> None:
    sparql = ("SELECT ?trainer ?trainee ?n WHERE { ?st rdf:predicate ag:trains ; rdf:subject ?trainer ; "
              "rdf:object ?trainee ; ag:quantity ?n } ORDER BY ?n")
    result = runner.invoke(cli, ["query", str(tiny_trig), sparql, "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "trainer,trainee,n", "China,Fijian police officers,300", "China,foreign officers,2700"]


def test_cli_stats_counts(runner: CliRunner, tiny_trig: Path) -> None:
    result = runner.invoke(cli, ["stats", str(tiny_trig)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "documents   2"
    assert "  Country                4" in lines
    assert any(line.startswith("  trains") and line.endswith("2") for line in lines)


def test_cli_missing_graph_file_is_one_line(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["stats", str(tmp_path / "nope.trig")])
    assert result.exit_code == 1
    assert result.output.strip().startswith("Error: ")
    assert "no such graph file" in result.output
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.slow
def test_cli_eval_prints_the_four_summary_lines(runner: CliRunner) -> None:
    corpus = Path(__file__).parent / "data" / "corpus"
    gold = Path(__file__).parent / "data" / "gold"
    result = runner.invoke(cli, ["eval", "--gold", str(gold), str(corpus / "d05.txt"), str(corpus / "d07.txt")])
    assert result.exit_code == 0, result.output
    tail = result.output.strip().splitlines()[-4:]
    assert [line.split(":")[0] for line in tail] == [
        "entities", "core relations", "extended relations", "qualifier accuracy"]
    assert "document 000_9115ca4524875ae4.txt is not in the graph" not in result.output

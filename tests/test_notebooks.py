"""The notebooks: stored without outputs, and every cell runs in a real Jupyter kernel.

Each notebook is executed by nbclient in a ``python3`` kernel (ipykernel, on
this interpreter), from ``notebooks/`` as Jupyter starts it; a failing cell
fails the test with the cell's source and traceback. Charts draw with
matplotlib's Agg backend.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
NAMES = ["explore.ipynb", "evaluate.ipynb"]
CELL_TIMEOUT_S = 300
"""The longest any one cell may run (building a corpus takes seconds)."""


def _read(name: str) -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOKS / name, as_version=4)


@pytest.mark.parametrize("name", NAMES)
def test_notebooks_are_stored_without_outputs(name: str) -> None:
    nb = _read(name)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code
    stored = [i for i, c in enumerate(code) if c.outputs or c.execution_count is not None]
    assert stored == [], (f"{name}: code cells {stored} hold outputs or execution counts; clear them "
                          "(JupyterLab: Edit > Clear Outputs of All Cells; VS Code: Clear All Outputs) and save")
    assert nb.metadata.kernelspec.name == "python3"
    assert not {"widgets", "execution"} & set(nb.metadata)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("where", ["root", "notebooks"])
def test_notebooks_find_the_repository_from_the_root_or_their_folder(
        name: str, where: str, monkeypatch: pytest.MonkeyPatch) -> None:
    setup = next(c.source for c in _read(name).cells if c.cell_type == "code")
    monkeypatch.chdir(ROOT if where == "root" else NOTEBOOKS)
    namespace: dict[str, object] = {}
    exec(compile(setup, f"{name}:setup", "exec"), namespace)  # noqa: S102  (the first cell: imports, paths)
    assert namespace["ROOT"] == ROOT


def _run(path: Path, config: Path) -> nbformat.NotebookNode:
    """Execute the notebook at `path` from its folder; a failing cell fails the test with its error.

    `config` is an empty folder for matplotlib's cache (a read-only home would print a warning).
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name="python3", timeout=CELL_TIMEOUT_S, allow_errors=False,
                            resources={"metadata": {"path": str(path.parent)}})
    with pytest.MonkeyPatch.context() as mp:  # the kernel inherits this process's environment
        mp.setenv("MPLBACKEND", "Agg")
        mp.setenv("MPLCONFIGDIR", str(config))
        try:
            client.execute()
        except CellExecutionError as e:
            pytest.fail(f"{path.name}: a cell failed\n{e}", pytrace=False)
    return nb


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], nbformat.NotebookNode]:
    """Runs a notebook of notebooks/ once per test module, and gives the executed notebook."""
    done: dict[str, Any] = {}  # each notebook, executed, or how it failed
    config = tmp_path_factory.mktemp("matplotlib")

    def run(name: str) -> nbformat.NotebookNode:
        if name not in done:
            try:
                done[name] = _run(NOTEBOOKS / name, config)
            except pytest.fail.Exception as e:  # a failed cell: every test of this notebook fails with it
                done[name] = e
        result = done[name]
        if isinstance(result, pytest.fail.Exception):
            raise result
        return result

    return run


def test_notebooks_a_failing_cell_fails_with_its_error(tmp_path: Path) -> None:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1"),
                                         nbformat.v4.new_code_cell("1 / (x - 1)")])
    nbformat.write(nb, tmp_path / "broken.ipynb")
    with pytest.raises(pytest.fail.Exception, match=r"(?s)broken.ipynb: a cell failed.*1 / \(x - 1\).*ZeroDivisionError"):
        _run(tmp_path / "broken.ipynb", tmp_path)


def _outputs(nb: nbformat.NotebookNode) -> list[Any]:
    return [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_notebooks_run_every_cell_cleanly(executed: Callable[[str], nbformat.NotebookNode], name: str) -> None:
    nb = executed(name)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))
    assert not [o for o in _outputs(nb) if o.output_type == "error"]
    # Nothing on stderr: no warnings, no progress bars, no stray prints.
    assert [o.text for o in _outputs(nb) if o.output_type == "stream" and o.name == "stderr"] == []


@pytest.mark.slow
def test_notebooks_explore_shows_the_network_inline_and_offline(
        executed: Callable[[str], nbformat.NotebookNode]) -> None:
    frames = [o.data["text/html"] for o in _outputs(executed("explore.ipynb"))
              if o.output_type == "execute_result" and "<iframe srcdoc=" in o.data.get("text/html", "")]
    assert len(frames) == 2
    for frame in frames:
        outside = re.sub(r'srcdoc="[^"]*"', "", frame)
        assert not re.search(r"https?:|\bsrc=", outside)


@pytest.mark.slow
def test_notebooks_explore_shows_tables_and_the_summary(executed: Callable[[str], nbformat.NotebookNode]) -> None:
    html = [o.data.get("text/html", "") for o in _outputs(executed("explore.ipynb"))
            if o.output_type == "execute_result"]
    assert any("actorgraph-summary" in h and "documents" in h for h in html)
    tables = [h for h in html if 'class="dataframe' in h]
    assert any("trainer" in t and "quantity" in t for t in tables)
    assert any("betweenness" in t for t in tables)


@pytest.mark.slow
def test_notebooks_evaluate_lists_relations_and_misses(executed: Callable[[str], nbformat.NotebookNode]) -> None:
    html = "\n".join(o.data.get("text/html", "") for o in _outputs(executed("evaluate.ipynb"))
                     if o.output_type == "execute_result")
    for text in ("development", "held-out", "signedWith", "trains", "precision", "recall", "qualifiers of"):
        assert text in html


def test_notebooks_kernel_is_this_interpreter() -> None:
    from jupyter_client.kernelspec import KernelSpecManager

    argv = KernelSpecManager().get_kernel_spec("python3").argv
    # jupyter_client starts a spec whose argv[0] is "python" with sys.executable.
    assert argv[0] in {"python", "python3", sys.executable}
    assert argv[1:3] == ["-m", "ipykernel_launcher"]

"""The distribution ships every part of the package (an editable install would hide a gap)."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _configured_packages() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return set(config["tool"]["setuptools"]["packages"])


def test_packaging_lists_every_python_package_under_graph() -> None:
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "graph").rglob("__init__.py")}
    assert found, "no packages found under graph/"
    missing = found - _configured_packages()
    assert not missing, f"add {sorted(missing)} to [tool.setuptools] packages in pyproject.toml"


def test_packaging_ships_the_data_the_code_reads() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    data = config["tool"]["setuptools"]["package-data"]
    for package, folder, suffixes in [
        ("graph.assets", ROOT / "graph" / "assets", {".js", ".css", ".html"}),
        ("graph.nlp", ROOT / "graph" / "nlp", {".yaml"}),
        ("graph.ontology", ROOT / "ontology", {".ttl", ".yaml", ".tsv"}),
        ("graph.ontology.queries", ROOT / "ontology" / "queries", {".rq"}),
    ]:
        patterns = data[package]
        for path in folder.iterdir():
            if path.is_file() and path.suffix in suffixes:
                assert any(path.match(p) for p in patterns), f"{path.name} is not in {package}'s package-data"

"""Where the bundled data lives: ontology/ (installed as the `graph.ontology` package)."""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path


def ontology_dir() -> Traversable:
    """The ontology folder: shapes, gazetteer, named questions.

    Installed, it is the package `graph.ontology`; in a source checkout that is
    not installed, the top-level ``ontology/`` folder beside ``graph/``.
    """
    try:
        return files("graph.ontology")
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / "ontology"


def read_text(name: str) -> str:
    """The text of a file in the ontology folder (e.g. ``"shapes.ttl"``)."""
    return ontology_dir().joinpath(name).read_text(encoding="utf-8")

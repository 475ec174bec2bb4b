"""The cue lexicons of graph/nlp/cues.yaml, loaded once."""

from __future__ import annotations

from functools import cache, lru_cache
from importlib.resources import files
from typing import Any

import yaml


@lru_cache(maxsize=1)
def cues() -> dict[str, Any]:
    """The whole cue file as nested dicts and lists."""
    return yaml.safe_load(files("graph.nlp").joinpath("cues.yaml").read_text(encoding="utf-8"))


@cache
def words(*path: str) -> frozenset[str]:
    """The word list at `path` in cues.yaml, as a frozen set.

    >>> "train" in words("trains", "verbs")
    True
    """
    node: Any = cues()
    for key in path:
        node = node[key]
    if isinstance(node, dict):
        return frozenset(node)
    return frozenset(str(w) for w in node)


def mapping(*path: str) -> dict[str, Any]:
    """The mapping at `path` in cues.yaml."""
    node: Any = cues()
    for key in path:
        node = node[key]
    return dict(node)

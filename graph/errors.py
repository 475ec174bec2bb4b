"""The errors graph raises: one catalogue, one hierarchy.

Every message says what went wrong, where, and what the user can do about it.
"""

from __future__ import annotations


class GraphError(Exception):
    """Base class for errors raised by graph."""


class InputError(GraphError, ValueError):
    """A source document cannot be read or used."""


class ModelError(GraphError):
    """The spaCy pipeline or its English model is missing or broken."""


class QueryError(GraphError, ValueError):
    """SPARQL text does not parse, is refused, or fails to run."""


class QueryTimeout(QueryError):
    """A query ran past its time limit."""


class StoreError(GraphError):
    """A graph store cannot be opened, read or written."""


class ShapeViolation(GraphError):
    """Data does not conform to ontology/shapes.ttl."""


class GoldError(GraphError, ValueError):
    """A gold annotation file does not follow ANNOTATION.md."""


class RenderError(GraphError, ValueError):
    """A network page cannot be drawn as asked (unknown focus or relation, too many nodes)."""

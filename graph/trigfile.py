"""``graph.trig`` put together from one piece per named graph, so a rebuild makes again only
the graphs that changed.

Each named graph's block of TriG text (as `graph.trig.write_trig` writes it) is kept in
``OUT/.graphs/<digest>.trig``, named by its content, and ``.graphs/index.json`` maps each
graph's IRI to its piece and number of triples. The file is the prefixes followed by the
pieces in graph order: byte for byte what writing the whole dataset at once gives. A rebuild
keeps the pieces of unchanged documents without making their graphs again, and the file is
written anew from the pieces (reading and writing text, no RDF).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection
from functools import cache
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.term import Node

from graph.cache import write_json
from graph.files import replacing
from graph.trig import graph_key, graph_text, header

Triple = tuple[Node, Node, Node]
PIECES = ".graphs"
INDEX = "index.json"


class TrigFile:
    """A TriG file written from pieces: `keep` or `put` each graph, `remove` the gone ones, then `write`."""

    def __init__(self, path: str | Path, prefixes: dict[str, str]) -> None:
        self.path = Path(path)
        self.dir = self.path.parent / PIECES
        self.prefixes = prefixes
        self.before = self._read_index()
        self.pieces: dict[str, tuple[str, int]] = {}
        """Graph IRI → (piece digest, triples) of the file being made."""

    def _read_index(self) -> dict[str, tuple[str, int]]:
        try:
            data = json.loads((self.dir / INDEX).read_text(encoding="utf-8"))
            if data.get("prefixes") != self.prefixes or data.get("writer") != _writer():
                return {}  # pieces written with other prefixes or by another writer would not fit
            return {str(iri): (str(piece), int(n)) for iri, (piece, n) in data["graphs"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return {}

    def _piece(self, digest: str) -> Path:
        return self.dir / f"{digest}.trig"

    def keep(self, graph_iri: URIRef) -> bool:
        """Keep the graph the last file held under `graph_iri`, if its piece is still there."""
        before = self.before.get(str(graph_iri))
        if before is None or not self._piece(before[0]).is_file():
            return False
        self.pieces[str(graph_iri)] = before
        return True

    def put(self, graph_iri: URIRef, triples: Collection[Triple]) -> None:
        """Write (or reuse) the piece of the graph `graph_iri` holding `triples` (no duplicates)."""
        text = graph_text(graph_iri, triples, self.prefixes)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
        piece = self._piece(digest)
        if not piece.is_file():
            with replacing(piece) as out:
                out.write(text)
        self.pieces[str(graph_iri)] = (digest, len(triples))

    def remove(self, graph_iri: URIRef) -> None:
        self.pieces.pop(str(graph_iri), None)

    def graph(self, graph_iri: URIRef) -> Graph:
        """The graph in the file under `graph_iri` (read back from its piece; empty if none)."""
        ds = Dataset()
        if str(graph_iri) in self.pieces:
            text = self._piece(self.pieces[str(graph_iri)][0]).read_text(encoding="utf-8")
            ds.parse(data=header(self.prefixes) + text, format="trig")
        return ds.graph(graph_iri)

    @property
    def triples(self) -> int:
        """How many triples the file's graphs hold (a triple in two graphs counts twice)."""
        return sum(n for _, n in self.pieces.values())

    def write(self) -> Path:
        """Write the file from its pieces (atomically), the index, and drop unused pieces."""
        with replacing(self.path) as out:
            out.write(header(self.prefixes))
            graphs = sorted(self.pieces, key=lambda iri: graph_key(URIRef(iri)))
            out.writelines(self._piece(self.pieces[iri][0]).read_text(encoding="utf-8") for iri in graphs)
        write_json(self.dir / INDEX, {"prefixes": self.prefixes, "writer": _writer(),
                                      "graphs": {iri: list(v) for iri, v in sorted(self.pieces.items())}})
        used = {digest for digest, _ in self.pieces.values()}
        for piece in self.dir.glob("*.trig"):
            if piece.stem not in used:
                piece.unlink(missing_ok=True)
        return self.path


@cache
def _writer() -> str:
    """A digest of the code that writes the pieces' text: pieces by another version are not reused."""
    import graph.trig

    return hashlib.sha256(Path(graph.trig.__file__).read_bytes()).hexdigest()[:16]

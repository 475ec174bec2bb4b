"""Extraction records on disk, keyed by content hash, for incremental builds.

A build folder holds ``.cache/<sha256>.json`` (one `Extraction` per document
content, for one extractor and model version) and ``manifest.json`` (which
document ids the last build held, with their content hashes). A rebuild
re-extracts only documents whose content is not in the cache, and the
manifest tells what was added, changed and removed. Writes are atomic.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from graph.files import replacing
from graph.records import Article, Entity, Extraction, Mention, Relation

MANIFEST = "manifest.json"


def extraction_to_dict(extraction: Extraction) -> dict[str, Any]:
    """A JSON-ready dict of an `Extraction` (the article's text included)."""
    return asdict(extraction)


def extraction_from_dict(data: dict[str, Any]) -> Extraction:
    """The `Extraction` that `extraction_to_dict` wrote."""
    entities = tuple(
        Entity(**{**e, "names": tuple(e["names"]), "merge_names": tuple(e.get("merge_names", ())),
                  "mentions": tuple(Mention(**m) for m in e.get("mentions", ()))})
        for e in data["entities"]
    )
    relations = tuple(Relation(**r) for r in data["relations"])
    return Extraction(article=Article(**data["article"]), entities=entities, relations=relations,
                      model=dict(data.get("model") or {}))


def write_json(path: Path, data: object) -> None:
    """Write JSON atomically (a temporary file renamed into place)."""
    with replacing(path) as fh:
        json.dump(data, fh, ensure_ascii=False)


@dataclass
class Changes:
    """How a build's documents differ from the previous build's."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{len(self.added)} new, {len(self.changed)} changed, {len(self.removed)} removed, "
                f"{len(self.unchanged)} unchanged")


class ExtractionCache:
    """Extraction records of one build folder, for one extractor/model version."""

    def __init__(self, folder: str | Path, version: str) -> None:
        self.folder = Path(folder)
        self.dir = self.folder / ".cache"
        self.version = version

    def _path(self, sha256: str) -> Path:
        return self.dir / f"{sha256}.json"

    def _load(self, sha256: str) -> Extraction | None:
        try:
            data = json.loads(self._path(sha256).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if data.get("version") != self.version:
            return None
        try:
            return extraction_from_dict(data["extraction"])
        except (KeyError, TypeError):
            return None

    def get(self, article: Article) -> Extraction | None:
        """The cached extraction of `article`'s content, if made by this version."""
        cached = self._load(article.sha256)
        if cached is None:
            return None
        # Same content under another file name: keep this article's own id and path.
        return Extraction(article=article, entities=cached.entities, relations=cached.relations,
                          model=cached.model)

    def put(self, extraction: Extraction) -> None:
        write_json(self._path(extraction.article.sha256),
                   {"version": self.version, "extraction": extraction_to_dict(extraction)})

    def _manifest(self) -> dict[str, Any]:
        try:
            data = json.loads((self.folder / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def previous(self) -> dict[str, str]:
        """Document id → content hash, as the last build left them."""
        return {str(k): str(v) for k, v in (self._manifest().get("documents") or {}).items()}

    def previous_graphs(self, where: str | None) -> dict[str, str]:
        """Document id → what the last build recorded of its named graph (see `record`), when
        that build was by this version and wrote its graphs to `where` (None: nowhere lasting,
        so nothing written before is there now)."""
        manifest = self._manifest()
        if where is None or manifest.get("version") != self.version or manifest.get("where") != where:
            return {}
        return {str(k): str(v) for k, v in (manifest.get("graphs") or {}).items()}

    def changes(self, current: dict[str, str]) -> Changes:
        """Compare this build's documents (id → hash) with the last build's."""
        before = self.previous()
        out = Changes()
        for doc_id, sha in current.items():
            if doc_id not in before:
                out.added.append(doc_id)
            elif before[doc_id] != sha:
                out.changed.append(doc_id)
            else:
                out.unchanged.append(doc_id)
        out.removed = sorted(set(before) - set(current))
        return out

    def record(self, current: dict[str, str], graphs: dict[str, str] | None = None, where: str | None = None) -> None:
        """Remember this build's documents (and, for each, a text that identifies its named
        graph: `graph.api` records its inputs and its digest, and `where` the graphs went),
        and drop cache files no document uses."""
        write_json(self.folder / MANIFEST, {"version": self.version, "documents": current,
                                            "graphs": graphs or {}, "where": where})
        keep = set(current.values())
        if self.dir.is_dir():
            for path in self.dir.glob("*.json"):
                if path.stem not in keep:
                    path.unlink(missing_ok=True)

"""The entities of one document and the tokens that mention them (`DocEntities`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from graph.nlp.datelines import dateline_ranges
from graph.nlp.docview import DocView
from graph.nlp.gazetteer import Entry, Gazetteer
from graph.resolve import normalise_name


@dataclass
class LocalEntity:
    """An entity as this document sees it (mutable while the document is read)."""

    key: str
    cls: str
    label: str
    names: list[str] = field(default_factory=list)
    merge_names: set[str] = field(default_factory=set)
    gazetteer_id: str | None = None
    wikidata: str | None = None
    named: bool = True
    spans: list[tuple[int, int]] = field(default_factory=list)
    country: str | None = None
    media: bool = False
    titles: set[str] = field(default_factory=set)
    char_mentions: list[tuple[int, int]] = field(default_factory=list)
    """Mentions with no tokens (names in a dateline, which is not parsed)."""

    def add_name(self, name: str) -> None:
        if name and name not in self.names:
            self.names.append(name)


def _family(cls: str) -> str:
    return {"Person": "person", "Place": "place", "Event": "event", "Agreement": "agreement",
            "Initiative": "initiative", "Report": "document", "Article": "document",
            "Group": "group"}.get(cls, "actor")


class DocEntities:
    """The entities of one document and the tokens that mention them."""

    def __init__(self, doc: Doc, gazetteer: Gazetteer, text: str | None = None) -> None:
        self.doc = doc
        self.view = DocView(doc)
        """The document's tokens and their strings, made once for every rule."""
        self.text = text if text is not None else doc.text
        """The article's own text: the parsed text with its dateline restored."""
        self.gaz = gazetteer
        self.entities: dict[str, LocalEntity] = {}
        self.token_key: dict[int, str] = {}
        self._index: dict[str, str] = {}
        self._counter = 0
        self.skip_chars = dateline_ranges(self.text)
        self.credited: set[str] = set()
        """The agencies a dateline credits ("(Reuters)"): the article's own source, which it does not cite."""

    def _new_key(self) -> str:
        self._counter += 1
        return f"e{self._counter}"

    def add(self, start: int, end: int, cls: str, label: str, *, entry: Entry | None = None,
            named: bool = True, scope: str | None = None) -> str:
        """Record a mention of tokens [start, end) and return its entity's key. A `scope` (a
        country code) keeps apart bodies of different states with one name ("Saudi Arabia's
        Ministry of Interior", "Qatar's Ministry of Interior"); an unscoped mention of such a
        name is the latest scoped one."""
        norm = normalise_name(label)
        index_key = f"gz:{entry.id}" if entry else f"{_family(cls)}:{scope + ':' if scope else ''}{norm}"
        key = self._index.get(index_key)
        if key is None and entry is None and scope is None:
            key = self._index.get(f"alias:{_family(cls)}:{norm}") or self._index.get(f"scoped:{_family(cls)}:{norm}")
        if key is None:
            key = self._new_key()
            ent = LocalEntity(key=key, cls=entry.cls if entry else cls, label=entry.label if entry else label,
                              named=named)
            if entry:
                ent.gazetteer_id, ent.wikidata, ent.media = entry.id, entry.wikidata, entry.media
                ent.country = entry.country or (entry.id if entry.cls == "Country" else None)
                ent.merge_names.add(entry.label)
            elif named:
                ent.merge_names.add(label)
            self.entities[key] = ent
            self._index[index_key] = key
        if scope is not None and entry is None:
            self._index[f"scoped:{_family(cls)}:{norm}"] = key
        ent = self.entities[key]
        ent.add_name(label)
        if start < end:
            ent.spans.append((start, end))
            for i in range(start, end):
                self.token_key.setdefault(i, key)
        return key

    def alias(self, key: str, name: str, *, merge: bool = False) -> None:
        """Make `name` another name of entity `key` (e.g. a defined acronym)."""
        ent = self.entities[key]
        ent.add_name(name)
        self._index.setdefault(f"alias:{_family(ent.cls)}:{normalise_name(name)}", key)
        if merge:
            ent.merge_names.add(name)

    def add_descriptive(self, span: Span, cls: str, label: str | None = None, *, named: bool = False,
                        fresh: bool = False) -> str:
        """An entity for the descriptive noun phrase `span` (a group, an agreement, …); with
        `fresh`, a new one even when an earlier phrase had the same words."""
        text = label or span.text
        index_key = f"desc:{cls}:{normalise_name(text)}"
        key = self.token_key.get(span.root.i) if fresh else self._index.get(index_key)
        if key is None:
            key = self._new_key()
            self.entities[key] = LocalEntity(key=key, cls=cls, label=text, named=named)
            self._index[index_key] = key
        ent = self.entities[key]
        ent.add_name(text)
        ent.spans.append((span.start, span.end))
        self.token_key.setdefault(span.root.i, key)
        return key

    def also_described(self, key: str, text: str) -> None:
        """Let a later descriptive phrase `text` ("the annual meeting") find entity `key`."""
        ent = self.entities[key]
        ent.add_name(text)
        self._index.setdefault(f"desc:{ent.cls}:{normalise_name(text)}", key)

    def at(self, i: int) -> LocalEntity | None:
        """The entity that token `i` mentions, if any."""
        key = self.token_key.get(i)
        return self.entities.get(key) if key else None

    def recent(self, before: int, *, classes: set[str] | None = None, head: str | None = None,
               exclude: set[str] | None = None) -> LocalEntity | None:
        """The entity mentioned last before token `before` that fits the filters."""
        best: tuple[int, LocalEntity] | None = None
        for ent in self.entities.values():
            if (classes and ent.cls not in classes) or (exclude and ent.key in exclude):
                continue
            if head and not any(head in normalise_name(n).split() for n in ent.names):
                continue
            starts = [s for s, _ in ent.spans if s < before]
            if starts and (best is None or max(starts) > best[0]):
                best = (max(starts), ent)
        return best[1] if best else None

    def in_skip_zone(self, span: Span) -> bool:
        return self.skips_char(span.start_char)

    def skips_char(self, char: int) -> bool:
        """Whether character offset `char` lies in a zone the extraction skips."""
        return any(a <= char < b for a, b in self.skip_chars)

    def forget(self, key: str) -> None:
        """Drop entity `key` and every way of finding it (its mentions were something else's)."""
        self.entities.pop(key, None)
        for i, k in list(self.token_key.items()):
            if k == key:
                del self.token_key[i]
        for name, k in list(self._index.items()):
            if k == key:
                del self._index[name]
        self.credited.discard(key)

    def merge(self, source: str, target: str) -> None:
        """Merge entity `source` into `target` (same thing under two names)."""
        if source == target or source not in self.entities:
            return
        src = self.entities.pop(source)
        dst = self.entities[target]
        for name in src.names:
            dst.add_name(name)
        dst.merge_names |= src.merge_names
        dst.spans.extend(src.spans)
        if src.gazetteer_id and not dst.gazetteer_id:
            dst.gazetteer_id, dst.wikidata, dst.media = src.gazetteer_id, src.wikidata, src.media
        for i, k in list(self.token_key.items()):
            if k == source:
                self.token_key[i] = target
        for name, k in list(self._index.items()):
            if k == source:
                self._index[name] = target

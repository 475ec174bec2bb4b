"""Entities of one document: mentions found, classified, and resolved within it.

Mentions come from three sources, most specific first: the gazetteer (entity
ruler), institutional names built from Title Case runs around a head word
("Ministry of Police, National Security and Correctional Services"), and
spaCy's NER. Within the document, mentions of the same entity are merged:
same gazetteer id or normalised name, acronyms defined in parentheses
("Global Security Initiative (GSI)"), surnames ("Wang" → Wang Xiaohong), and
capitals used as agents ("Beijing said" → China).

Descriptive entities (unnamed groups, agreements) are added later, by the
relation rules, when an argument needs one (`DocEntities.add_descriptive`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from graph.nlp.gazetteer import Entry, Gazetteer
from graph.nlp.lexicon import cues, words
from graph.resolve import normalise_name

NER_CLASSES = {"PERSON": "Person", "FAC": "Place", "LOC": "Place", "EVENT": "Event", "LAW": "Agreement"}
CONNECTORS = {"of", "for", "on", "and", "&", "the", ",", "-", "–", "'", "’", "de", "du", "des", "la"}
COMPLEMENT = {"of", "for", "on"}
LOCATIVE_PREPS = {"in", "at", "to", "from", "near", "into", "outside", "inside", "across", "around", "via"}
_ACRONYM = re.compile(r"^[A-Z][A-Za-z]*[A-Z][A-Za-z]*$|^[A-Z]{2,}$")
_DATELINE_LINE = re.compile(r"^[A-Z][A-Z'’.\- /]+,\s")
_BYLINE = re.compile(r"^(By|BY)\s")


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

    def add_name(self, name: str) -> None:
        if name and name not in self.names:
            self.names.append(name)


def class_of_head(word: str) -> str | None:
    """The ontology class a head word ("Ministry", "Forum") implies, if any."""
    heads = cues()["heads"]
    w = word.lower()
    for cls in ("GovernmentBody", "PoliticalParty", "Event", "Agreement", "Report", "Initiative",
                "ArmedGroup", "Organization"):
        if w in heads[cls]:
            return cls
    return None


def _is_cap(tok: Token) -> bool:
    text = tok.text
    return bool(text) and (text[0].isupper() or (text[0].isdigit() and tok.i > 0 and tok.nbor(-1).text[:1].isupper()))


class DocEntities:
    """The entities of one document and the tokens that mention them."""

    def __init__(self, doc: Doc, gazetteer: Gazetteer) -> None:
        self.doc = doc
        self.gaz = gazetteer
        self.entities: dict[str, LocalEntity] = {}
        self.token_key: dict[int, str] = {}
        self._index: dict[str, str] = {}
        self._counter = 0
        self.skip_chars = _skip_ranges(doc.text)

    # --- building -------------------------------------------------------------------

    def _new_key(self, label: str) -> str:
        self._counter += 1
        return f"e{self._counter}"

    def add(self, start: int, end: int, cls: str, label: str, *, entry: Entry | None = None,
            named: bool = True, merge: bool = True) -> str:
        """Record a mention of tokens [start, end) and return its entity's key."""
        norm = normalise_name(label)
        family = "gz:" + entry.id if entry else f"{_family(cls)}:{norm}"
        key = self._index.get(family) if merge else None
        if key is None and entry is None and merge:
            key = self._index.get(f"alias:{norm}")
        if key is None:
            key = self._new_key(label)
            ent = LocalEntity(key=key, cls=entry.cls if entry else cls, label=entry.label if entry else label,
                              named=named)
            if entry:
                ent.gazetteer_id, ent.wikidata, ent.media = entry.id, entry.wikidata, entry.media
                ent.country = entry.country or (entry.id if entry.cls == "Country" else None)
                ent.merge_names.add(entry.label)
            elif named:
                ent.merge_names.add(label)
            self.entities[key] = ent
            self._index[family] = key
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
        self._index.setdefault(f"alias:{normalise_name(name)}", key)
        if merge:
            ent.merge_names.add(name)

    def add_descriptive(self, span: Span, cls: str, label: str | None = None) -> str:
        """An unnamed entity (Group, Agreement, …) for the noun phrase `span`."""
        text = label or span.text
        norm = normalise_name(text)
        key = self._index.get(f"desc:{cls}:{norm}")
        if key is None:
            key = self._new_key(text)
            self.entities[key] = LocalEntity(key=key, cls=cls, label=text, named=False)
            self._index[f"desc:{cls}:{norm}"] = key
        ent = self.entities[key]
        ent.add_name(text)
        ent.spans.append((span.start, span.end))
        return key

    # --- lookups --------------------------------------------------------------------

    def at(self, i: int) -> LocalEntity | None:
        """The entity that token `i` mentions, if any."""
        key = self.token_key.get(i)
        return self.entities[key] if key else None

    def by_alias(self, name: str) -> LocalEntity | None:
        norm = normalise_name(name)
        for prefix in ("alias:",):
            key = self._index.get(prefix + norm)
            if key:
                return self.entities[key]
        for ent in self.entities.values():
            if ent.named and norm in {normalise_name(n) for n in ent.names}:
                return ent
        return None

    def recent(self, before: int, *, classes: set[str] | None = None, head: str | None = None,
               exclude: set[str] | None = None) -> LocalEntity | None:
        """The entity mentioned last before token `before` that fits the filters."""
        best: tuple[int, LocalEntity] | None = None
        for ent in self.entities.values():
            if classes and ent.cls not in classes:
                continue
            if exclude and ent.key in exclude:
                continue
            if head and not any(head in normalise_name(n).split() for n in ent.names):
                continue
            starts = [s for s, _ in ent.spans if s < before]
            if starts and (best is None or max(starts) > best[0]):
                best = (max(starts), ent)
        return best[1] if best else None

    def in_skip_zone(self, span: Span) -> bool:
        return any(a <= span.start_char < b for a, b in self.skip_chars)


def _family(cls: str) -> str:
    return {"Person": "person", "Place": "place", "Event": "event", "Agreement": "agreement",
            "Initiative": "initiative", "Report": "document", "Article": "document"}.get(cls, "actor")


def _skip_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of the dateline and byline, whose names are not content."""
    ranges = []
    pos = 0
    for n, line in enumerate(text.split("\n")):
        if n < 8 and (_DATELINE_LINE.match(line) or _BYLINE.match(line)):
            end = pos + len(line)
            dash = re.search(r"\s[-–—]\s?", line)
            if _DATELINE_LINE.match(line) and dash:
                end = pos + dash.end()
            ranges.append((pos, end))
        pos += len(line) + 1
    return ranges


# --- collecting mentions ---------------------------------------------------------------

def trim(span: Span) -> Span:
    """Drop a leading determiner and a trailing possessive or punctuation."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in {"the", "a", "an"} or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct
                           or doc[end - 1].text in {"'s", "’s"}):
        end -= 1
    return doc[start:end]


def _strip_titles(span: Span) -> Span:
    titles = words("titles")
    start = span.start
    while start < span.end - 1 and (span.doc[start].lower_.rstrip(".") in titles):
        start += 1
    return span.doc[start:span.end]


def institutional_names(doc: Doc) -> list[tuple[Span, str]]:
    """Title Case names with an institutional head word, and the class it implies.

    "Solomon Islands Ministry of Police, National Security and Correctional
    Services" → GovernmentBody; "Global Security Initiative Concept Paper" →
    Report; "China-Pacific Island Countries Foreign Ministers' Meeting" → Event.
    """
    out = []
    i = 0
    n = len(doc)
    while i < n:
        tok = doc[i]
        if not _is_cap(tok) or tok.lower_ in {"the", "a", "an", "in", "on", "at", "for", "of", "and", "but",
                                               "after", "as", "by", "when", "while", "since"}:
            i += 1
            continue
        j = i + 1
        complement = False
        while j < n:
            t = doc[j]
            if _is_cap(t) and t.text not in {"(", ")"}:
                j += 1
                continue
            if t.lower_ in CONNECTORS and j + 1 < n:
                nxt = j + 1
                while nxt < n and doc[nxt].lower_ in {"the", "-", "'", "’"} and nxt < j + 3:
                    nxt += 1
                if nxt < n and _is_cap(doc[nxt]) and doc[nxt].sent == tok.sent:
                    if t.lower_ in COMPLEMENT:
                        complement = True
                    elif t.lower_ in {"and", "&", ","} and not complement:
                        left_head = class_of_head(doc[j - 1].lemma_) or class_of_head(doc[j - 1].text)
                        if left_head:
                            break
                    elif t.text in {"'", "’"} and doc[j - 1].tag_ not in {"NNS", "NNPS"}:
                        break
                    j = nxt
                    continue
            break
        span = doc[i:j]
        cls = _chunk_class(span)
        if cls and len(span) >= 2:
            out.append((span, cls))
        i = max(j, i + 1)
    return out


def _chunk_class(span: Span) -> str | None:
    head = None
    for tok in span:
        if tok.lower_ in COMPLEMENT and tok.i > span.start:
            break
        head = tok
    if head is None:
        return None
    two = f"{head.nbor(-1).lower_} {head.lower_}" if head.i > span.start else ""
    for cand in (two, head.lower_, head.lemma_.lower()):
        if cand:
            cls = class_of_head(cand)
            if cls:
                return cls
    return None


def _ner_class(ent: Span, label: str, gaz: Gazetteer) -> tuple[str | None, Entry | None]:
    text = ent.text
    entry = gaz.lookup(text)
    if entry is not None:
        return entry.cls, entry
    if label in {"GPE", "LOC"}:
        return "Place", None
    if label == "ORG":
        return _org_class(ent), None
    if label == "WORK_OF_ART":
        return None, None
    return NER_CLASSES.get(label), None


def _org_class(span: Span) -> str:
    lowered = [t.lower_ for t in span]
    if any(w in words("government_markers") for w in lowered):
        return "GovernmentBody"
    cls = _chunk_class(span)
    if cls in {"Event", "Agreement", "Report", "PoliticalParty", "ArmedGroup", "Initiative"}:
        return cls
    return cls or "Organization"


def collect_mentions(doc: Doc, gaz: Gazetteer) -> DocEntities:
    """Find, classify and merge the named mentions of `doc`."""
    ents = DocEntities(doc, gaz)
    candidates: list[tuple[Span, str, Entry | None, int]] = []
    for span, cls in institutional_names(doc):
        entry = gaz.lookup(span.text)
        candidates.append((span, entry.cls if entry else cls, entry, 1))
    for ent in doc.ents:
        span = trim(ent)
        if not len(span):
            continue
        if ent.label_ in {"Capital"}:
            candidates.append((span, "Capital", gaz.entries.get(ent.ent_id_), 0))
        elif ent.ent_id_ and ent.ent_id_ in gaz.entries:
            entry = gaz.entries[ent.ent_id_]
            candidates.append((span, entry.cls, entry, 0))
        else:
            cls, entry = _ner_class(span, ent.label_, gaz)
            if cls == "Person":
                span = _strip_titles(span)
            if cls:
                candidates.append((span, cls, entry, 2))
    chosen = _choose(candidates)
    persons = _person_names(chosen)
    for span, cls, entry, _ in sorted(chosen, key=lambda c: c[0].start):
        if ents.in_skip_zone(span):
            continue
        _add_mention(ents, span, cls, entry, persons)
    define_acronyms(ents)
    return ents


def _choose(candidates: list[tuple[Span, str, Entry | None, int]]) -> list[tuple[Span, str, Entry | None, int]]:
    """Keep non-overlapping candidates: longer first, then by source priority."""
    ordered = sorted(candidates, key=lambda c: (-(len(c[0])), c[3], c[0].start))
    taken: set[int] = set()
    chosen = []
    for cand in ordered:
        span = cand[0]
        idx = set(range(span.start, span.end))
        if idx & taken:
            continue
        # An institutional name may not swallow a gazetteer name whole unless it extends it.
        chosen.append(cand)
        taken |= idx
    return chosen


def _person_names(chosen: list[tuple[Span, str, Entry | None, int]]) -> dict[str, str]:
    """Surname or given name → full name, for people named in full somewhere."""
    out: dict[str, str] = {}
    for span, cls, _, _ in chosen:
        if cls == "Person" and len(span) >= 2:
            full = span.text
            out.setdefault(span[-1].text, full)
            out.setdefault(span[0].text, full)
    return out


def _add_mention(ents: DocEntities, span: Span, cls: str, entry: Entry | None,
                 persons: dict[str, str]) -> None:
    text = span.text
    if len(span) == 1 and text in persons and cls in {"Person", "Organization", "Place", "GovernmentBody"} \
            and entry is None:
        full = persons[text]
        ents.add(span.start, span.end, "Person", full)
        ents.alias(ents.token_key[span.start], text)
        return
    if cls == "Capital":
        _add_capital(ents, span, entry)
        return
    if cls == "Person" and (len(span) == 1 and text.isupper() or not any(t.is_alpha for t in span)):
        return
    if cls == "Place" and _is_premodifier(span):
        return
    if entry is not None:
        ents.add(span.start, span.end, entry.cls, text, entry=entry)
        return
    ents.add(span.start, span.end, cls, text)


def _is_premodifier(span: Span) -> bool:
    """A place name used as a modifier inside a collective ("Pacific island nations")."""
    root = span.root
    return root.dep_ in {"compound", "amod", "nmod"} and root.head.i >= span.end and \
        root.head.lemma_.lower() in words("group_heads") | {"island"}


def _add_capital(ents: DocEntities, span: Span, country: Entry | None) -> None:
    """A capital is the city where it locates something; elsewhere the state (metonymy)."""
    if country is None:
        ents.add(span.start, span.end, "Place", span.text)
        return
    if is_locative(span):
        key = ents.add(span.start, span.end, "Place", span.text)
        ents.entities[key].country = country.id
        return
    key = ents.add(span.start, span.end, "Country", span.text, entry=country)
    ents.alias(key, span.text)


def is_locative(span: Span) -> bool:
    """Whether a place name is used as a location ("in Beijing"), not as an agent."""
    root = span.root
    if root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPS:
        governor = root.head.head
        if governor.lemma_ in {"recognition", "switch", "relation", "tie"}:
            return False
        return True
    if root.dep_ in {"compound", "nmod"} and root.head.pos_ in {"NOUN", "PROPN"}:
        return root.head.lemma_.lower() not in words("group_heads")
    return False


def define_acronyms(ents: DocEntities) -> None:
    """"Long Name (ACR)": ACR becomes a name of Long Name; later "ACR" mentions it."""
    doc = ents.doc
    for i in range(1, len(doc) - 2):
        if doc[i].text != "(" or doc[i + 2].text != ")" or not _ACRONYM.match(doc[i + 1].text):
            continue
        owner = ents.at(i - 1)
        acronym = doc[i + 1].text
        if owner is None or owner.cls == "Person":
            continue
        existing = ents.at(i + 1)
        if existing is not None and existing.key != owner.key:
            if existing.gazetteer_id and owner.gazetteer_id:
                continue
            _merge_into(ents, existing.key, owner.key)
        ents.alias(owner.key, acronym, merge=True)
        for j, tok in enumerate(doc):
            if tok.text == acronym and j not in ents.token_key:
                ents.token_key[j] = owner.key
                owner.spans.append((j, j + 1))


def _merge_into(ents: DocEntities, source: str, target: str) -> None:
    src = ents.entities.pop(source)
    dst = ents.entities[target]
    for name in src.names:
        dst.add_name(name)
    dst.merge_names |= src.merge_names
    dst.spans.extend(src.spans)
    if src.gazetteer_id and not dst.gazetteer_id:
        dst.gazetteer_id, dst.wikidata, dst.media = src.gazetteer_id, src.wikidata, src.media
    for i, k in list(ents.token_key.items()):
        if k == source:
            ents.token_key[i] = target
    for name, k in list(ents._index.items()):
        if k == source:
            ents._index[name] = target

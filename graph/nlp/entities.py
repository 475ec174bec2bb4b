"""Entities of one document: mentions found, classified, and resolved within it.

`collect_mentions` takes the candidate names of `graph.nlp.names`, keeps the
best non-overlapping ones, and merges mentions of the same entity: same
gazetteer id or normalised name, acronyms defined in parentheses ("Global
Security Initiative (GSI)"), surnames ("Wang" → Wang Xiaohong), and capitals
used as agents ("Beijing said" → China). It then adds descriptive names that
denote one specific thing ("an annual policing forum in Lianyungang", "a May
2023 report by the Africa Center", "the Serbian interior ministry") and
countries named inside other names ("US National Security Council").

Unnamed participants (groups, agreements) are added later by the relation
rules, when an argument needs one (`DocEntities.add_descriptive`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from graph.nlp.gazetteer import Entry, Gazetteer
from graph.nlp.lexicon import cues, words
from graph.nlp.names import (
    Candidate,
    choose,
    institutional_names,
    ner_candidates,
    reclassify_by_context,
    titled_people,
)
from graph.resolve import normalise_name

LOCATIVE_PREPS = {"in", "at", "to", "from", "near", "into", "outside", "inside", "across", "around", "via",
                  "towards", "toward"}
MOTION_VERBS = {"leave", "visit", "reach", "enter", "tour", "fly", "arrive"}
_ACRONYM = re.compile(r"^[A-Z][A-Za-z]*[A-Z][A-Za-z]*$|^[A-Z]{2,}$")
_HYPHENATED_ACRONYM = re.compile(r"^[A-Z]{2,}(?:-[A-Z][A-Za-z]*)+$")  # "GI-TOC", "EUSDI-GoG"
_DATELINE_LINE = re.compile(r"^[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’.\- /]+(?:,\s|\s\((?:Reuters|AP|AFP|Xinhua|Bloomberg)\))")
_BYLINE = re.compile(r"^(By|BY)\s|^\(?(?:Reporting|Writing|Editing|Additional reporting) by\s")


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
        self.text = text if text is not None else doc.text
        """The article's own text: the parsed text with its dateline restored."""
        self.gaz = gazetteer
        self.entities: dict[str, LocalEntity] = {}
        self.token_key: dict[int, str] = {}
        self._index: dict[str, str] = {}
        self._counter = 0
        self.skip_chars = dateline_ranges(self.text)

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
        return any(a <= span.start_char < b for a, b in self.skip_chars)

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


def parse_text(text: str) -> str:
    """The text to parse: dateline and byline blanked (same length, offsets unchanged),
    so "SUVA, 10 May 2024 - Eight nations declined…" parses as "Eight nations declined…"."""
    chars = list(text)
    for start, end in dateline_ranges(text):
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def dateline_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of the dateline and byline, whose names are not content."""
    ranges = []
    pos = 0
    lines = text.split("\n")
    for n, line in enumerate(lines):
        credit = n >= len(lines) - 4 and _BYLINE.match(line.strip()) is not None
        if credit or n < 8 and (_DATELINE_LINE.match(line) or _BYLINE.match(line)):
            end = pos + len(line)
            dash = re.search(r"\s[-–—]\s?", line)
            if _DATELINE_LINE.match(line) and dash:
                end = pos + dash.end()
            ranges.append((pos, end))
        pos += len(line) + 1
    return ranges


# --- collecting ------------------------------------------------------------------------

def collect_mentions(doc: Doc, gaz: Gazetteer, text: str | None = None) -> DocEntities:
    """Find, classify and merge the named mentions of `doc` (parsed from
    `parse_text(text)`; `text` is the article's own text)."""
    ents = DocEntities(doc, gaz, text)
    candidates = ner_candidates(doc, gaz) + institutional_names(doc) + titled_people(doc)
    chosen = reclassify_by_context(choose(candidates), gaz)
    persons = _person_names(chosen)
    for cand in chosen:
        if not ents.in_skip_zone(cand.span):
            _add_mention(ents, cand, persons)
    add_dateline_places(ents)
    add_outlets(ents)
    add_surname_mentions(ents)
    merge_shortened_people(ents)
    add_repeated_names(ents)
    define_acronyms(ents)
    type_by_apposition(ents)
    add_descriptive_names(ents)
    add_nested_countries(ents)
    return ents


def _person_names(chosen: list[Candidate]) -> dict[str, str]:
    """Surname or given name → full name, for people named in full somewhere."""
    out: dict[str, str] = {}
    for cand in chosen:
        if cand.cls == "Person" and len(cand.span) >= 2:
            out.setdefault(cand.span[-1].text, cand.span.text)
            out.setdefault(cand.span[0].text, cand.span.text)
    return out


def _add_mention(ents: DocEntities, cand: Candidate, persons: dict[str, str]) -> None:
    span, cls, entry = cand.span, cand.cls, cand.entry
    text = span.text
    if len(span) == 1 and text in persons and entry is None and cls != "Capital":
        key = ents.add(span.start, span.end, "Person", persons[text])
        ents.alias(key, text)
        return
    if cls == "Capital":
        _add_capital(ents, span, entry)
        return
    if cls == "Person" and len(span) == 1 and not _after_title(span):
        return
    if cls == "Place" and (entry is None or entry.cls == "Place") and _is_premodifier(span):
        return
    if entry is not None:
        key = ents.add(span.start, span.end, entry.cls, text, entry=entry)
        return
    scope = _possessor_country(ents, span) if cls == "GovernmentBody" else None
    key = ents.add(span.start, span.end, cls, text, scope=scope)
    if cls == "GovernmentBody":
        _attach_country(ents, key, span)


def add_repeated_names(ents: DocEntities) -> None:
    """A name seen once as a place, organisation or body names the same thing when
    it recurs and the model missed it ("in Dubrovnik" after "Zagreb, Dubrovnik")."""
    doc = ents.doc
    by_first: dict[str, list[tuple[list[str], str]]] = {}
    for ent in ents.entities.values():
        if ent.cls not in {"Place", "Organization", "GovernmentBody", "Event", "Initiative"}:
            continue
        for name in ent.names:
            parts = name.split()
            if parts and parts[0][:1].isupper() and len(name) > 2:
                by_first.setdefault(parts[0], []).append((parts, ent.key))
    for tok in doc:
        if tok.i in ents.token_key or tok.text not in by_first:
            continue
        for parts, key in sorted(by_first[tok.text], key=lambda p: -len(p[0])):
            end = tok.i + len(parts)
            if end <= len(doc) and [t.text for t in doc[tok.i:end]] == parts and not any(
                    i in ents.token_key for i in range(tok.i, end)) and not ents.in_skip_zone(doc[tok.i:end]):
                for i in range(tok.i, end):
                    ents.token_key[i] = key
                ents.entities[key].spans.append((tok.i, end))
                break


def add_surname_mentions(ents: DocEntities) -> None:
    """"Napuat said …": a person's surname alone, after their full name, mentions them."""
    surnames: dict[str, str] = {}
    suffixes = {"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV"}
    for ent in ents.entities.values():
        if ent.cls == "Person":
            for start, end in ent.spans:
                while end - start > 2 and ents.doc[end - 1].text in suffixes | {"."}:
                    end -= 1
                if end - start >= 2:
                    surnames.setdefault(ents.doc[end - 1].text, ent.key)
    for tok in ents.doc:
        key = surnames.get(tok.text)
        if key is None or tok.i in ents.token_key or tok.pos_ != "PROPN":
            continue
        first = min(s for s, _ in ents.entities[key].spans)
        if tok.i > first:
            ents.token_key[tok.i] = key
            ents.entities[key].spans.append((tok.i, tok.i + 1))
            ents.entities[key].add_name(tok.text)


def merge_shortened_people(ents: DocEntities) -> None:
    """"Hassan Sheikh" after "Hassan Sheikh Mohamud": the first names of a full name, used
    again later, name the same person."""
    people = [e for e in ents.entities.values() if e.cls == "Person" and e.spans]
    for short in people:
        words_ = short.label.split()
        if len(words_) < 2 or short.gazetteer_id:
            continue
        for full in people:
            if full is short or full.key not in ents.entities or len(full.label.split()) <= len(words_):
                continue
            if full.label.split()[:len(words_)] == words_ and min(full.spans)[0] < min(short.spans)[0]:
                ents.merge(short.key, full.key)
                break


def _after_title(span: Span) -> bool:
    return span.start > 0 and span.doc[span.start - 1].lower_ in words("titles")


def _is_premodifier(span: Span) -> bool:
    """A place name used inside a collective's name ("Pacific island nations")."""
    root = span.root
    return root.dep_ in {"compound", "amod", "nmod"} and root.head.i >= span.end and \
        root.head.lemma_.lower() in words("group_heads") | {"island"}


def _add_capital(ents: DocEntities, span: Span, country: Entry | None) -> None:
    """A capital is the city where it locates something; elsewhere the state (metonymy)."""
    if country is None or is_locative(span):
        key = ents.add(span.start, span.end, "Place", span.text)
        if country is not None:
            ents.entities[key].country = country.id
        return
    key = ents.add(span.start, span.end, "Country", span.text, entry=country)
    ents.alias(key, span.text)


def is_locative(span: Span) -> bool:
    """Whether a place name is used as a location ("in Beijing", "Madrid-based")."""
    root = span.root
    doc = span.doc
    if span.end + 1 < len(doc) and doc[span.end].text == "-" and doc[span.end + 1].lower_ == "based":
        return True
    if root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPS:
        return root.head.head.lemma_ not in {"recognition", "switch", "relation", "tie", "shift", "pivot"}
    if root.dep_ == "dobj" and root.head.lemma_ in MOTION_VERBS:
        return True
    if root.dep_ in {"compound", "nmod"} and root.head.pos_ in {"NOUN", "PROPN"}:
        return root.head.lemma_.lower() not in words("group_heads") | {"government", "relationship"}
    return False


def _possessor_country(ents: DocEntities, span: Span) -> str | None:
    """The state named as the owner of a body ("China's Ministry of Foreign Affairs")."""
    start = span.start
    if start >= 2 and span.doc[start - 1].text in {"'s", "’s"}:
        owner = ents.at(start - 2)
        if owner is not None and owner.country:
            return owner.country
    return None


def _attach_country(ents: DocEntities, key: str, span: Span) -> None:
    """"China's Ministry of Foreign Affairs": the body belongs to China, and is also named so."""
    country = _possessor_country(ents, span)
    if country is not None:
        ents.entities[key].country = country
        _name_with_country(ents, key, country)
        owner, first = ents.at(span.start - 2), span.start - 2
        while first > 0 and ents.at(first - 1) is owner:
            first -= 1
        ent = ents.entities[key]
        if ent.gazetteer_id is None:
            ent.add_name(span.doc[first:span.end].text)
            ent.label = span.doc[first:span.end].text  # "Saudi Arabia's Ministry of Interior"


def _name_with_country(ents: DocEntities, key: str, country: str) -> None:
    """Give a generic body name ("Ministry of Foreign Affairs") a country-qualified
    merge name, and take the gazetteer entry of that country's body when one fits."""
    ent = ents.entities[key]
    norm = normalise_name(ent.label)
    for entry in ents.gaz.by_country(country, ent.cls):
        if any(normalise_name(n).endswith(norm) for n in (entry.label, *entry.names)):
            ent.gazetteer_id, ent.wikidata = entry.id, entry.wikidata
            ent.merge_names = {entry.label}
            return
    ent.merge_names = {f"{country} {ent.label}"}


def type_by_apposition(ents: DocEntities) -> None:
    """A noun in apposition says what a name is: "the Karen Border Guard Force, an
    armed group", "the Inter-American Dialogue, a think tank based in Washington"."""
    table = {phrase: cls for cls, phrases in cues()["appositive_types"].items() for phrase in phrases}
    for ent in ents.entities.values():
        if ent.gazetteer_id or ent.cls in {"Country", "Person"}:
            continue
        for start, end in ent.spans:
            root = ents.doc[start:end].root
            nouns = [c for c in root.children if c.dep_ == "appos" and ents.at(c.i) is None]
            for noun in nouns:
                mods = " ".join(t.lower_ for t in noun.lefts if t.dep_ in {"compound", "amod"} and not t.ent_type_)
                for phrase in (f"{mods.split()[-1]} {noun.lemma_.lower()}" if mods else "", noun.lemma_.lower()):
                    cls = table.get(phrase.strip())
                    if cls and cls != ent.cls:
                        ent.cls = cls
                        break


def define_acronyms(ents: DocEntities) -> None:
    """"Long Name (ACR)": ACR becomes a name of Long Name; later "ACR" mentions it."""
    doc = ents.doc
    for i in range(1, len(doc) - 2):
        close = next((j for j in range(i + 2, min(len(doc), i + 6)) if doc[j].text == ")"), None)
        if doc[i].text != "(" or close is None:
            continue
        acronym = doc[i + 1:close].text
        if not (_ACRONYM.match(acronym) or _HYPHENATED_ACRONYM.match(acronym)):
            continue
        owner = ents.at(i - 1)
        if owner is not None and owner.cls in {"Country", "Place"} and not _initials_fit(acronym, owner.label):
            owner = _name_before_place(ents, i - 1) or owner  # "the … Mission in Somalia (AUSSOM)"
        if owner is None or owner.cls == "Person":
            continue
        existing = ents.at(i + 1)
        if existing is not None and existing.key != owner.key:
            if existing.gazetteer_id and owner.gazetteer_id:
                continue
            if existing.gazetteer_id:
                ents.merge(owner.key, existing.key)
                owner = existing
            else:
                ents.merge(existing.key, owner.key)
        ents.alias(owner.key, acronym, merge=True)
        width = close - i - 1
        for j in range(len(doc) - width + 1):
            if doc[j:j + width].text == acronym and all(
                    ents.token_key.get(k, owner.key) == owner.key for k in range(j, j + width)):
                for k in range(j, j + width):
                    ents.token_key[k] = owner.key
                owner.spans.append((j, j + width))


def _initials_fit(acronym: str, name: str) -> bool:
    """Whether an acronym could abbreviate a name: it starts with the name's first letter."""
    return bool(name) and acronym[:1].upper() == name.lstrip("The ")[:1].upper()


def _name_before_place(ents: DocEntities, last: int) -> LocalEntity | None:
    """The named body a place ends the name of: "Mission in Somalia" → the mission."""
    place = ents.at(last)
    i = last
    while i > 0 and ents.at(i - 1) is place:
        i -= 1
    if i < 2 or ents.doc[i - 1].lower_ not in {"in", "for", "of", "on"}:
        return None
    body = ents.at(i - 2)
    return body if body is not None and body.cls not in {"Person", "Country", "Place"} else None


# --- descriptive names -------------------------------------------------------------

EVENT_HEADS = {"forum", "summit", "conference", "dialogue", "meeting", "games", "assembly", "congress",
               "symposium", "expo"}
REPORT_HEADS = {"report", "study", "paper", "investigation", "follow-up", "survey", "analysis", "review",
                "article", "story", "assessment", "book", "dossier"}
ARTICLE_HEADS = {"article", "story", "piece", "op-ed", "editorial", "column"}
BODY_HEADS = {"ministry", "department", "embassy", "police", "forces", "force", "parliament", "agency",
              "authorities", "court", "council", "service", "bureau", "office", "consulate", "government",
              "navy", "army", "gendarmerie", "coastguard", "delegation", "mission"}
ROLE_PREPS = {"by", "from", "of", "in", "on", "between", "for", "titled", "entitled", "called"}
_QUOTES = {'"', "“", "”", "'", "‘", "’"}


def add_descriptive_names(ents: DocEntities) -> None:
    """Add entities for descriptive noun phrases that denote one specific thing."""
    for tok in ents.doc:
        if tok.pos_ not in {"NOUN", "PROPN"} or tok.i in ents.token_key:
            continue
        lemma = head_lemma(tok)
        if ents.in_skip_zone(ents.doc[tok.i:tok.i + 1]):
            continue
        if lemma in EVENT_HEADS and tok.tag_ in {"NN", "NNP"}:
            _descriptive_event(ents, tok)
        elif lemma in REPORT_HEADS and tok.tag_ in {"NN", "NNP"}:
            _descriptive_document(ents, tok)
        elif lemma in BODY_HEADS:
            _descriptive_body(ents, tok)
    for title in quoted_spans(ents.doc):
        _quoted_report(ents, title)


def head_lemma(tok: Token) -> str:
    """The lemma of a head noun, joining split compounds ("follow - up" → "follow-up")."""
    if tok.lower_ == "up" and tok.i >= 2 and tok.nbor(-1).text == "-" and tok.nbor(-2).lower_ == "follow":
        return "follow-up"
    return tok.lemma_.lower()


def noun_phrase(tok: Token, *, right: set[str] | None = None) -> Span:
    """The noun phrase headed by `tok`: its left modifiers (no determiner or
    possessor) and, when `right` names them, prepositional complements."""
    doc = tok.doc
    start = tok.i
    for child in tok.lefts:
        if child.dep_ in {"det", "poss", "predet", "case", "punct", "cc", "preconj"} or child.lower_ in {
                "such", "other", "some", "any", "all", "both", "several", "many", "more", "most"}:
            continue
        if child.dep_ in {"nummod", "quantmod"} or child.like_num:
            continue
        start = min(start, child.left_edge.i)
        break
    while start < tok.i and (doc[start].dep_ in {"det", "poss", "case", "punct", "nummod", "quantmod"}
                             or doc[start].like_num or doc[start].lower_ in {"more", "than", "least", "at",
                                                                             "nearly", "about", "some"}):
        start += 1
    end = tok.i + 1
    for child in tok.rights:
        if right and child.dep_ in {"prep", "acl"} and child.lower_ in right | {"published", "released",
                                                                               "titled", "entitled"} or child.dep_ in {"compound", "amod", "nmod"}:
            end = max(end, clipped_edge(child) + 1)
        else:
            break
    while end > tok.i + 1 and (doc[end - 1].is_punct or doc[end - 1].text in _QUOTES):
        end -= 1
    return doc[start:end]


def clipped_edge(tok: Token, *, participles: bool = False, dates: bool = True) -> int:
    """The right edge of `tok`'s subtree, stopping before a comma, an appositive or a
    clause (but never inside a name); `participles` keeps "released in December";
    without `dates`, it stops before a date phrase ("a plan to host trainers in March")."""
    edge = tok.i
    stop = {"appos", "relcl", "advcl", "punct", "cc", "conj", "parataxis"} | (set() if participles else {"acl"})
    for child in tok.rights:
        if child.dep_ in stop or child.text == ",":
            break
        if not dates and child.dep_ == "prep" and any(t.ent_type_ == "DATE" for t in child.children):
            break
        edge = max(edge, clipped_edge(child, participles=participles, dates=dates))
    doc = tok.doc
    while edge + 1 < len(doc) and doc[edge].ent_iob_ in {"B", "I"} and doc[edge + 1].ent_iob_ == "I":
        edge += 1
    return edge


def _has_name_modifier(tok: Token, ents: DocEntities) -> bool:
    return any(ents.at(c.i) is not None or c.pos_ == "PROPN" or c.ent_type_ in {"NORP"}
               for c in tok.lefts if c.dep_ in {"compound", "amod", "nmod", "poss"})


def _descriptive_event(ents: DocEntities, tok: Token) -> None:
    preps = [c for c in tok.rights if c.dep_ == "prep" and c.lower_ in {"in", "on", "of", "at", "between"}]
    ordinal = any(c.ent_type_ == "ORDINAL" or c.lower_ in {"annual", "biennial", "inaugural", "ministerial"}
                  for c in tok.lefts)
    if not (_has_name_modifier(tok, ents) or preps and (ordinal or tok.lower_ != "meeting")):
        return
    base = noun_phrase(tok)
    full = noun_phrase(tok, right={"on", "of", "in"})
    key = ents.add_descriptive(base, "Event", named=True)
    if full.text != base.text:
        ents.alias(key, full.text)
    for c in base:
        inner = ents.at(c.i)
        if inner is not None and inner.cls == "Place" and c.i != tok.i and c.dep_ in {"compound", "nmod"}:
            ents.token_key[c.i] = key


def _descriptive_document(ents: DocEntities, tok: Token) -> None:
    title = quoted_title(tok)
    by = publisher_of(tok, ents)
    dated = any(c.ent_type_ == "DATE" and _is_calendar(c) for c in tok.lefts) or any(
        c.dep_ == "acl" and c.lemma_ in PUBLISH_VERBS for c in tok.children)
    if not (title or by or dated) or tok.lower_ in {"reports"}:
        return
    media = by is not None and by.media
    cls = "Article" if head_lemma(tok) in ARTICLE_HEADS or (tok.lower_ == "report" and media) else "Report"
    full = noun_phrase(tok, right={"by", "in", "from", "of", "to", "published", "titled"})
    key = ents.add_descriptive(ents.doc[title.start:title.end] if title else full, cls,
                               label=title.text if title else None, named=True)
    ents.alias(key, full.text)
    if title is not None:
        absorb(ents, key, title)
    ents.token_key[tok.i] = key


def _is_calendar(tok: Token) -> bool:
    """A date modifier that names a year or month ("a May 2023 report"), not a duration."""
    span = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
    text = span.text if span is not None else tok.text
    return bool(re.search(r"\b(1[89]|20)\d\d\b", text)) or tok.lower_ in _MONTHS


_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december"}


def quoted_title(tok: Token) -> Span | None:
    """A quoted title attached to a document noun ("a study titled 'Patrol and Persuade'")."""
    doc = tok.doc
    sent_end = tok.sent.end
    j = tok.i + 1
    while j < sent_end and doc[j].lower_ in {"titled", "entitled", "called", ",", ":"}:
        j += 1
    if j < sent_end and doc[j].text in _QUOTES and (j > tok.i + 1 or doc[j].text in {"“", '"'}):
        k = j + 1
        while k < sent_end and doc[k].text not in _QUOTES and k - j < 25:
            k += 1
        if k < sent_end and k > j + 1:
            return doc[j + 1:k] if doc[k - 1].text not in {",", "."} else doc[j + 1:k - 1]
    # A quoted title just before the noun: the "110 Overseas" investigation.
    i = tok.i - 1
    if i > 0 and doc[i].text in _QUOTES:
        k = i - 1
        while k > tok.sent.start and doc[k].text not in _QUOTES and i - k < 15:
            k -= 1
        if doc[k].text in _QUOTES and k < i - 1:
            return doc[k + 1:i]
    return None


PUBLISH_VERBS = {"publish", "release", "issue", "unveil", "launch", "produce"}


def quoted_spans(doc: Doc) -> list[Span]:
    """The spans between double quotes, sentence by sentence."""
    out = []
    for sent in doc.sents:
        opening = None
        for tok in sent:
            if tok.text in {"“", '"'} and opening is None:
                opening = tok.i
            elif tok.text in {"”", '"'} and opening is not None:
                if tok.i > opening + 1:
                    end = tok.i - 1 if doc[tok.i - 1].text in {",", "."} else tok.i
                    out.append(doc[opening + 1:end])
                opening = None
    return out


def _quoted_report(ents: DocEntities, title: Span) -> None:
    """A quoted title that is published ("published '110 Overseas'") or stands in
    apposition to a document noun ("a follow-up …, 'Patrol and Persuade',")."""
    if not len(title) or not (title.text[:1].isupper() or title.text[:1].isdigit()) or any(ents.at(t.i) and ents.at(t.i).cls in {  # type: ignore[union-attr]
            "Report", "Article"} for t in title):
        return
    doc = ents.doc
    root = title.root
    published = (root.head.lemma_ in PUBLISH_VERBS and root.dep_ in {"dobj", "nsubjpass", "appos", "attr"}) or (
        title.start >= 2 and doc[title.start - 2].lemma_ in PUBLISH_VERBS)
    noun = root.head if root.dep_ == "appos" and head_lemma(root.head) in REPORT_HEADS else None
    before = title.start - 2
    if before >= 1 and doc[before].text in {",", "“", '"'}:
        before -= 1 if doc[before].text in {"“", '"'} else 0
    if noun is None and before >= 1 and doc[before].text == ",":
        for tok in doc[title.sent.start:before]:
            if head_lemma(tok) in REPORT_HEADS and clipped_edge(tok, participles=True) >= before - 1:
                noun = tok
    if not (published or noun is not None):
        return
    key = ents.add_descriptive(title, "Report", label=title.text, named=True)
    absorb(ents, key, title)
    if noun is not None:
        existing = ents.at(noun.i)
        phrase = noun_phrase(noun, right={"by", "in", "from", "of", "to", "published", "released"})
        ents.alias(key, phrase.text)
        if existing is not None and existing.key != key and not existing.named:
            ents.merge(existing.key, key)
        ents.token_key[noun.i] = key


def absorb(ents: DocEntities, key: str, span: Span) -> None:
    """Entities named only inside `span` (a title) are part of that name, not mentions."""
    inside = {ents.token_key.get(i) for i in range(span.start, span.end)} - {key, None}
    for other in inside:
        ent = ents.entities.get(other)  # type: ignore[arg-type]
        if ent is not None and all(span.start <= s and e <= span.end for s, e in ent.spans):
            del ents.entities[other]  # type: ignore[arg-type]
    for i in range(span.start, span.end):
        ents.token_key[i] = key


def publisher_of(tok: Token, ents: DocEntities) -> LocalEntity | None:
    """The organisation that published a document noun ("a report by X", "published by X",
    "an ISS paper")."""
    for child in tok.lefts:
        if child.dep_ in {"compound", "nmod"}:
            owner = ents.at(child.i)
            if owner is not None and owner.cls in {"Organization", "GovernmentBody"}:
                return owner
    for child in tok.rights:
        if child.dep_ == "prep" and child.lower_ in {"by", "from", "in", "of"}:
            for obj in child.children:
                if obj.dep_ == "pobj":
                    found = _org_in(obj, ents)
                    if found:
                        return found
        if child.dep_ == "acl" and child.lemma_ in {"publish", "release", "issue", "compile", "produce", "prepare",
                                                     "write", "author"}:
            for prep in child.children:
                if prep.dep_ == "agent":
                    for obj in prep.children:
                        found = _org_in(obj, ents)
                        if found:
                            return found
    return None


def _org_in(tok: Token, ents: DocEntities) -> LocalEntity | None:
    for t in [tok, *tok.children]:
        ent = ents.at(t.i)
        if ent is not None and ent.cls in {"Organization", "GovernmentBody", "Person"}:
            return ent
        if t.dep_ == "appos" or t.lower_ == "magazine":
            continue
    for t in tok.subtree:
        ent = ents.at(t.i)
        if ent is not None and ent.cls in {"Organization", "GovernmentBody"}:
            return ent
    return None


def _descriptive_body(ents: DocEntities, tok: Token) -> None:
    """"the Serbian interior ministry", "its commerce ministry", "Ugandan special forces"."""
    country = None
    for child in tok.lefts:
        ent = ents.at(child.i)
        if ent is not None and ent.country and child.dep_ in {"poss", "compound", "amod", "nmod"}:
            country = ent.country
        demonym = ents.gaz.demonym_of(child.text) if child.text[:1].isupper() else None
        if demonym is not None:
            country = demonym.id
        if ent is not None and ent.cls == "Place" and child.dep_ in {"compound", "nmod"}:
            country = country or "place"
    possessor = next((c for c in tok.lefts if c.dep_ == "poss"), None)
    lemma = tok.lemma_.lower()
    if sum(1 for c in tok.lefts if ents.gaz.demonym_of(c.text) or any(
            ents.gaz.demonym_of(cc.text) for cc in c.conjuncts)) and any(c.dep_ == "cc" or c.conjuncts for c in tok.lefts):
        return  # "Uzbek and Chinese forces": two states' forces, not one body
    if lemma == "government" or any(c.lower_ in {"news", "press"} for c in tok.lefts):
        return
    if tok.i + 1 < len(ents.doc) and ents.at(tok.i + 1) is not None:
        return  # "the Russian news agency RIA Novosti": the name follows
    owner = ents.at(possessor.i) if possessor is not None else None
    if lemma in {"delegation", "mission", "office"}:
        _descriptive_outpost(ents, tok)
        return
    if owner is not None and owner.cls == "Organization":
        return
    if country is None and possessor is not None and possessor.lower_ in {"its", "their"}:
        owner = ents.recent(tok.i, classes={"Country", "PoliticalParty"})
        country = owner.country if owner else None
    if country is None:
        return
    if lemma in {"police", "authorities", "court", "council", "service", "office"} and not any(
            c.lower_ == "the" for c in tok.lefts) and lemma == "police":
        return
    span = noun_phrase(tok)
    named_owner = possessor is not None and possessor.lower_ not in {"its", "their", "his", "her"}
    if len(span) < 2 and lemma not in {"ministry"} and not named_owner:
        return
    key = ents.add_descriptive(span, "GovernmentBody", named=True)
    ent = ents.entities[key]
    if country != "place":
        ent.country = country
        _name_with_country(ents, key, country)
    if possessor is not None and named_owner:
        owned = ents.doc[possessor.left_edge.i:span.end].text.strip()
        ents.alias(key, owned)
        if len(span) < 2:
            ent.label = owned  # "Somalia's parliament"


def _descriptive_outpost(ents: DocEntities, tok: Token) -> None:
    """"the EU delegation in Accra", "the African Union mission": an international body's outpost."""
    owner = next((ents.at(c.i) for c in tok.lefts if c.dep_ in {"compound", "poss", "amod", "nmod"}
                  and ents.at(c.i) is not None), None)
    if owner is None or owner.cls != "Organization":
        return
    if tok.dep_ == "appos" and ents.at(tok.head.i) is not None:
        return  # "EUCAP Sahel Niger, the European Union's civilian mission": a description of a name
    span = noun_phrase(tok)
    key = ents.add_descriptive(span, "Organization", named=True)
    ents.entities[key].merge_names = {f"{owner.gazetteer_id or normalise_name(owner.label)}:{normalise_name(span.text)}"}


OUTLET_NOUNS = {"agency", "broadcaster", "newspaper", "daily", "outlet", "channel", "tabloid", "weekly", "magazine"}


def add_outlets(ents: DocEntities) -> None:
    """"the state news agency WAM reported": a name right after an outlet noun is an outlet."""
    doc = ents.doc
    for tok in doc:
        if tok.lemma_.lower() not in OUTLET_NOUNS or tok.pos_ != "NOUN" or tok.i + 1 >= len(doc):
            continue
        nxt = doc[tok.i + 1]
        if tok.i + 1 in ents.token_key or not (nxt.is_upper and len(nxt) >= 2 or nxt.pos_ == "PROPN"):
            continue
        end = tok.i + 2
        while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper() and end - tok.i < 5:
            end += 1
        key = ents.add(tok.i + 1, end, "Organization", doc[tok.i + 1:end].text)
        ents.entities[key].media = True


def add_dateline_places(ents: DocEntities) -> None:
    """The places of a dateline ("HONIARA/BEIJING, 11 July 2023") are where the story was filed."""
    text = ents.text
    for start_char, end_char in ents.skip_chars:
        line = text[start_char:end_char]
        m = _DATELINE_LINE.match(line)
        if not m:
            continue
        offset = start_char
        for place in re.sub(r"\s*\([^)]*\)\s*$", "", line[: m.end()].rstrip(", ")).split("/"):
            name = place.strip()
            begin = text.find(name, offset)
            offset = begin + len(name)
            if not name or begin < 0:
                continue
            label = _known_spelling(ents, name)
            entry = ents.gaz.capital_of(label)
            key = ents.add(0, 0, "Place", label)
            ent = ents.entities[key]
            ent.char_mentions.append((begin, begin + len(name)))
            ent.country = ent.country or (entry.id if entry else ents.gaz.city_country(label))
        _add_credited_agency(ents, line, start_char)


def _add_credited_agency(ents: DocEntities, line: str, start_char: int) -> None:
    """The agency credited in a dateline ("MALÉ, 12 February 2025 (Reuters) -") is named by the article."""
    m = re.search(r"\(([A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)*)\)", line)
    entry = ents.gaz.lookup(m.group(1)) if m else None
    if m is None or entry is None or not entry.media:
        return
    key = ents.add(0, 0, entry.cls, entry.label, entry=entry)
    ents.entities[key].char_mentions.append((start_char + m.start(1), start_char + m.end(1)))


def _known_spelling(ents: DocEntities, caps: str) -> str:
    """"XI'AN" → "Xi'an" when the text spells it so elsewhere; else Title Case."""
    for m in re.finditer(re.escape(caps), ents.text, flags=re.IGNORECASE):
        if m.group(0) != caps:
            return m.group(0)
    return " ".join(w[:1].upper() + w[1:].lower() for w in caps.split())


def add_nested_countries(ents: DocEntities) -> None:
    """Countries named inside other names ("US National Security Council") are mentioned too."""
    doc = ents.doc
    for ent in list(ents.entities.values()):
        if ent.cls not in {"GovernmentBody", "Organization", "PoliticalParty"}:
            continue
        for start, end in list(ent.spans):
            for i in range(start, end):
                for j in range(min(end, i + 6), i, -1):
                    entry = ents.gaz.lookup(doc[i:j].text)
                    if entry is not None and entry.cls == "Country" and doc[i:j].text[:1].isupper():
                        country_key = ents.add(0, 0, "Country", doc[i:j].text, entry=entry)
                        ents.entities[country_key].spans.append((i, j))
                        ent.country = ent.country or entry.id  # "Uganda Police Force" is Uganda's
                        break

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

from spacy.tokens import Doc, Span

from graph.nlp.datelines import DATELINE_LINE
from graph.nlp.descriptions import add_descriptive_names, add_outlets, name_with_country
from graph.nlp.gazetteer import Entry, Gazetteer
from graph.nlp.lexicon import cues, words
from graph.nlp.mentions import DocEntities, LocalEntity
from graph.nlp.names import (
    LOWER_HEADS,
    Candidate,
    apposed_names,
    choose,
    class_of_head,
    institutional_names,
    missions_by_country,
    ner_candidates,
    reclassify_by_context,
    titled_people,
)

LOCATIVE_PREPS = {"in", "at", "to", "from", "near", "off", "into", "outside", "inside", "across", "around", "via",
                  "towards", "toward"}
MOTION_VERBS = {"leave", "visit", "reach", "enter", "tour", "fly", "arrive"}
_ACRONYM = re.compile(r"^[A-Z][A-Za-z]*[A-Z][A-Za-z]*$|^[A-Z]{2,}$")
_HYPHENATED_ACRONYM = re.compile(r"^[A-Z]{2,}(?:-[A-Z][A-Za-z]*)+$")  # "GI-TOC", "EUSDI-GoG"


# --- collecting ------------------------------------------------------------------------

def collect_mentions(doc: Doc, gaz: Gazetteer, text: str | None = None) -> DocEntities:
    """Find, classify and merge the named mentions of `doc` (parsed from
    `parse_text(text)`; `text` is the article's own text)."""
    ents = DocEntities(doc, gaz, text)
    candidates = (ner_candidates(ents.view, gaz) + institutional_names(ents.view) + titled_people(ents.view)
                  + missions_by_country(ents.view, gaz) + apposed_names(ents.view))
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
    name_by_known_as(ents)
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
    for first, text in enumerate(ents.view.texts):
        if first in ents.token_key or text not in by_first:
            continue
        tok = ents.view.tokens[first]
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
    for ent in ents.entities.values():  # after every last name, so those win
        if ent.cls == "Person":
            for start, end in ent.spans:
                paternal = ents.doc[end - 2] if end - start >= 3 else None
                if paternal is not None and paternal.text not in suffixes and paternal.is_title and len(paternal) > 2:
                    # "Esteban Murillo Vargas" … "Murillo said": the first of two surnames
                    surnames.setdefault(paternal.text, ent.key)
    for i, text in enumerate(ents.view.texts):
        key = surnames.get(text)
        if key is None or i in ents.token_key or ents.view.pos[i] != "PROPN":
            continue
        tok = ents.view.tokens[i]
        first = min(s for s, _ in ents.entities[key].spans)
        if tok.i > first:
            ents.token_key[tok.i] = key
            ents.entities[key].spans.append((tok.i, tok.i + 1))
            ents.entities[key].add_name(tok.text)


def merge_shortened_people(ents: DocEntities) -> None:
    """"Hassan Sheikh" after "Hassan Sheikh Mohamud": the first names of a full name, used
    again later, name the same person."""
    people = [e for e in ents.entities.values() if e.cls == "Person" and e.spans]
    by_label: dict[str, str] = {}
    for person in sorted(people, key=lambda e: (e.gazetteer_id is None, min(e.spans))):
        same = by_label.setdefault(person.label, person.key)
        if same != person.key:
            ents.merge(person.key, same)  # "Wang" read as Wang Xiaohong twice: one person
    people = [e for e in people if e.key in ents.entities]
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
    if start >= 2 and (span.doc[start - 1].text in {"'s", "’s"} or span.doc[start - 1].text in {"'", "’"}
                       and span.doc[start - 2].text.endswith("s")):  # "the United Arab Emirates' Ministry"
        owner = ents.at(start - 2)
        if owner is not None and owner.country:
            return owner.country
    return None


def _attach_country(ents: DocEntities, key: str, span: Span) -> None:
    """"China's Ministry of Foreign Affairs": the body belongs to China, and is also named so."""
    country = _possessor_country(ents, span)
    if country is None:
        demonym = ents.gaz.demonym_of(span[0].text) if len(span) > 1 and span[0].is_title else None
        if demonym is not None and ents.entities[key].country is None:
            ents.entities[key].country = demonym.id  # "the Finnish Border Guard" belongs to Finland
        return
    if country is not None:
        ents.entities[key].country = country
        name_with_country(ents, key, country)
        owner, first = ents.at(span.start - 2), span.start - 2
        while first > 0 and ents.at(first - 1) is owner:
            first -= 1
        ent = ents.entities[key]
        if ent.gazetteer_id is None:
            ent.add_name(span.doc[first:span.end].text)
            ent.label = span.doc[first:span.end].text  # "Saudi Arabia's Ministry of Interior"


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


NAMING_VERBS = {"know", "call", "name", "dub"}


def name_by_known_as(ents: DocEntities) -> None:
    """"a Limón gang known as the Caribe Sur": the name after "known as" is what the described
    thing is called, of the kind the description says; the description is not a second entity."""
    view = ents.view
    for i, dep in enumerate(view.dep):
        if dep != "acl" or view.lemma[i] not in NAMING_VERBS or view.tag[i] != "VBN":
            continue
        tok = view.tokens[i]
        names = [o for p in tok.children if p.dep_ == "prep" and p.lower_ == "as" for o in p.children
                 if o.dep_ == "pobj"] + [c for c in tok.children if c.dep_ == "oprd"]
        named = next((ents.at(n.i) for n in names if ents.at(n.i) is not None), None)
        described = ents.at(tok.head.i)
        head = tok.head.lemma_.lower()
        kind = LOWER_HEADS.get(head) or class_of_head(head)
        if named is None or named.gazetteer_id or named.cls in {"Person", "Country"} or kind is None:
            continue
        named.cls = kind
        if described is not None and described is not named and not described.gazetteer_id:
            ents.merge(described.key, named.key)


def define_acronyms(ents: DocEntities) -> None:
    """"Long Name (ACR)": ACR becomes a name of Long Name; later "ACR" mentions it."""
    doc = ents.doc
    texts = ents.view.texts
    for i in range(1, len(doc) - 2):
        if texts[i] != "(":
            continue
        close = next((j for j in range(i + 2, min(len(doc), i + 6)) if texts[j] == ")"), None)
        if close is None:
            continue
        acronym = doc[i + 1:close].text
        owner = ents.at(i - 1)
        if not (_ACRONYM.match(acronym) or _HYPHENATED_ACRONYM.match(acronym) or _short_name(ents, owner, acronym)):
            continue
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
        first = doc[i + 1].text
        for j in (k for k, t in enumerate(texts) if t == first):
            if j + width > len(doc) or doc[j:j + width].text != acronym:
                continue
            other = ents.at(j)
            if other is not None and other.key != owner.key and not other.gazetteer_id and other.label == acronym:
                ents.merge(other.key, owner.key)  # a later "GKNB" the model took for a place
            if all(ents.token_key.get(k, owner.key) == owner.key for k in range(j, j + width)):
                for k in range(j, j + width):
                    ents.token_key[k] = owner.key
                owner.spans.append((j, j + width))


def _short_name(ents: DocEntities, owner: LocalEntity | None, word: str) -> bool:
    """"the Maritime Security Agency (Bakamla)": a one-word short name in parentheses after a body,
    not a country or a credit ("(Indonesia)", "(Reuters)")."""
    return (owner is not None and owner.cls in {"GovernmentBody", "Organization", "ArmedGroup", "Initiative"}
            and re.fullmatch(r"[A-Z][a-z]{3,}", word) is not None and ents.gaz.lookup(word) is None
            and word.lower() not in ents.text.replace(word, ""))


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


def add_dateline_places(ents: DocEntities) -> None:
    """The places of a dateline ("HONIARA/BEIJING, 11 July 2023") are where the story was filed."""
    text = ents.text
    for start_char, end_char in ents.skip_chars:
        line = text[start_char:end_char]
        m = DATELINE_LINE.match(line)
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
    ents.credited.add(key)


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
            i = start
            while i < end:
                found = _country_at(ents, i, end)
                if found is None:
                    i += 1
                    continue
                j, entry = found
                country_key = ents.add(0, 0, "Country", doc[i:j].text, entry=entry)
                ents.entities[country_key].spans.append((i, j))
                ent.country = ent.country or entry.id  # "Uganda Police Force" is Uganda's
                i = j  # not "Guinea" again inside "Papua New Guinea"


def _country_at(ents: DocEntities, i: int, end: int) -> tuple[int, Entry] | None:
    """The longest country name starting at token `i` (before `end`), if any."""
    for j in range(min(end, i + 6), i, -1):
        text = ents.view.span_text(i, j)
        entry = ents.gaz.lookup(text)
        if entry is not None and entry.cls == "Country" and text[:1].isupper():
            return j, entry
    return None

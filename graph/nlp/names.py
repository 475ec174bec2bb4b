"""Candidate names in a parsed document, each with the class it implies.

Sources, most specific first: the gazetteer (entity-ruler spans with an id),
institutional Title Case names around a head word, people introduced by a
title or a possessive country ("Prime Minister Fiame Naomi Mata'afa",
"Kazakhstan's Kassym-Jomart Tokayev"), and spaCy's NER corrected by context
(a "person" coordinated with cities is a city).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Span, Token

from graph.nlp.docview import DocView
from graph.nlp.gazetteer import Entry, Gazetteer
from graph.nlp.lexicon import cues, words

CONNECTORS = {"of", "for", "on", "and", "&", "the", ",", "-", "–", "'", "’", "de", "du", "des", "la"}
COMPLEMENT = {"of", "for", "on"}
NON_NAME_ENTS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
STOP_STARTS = {"the", "a", "an", "in", "on", "at", "for", "of", "and", "but", "after", "as", "by", "when",
               "while", "since", "with", "from", "to", "under", "during", "between", "it", "its", "his",
               "her", "their", "this", "that", "these", "those", "he", "she", "they", "we", "i"}
GENERIC_SINGLE = {"central", "eastern", "western", "northern", "southern", "national", "international",
                  "state", "citizens", "ngo", "federal", "union", "government", "ministry", "police",
                  "party", "forum", "summit", "north", "south", "east", "west"}
PLACE_HEADS = {"port", "province", "district", "region", "county", "corridor",
               "railway", "river", "sea", "lake", "lakes", "park", "street", "strait", "bay", "gulf",
               "ocean", "mountains", "valley", "desert", "peninsula", "airport", "harbour", "harbor",
               "square", "field", "fields", "gas fields", "canal", "dam", "highway", "prefecture",
               "territory", "atoll", "archipelago", "basin", "plateau", "coast"}
LOWER_HEADS = {
    "party": "PoliticalParty", "summit": "Event", "forum": "Event", "meeting": "Event",
    "conference": "Event", "dialogue": "Event", "games": "Event",
    "project": "Initiative", "programme": "Initiative", "program": "Initiative",
    "initiative": "Initiative", "scheme": "Initiative",
    "agreement": "Agreement", "treaty": "Agreement", "pact": "Agreement", "accord": "Agreement",
    "declaration": "Agreement", "memorandum": "Agreement", "deal": "Agreement",
    "exercise": "Event", "exercises": "Event", "drill": "Event", "drills": "Event", "talks": "Event",
    "gang": "ArmedGroup", "cartel": "ArmedGroup", "militia": "ArmedGroup",
}


@dataclass(frozen=True)
class Candidate:
    """A span that names something, its class, gazetteer entry and source rank."""

    span: Span
    cls: str
    entry: Entry | None = None
    rank: int = 2


HEAD_CLASS_ORDER = ("GovernmentBody", "PoliticalParty", "Event", "Agreement", "Report", "Initiative",
                    "ArmedGroup", "Organization")


@cache
def _head_classes() -> dict[str, str]:
    """Head word → class from cues.yaml, the first class in `HEAD_CLASS_ORDER` winning."""
    heads = cues()["heads"]
    table: dict[str, str] = {}
    for cls in HEAD_CLASS_ORDER:
        for w in heads[cls]:
            table.setdefault(w, cls)
    return table


def class_of_head(word: str) -> str | None:
    """The ontology class a head word ("Ministry", "Forum", "Port") implies, if any."""
    w = word.lower()
    if w in PLACE_HEADS:
        return "Place"
    return _head_classes().get(w)


def is_cap(view: DocView, i: int) -> bool:
    """Whether token `i` can be part of a proper name (capitalised, not sentence-initial prose)."""
    text, ent_type = view.texts[i], view.ent_type[i]
    if not text or ent_type in NON_NAME_ENTS:
        return False
    if text[0].isdigit():
        return i > 0 and view.texts[i - 1][:1].isupper() and view.pos[i - 1] == "PROPN"
    if not text[0].isupper():
        return False
    if view.sent_start[i] and view.pos[i] != "PROPN" and not ent_type:
        return False
    lower = view.lower[i]
    return lower not in STOP_STARTS or text.isupper() and len(text) > 1 and lower not in {"a", "i"}


INTERNATIONAL = {"un", "united nations", "eu", "european union", "african union", "asean", "nato", "interpol",
                 "world bank", "imf", "oecd", "osce", "ecowas", "sco"}
STATE_SCHOOL_WORDS = {"police", "military", "defence", "defense", "army", "naval", "public security", "security"}
SCHOOL_HEADS = words("school_nouns")
MEDIA_FIRST = {"radio", "television", "tv"}


HAPPENINGS = {"exercise", "exercises", "drill", "drills", "summit", "games", "conference", "meeting", "talks",
              "olympics", "expo", "symposium", "festival"}


def name_class(span: Span) -> str | None:
    """The class a Title Case name implies: its head word, then what kind of body it is."""
    words_lower = [t.lower_ for t in span]
    text = " ".join(words_lower)
    if words_lower[0] in MEDIA_FIRST and len(span) >= 2:
        return "Organization"
    if words_lower[0] == "operation" and len(span) >= 2:
        return "Initiative"  # "Operation Prosperity Guardian"
    cls = head_class(span)
    head = _head_token(span)
    if cls is None and head is not None and head.lower_ in SCHOOL_HEADS:
        cls = "Organization"
    if cls == "Organization" and head is not None and head.lower_ in SCHOOL_HEADS \
            and any(w in text for w in STATE_SCHOOL_WORDS):
        return "GovernmentBody"
    if cls in {"GovernmentBody", "Event"} and any(f" {w} " in f" {text} " for w in INTERNATIONAL) and not (
            head is not None and head.lower_ in HAPPENINGS):  # "the ASEAN Solidarity Exercise" happens
        return "Organization"
    return cls


def _head_token(span: Span) -> Token | None:
    head = None
    for tok in span:
        if tok.lower_ in COMPLEMENT and tok.i > span.start:
            break
        head = tok
    return head


def head_class(span: Span) -> str | None:
    """The class implied by the head of a Title Case name: the last word before "of/for/on"."""
    head = None
    for tok in span:
        if tok.lower_ in COMPLEMENT and tok.i > span.start:
            break
        head = tok
    if head is None:
        return None
    if head.i > span.start:
        two = f"{head.nbor(-1).lower_} {head.lower_}"
        if two == "economic corridor":
            return "Initiative"
        cls = class_of_head(two)
        if cls:
            return cls
    return class_of_head(head.lower_) or class_of_head(head.lemma_.lower())


RUN_HEADS = set(LOWER_HEADS) | PLACE_HEADS | {"state"}
"""Lower-case head words that end a Title Case name ("the China-Africa forum")."""


def institutional_names(view: DocView) -> list[Candidate]:
    """Title Case names with an institutional head word.

    "Solomon Islands Ministry of Police, National Security and Correctional
    Services" → GovernmentBody; "Global Security Initiative Concept Paper" →
    Report; "China-Africa forum" → Event; "Plitvice Lakes National Park" → Place.
    """
    doc, lower, sent_index = view.doc, view.lower, view.sent_index
    caps = [is_cap(view, i) for i in range(len(doc))]
    out = []
    i, n = 0, len(doc)
    while i < n:
        if not caps[i]:
            i += 1
            continue
        j = _extend_run(view, caps, i)
        span = doc[i:j]
        cls = name_class(span) if len(span) >= 2 else None
        end = j
        if j < n and lower[j] in RUN_HEADS and sent_index[j] == sent_index[i] and _headed_by(view, caps, span, j):
            cls = LOWER_HEADS.get(lower[j], "Place")
            end = j + 1
        elif j + 1 < n and f"{lower[j]} {lower[j + 1]}" in PLACE_HEADS:
            cls, end = "Place", j + 2
        if cls:
            out.append(Candidate(doc[i:end], cls, None, 1))
        i = max(j, i + 1)
    return out


def _headed_by(view: DocView, caps: list[bool], span: Span, j: int) -> bool:
    """Whether the lower-case head word at `j` (one of `RUN_HEADS`) ends the name `span`: not
    after demonyms or a known name alone, nor a place word after an adjective before "of"."""
    demonyms_only = all(t.ent_type_ == "NORP" for t in span)  # "a Brazilian project", "the Indian exercise"
    demonyms_only = demonyms_only or (all(t.ent_id_ for t in span) and len({t.ent_id_ for t in span}) == 1
                                      and span[0].ent_iob_ == "B")  # "the Los Lobos gang": a known name
    named_after = j + 2 < len(caps) and view.lower[j + 1] == "of" and caps[j + 2] and all(
        t.pos_ == "ADJ" or t.ent_type_ == "NORP" for t in span)  # "the Somali port of Bosaso"
    return not demonyms_only and not (named_after and view.lower[j] in PLACE_HEADS)


def _extend_run(view: DocView, caps: list[bool], i: int) -> int:
    """The end of a Title Case run starting at `i`, through name-internal connectors (`caps`:
    `is_cap` of each token)."""
    doc, sent_index = view.tokens, view.sent_index
    n = len(doc)
    j = i + 1
    complement = False
    while j < n:
        t = doc[j]
        if caps[j] and sent_index[j] == sent_index[i]:
            j += 1
            continue
        if _peoples(doc, caps, j):
            j += 1
            continue
        if t.lower_ not in CONNECTORS or j + 1 >= n:
            break
        nxt = j + 1
        while nxt < n and doc[nxt].lower_ in {"the", "-"} and nxt < j + 3:
            nxt += 1
        if t.text in {"-", "–"} and nxt < n - 1 and doc[nxt].is_lower and doc[nxt].lower_.endswith("ed"):
            break  # "the Belgrade-backed Srpska Lista party": Belgrade is not part of the name
        if t.text in {"-", "–"} and nxt < n - 1 and doc[nxt].is_lower and caps[nxt + 1]:
            nxt += 1  # "China-central Asia"
        if nxt >= n or not caps[nxt] or sent_index[nxt] != sent_index[i]:
            break
        if doc[j + 1].lower_ == "the" and t.lower_ in {"and", "&", ","}:
            break  # "the Ministry of Police and the Japan International Cooperation Agency"
        if t.lower_ in {"and", "&", ","} and doc[j + 1].ent_type_ in _CLASS_LABELS and doc[j + 1].ent_iob_ == "B":
            break  # "the Ministry of Interior and Interpol", "the National Police of Peru, Colombia's …"
        if t.lower_ == "for" and nxt + 1 < n and doc[nxt + 1].is_lower and doc[nxt].ent_type_ == "NORP":
            break  # "a proposal from the Ministry … for Chinese officers to patrol"
        if t.lower_ in COMPLEMENT:
            complement = True
        elif t.lower_ in {"and", "&"} and not complement and class_of_head(doc[j - 1].lower_) and not \
                _one_acronym_for_both(view, caps, i, nxt) or t.text == "," and not complement or \
                t.text in {"'", "’"} and doc[j - 1].tag_ not in {"NNS", "NNPS"}:
            break
        j = nxt
    return j


def _one_acronym_for_both(view: DocView, caps: list[bool], i: int, nxt: int) -> bool:
    """"the Estonian Police and Border Guard Board (PPA)": one body, one acronym, when the
    acronym is not just the second name's ("the Ministry of Defence and Armed Forces Command (AFC)")."""
    doc, sent_index = view.doc, view.sent_index
    k = nxt
    while k < len(doc) and caps[k] and sent_index[k] == sent_index[i]:
        k += 1
    if not (k + 2 < len(doc) and doc[k].text == "(" and doc[k + 1].is_upper and doc[k + 2].text == ")"):
        return False
    second = "".join(t.text[0] for t in doc[nxt:k] if t.is_title or t.is_upper)
    return doc[k + 1].text != second


def _peoples(doc: list[Token], caps: list[bool], j: int) -> bool:
    """"People's" inside a name ("China People's Police University")."""
    return doc[j].text in {"'s", "’s"} and j > 0 and doc[j - 1].lower_ == "people" and j + 1 < len(doc) \
        and caps[j + 1]


def titled_people(view: DocView) -> list[Candidate]:
    """People introduced by a title or a possessive country.

    "Prime Minister Fiame Naomi Mata'afa", "Kazakhstan's Kassym-Jomart Tokayev",
    "China's ambassador, Li Ming", "Zeljko Brkic, a state secretary".
    """
    titles = words("titles")
    doc, pos, texts, lower, ent_type = view.doc, view.pos, view.texts, view.lower, view.ent_type
    out = []
    i, n = 0, len(doc)
    while i < n:
        if pos[i] != "PROPN" or not texts[i][:1].isupper() or ent_type[i] in NON_NAME_ENTS \
                or lower[i] in titles or ent_type[i] in _CLASS_LABELS:
            i += 1
            continue
        j = i
        while j < n and j - i < 6:
            if pos[j] == "PROPN" and texts[j][:1].isupper() and lower[j] not in titles \
                    and ent_type[j] not in _CLASS_LABELS | NON_NAME_ENTS:
                j += 1
            elif texts[j] in {"-", "'", "’"} and j > i and j + 1 < n and pos[j + 1] == "PROPN":
                j += 2
            else:
                break
        span = strip_titles(doc[i:j]) if j > i else doc[i:j]
        if 2 <= len(span) <= 4 and _person_cue(span, titles):
            out.append(Candidate(span, "Person", None, 1))
        i = max(j, i + 1)
    return out


_CLASS_LABELS = {"Country", "GovernmentBody", "PoliticalParty", "Organization", "Initiative", "Event",
                 "Place", "Capital", "Person"}


def _person_cue(span: Span, titles: frozenset[str]) -> bool:
    doc = span.doc
    before = [t for t in doc[max(0, span.start - 3):span.start]]
    if before and before[-1].text in {",", "’s", "'s"} and len(before) > 1:
        prev = before[-2]
    elif before:
        prev = before[-1]
    else:
        return False
    if prev.lower_ in titles:
        return True
    if before and before[-1].text in {"’s", "'s"} and prev.ent_type_ in {"Country", "GPE", "Capital"}:
        return True
    root = span.root
    for child in root.children:
        if child.dep_ == "appos" and child.lemma_.lower() in titles:
            return True
    if root.dep_ == "poss" and root.head.lemma_.lower() in LEADER_OF:
        return True
    return root.dep_ == "appos" and root.head.lemma_.lower() in titles


def apposed_names(view: DocView) -> list[Candidate]:
    """"Hutchison Ports, the company that runs …", "Barrio 18, a gang …": a Title Case name the
    parser did not tag, typed by the noun set beside it."""
    table = {phrase: cls for cls, phrases in cues()["appositive_types"].items() for phrase in phrases}
    doc = view.doc
    out = []
    for tok in (view.tokens[i] for i, dep in enumerate(view.dep) if dep == "appos"):
        if tok.dep_ != "appos" or tok.head.i >= tok.i or tok.head.ent_type_ or not is_cap(view, tok.head.i):
            continue
        if not any(c.dep_ == "det" for c in tok.children) or doc[tok.head.i + 1].text != ",":
            continue
        mods = [t.lower_ for t in tok.lefts if t.dep_ in {"compound", "amod"}]
        cls = table.get(f"{mods[-1]} {tok.lemma_.lower()}" if mods else "") or table.get(tok.lemma_.lower())
        if cls is None or cls == "Place":
            continue
        start = tok.head.left_edge.i
        while start < tok.head.i and not is_cap(view, start):
            start += 1
        span = doc[start:tok.head.i + 1]
        if all(is_cap(view, t.i) or t.like_num for t in span):
            out.append(Candidate(span, cls, None, 3))
    return out


def missions_by_country(view: DocView, gaz: Gazetteer) -> list[Candidate]:
    """"EUCAP Somalia", "EUTM Mali": an acronym joined to a country's name is one body (a
    mission or office for that country), not the country, unless the acronym is a known body
    of its own ("the EU Ukraine summit"); a family of missions ("EUCAP Sahel Niger") is not."""
    doc = view.doc
    out = []
    for i, text in enumerate(view.texts[:-1]):
        if not (len(text) >= 3 and text.isupper() and text.isalpha()):
            continue  # an acronym (spaCy's `is_upper` and `is_alpha` are these string tests)
        tok = view.tokens[i]
        nxt = view.tokens[i + 1]
        if not (tok.is_upper and tok.is_alpha and len(tok) >= 3 and tok.ent_type_ not in {"Country", "GPE"}
                and nxt.ent_type_ == "Country" and nxt.ent_iob_ == "B"):
            continue
        known = gaz.entries.get(tok.ent_id_) if tok.ent_id_ else None
        if known is not None and not known.label.startswith(f"{tok.text} "):
            continue
        end = nxt.i + 1
        while end < len(doc) and doc[end].ent_iob_ == "I" and doc[end].ent_type_ == "Country":
            end += 1
        out.append(Candidate(doc[tok.i:end], "Organization", None, 1))
    return out


LEADER_OF = {"government", "coalition", "administration", "cabinet", "presidency", "premiership"}


def ner_candidates(view: DocView, gaz: Gazetteer) -> list[Candidate]:
    """spaCy's NER spans (and the gazetteer's), classified and cleaned."""
    out = []
    for ent in view.ents:
        span = trim(ent)
        if not len(span):
            continue
        if ent.label_ == "Capital":
            out.append(Candidate(span, "Capital", gaz.entries.get(ent.ent_id_), 0))
            continue
        if ent.ent_id_ and ent.ent_id_ in gaz.entries:
            entry = gaz.entries[ent.ent_id_]
            out.append(Candidate(span, entry.cls, entry, 0))
            continue
        split = ent.label_ in {"GPE", "LOC"} and gaz.lookup(span.text) is None  # not "Trinidad and Tobago"
        for part in _coordinated_places(span) if split else [span]:
            cand = _classify_ner(part, ent.label_, gaz)
            if cand is not None:
                out.append(cand)
    return out


def _coordinated_places(span: Span) -> list[Span]:
    """One NER place span covering several ("Kochi and Goa") split into its places."""
    parts, start = [], span.start
    for tok in span:
        if tok.lower_ in {"and", ","} and tok.i > start:
            parts.append(span.doc[start:tok.i])
            start = tok.i + 1
    parts.append(span.doc[start:span.end])
    if len(parts) < 2 or not all(len(p) and p[0].text[:1].isupper() for p in parts):
        return [span]
    return parts


def _classify_ner(span: Span, label: str, gaz: Gazetteer) -> Candidate | None:
    text = span.text
    if label == "ORG" and span.end < len(span.doc) and span.doc[span.end].lower_ in {
            "secretary", "minister", "chief", "spokesman", "spokeswoman", "spokesperson", "commissioner"}:
        return None  # "Philippine Defence Secretary Gilberto Teodoro": part of a title
    if len(span) == 1 and (text.lower() in GENERIC_SINGLE or gaz.demonym_of(text) or text.lower() in words("titles")):
        return None
    entry = gaz.lookup(text)
    if entry is not None:
        return Candidate(span, entry.cls, entry, 2)
    if not any(t.text[:1].isupper() for t in span):
        return None
    if label == "PERSON":
        span = strip_titles(span)
        if len(span) == 1 and span.text.isupper():
            return None
        return Candidate(span, "Person", None, 2)
    if label == "FAC" and span[-1].lower_ in SCHOOL_HEADS:
        return Candidate(span, name_class(span) or "Organization", None, 2)  # "the Saint-Cyr military academy"
    if label in {"GPE", "LOC", "FAC"}:
        return Candidate(span, "Place", None, 2)
    if label == "ORG":
        return Candidate(span, org_class(span), None, 2)
    if label == "EVENT":
        cls = head_class(span)
        return Candidate(span, cls, None, 2) if cls in {"Event", "Agreement"} else None
    if label == "LAW":
        return Candidate(span, "Agreement", None, 2)
    return None


def org_class(span: Span) -> str:
    """Classify an ORG span by its words: government body, party, event, …"""
    lowered = {t.lower_ for t in span}
    if lowered & words("government_markers") and not lowered & INTERNATIONAL:
        return "GovernmentBody"
    cls = name_class(span)
    if cls in {"Event", "Agreement", "Report", "PoliticalParty", "ArmedGroup", "Initiative", "Place",
               "GovernmentBody"}:
        return cls
    return "Organization"


def trim(span: Span) -> Span:
    """Drop a leading determiner and a trailing possessive or punctuation."""
    doc = span.doc
    start, end = span.start, span.end
    while start < end and (doc[start].lower_ in {"the", "a", "an"} or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct
                           or doc[end - 1].text in {"'s", "’s"}):
        end -= 1
    return doc[start:end]


def strip_titles(span: Span) -> Span:
    """Drop leading titles from a person's name ("President Xi Jinping" → "Xi Jinping")."""
    titles = words("titles")
    start = span.start
    while start < span.end - 1 and (span.doc[start].lower_.rstrip(".") in titles or _abbreviated_title(
            span.doc[start]) or span.doc[start].text == "."):
        start += 1
    return span.doc[start:span.end]


ABBREVIATED_TITLES = {"gen", "maj", "lt", "col", "brig", "adm", "capt", "sgt", "cpl", "cmdr", "cdr", "gov",
                      "sen", "rep", "prof", "supt", "insp", "amb", "pres", "lieut", "cmdt"}


def _abbreviated_title(tok: Token) -> bool:
    """"Maj.", "Gen.", "Lt." before a name (with their full stop, so not the name "Sen")."""
    text = tok.text.lower()
    return text.endswith(".") and text.rstrip(".") in ABBREVIATED_TITLES or (
        tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].text == "." and text in ABBREVIATED_TITLES)


def choose(candidates: list[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates: the longest span first, then the better source."""
    ordered = sorted(candidates, key=lambda c: (-len(c.span), c.rank, c.span.start))
    taken: set[int] = set()
    chosen = []
    for cand in ordered:
        idx = set(range(cand.span.start, cand.span.end))
        if idx & taken:
            continue
        chosen.append(cand)
        taken |= idx
    return sorted(chosen, key=lambda c: c.span.start)


SITE_NOUNS = {"port", "base", "terminal", "airport", "harbour", "harbor", "prison", "camp", "crossing", "town",
              "city", "village", "station", "outpost", "checkpoint", "facility", "academy", "school", "college"}


def reclassify_by_context(chosen: list[Candidate], gaz: Gazetteer) -> list[Candidate]:
    """Fix NER classes from context: a "person" or "organisation" listed with places,
    or named as a location ("in Smederevo") and known as a city, is a place."""
    by_token = {t: c for c in chosen for t in range(c.span.start, c.span.end)}
    out = []
    for cand in chosen:
        if cand.entry is None and cand.rank == 2 and cand.cls in {"Person", "Organization"}:
            root = cand.span.root
            peers = [by_token.get(t.i) for t in root.conjuncts] + (
                [by_token.get(root.head.i)] if root.dep_ == "conj" else [])
            placey = any(p is not None and p.cls in {"Place", "Capital"} for p in peers)
            city = gaz.city_country(cand.span.text) is not None
            locative = root.dep_ == "pobj" and root.head.lower_ in {"in", "at", "near", "to", "from"}
            strictly = root.dep_ == "pobj" and root.head.lower_ in {"in", "near"} and (
                cand.cls == "Person" or city and len(cand.span) <= 3)  # "the academy in Hyderabad"
            strictly = strictly or (root.dep_ == "pobj" and root.head.lower_ == "near" and len(cand.span) <= 2
                                    and name_class(cand.span) is None)  # "a border post near Shuroobod"
            strictly = strictly or (locative and root.head.head.lemma_ in SITE_NOUNS and len(cand.span) <= 2
                                    and name_class(cand.span) is None)  # "the deep-water port at Posorja"
            strictly = strictly or (root.dep_ == "pobj" and root.head.lower_ == "of" and len(cand.span) <= 3
                                    and root.head.head.lemma_ in words("settlement_nouns") and name_class(cand.span) is None)
            end = cand.span.end
            if end + 1 < len(cand.span.doc) and cand.span.doc[end].text == "-" and cand.span.doc[end + 1].lower_ == "based":
                strictly = True  # "the Lyon-based organisation"
            if placey or strictly or (city and locative and cand.cls == "Person" and len(cand.span) <= 2):
                cand = Candidate(cand.span, "Place", None, cand.rank)
        out.append(cand)
    return out

"""Descriptive names that denote one specific thing: "an annual policing forum in
Lianyungang", "a May 2023 report by the Africa Center", "the Serbian interior ministry",
"the EU delegation in Accra"; and the noun-phrase helpers they rest on."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from graph.nlp.docview import DocView
from graph.nlp.mentions import DocEntities, LocalEntity
from graph.resolve import normalise_name

# --- descriptive names -------------------------------------------------------------

EVENT_HEADS = {"forum", "summit", "conference", "dialogue", "meeting", "games", "assembly", "congress", "exercise",
               "drill",
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
    view = ents.view
    for i, pos in enumerate(view.pos):
        if pos not in {"NOUN", "PROPN"} or i in ents.token_key:
            continue
        tok = view.tokens[i]
        lemma = head_lemma(tok)
        if ents.skips_char(view.idx[i]):
            continue
        if lemma in EVENT_HEADS and tok.tag_ in {"NN", "NNP"}:
            _descriptive_event(ents, tok)
        elif lemma in REPORT_HEADS and tok.tag_ in {"NN", "NNP"}:
            _descriptive_document(ents, tok)
        elif lemma in BODY_HEADS:
            _descriptive_body(ents, tok)
    for title in quoted_spans(ents.view):
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
    while start < tok.i and not _hyphened_number(doc, start) and (
            doc[start].dep_ in {"det", "poss", "case", "punct", "nummod", "quantmod"}
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


def _hyphened_number(doc: Doc, i: int) -> bool:
    """"three-day", "five-year": a number that is part of an adjective, not a count."""
    return doc[i].like_num and i + 2 < len(doc) and doc[i + 1].text == "-" and not doc[i + 2].like_num


def clipped_edge(tok: Token, *, participles: bool = False, dates: bool = True, names: bool = False) -> int:
    """The right edge of `tok`'s subtree, stopping before a comma, an appositive or a
    clause (but never inside a name); `participles` keeps "released in December";
    without `dates`, it stops before a date phrase ("a plan to host trainers in March")."""
    edge = tok.i
    stop = {"appos", "relcl", "advcl", "punct", "cc", "conj", "parataxis"} | (set() if participles else {"acl"})
    for child in tok.rights:
        if names and tok.pos_ == "PROPN" and (child.dep_ == "cc" or child.dep_ == "conj" and child.pos_ == "PROPN"):
            edge = max(edge, clipped_edge(child, participles=participles, dates=dates, names=names))
            continue  # with `names`, a list of names stays whole ("of Romania and Bulgaria")
        if child.dep_ in stop or child.text == ",":
            break
        if not dates and child.dep_ == "prep" and any(t.ent_type_ == "DATE" for t in child.children):
            break
        if tok.pos_ == "PROPN" and child.dep_ == "prep" and child.lower_ in {"in", "on"} and any(
                t.dep_ == "pobj" and t.pos_ == "NOUN" for t in child.children):
            break  # "officers of the Police Force in marksmanship": what they learn, not part of the name
        edge = max(edge, clipped_edge(child, participles=participles, dates=dates, names=names))
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
                  or any(t.lemma_ in {"day", "week"} for t in c.subtree) for c in tok.lefts)  # "a three-day meeting"
    if not (_has_name_modifier(tok, ents) or preps and (ordinal or tok.lower_ != "meeting")):
        return
    base = noun_phrase(tok)
    whose = noun_phrase(tok, right={"of"})  # "the annual conference of the Pacific Islands Chiefs of Police"
    named_by = whose.end > base.end and any(ents.at(t.i) is not None for t in whose[base.end - whose.start:])
    full = noun_phrase(tok, right={"on", "of", "in"})
    key = ents.add_descriptive(base, "Event", label=whose.text if named_by else None, named=True)
    if named_by:
        ents.also_described(key, base.text)
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


def quoted_spans(view: DocView) -> list[Span]:
    """The spans between double quotes, sentence by sentence."""
    doc, texts = view.doc, view.texts
    out = []
    for sent in view.sents:
        opening = None
        for i in range(sent.start, sent.end):
            if texts[i] in {"“", '"'} and opening is None:
                opening = i
            elif texts[i] in {"”", '"'} and opening is not None:
                if i > opening + 1:
                    end = i - 1 if texts[i - 1] in {",", "."} else i
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
            ents.forget(ent.key)  # not only deleted: a later mention of the name makes it anew
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
        name_with_country(ents, key, country)
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
    doc, view = ents.doc, ents.view
    for i, lemma in enumerate(view.lemma):
        if lemma.lower() not in OUTLET_NOUNS or view.pos[i] != "NOUN" or i + 1 >= len(doc):
            continue
        tok = view.tokens[i]
        nxt = doc[tok.i + 1]
        if tok.i + 1 in ents.token_key or not (nxt.is_upper and len(nxt) >= 2 or nxt.pos_ == "PROPN"):
            continue
        end = tok.i + 2
        while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper() and end - tok.i < 5:
            end += 1
        key = ents.add(tok.i + 1, end, "Organization", doc[tok.i + 1:end].text)
        ents.entities[key].media = True




def name_with_country(ents: DocEntities, key: str, country: str) -> None:
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

"""Qualifiers of a relation: status, date, quantity, and who it is attributed to.

Status comes from modality and tense: "will train", "plans to", "announced it
would" → Planned; "are being coached", "keep going" → Ongoing; past or perfect
→ Completed. Counterfactual, conditional, questioned and denied clauses are
flagged so the rules drop them. Dates are the clause's own date expression,
else its governors', else the sentence's only calendar date; relative
expressions resolve against the article's date, and discourse-relative ones
("three months later", "that month") against the last date the text gave.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from graph.dates import MONTHS, anchor_date, normalise_date, normalise_span
from graph.dates import Span as DateSpan
from graph.nlp.docview import DocView
from graph.nlp.lexicon import words
from graph.nlp.syntax import aux_words, governors, nearest_clause_tokens, negated

NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
                "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
                "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
                "ninety": 90, "dozen": 12}
SCALE = {"thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000, "hundred": 100}


@dataclass(frozen=True)
class Modality:
    """How a clause presents its event."""

    status: str | None
    blocked: str | None = None
    """Why the clause states no fact ("negated", "hypothetical", "question", "denied"), or None."""


def modality(trigger: Token, view: DocView | None = None) -> Modality:
    """Status of the event `trigger` denotes, or why it is not a fact (`view` is the
    document's view, when the caller has it)."""
    sent_text = trigger.sent.text if view is None else view.sent_text_of(trigger.i)
    if sent_text.rstrip().endswith("?"):
        return Modality(None, "question")
    chain = [trigger, *list(governors(trigger))[:4]]
    planned_verbs = words("modality", "planned_verbs")
    planned_nouns = words("modality", "planned_nouns")
    # "rejected a memorandum that Ethiopia had concluded": the relative clause describes the
    # rejected thing; the conclusion itself is not denied
    describes_object = trigger.dep_ == "relcl" and not any(c.dep_ == "dobj" for c in trigger.children)
    for tok in chain:
        if tok.lemma_ in words("modality", "denial_verbs") and tok is not trigger and tok.pos_ == "VERB" \
                and not describes_object:
            return Modality(None, "denied")
        if tok.lemma_.lower() in words("modality", "counterfactual_nouns") and tok.pos_ == "NOUN":
            return Modality(None, "hypothetical")
        if tok.lower_ in {"without"}:
            return Modality(None, "negated")
        if tok.pos_ in {"VERB", "AUX"} and any(c.dep_ == "mark" and c.lower_ in words(
                "modality", "hypothetical_markers") for c in tok.children):
            return Modality(None, "hypothetical")
        if tok.pos_ in {"VERB", "AUX"} and tok.dep_ in {"ccomp", "advcl", "ROOT", "conj", "relcl"} and tok is not trigger:
            break
    auxes = aux_words(trigger)
    if "would" in auxes and "have" in auxes:
        return Modality(None, "hypothetical")
    if any(c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ in {"who", "what", "whom"} for c in trigger.children) \
            and trigger.dep_ in {"ccomp", "xcomp", "advcl"}:
        return Modality(None, "question")  # "he did not say who would train it"
    for gov in list(governors(trigger))[:3]:
        if gov.pos_ in {"VERB", "AUX"} and "would" in aux_words(gov) and "have" in aux_words(gov):
            return Modality(None, "hypothetical")
    if any(a in {"could", "might", "may"} for a in auxes):
        return Modality(None, "hypothetical")
    return Modality(_status(trigger, auxes, planned_verbs, planned_nouns))


def _status(trigger: Token, auxes: list[str], planned_verbs: frozenset[str],
            planned_nouns: frozenset[str]) -> str | None:
    ongoing = words("modality", "ongoing_verbs")
    if trigger.lemma_ in ongoing or (trigger.dep_ == "xcomp" and trigger.head.lemma_ in ongoing):
        return "Ongoing"
    if any(a in words("modality", "future_aux") for a in auxes) or "would" in auxes:
        return "Planned"
    if trigger.tag_ == "VBN" and trigger.dep_ in {"acl", "amod"} and not auxes:
        return "Completed"  # "the accord, signed in Madrid on June 16, …": done, whatever the main clause plans
    if {"is", "are", "was", "were"} & set(auxes) and any(c.dep_ == "aux" and c.lower_ == "to"
                                                          for c in trigger.children):
        return "Planned"
    if trigger.dep_ == "xcomp" and trigger.head.lemma_ == "be" and "to" in auxes:
        return "Planned"  # "officers are to be trained"
    prev = trigger
    for gov in list(governors(trigger))[:6]:
        lemma = gov.lemma_.lower()
        if lemma == "be" and prev.dep_ == "xcomp" and any(c.dep_ == "aux" and c.lower_ == "to" for c in prev.children):
            return "Planned"  # "Turkey is to help build and train a navy"
        prev = gov
        if gov.pos_ == "VERB" and lemma in planned_verbs and trigger.dep_ in {"xcomp", "ccomp", "pcomp", "acl",
                                                                             "advcl", "dobj", "pobj"}:
            if lemma in {"agree", "announce", "decide"} and trigger.tag_ in {"VBD", "VBN"}:
                break
            return "Planned"
        if gov.pos_ == "NOUN" and lemma in planned_nouns:
            return "Planned"
        if gov.pos_ == "VERB" and any(c.dep_ == "dobj" and c.lemma_ in planned_nouns for c in gov.children):
            return "Planned"
        if gov.pos_ == "VERB" and any(a in {"will", "would"} for a in aux_words(gov)):
            return "Planned"
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in gov.children)
        if gov.pos_ in {"VERB", "AUX"} and gov.dep_ in {"ROOT", "ccomp", "advcl", "relcl"} and gov.tag_ != "VBG" \
                and not infinitive:
            break
    if trigger.lemma_ in {"plan", "offer", "proposal", "pledge"}:
        return "Planned"
    if any(g.lemma_ in words("modality", "ongoing_verbs") for g in list(governors(trigger))[:2]) or (
            trigger.tag_ == "VBG" and {"is", "are", "am", "being"} & set(auxes)):
        return "Ongoing"
    if "being" in auxes and {"are", "is"} & set(auxes):
        return "Ongoing"
    if trigger.tag_ == "VBG" and "been" in auxes and {"has", "have"} & set(auxes):
        return "Ongoing"
    if trigger.tag_ in {"VBD"} or {"has", "have", "had", "was", "were"} & set(auxes):
        return "Completed"
    if trigger.tag_ == "VBN" and trigger.dep_ in {"acl", "relcl", "amod"}:
        return "Completed"
    if trigger.tag_ in {"VBZ", "VBP"} and trigger.lemma_ not in {"be", "have"}:
        return "Ongoing"
    return None


def continuing(trigger: Token) -> bool:
    """Present perfect ("has trained", "has been trained"), not past perfect: with "since", what
    began then goes on now. A counted result ("700 officers have been trained since") is done."""
    auxes = aux_words(trigger)
    return bool({"has", "have", "'s", "'ve"} & set(auxes)) and "had" not in auxes


def is_negated(trigger: Token) -> bool:
    """Whether the clause of `trigger`, or a controlling verb, is negated."""
    if negated(trigger):
        return True
    for gov in list(governors(trigger))[:2]:
        if gov.pos_ in {"VERB", "AUX"} and trigger.dep_ in {"xcomp"} and negated(gov):
            return True
    return False


# --- dates ---------------------------------------------------------------------------

_RELATIVE = re.compile(
    r"^(?:(?P<n>\w+) (?P<unit>day|week|month|year)s? (?:later|after(?:wards)?)|within (?:\w+ )?(?:day|week)s?|"
    r"(?:the )?(?:following|next) (?P<unit2>day|week|month|year)|(?:that|the same) (?P<unit3>day|month|year)|"
    r"days later|weeks later|months later|the end of that month|at the end of that month)$",
    re.IGNORECASE)
_CALENDAR = re.compile(r"\b(1[89]|20)\d\d\b|\b(" + "|".join(MONTHS) + r")\b|\b(monday|tuesday|wednesday|thursday|"
                       r"friday|saturday|sunday|last year|this year|this month|last month|years? ago|"
                       r"last week|this week)\b", re.IGNORECASE)


_MONTH_NAMES = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
# Every alternative starts with a digit, a month name or "early", "mid", "late": the lookahead
# lets the regex engine skip other positions at once (five times faster, same matches).
_DATE_EXPRESSIONS = re.compile(
    rf"(?=[0-9JFMASONDeml])(?:\b(?:(?:early|mid|late)[ -])?(?:\d{{1,2}} )?{_MONTH_NAMES}(?: \d{{1,2}})?,? (?:19|20)\d\d\b"
    rf"|\b{_MONTH_NAMES} \d{{1,2}}\b|\b\d{{1,2}} {_MONTH_NAMES}\b"
    r"|(?<=\b[Ii]n )(?:19|20)\d\d\b(?![-–]|\d| ?%| (?:million|billion|people|officers))"
    r"|(?<=\b[Ss]ince )(?:19|20)\d\d\b|(?<=\b[Bb]y )(?:19|20)\d\d\b"
    rf"|(?<=\b[Ii]n ){_MONTH_NAMES}(?! \d)|(?<=\b[Ll]ast ){_MONTH_NAMES}|(?<=\b[Tt]his ){_MONTH_NAMES})"
)


# every alternative starts a word: the lookahead lets the engine skip other positions at once;
# a number or word before "years ago" is a whole word, so it is matched without backtracking (\w++)
_RELATIVE_EXPRESSIONS = re.compile(
    r"\b(?=\w)(?:\b(?:last|this|next|earlier this|later this) (?:year|month|week)\b|\b\w++ (?:years|months) ago\b"
    r"|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|\byesterday\b"
    r"|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+) (?:days|weeks) (?:earlier|later|before)\b)",
    re.IGNORECASE)


def date_spans(view: DocView) -> list[Span]:
    """Date expressions: spaCy's DATE entities, and the years, months and relative
    dates it misses."""
    doc, text = view.doc, view.text
    spans = [s for s in (_tidy_date(e) for e in view.ents if e.label_ == "DATE") if len(s)]
    taken = {i for e in spans for i in range(e.start, e.end)}
    matches = list(_DATE_EXPRESSIONS.finditer(text)) + list(_RELATIVE_EXPRESSIONS.finditer(text))
    for m in matches:
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is None or any(i in taken for i in range(span.start, span.end)):
            continue
        spans.append(span)
        taken.update(range(span.start, span.end))
    return sorted(spans, key=lambda s: s.start)


def _tidy_date(span: Span) -> Span:
    """A DATE entity without trailing punctuation or "'s" ("14 January:", "next year's"), and
    with a day number the model left out ("6 March" tagged as "March")."""
    doc, start, end = span.doc, span.start, span.end
    while end > start and (doc[end - 1].is_punct or doc[end - 1].tag_ == "POS"):
        end -= 1
    if start > 0 and doc[start].lower_ in MONTHS and doc[start - 1].is_digit and 1 <= int(doc[start - 1].text) <= 31:
        start -= 1
    return doc[start:end]


LATER_ACTS = {"renew", "extend", "revoke", "cancel", "end", "terminate", "suspend", "scrap", "withdraw", "leave",
              "quit", "amend", "expand", "upgrade", "review", "abandon", "ratify"}


def _prenominal(tok: Token) -> bool:
    """A date word before the noun it modifies: "its 2019 police training protocol"."""
    head = tok.head
    while head.i < len(tok.doc) and head.ent_type_ == "DATE" and head.head != head and head.head.i > head.i:
        head = head.head
    return head.pos_ in {"NOUN", "PROPN"} and head.i > tok.i and head.ent_type_ != "DATE" and tok.dep_ in {
        "nummod", "compound", "amod", "nmod", "poss"}


def _counts_days(text: str) -> bool:
    return bool(re.search(r"\b(?:days?|weeks?)\b", text, re.IGNORECASE))


class DateContext:
    """Dates of one document in reading order, for discourse-relative expressions."""

    def __init__(self, view: DocView, anchor: str | None, skip: list[tuple[int, int]]) -> None:
        self.view = view
        self.doc = doc = view.doc
        self.anchor = anchor
        self.values: dict[int, str | DateSpan] = {}
        self.token_start: dict[int, int] = {}
        self.calendar: dict[int, bool] = {}
        """Whether the date at a start token names a calendar time (filled on first use)."""
        last: str | None = None
        last_day: str | None = None
        """The last date given to the day: what "the same day" and "two days earlier" count from,
        unless a later month was named since (a bare year is background, not a new reference)."""
        for ent in date_spans(view):
            if any(a <= ent.start_char < b for a, b in skip):
                continue
            day_base = last_day if last_day and (last is None or len(last) == 4 or last_day.startswith(last)) else None
            value = self._resolve(ent, day_base if _counts_days(ent.text) and day_base else last)
            if value is not None:
                self.values[ent.start] = value
                for i in range(ent.start, ent.end):
                    self.token_start[i] = ent.start
                deadline = ent.start > 0 and doc[ent.start - 1].lower_ in {"until", "till", "by", "through"}
                if not deadline:  # "trained until the end of July": a deadline, not when the story is
                    last = (value.end or value.start) if isinstance(value, DateSpan) else value
                    last_day = last if len(last) == 10 else last_day
        self.dated_sents = {view.sent_index[i] for i in self.token_start}
        """The sentences that hold a date (a clause's tree stays within its sentence)."""

    def _resolve(self, ent: Span, last: str | None) -> str | DateSpan | None:
        text = ent.text
        span = normalise_span(text, self.anchor)
        if span is not None:
            return span
        prev_word = ent.doc[ent.start - 1].lower_ if ent.start > 0 else ""
        tense = _clause_tense(ent)
        if tense is None and prev_word in {"until", "till"}:
            tense = False  # "is being trained until the end of July": the July ahead
        value = normalise_date(text, self.anchor, past=tense)
        if value is not None:
            # "has trained officers since 2019": an open span that starts then
            return DateSpan(value, "") if prev_word == "since" else value
        value = relative_to(f"{prev_word} {text}".strip() if prev_word in {"at", "within"} else text, last)
        return DateSpan(value, "") if value is not None and prev_word == "since" else value  # "since that year"

    def date_of(self, trigger: Token) -> str | DateSpan | None:
        """The date of the event `trigger` denotes (see module doc)."""
        sent = self.view.sent_of(trigger.i)
        if self.view.sent_index[trigger.i] not in self.dated_sents:
            return self._heading_date(sent)  # no date in the clause, its governors or its sentence
        clause = nearest_clause_tokens(trigger)
        # "renewed its 2019 protocol on 2 April": the year names the protocol, not the renewal
        found = self._first_in(clause, prenominal=False)
        if found is None and trigger.lemma_ not in LATER_ACTS:
            found = self._first_in(clause)
        if found is not None:
            return found
        for gov in list(governors(trigger))[:5]:
            if gov.pos_ in {"VERB", "AUX", "NOUN"}:
                found = self._first_in([gov, *[c for c in gov.children if c.dep_ in {
                    "prep", "npadvmod", "advmod", "tmod", "nmod", "nummod"}]], deep=True)
                if found is not None:
                    return found
        calendar = [(i, v) for i, v in self.values.items() if sent.start <= i < sent.end
                    and self._calendar(i)
                    and not (trigger.lemma_ in LATER_ACTS and _prenominal(self.doc[i]))]
        if len(calendar) == 1:
            return calendar[0][1]
        return self._heading_date(sent)

    def _heading_date(self, sent: Span) -> str | DateSpan | None:
        """The date heading a list item ("- 2 April: Qatar renewed …", split off as its own sentence)."""
        if sent.start == 0:
            return None
        before = self.view.sent_of(sent.start - 1)
        words_ = [t for t in before if not (t.is_punct or t.is_space or t.pos_ == "SYM")]
        start = self._ent_start(words_[0]) if words_ else None
        if start is None or any(self.token_start.get(t.i) != start for t in words_):
            return None
        return self.values[start]

    def _first_in(self, tokens: list[Token], deep: bool = False, prenominal: bool = True) -> str | DateSpan | None:
        """The first date among `tokens` (and, when `deep`, inside their phrases); without
        `prenominal`, not one that modifies a following noun ("its 2019 protocol")."""
        pool: list[Token] = []
        for tok in tokens:
            if deep and tok.dep_ in {"prep", "npadvmod", "tmod", "nmod"}:
                pool.extend(nearest_clause_tokens(tok))
            else:
                pool.append(tok)
        starts = sorted({s for s in (self._ent_start(t) for t in pool) if s is not None
                         and (prenominal or not _prenominal(self.doc[s]))})
        return self.values[starts[0]] if starts else None

    def _calendar(self, start: int) -> bool:
        """Whether the date starting at token `start` names a year, month or weekday."""
        if start not in self.calendar:
            self.calendar[start] = bool(_CALENDAR.search(self.doc[start:start + 3].text))
        return self.calendar[start]

    def _ent_start(self, tok: Token) -> int | None:
        return self.token_start.get(tok.i)

    def in_noun_phrase(self, tok: Token) -> str | None:
        """A date inside a noun phrase ("its 2011 policing agreement")."""
        for t in tok.lefts:
            start = self._ent_start(t)
            if start is not None:
                value = self.values[start]
                return value.start if isinstance(value, DateSpan) else value
            if t.like_num and re.fullmatch(r"(19|20)\d\d", t.text):
                return t.text
        return None


def _clause_tense(ent: Span) -> bool | None:
    """True in a past clause, False in a future one, None when the clause does not say."""
    verb = ent.root
    for _ in range(6):
        if verb.pos_ in {"VERB", "AUX"}:
            break
        if verb.head == verb:
            return None
        verb = verb.head
    while verb.dep_ == "xcomp" and verb.pos_ in {"VERB", "AUX"} and not aux_words(verb) and verb.head != verb:
        verb = verb.head  # "will begin studying … in September": the tense of "begin"
    auxes = aux_words(verb) if verb.pos_ in {"VERB", "AUX"} else []
    if {"will", "shall", "'ll", "would"} & set(auxes) or any(
            c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) and {"is", "are"} & set(auxes):
        return False
    if verb.tag_ in {"VBD"} or {"has", "have", "had", "was", "were"} & set(auxes):
        return True
    return None


def relative_to(text: str, last: str | None) -> str | None:
    """Resolve "three months later", "two days earlier", "within two days", "that month",
    "the same day", "that December" against `last`, as precisely as `last` is given."""
    if last is None:
        return None
    text = text.strip()
    month_named = re.match(r"^(?:that|the same|later that|in that) (\w+)$", text, re.IGNORECASE)
    if month_named and month_named[1].lower() in MONTHS:
        return f"{last[:4]}-{MONTHS[month_named[1].lower()]:02d}"
    base = anchor_date(last)
    if base is None:
        return None
    earlier = _EARLIER.match(text)
    if earlier:
        return _moved(base, earlier["unit"].lower(), -_count(earlier["n"]))
    later = _RELATIVE.match(text)
    if later is None:
        return None
    if later["unit3"]:
        return _moved(base, later["unit3"].lower(), 0)  # "that month", "the same day"
    if later["unit2"]:
        return _moved(base, later["unit2"].lower(), 1)  # "the following day"
    return _moved(base, (later["unit"] or "").lower(), _count(later["n"]))


_EARLIER = re.compile(r"^(?P<n>\w+) (?P<unit>day|week|month|year)s? (?:earlier|before)$", re.IGNORECASE)


def _count(word: str | None) -> int:
    """"three" → 3, "12" → 12; one when the text gives no number ("days later")."""
    word = (word or "").lower()
    return NUMBER_WORDS.get(word) or (int(word) if word.isdigit() else 1)


def _moved(base: tuple[int, int | None, int | None], unit: str, steps: int) -> str:
    """A date `steps` units after `base` (before, when negative), no more precise than `base`:
    days move a full date, and only say the month of a date given to the month."""
    year, month, day = base
    if unit in {"day", "week"} and month and day:
        moved = datetime.date(year, month, day) + datetime.timedelta(days=steps * (7 if unit == "week" else 1))
        return moved.isoformat()
    if unit == "month" and month:
        total = year * 12 + (month - 1) + steps
        return f"{total // 12:04d}-{total % 12 + 1:02d}"
    if unit == "year":
        return f"{year + steps:04d}"
    return f"{year:04d}-{month:02d}" if month else f"{year:04d}"


# --- quantities and attribution ---------------------------------------------------------

def quantity(tok: Token) -> int | None:
    """The number a noun phrase counts ("3,000 police officers", "nearly 400 RSIPF officers")."""
    if tok.pos_ == "NUM":
        return parse_number(tok)
    for child in tok.children:
        if child.dep_ == "nummod" or (child.like_num and child.dep_ in {"amod", "compound", "quantmod"}):
            value = parse_number(child)
            if value is not None:
                return value
    for child in tok.children:  # "Thirty Philippine cadets", the number hung from the adjective
        if child.dep_ in {"amod", "compound"} and child.i < tok.i:
            for grand in child.children:
                if grand.like_num and grand.dep_ in {"nummod", "compound"} and grand.i < child.i:
                    return parse_number(grand)
    return None


def parse_number(tok: Token) -> int | None:
    """An integer from digits or words ("2,700", "thirteen", "1.5 million", "three hundred")."""
    words_value = _number_phrase(tok)
    if words_value is not None:
        return words_value
    text = tok.text.replace(",", "").lower()
    scale = 1
    for child in tok.children:
        if child.lower_ in SCALE:
            scale = SCALE[child.lower_]
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if nxt is not None and nxt.lower_ in SCALE and nxt.head == tok.head:
        scale = SCALE[nxt.lower_]
    try:
        return round(float(text) * scale)
    except ValueError:
        pass
    if text in NUMBER_WORDS:
        return NUMBER_WORDS[text] * scale
    if text in {"thousands", "hundreds", "dozens"}:
        return None
    return None


def _number_phrase(tok: Token) -> int | None:
    """The value of a number written in words around `tok` ("three hundred", "two thousand",
    "two hundred and fifty")."""
    doc = tok.doc
    number_words = set(NUMBER_WORDS) | set(SCALE) | {"-"}

    def part_of_number(i: int) -> bool:
        if doc[i].lower_ in number_words:
            return True
        # "and" joins number words only after a scale word: "two hundred and fifty"
        return (doc[i].lower_ == "and" and 0 < i < len(doc) - 1 and doc[i - 1].lower_ in SCALE
                and doc[i + 1].lower_ in NUMBER_WORDS)

    start = tok.i
    while start > 0 and part_of_number(start - 1):
        start -= 1
    end = tok.i + 1
    while end < len(doc) and part_of_number(end):
        end += 1
    words_ = [t.lower_ for t in doc[start:end] if t.lower_ not in {"-", "and"}]
    tens = {"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}
    if len(words_) < 2 or not (any(w in SCALE for w in words_) or words_[0] in tens):
        return None
    total, current = 0, 0
    for w in words_:
        if w in SCALE:
            current = max(current, 1) * SCALE[w]
            if SCALE[w] >= 1000:
                total, current = total + current, 0
        elif w in NUMBER_WORDS:
            current += NUMBER_WORDS[w]
    return total + current or None


def attribution(trigger: Token) -> Token | None:
    """The speaker a fact is credited to: the subject of a reporting verb that
    governs it ("Napuat said Vanuatu already has …"), or "according to X"."""
    report = words("modality", "report_verbs")
    for gov in list(governors(trigger))[:4]:
        if gov.pos_ == "VERB" and gov.lemma_ in report:
            for child in gov.children:
                if child.dep_ == "nsubj":
                    return child
        for child in gov.children:
            if child.lower_ == "according":
                for prep in child.children:
                    for obj in prep.children:
                        if obj.dep_ == "pobj":
                            return obj
    for child in trigger.children:
        if child.lower_ == "according":
            for prep in child.children:
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        return obj
    return None

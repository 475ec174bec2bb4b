"""Dates in news text: datelines and expressions normalised to ISO 8601.

Values keep the precision the text gives: ``2024`` (xsd:gYear), ``2024-09``
(xsd:gYearMonth) or ``2024-09-05`` (xsd:date). Relative expressions ("last
year", "in July", "on Tuesday") are resolved against an anchor, the article's
own date, and are left unresolved (None) when there is no anchor.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "october": 10,
    "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
}
SEASONS = {"spring", "summer", "autumn", "fall", "winter"}
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "a": 1, "an": 1,
}

_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"

_ABSOLUTE = [
    re.compile(rf"^{_YEAR}-(?P<mnum>[01]\d)-(?P<dnum>[0-3]\d)$"),
    re.compile(rf"^(?P<dnum>[0-3]?\d)/(?P<mnum>[01]?\d)/{_YEAR}$"),
    re.compile(rf"^{_DAY}\s+{_MONTH},?\s+{_YEAR}$"),
    re.compile(rf"^{_MONTH}\s+{_DAY},?\s+{_YEAR}$"),
    re.compile(rf"^{_MONTH},?\s+{_YEAR}$"),
    re.compile(rf"^{_YEAR}-(?P<mnum>[01]\d)$"),
    re.compile(rf"^{_YEAR}$"),
    re.compile(rf"^{_DAY}\s+{_MONTH}$"),
    re.compile(rf"^{_MONTH}\s+{_DAY}$"),
    re.compile(rf"^{_MONTH}$"),
]
_ABSOLUTE = [re.compile(p.pattern, re.IGNORECASE) for p in _ABSOLUTE]

_LEADING = re.compile(
    r"^(?:(?:earlier|later)\s+)?(?:(?:in|on|at|by|since|from|during|of|as of|around|about|until|till|before|after)\s+)?"
    r"(?:(?:early|mid|middle|late|the end of|the start of|the beginning of|the middle of|the autumn of|"
    r"the spring of|the summer of|the winter of|the fall of|the first half of|the second half of)[\s-]+)?"
    r"(?:(?:the\s+)?(?:spring|summer|autumn|fall|winter)\s+(?:of\s+)?)?",
    re.IGNORECASE,
)

UPPER = "A-ZÀ-ÖØ-Þ"
"""Upper-case letters of datelines ("MALÉ", "ASUNCIÓN")."""
_DATELINE = re.compile(
    rf"^\s*[{UPPER}][{UPPER}'’.\- ]*[{UPPER}.](?:\s*/\s*[{UPPER}][{UPPER}'’.\- ]*[{UPPER}.])*\s*,\s*(?P<rest>[^\n]{{3,}})$",
    re.MULTILINE,
)
_DATELINE_END = re.compile(r"\s*\((?:Reuters|AP|AFP|Xinhua|Bloomberg|dpa|Kyodo|Yonhap|Bernama|ANI|PTI|UPI)\)|\s+[-–—]|[–—]")


@dataclass(frozen=True)
class Span:
    """A span of time given by "between 2018 and 2021" or "from 2023 to 2025"."""

    start: str
    end: str


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _parse_absolute(expr: str) -> tuple[int | None, int | None, int | None] | None:
    """(year, month, day) of an absolute expression; year may be None."""
    for pattern in _ABSOLUTE:
        m = pattern.match(expr)
        if not m:
            continue
        parts = m.groupdict()
        year = int(parts["year"]) if parts.get("year") else None
        if parts.get("mnum"):
            month: int | None = int(parts["mnum"])
        elif parts.get("month"):
            month = MONTHS[parts["month"].lower().rstrip(".")]
        else:
            month = None
        day_text = parts.get("dnum") or parts.get("day")
        day = int(day_text) if day_text else None
        return year, month, day
    return None


def anchor_date(anchor: str | None) -> tuple[int, int | None, int | None] | None:
    """Split an ISO anchor into (year, month, day)."""
    if not anchor:
        return None
    m = re.match(r"^(\d{4})(?:-(\d\d)(?:-(\d\d))?)?$", anchor)
    if not m:
        return None
    return int(m[1]), int(m[2]) if m[2] else None, int(m[3]) if m[3] else None


def _infer_year(month: int, day: int | None, anchor: str | None, past: bool | None) -> int | None:
    a = anchor_date(anchor)
    if a is None:
        return None
    year, amonth, aday = a
    if amonth is None:
        return year
    later = (month, day or 1) > (amonth, aday or 31) if day else month > amonth
    if later and past is not False:
        return year - 1
    return year


def _relative(expr: str, anchor: str | None, past: bool | None) -> str | None:
    a = anchor_date(anchor)
    if a is None:
        return None
    year, month, day = a
    text = expr.lower().strip()
    if text in {"last year", "the previous year", "a year ago", "the past year", "the year before"}:
        return _iso(year - 1)
    if text in {"this year", "earlier this year", "later this year", "so far this year"}:
        return _iso(year)
    if text in {"next year", "the coming year"}:
        return _iso(year + 1)
    m = re.match(r"^(\w+) years? ago$", text)
    if m and (m[1] in NUMBER_WORDS or m[1].isdigit()):
        n = NUMBER_WORDS.get(m[1]) or int(m[1])
        return _iso(year - n)
    if month is None:
        return None
    if text in {"this month", "earlier this month", "later this month"}:
        return _iso(year, month)
    if text in {"last month", "the previous month"}:
        return _iso(year - 1, 12) if month == 1 else _iso(year, month - 1)
    if text in {"next month"}:
        return _iso(year + 1, 1) if month == 12 else _iso(year, month + 1)
    m = re.match(rf"^(?:last|this past)\s+{_MONTH}$", text)
    if m:
        target = MONTHS[m["month"].rstrip(".")]
        return _iso(year if target < month else year - 1, target)
    if day is None:
        return None
    today = dt.date(year, month, day)
    if text in {"today", "this week"} and text == "today":
        return today.isoformat()
    if text == "yesterday":
        return (today - dt.timedelta(days=1)).isoformat()
    m = re.match(r"^(?:last|this|this past)?\s*(monday|tuesday|wednesday|thursday|friday|saturday|sunday)$", text)
    if m:
        delta = (today.weekday() - WEEKDAYS[m[1]]) % 7
        if past is False and delta:
            return (today + dt.timedelta(days=7 - delta)).isoformat()
        return (today - dt.timedelta(days=delta)).isoformat()
    return None


def normalise_date(expr: str, anchor: str | None = None, *, past: bool | None = None) -> str | None:
    """Normalise a date expression to ISO 8601, keeping its precision.

    Args:
        expr: the expression as written ("in early September 2024", "last year").
        anchor: the article's date (ISO), against which relative dates resolve.
        past: True when the expression sits in a past-tense clause (a month
            later than the anchor's is then taken from the year before).

    Returns:
        ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, or None when not resolvable.

    >>> normalise_date("early September 2024")
    '2024-09'
    >>> normalise_date("Sept. 23, 2025")
    '2025-09-23'
    >>> normalise_date("last year", "2024-02-23")
    '2023'
    >>> normalise_date("on Tuesday", "2024-07-17")
    '2024-07-16'
    >>> normalise_date("last December", "2024-02-23")
    '2023-12'
    """
    text = re.sub(r"\s+", " ", expr.replace("’", "'")).strip(" ,.;")
    text = _LEADING.sub("", text).strip()
    if not text:
        return None
    shifted = re.match(r"^(.+?),? (last|this|next) year$", text, re.IGNORECASE)
    a = anchor_date(anchor)
    if shifted and a is not None and not re.search(r"\d{4}", shifted[1]):
        offset = {"last": -1, "this": 0, "next": 1}[shifted[2].lower()]
        return normalise_date(f"{shifted[1]} {a[0] + offset}")
    parsed = _parse_absolute(text)
    if parsed is not None:
        year, month, day = parsed
        if year is None:
            if month is None:
                return None
            year = _infer_year(month, day, anchor, past)
            if year is None:
                return None
        return _iso(year, month, day)
    return _relative(text, anchor, past)


_SPAN = re.compile(
    r"^(?:between|from)\s+(?P<a>.+?)\s+(?:and|to|until|through|-|–)\s+(?P<b>.+)$", re.IGNORECASE
)


def normalise_span(expr: str, anchor: str | None = None) -> Span | None:
    """Normalise "between 2018 and 2021" / "from 2023 to 2025" to a `Span`.

    >>> normalise_span("Between 2018 and 2021")
    Span(start='2018', end='2021')
    """
    m = _SPAN.match(expr.strip())
    if not m:
        return None
    start = normalise_date(m["a"], anchor)
    end = normalise_date(m["b"], anchor)
    if start and end:
        return Span(start, end)
    return None


def parse_dateline(text: str) -> str | None:
    """The date of a news dateline near the top of `text`, e.g. "SUVA, 31 May 2022 -".

    >>> parse_dateline("Title\\n\\nPORT MORESBY, 29/01/2024 -\\n\\nText")
    '2024-01-29'
    >>> parse_dateline("Title\\nHONIARA/BEIJING, 11 July 2023\\n")
    '2023-07-11'
    """
    head = "\n".join(text.splitlines()[:8])
    for m in _DATELINE.finditer(head):
        rest = _DATELINE_END.split(m["rest"])[0]
        for _ in range(3):  # "GUAYAQUIL, Ecuador, June 24, 2025 (AFP) -": past the country or state
            value = normalise_date(rest)
            if value:
                return value
            if "," not in rest:
                break
            rest = rest.split(",", 1)[1].strip()
    return _lead_date(head)


_FULL_DATE = re.compile(
    r"\b(?:\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r",? \d{4}|(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r" \d{1,2}, \d{4})\b")


def _lead_date(head: str) -> str | None:
    """With no dateline, a full date in the opening lines ("on Thursday, 5 June 2025, …").

    >>> _lead_date("Title\\n\\nOn Thursday, 5 June 2025, the navy said …")
    '2025-06-05'
    """
    m = _FULL_DATE.search(head[:600])
    return normalise_date(m.group(0)) if m else None

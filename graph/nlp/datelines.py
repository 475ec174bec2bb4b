"""Datelines and bylines: where they are in an article's text, and the text to parse
with them blanked."""

from __future__ import annotations

import re

DATELINE_LINE = re.compile(r"^[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’.\- /]+(?:,\s|\s\((?:Reuters|AP|AFP|Xinhua|Bloomberg)\))")
BYLINE = re.compile(r"^(By|BY)\s|^\(?(?:Reporting|Writing|Editing|Additional reporting) by\s")


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
        credit = n >= len(lines) - 4 and BYLINE.match(line.strip()) is not None
        if credit or n < 8 and (DATELINE_LINE.match(line) or BYLINE.match(line)):
            end = pos + len(line)
            dash = re.search(r"\s[-–—]\s?", line)
            if DATELINE_LINE.match(line) and dash:
                end = pos + dash.end()
            ranges.append((pos, end))
        pos += len(line) + 1
    return ranges

"""Date expressions normalised to ISO 8601 at the precision the text gives."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.dates import Span, normalise_date, normalise_span, parse_dateline
from graph.nlp.qualifiers import relative_to


@pytest.mark.parametrize(("expr", "anchor", "expected"), [
    ("2022", None, "2022"),
    ("in 2022", None, "2022"),
    ("early September 2024", None, "2024-09"),
    ("May 2023", None, "2023-05"),
    ("23 February 2024", None, "2024-02-23"),
    ("Sept. 23, 2025", None, "2025-09-23"),
    ("29/01/2024", None, "2024-01-29"),
    ("2023-05-15", None, "2023-05-15"),
    ("the autumn of 2019", None, "2019"),
    ("last year", "2024-02-23", "2023"),
    ("Two years ago", "2024-02-23", "2022"),
    ("this month", "2025-09-23", "2025-09"),
    ("last December", "2024-02-23", "2023-12"),
    ("in July", "2024-02-23", "2023-07"),
    ("on Tuesday", "2024-07-17", "2024-07-16"),
    ("Monday", "2023-07-11", "2023-07-10"),
    ("Earlier in September", "2025-09-23", "2025-09"),
    ("last year", None, None),
    ("recent years", "2024-01-01", None),
])
def test_dates_normalise(expr: str, anchor: str | None, expected: str | None) -> None:
    assert normalise_date(expr, anchor) == expected


@pytest.mark.parametrize(("expr", "expected"), [
    ("Between 2018 and 2021", Span("2018", "2021")),
    ("from 2023 to 2025", Span("2023", "2025")),
    ("in 2023", None),
])
def test_dates_span(expr: str, expected: Span | None) -> None:
    assert normalise_span(expr) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Title\n\nSYDNEY, 23 February 2024 - A small contingent", "2024-02-23"),
    ("Title\nHONIARA/BEIJING, 11 July 2023\n\nText", "2023-07-11"),
    ("Title\nBy our Pacific correspondent\nPORT VILA, Sept. 23, 2025\n", "2025-09-23"),
    ("Title\n\nBEIJING, Feb. 21 -\n\nChina's ministry", None),
    ("No dateline here. Just text, 2023.", None),
])
def test_dates_dateline(text: str, expected: str | None) -> None:
    assert parse_dateline(text) == expected


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_dates_iso_roundtrips(day: dt.date) -> None:
    iso = day.isoformat()
    assert normalise_date(iso) == iso
    assert normalise_date(iso[:7]) == iso[:7]
    assert normalise_date(iso[:4]) == iso[:4]


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 12, 31)),
       st.sampled_from(["last year", "this month", "last month", "on Monday", "Friday", "in March"]))
def test_dates_relative_past_is_not_after_anchor(anchor: dt.date, expr: str) -> None:
    value = normalise_date(expr, anchor.isoformat(), past=True)
    assert value is not None
    assert value <= anchor.isoformat()[: len(value)]


@given(st.text(max_size=40))
def test_dates_never_crash_on_any_text(text: str) -> None:
    value = normalise_date(text, "2024-05-01")
    assert value is None or value[:4].isdigit()


@pytest.mark.parametrize(("text", "last", "expected"), [
    ("three days later", "2025-06-05", "2025-06-08"),
    ("two days earlier", "2025-06-05", "2025-06-03"),
    ("two weeks before", "2025-01-10", "2024-12-27"),
    ("the same day", "2025-06-05", "2025-06-05"),
    ("the following day", "2025-02-28", "2025-03-01"),
    ("three days later", "2025-06", "2025-06"),  # no more precise than what it counts from
    ("two months later", "2024-11", "2025-01"),
    ("a year earlier", "2024-03-01", "2023"),
    ("that month", "2024-11-02", "2024-11"),
    ("that December", "2024-03", "2024-12"),
    ("within two days", "2024-05-04", "2024-05"),
    ("next spring", "2024-05-04", None),
])
def test_relative_date_counts_from_the_last_date(text: str, last: str, expected: str | None) -> None:
    assert relative_to(text, last) == expected

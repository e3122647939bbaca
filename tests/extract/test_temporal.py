"""Durations and dates as news states them, resolved against the article date."""

from __future__ import annotations

import datetime

import pytest

from extract.temporal import add_duration, find_dates, find_duration, is_indefinite

REF = datetime.date(2023, 10, 24)  # a Tuesday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("an 18-month pause on sales", "P18M"),
        ("a ban lasting five years", "P5Y"),
        ("for 90 days", "P90D"),
        ("a two-week suspension", "P2W"),
        ("a one year moratorium", "P1Y"),
        ("the company, founded two years ago, sells drones", None),
        ("no duration here", None),
        ("regulators gave the operators 45 days to remove the equipment", None),
        ("carriers have six months to comply with the order", None),
        ("the drones flew 200 missions in the past eleven months", None),
        ("the agency must answer within 60 days", None),
        ("it agreed not to sell the tool for three years to settle the case", "P3Y"),
    ],
)
def test_durations(text: str, expected: str | None) -> None:
    found = find_duration(text)
    assert (found[0] if found else None) == expected


@pytest.mark.parametrize(
    ("text", "expected", "role"),
    [
        ("effective January 1, 2024", "2024-01-01", "start"),
        ("the ban runs through March 31, 2025", "2025-03-31", "end"),
        ("until 2026-06-30", "2026-06-30", "end"),
        ("the agency acted on Tuesday", "2023-10-24", "plain"),
        ("the council met on Friday", "2023-10-20", "plain"),
        ("the vote is next Friday", "2023-10-27", "plain"),
        ("on Oct. 2 a pedestrian was struck", "2023-10-02", "plain"),
    ],
)
def test_dates(text: str, expected: str, role: str) -> None:
    found = find_dates(text, REF)
    assert [(d.value.isoformat(), d.role) for d in found][:1] == [(expected, role)]


def test_vague_expressions_resolve_to_nothing() -> None:
    assert find_dates("earlier this week the firm said", REF) == []
    assert find_dates("in May the firm said", REF) == []


def test_end_is_start_plus_duration_with_clamped_month_ends() -> None:
    assert add_duration(datetime.date(2024, 2, 29), "P1Y") == datetime.date(2025, 2, 28)
    assert add_duration(datetime.date(2020, 6, 10), "P18M") == datetime.date(2021, 12, 10)
    assert add_duration(datetime.date(2020, 6, 10), "P2W") == datetime.date(2020, 6, 24)


def test_indefinite_restrictions_have_no_end() -> None:
    assert is_indefinite("extended its moratorium indefinitely")
    assert not is_indefinite("a one-year moratorium")


def test_a_time_since_something_else_is_no_term() -> None:
    assert find_duration("the listing comes nearly two years after the first one") is None

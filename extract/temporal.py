"""Temporal normalisation: durations and dates as news writes them, resolved to ISO 8601.

Relative expressions ("today", "on Wednesday", "next month") are resolved against the
article's publication date; vague ones ("earlier this week") resolve to nothing rather
than to a guess, because a wrong date is worse than an open one.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fifteen": 15, "eighteen": 18, "twenty": 20, "twenty-four": 24, "thirty": 30,
    "forty-five": 45, "sixty": 60, "ninety": 90, "half": 0,
}  # fmt: skip
_UNIT_CODE = {"year": "Y", "month": "M", "week": "W", "day": "D"}
_NUMBER = r"(\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + ")"
DURATION_PATTERN = re.compile(
    rf"\b{_NUMBER}[\s-]+(year|month|week|day)s?\b(?![\s-]+(?:ago|old|earlier|later|before|after)\b)",
    re.IGNORECASE,
)
_INDEFINITE = re.compile(r"\b(indefinite(ly)?|permanent(ly)?|until further notice)\b", re.I)

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_ABSOLUTE = re.compile(
    rf"\b(?:(\d{{1,2}})\s+)?({_MONTH_RE})\.?(?:\s+(\d{{1,2}})(?:st|nd|rd|th)?)?(?:,?\s+(\d{{4}}))?\b",
    re.IGNORECASE,
)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_WEEKDAY = re.compile(r"\b(?:(last|next|this)\s+)?(" + "|".join(WEEKDAYS) + r")\b", re.I)
_TODAY = re.compile(r"\b(today|this morning|this afternoon|tonight|effective immediately)\b", re.I)
_YESTERDAY = re.compile(r"\byesterday\b", re.I)
_END_CUE = re.compile(r"\b(until|through|till|thru|expires?|expiring|ends?|ending|by the end of)\s*$", re.I)
_START_CUE = re.compile(r"\b(effective|starting|beginning|from|as of|since|takes effect)\s*$", re.I)


def iso_duration(amount: int, unit: str) -> str:
    """ISO 8601 for a count of calendar units.

    >>> iso_duration(1, "year"), iso_duration(18, "month"), iso_duration(90, "day")
    ('P1Y', 'P18M', 'P90D')
    """
    return f"P{amount}{_UNIT_CODE[unit.lower()]}"


def find_duration(text: str) -> tuple[str, int] | None:
    """The first duration in ``text`` as (ISO 8601, character offset), if any.

    >>> find_duration("a one-year moratorium")
    ('P1Y', 2)
    >>> find_duration("an 18-month pause"), find_duration("for five years")
    (('P18M', 3), ('P5Y', 4))
    >>> find_duration("two years ago") is None
    True
    """
    for match in DURATION_PATTERN.finditer(text):
        if _not_a_term(text, match):
            continue
        word = match.group(1).lower()
        amount = int(word) if word.isdigit() else NUMBER_WORDS[word]
        if amount > 0:
            return iso_duration(amount, match.group(2)), match.start()
    return None


#: words before an amount of time that make it no term of a restriction: "within 30 days",
#: "in less than a week", "the past seven months", "every two years"
_NOT_A_TERM_BEFORE = re.compile(r"\b(?:within|than|past|last|every|after)\s+(?:the\s+)?$", re.IGNORECASE)
#: "gave agencies 30 days to delete it", "have 90 days to comply": a deadline to act, not
#: how long a restriction lasts ("agreed not to use it for five years to settle" is a term)
_DEADLINE_BEFORE = re.compile(r"\b(?:gave|give|gives|given|giving|has|have|had)(?:\s+\S+){0,3}\s+$", re.I)
_DEADLINE_AFTER = re.compile(r"\s+to\s+[a-z]+", re.IGNORECASE)


def _not_a_term(text: str, match: re.Match) -> bool:
    """Whether an amount of time is a deadline, a look back or a rate rather than a term.

    >>> _not_a_term("gave them 30 days to comply", DURATION_PATTERN.search("gave them 30 days to comply"))
    True
    >>> _not_a_term("in less than a week", DURATION_PATTERN.search("in less than a week"))
    True
    """
    if _NOT_A_TERM_BEFORE.search(text[: match.start()]):
        return True
    deadline = _DEADLINE_BEFORE.search(text[: match.start()]) and _DEADLINE_AFTER.match(text, match.end())
    return bool(deadline)


def is_indefinite(text: str) -> bool:
    """Whether the text says a restriction has no end.

    >>> is_indefinite("extended its moratorium indefinitely")
    True
    """
    return bool(_INDEFINITE.search(text))


def add_duration(start: date, duration: str) -> date | None:
    """``start`` plus an ISO 8601 duration of one unit; month ends are clamped.

    >>> add_duration(date(2020, 6, 10), "P1Y")
    datetime.date(2021, 6, 10)
    >>> add_duration(date(2020, 1, 31), "P1M")
    datetime.date(2020, 2, 29)
    >>> add_duration(date(2020, 1, 1), "P90D")
    datetime.date(2020, 3, 31)
    """
    match = re.fullmatch(r"P(\d+)([YMWD])", duration)
    if not match:
        return None
    amount, unit = int(match.group(1)), match.group(2)
    if unit in "WD":
        return start + timedelta(days=amount * (7 if unit == "W" else 1))
    months = start.month - 1 + amount * (12 if unit == "Y" else 1)
    year, month = start.year + months // 12, months % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class DateMention:
    """A date found in text, with the role its cue word gives it (start, end or plain)."""

    value: date
    offset: int
    role: str  # "start" | "end" | "plain"


def find_dates(text: str, reference: date | None) -> list[DateMention]:
    """Dates in ``text`` resolved against the article date ``reference``, in text order.

    >>> ref = date(2020, 6, 10)  # a Wednesday
    >>> [(d.value.isoformat(), d.role) for d in find_dates("Amazon today said", ref)]
    [('2020-06-10', 'plain')]
    >>> [(d.value.isoformat(), d.role) for d in find_dates("the ban runs until June 1, 2022", ref)]
    [('2022-06-01', 'end')]
    >>> [d.value.isoformat() for d in find_dates("On Monday the city voted", ref)]
    ['2020-06-08']
    """
    found: list[DateMention] = []
    for offset, value in _absolute_dates(text, reference) + _relative_dates(text, reference):
        found.append(DateMention(value, offset, _role(text[:offset])))
    return sorted(found, key=lambda d: d.offset)


def _role(before: str) -> str:
    if _END_CUE.search(before):
        return "end"
    return "start" if _START_CUE.search(before) else "plain"


def _absolute_dates(text: str, reference: date | None) -> list[tuple[int, date]]:
    out = [(m.start(), _safe_date(int(m[1]), int(m[2]), int(m[3]))) for m in _ISO.finditer(text)]
    for m in _ABSOLUTE.finditer(text):
        day = m.group(1) or m.group(3)
        if not day and not m.group(4):
            continue  # a bare month name ("in May") is too vague to be a date
        year = int(m.group(4)) if m.group(4) else (reference.year if reference else None)
        if year is None:
            continue
        month = MONTHS[m.group(2).lower()]
        out.append((m.start(), _safe_date(year, month, int(day) if day else 1)))
    return [(offset, value) for offset, value in out if value is not None]


def _relative_dates(text: str, reference: date | None) -> list[tuple[int, date]]:
    if reference is None:
        return []
    out = [(m.start(), reference) for m in _TODAY.finditer(text)]
    out += [(m.start(), reference - timedelta(days=1)) for m in _YESTERDAY.finditer(text)]
    for m in _WEEKDAY.finditer(text):
        out.append((m.start(), resolve_weekday(m.group(2), reference, m.group(1))))
    return out


def resolve_weekday(name: str, reference: date, qualifier: str | None = None) -> date:
    """A weekday named in a story: the latest such day on or before the article date,
    unless "next" points forward.

    >>> resolve_weekday("Wednesday", date(2020, 6, 10))
    datetime.date(2020, 6, 10)
    >>> resolve_weekday("friday", date(2020, 6, 10), "next")
    datetime.date(2020, 6, 12)
    """
    delta = (reference.weekday() - WEEKDAYS[name.lower()]) % 7
    if (qualifier or "").lower() == "next":
        return reference + timedelta(days=(7 - delta) % 7 or 7)
    return reference - timedelta(days=delta)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None

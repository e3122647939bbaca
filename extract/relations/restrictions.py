"""Restrictions: who bans, pauses, limits or stops which technology, for whom, and when.

A restriction needs a trigger ("moratorium", "banned", "will no longer sell"), an
authority (the nearest organisation before it, or the agent after "by" in the passive)
and a technology (the first one after it, else the nearest before). Scope, dates and
duration come from the same sentence. Exemptions usually come in a later sentence
("we will continue to allow X and Y to use it"), so they are emitted as ``exempt``
notes that :mod:`extract.relations.inference` attaches to the restriction they follow.
"""

from __future__ import annotations

from extract.cues import EXEMPTION_CUES, PROPOSABLE, RESTRICTION_TRIGGERS
from extract.facts import Fact
from extract.mentions import AGENT_TYPES, AUTHORITY_TYPES, ORG_TYPES, TECH_TYPES, Mention
from extract.relations.context import SentenceContext
from extract.temporal import add_duration, find_dates, find_duration, is_indefinite

SCOPE_TYPES = frozenset({"Sector", "LawEnforcementAgency"})
#: how many sentences back an authority may be carried over from
CARRY_OVER_SENTENCES = 2


def restriction_facts(ctx: SentenceContext) -> list[Fact]:
    """Every restriction the sentence asserts."""
    facts = []
    for index, length, kind in ctx.find(RESTRICTION_TRIGGERS):
        fact = _restriction(ctx, index, index + length, kind)
        if fact is not None:
            facts.append(fact)
    return facts


def _restriction(ctx: SentenceContext, index: int, end: int, kind: str) -> Fact | None:
    if not ctx.asserted(index):
        return None
    if ctx.proposed(index):
        if kind not in PROPOSABLE:
            return None
        kind = "proposed-ban"
    technology = ctx.after(end, TECH_TYPES) or ctx.before(index, TECH_TYPES)
    if technology is None:
        return None
    authority, confidence = _authority(ctx, index, end, technology)
    if authority is None:
        return None
    values = {
        "authority": authority.name,
        "kind": kind,
        "technology": technology.name,
        "scope": _scope(ctx, end, technology),
        "exempt": [],
        **_timing(ctx),
    }
    penalty = 0.1 * (technology.resolved + authority.resolved)
    return ctx.fact("restricts", values, confidence - penalty)


def _authority(
    ctx: SentenceContext, index: int, end: int, technology: Mention
) -> tuple[Mention | None, float]:
    """The passive agent ("banned by the council"), else the nearest organisation before
    the trigger, else one carried over from the sentences just before."""
    if ctx.words[end : end + 1] == ["by"] or ctx.words[end + 1 : end + 2] == ["by"]:
        agent = ctx.after(end, AUTHORITY_TYPES, limit=4)
        if agent is not None:
            return agent, 0.85
    near = ctx.before(index, AUTHORITY_TYPES)
    if near is not None and near.name != technology.name:
        return near, 0.9
    return _carried_over(ctx), 0.6


def _carried_over(ctx: SentenceContext) -> Mention | None:
    recent_start = _sentence_start_back(ctx, CARRY_OVER_SENTENCES)
    candidates = [m for m in ctx.earlier if m.start >= recent_start and m.type in AUTHORITY_TYPES]
    return candidates[-1] if candidates else None


def _sentence_start_back(ctx: SentenceContext, count: int) -> int:
    sent = ctx.sent
    for _ in range(count):
        if sent.start == 0:
            break
        sent = ctx.doc[sent.start - 1].sent
    return sent.start


def _scope(ctx: SentenceContext, end: int, technology: Mention) -> str | None:
    """Whose use is restricted: "a moratorium on police use of X", "sales of X to police"."""
    if technology.start >= end:
        inside = ctx.between(end, technology.start, SCOPE_TYPES)
        if inside:
            return inside[0].name
    follower = ctx.after(technology.end, SCOPE_TYPES, limit=4)
    if follower is not None and set(ctx.words[technology.end : follower.start]) & {"to", "by", "for"}:
        return follower.name
    return None


def _timing(ctx: SentenceContext) -> dict[str, str | None]:
    """Start, duration and end from the sentence; end = start + duration when not stated."""
    text = ctx.sent.text
    found = find_duration(text)
    duration = found[0] if found else None
    dates = find_dates(text, ctx.published)
    start = next((d.value for d in dates if d.role == "start"), None)
    start = start or next((d.value for d in dates if d.role == "plain"), None)
    end = next((d.value for d in dates if d.role == "end"), None)
    if start is None and duration and ctx.published:
        start = ctx.published  # "a one-year moratorium", announced in the article, starts with it
    if end is None and start and duration and not is_indefinite(text):
        end = add_duration(start, duration)
    return {
        "start": start.isoformat() if start else None,
        "duration": duration,
        "end": end.isoformat() if end else None,
    }


def exemption_notes(ctx: SentenceContext) -> list[Fact]:
    """Organisations the sentence lets off a restriction ("will continue to allow X to use")."""
    notes = []
    for index, length, _ in ctx.find(EXEMPTION_CUES):
        stop = _exemption_stop(ctx, index + length)
        exempt = [m for m in ctx.between(index + length, stop, ORG_TYPES | AGENT_TYPES)]
        exempt = [m for m in exempt if m.type not in {"Sector", "Place"} and not m.resolved]
        if exempt:
            technology = ctx.after(stop, TECH_TYPES)
            values = {
                "names": [m.name for m in exempt],
                "technology": technology.name if technology else None,
            }
            notes.append(ctx.fact("exempt", values, 0.8))
    return notes


def _exemption_stop(ctx: SentenceContext, start: int) -> int:
    """Where the list of exempted organisations ends: at "to use", "from" or the sentence end."""
    for i in range(start, ctx.end - 1):
        if ctx.words[i] in {"to", "from"} and i > start:
            return i
    return ctx.end

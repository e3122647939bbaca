"""What a rule sees of a sentence: its tokens, its mentions and the article around it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span

from extract.cues import (
    HYPOTHETICAL_CUES,
    NEGATION_EXCEPTIONS,
    NEGATIONS,
    PREPOSITIONS,
    PROPOSAL_CUES,
    REPORTING_VERBS,
)
from extract.facts import Evidence, Fact
from extract.gazetteer import Gazetteer
from extract.mentions import TECH_TYPES, Mention

#: modal verbs: they govern the bare verb after them, not a past tense further on
_MODALS = frozenset({"could", "might", "may", "should", "can"})
_IRREGULAR_PASTS = frozenset({"forbade", "sold", "bought", "made", "built", "ran", "took"})
#: adverbs between an auxiliary and its participle: "may soon be formally barred"
_ADVERBS = frozenset({"also", "soon", "then", "formally", "officially", "eventually", "effectively", "not"})
#: verbs that let a modal reach a participle: "could have banned", "may be barred"
_AUXILIARIES = frozenset({"have", "has", "had", "be", "been", "being", "get", "was", "were", "is", "are"})
#: how far before a trigger modality words are looked for, in tokens
MODALITY_WINDOW = 10
#: nouns a name before them only qualifies: "a U.S. city", "Australian police", "Chinese apps"
#: (not the place's own lawmakers, regulators or authorities: "Vermont lawmakers banned X"
#: is Vermont acting)
MODIFIED_NOUNS = frozenset(
    "city cities company companies government governments official officials firm firms state states "
    "customers users agencies market markets citizens residents apps county counties town towns".split()
)
#: words that narrow a place down without changing it: "in western New York", "in rural Ohio"
_REGION_ADJECTIVES = frozenset(
    "western eastern northern southern central rural suburban downtown nearby neighbouring neighboring "
    "northeastern northwestern southeastern southwestern upstate".split()
)
#: a use or sale verb right after these is one that is prohibited or ended
ENDING_WORDS = frozenset({"from", "stop", "stops", "stopped", "cease", "ceases", "ceased", "quit", "quits"})
#: words after a comma that open a new clause
CLAUSE_OPENERS = frozenset(
    {"and", "but", "while", "which", "who", "whose", "where", "although", "though", "said", "says"}
)
#: tokens that may stand between the members of a list of entities
LIST_GLUE = frozenset({",", "and", "or", "the", "as", "well", "&", "its", "their"})


_LENGTHS: dict[int, dict[str, list[int]]] = {}


def _lengths_by_first_word(table: dict | frozenset) -> dict[str, list[int]]:
    """For each first word of a trigger table's phrases, their lengths, longest first;
    computed once per table (matching runs for every sentence of every article)."""
    key = id(table)
    if key not in _LENGTHS:
        lengths: dict[str, set[int]] = {}
        for phrase in table:
            lengths.setdefault(phrase[0], set()).add(len(phrase))
        _LENGTHS[key] = {word: sorted(ns, reverse=True) for word, ns in lengths.items()}
    return _LENGTHS[key]


@dataclass
class SentenceContext:
    """One sentence of an article, as the relation rules read it."""

    doc: Doc
    sent: Span
    mentions: list[Mention]  # those inside the sentence, in order
    earlier: list[Mention]  # those of the article before the sentence
    published: date | None
    gazetteer: Gazetteer
    words: list[str] = field(default_factory=list)  # lower-case tokens of the whole doc

    def __post_init__(self) -> None:
        if not self.words:  # callers reading many sentences of one doc pass them in once
            self.words = [t.lower_ for t in self.doc]

    @property
    def start(self) -> int:
        return self.sent.start

    @property
    def end(self) -> int:
        return self.sent.end

    def fact(self, relation: str, values: dict, confidence: float) -> Fact:
        """A fact supported by this sentence."""
        evidence = Evidence(self.sent.text.strip(), self.sent.start_char, self.sent.end_char)
        return Fact(relation, values, evidence, round(min(max(confidence, 0.0), 1.0), 3))

    def find(self, table: dict | frozenset, start: int | None = None) -> Iterator[tuple[int, int, str]]:
        """Occurrences (index, length, value) of the phrases of ``table`` in the sentence."""
        lengths = _lengths_by_first_word(table)
        words, end = self.words, self.end
        i = self.start if start is None else start
        while i < end:
            for length in lengths.get(words[i], ()):
                phrase = tuple(words[i : i + length])
                if i + length <= end and phrase in table:
                    yield i, length, table[phrase] if isinstance(table, dict) else "x"
                    i += length - 1
                    break
            i += 1

    def has_phrase(self, table: frozenset, start: int, end: int) -> bool:
        """Whether a phrase of ``table`` occurs in tokens [start, end)."""
        return any(i + n <= end for i, n, _ in self.find(table, start) if i < end)

    def asserted(self, trigger: int, floor: int | None = None) -> bool:
        """Whether the text asserts what the trigger says: not negated, hypothetical or denied
        (modality words are looked for from ``floor`` on, when the caller knows where the
        trigger's own phrase starts: "could hurt companies using X" asserts the use)."""
        window = max(self.start, trigger - MODALITY_WINDOW, floor or 0)
        for i, length, _ in self.find(HYPOTHETICAL_CUES, window):
            if i + length <= trigger and not self._modal_out_of_reach(i, trigger):
                return False
        if trigger > self.start and self.words[trigger - 1] in ENDING_WORDS:
            return False  # "barred from using", "will stop using", "ceased selling"
        for i in range(window, trigger):
            word = self.words[i]
            if word in NEGATIONS and self.words[i + 1] not in NEGATION_EXCEPTIONS:
                return False
            if word == "no" and self.words[i + 1] == "longer":  # "will no longer sell it to"
                return False
            if word == "no" and trigger - i <= 3:  # "made no offer to buy", "has no plans to use"
                return False
            if word == "would" and not set(self.words[self.start : i]) & REPORTING_VERBS:
                return False
        return True

    def _modal_out_of_reach(self, cue: int, trigger: int) -> bool:
        """Whether a modal cue cannot govern the trigger: "in May banned" names a month,
        and a modal takes a bare verb, so "where crimes may occur and also barred X" leaves
        the past-tense "barred" asserted (unless an auxiliary joins them: "could have
        banned", "may be barred")."""
        word = self.words[cue]
        if word not in _MODALS:
            return False
        if word == "may" and cue > self.start and self.doc[cue].text == "May":
            return True
        if not self.words[trigger].endswith("ed") and self.words[trigger] not in _IRREGULAR_PASTS:
            return False
        before = trigger - 1
        while before > cue and self.words[before] in _ADVERBS:
            before -= 1
        return self.words[before] not in _AUXILIARIES

    def proposed(self, trigger: int) -> bool:
        """Whether the trigger is part of a proposal rather than a decision."""
        return self.has_phrase(PROPOSAL_CUES, max(self.start, trigger - MODALITY_WINDOW), trigger)

    def before(self, index: int, types: frozenset[str]) -> Mention | None:
        """The nearest mention of one of ``types`` that ends before token ``index``;
        a name used as a modifier ("the first U.S. city") is no agent and is passed over."""
        agents = not types & TECH_TYPES
        return next(
            (
                m
                for m in reversed(self.mentions)
                if m.end <= index and m.type in types and not (agents and self.is_modifier(m, index))
            ),
            None,
        )

    def is_modifier(self, mention: Mention, index: int | None = None) -> bool:
        """Whether a name is no subject but qualifies or locates something else: "U.S. city",
        "Chinese-made", "Italy's privacy watchdog" (unless the possessed thing is the trigger
        at ``index``: "Amazon's moratorium"), "police in California"."""
        following = self.words[mention.end : mention.end + 2]
        if following[:1] == ["-"] or (following and following[0] in MODIFIED_NOUNS):
            return True
        if mention.start > 0 and self.words[mention.start - 1] == "-":
            return True  # "UT-Austin": the tail of a hyphenated name
        possessive = following[:1] in (["'s"], ["’s"])
        if possessive and (index is None or index - mention.end > 3):
            return True
        return self.located(mention)

    def located(self, mention: Mention) -> bool:
        """Whether a name follows a locative preposition ("in the U.S.", "outside Illinois")."""
        floor = self.start if mention.start >= self.start else 0  # a mention from an earlier sentence
        before = self.words[max(floor, mention.start - 3) : mention.start]
        if before[-1:] == ["the"] or (before[-1:] and before[-1] in _REGION_ADJECTIVES):
            before = before[:-1]  # "in the U.S.", "in western New York"
        if before[-1:] == ["the"]:
            before = before[:-1]
        return bool(before) and before[-1] in PREPOSITIONS

    @property
    def is_question(self) -> bool:
        """A question asserts nothing ("Can police still use it?")."""
        return self.sent.text.rstrip().rstrip("\"”'’").endswith("?")

    def clause_end(self, index: int) -> int:
        """Where the clause that ``index`` stands in ends: a semicolon, a dash, or a comma
        that opens a new clause (", and", ", which" ...)."""
        for i in range(index, self.end):
            word = self.words[i]
            if word in {";", "—", "–"} or (
                word == "," and self.words[i + 1 : i + 2] and self.words[i + 1] in CLAUSE_OPENERS
            ):
                return i
        return self.end

    def in_clause(self, mention: Mention | None, start: int) -> Mention | None:
        """The mention, if it stands in the same clause as token ``start``."""
        return mention if mention is not None and mention.start < self.clause_end(start) else None

    def after(self, index: int, types: frozenset[str], limit: int | None = None) -> Mention | None:
        """The first mention of one of ``types`` starting at or after ``index``; for kinds
        of technology, the head of a compound ("AI weapons scanners": the scanners)."""
        stop = self.end if limit is None else min(self.end, index + limit)
        found = next((m for m in self.mentions if index <= m.start < stop and m.type in types), None)
        while found is not None and found.type == "Technology" and types <= TECH_TYPES:
            head = next((m for m in self.mentions if m.start == found.end and m.type in types), None)
            if head is None:
                break
            found = head
        return found

    def between(self, start: int, end: int, types: frozenset[str]) -> list[Mention]:
        """Mentions of ``types`` inside tokens [start, end)."""
        return [m for m in self.mentions if m.start >= start and m.end <= end and m.type in types]

    def listed_with(self, anchor: Mention, types: frozenset[str]) -> list[Mention]:
        """The anchor and the mentions listed with it ("Thorn, ICMEC and Marinus Analytics")."""
        group = [anchor]
        # a product followed by a kind is an apposition ("Rekognition, its facial recognition
        # software"), not a list: technologies are listed only with their own type
        same = frozenset({anchor.type}) if anchor.type in TECH_TYPES else types
        ordered = [m for m in self.mentions if m.type in same]
        if anchor not in ordered:  # carried over from an earlier sentence
            return group
        at = ordered.index(anchor)
        for step in (-1, 1):
            j = at
            while 0 <= j + step < len(ordered):
                left, right = sorted((ordered[j], ordered[j + step]), key=lambda m: m.start)
                if not set(self.words[left.end : right.start]) <= LIST_GLUE:
                    break
                j += step
                group.append(ordered[j])
        return sorted(set(group), key=lambda m: m.start)

    def listed_after_opener(
        self, index: int, openers: tuple[tuple[str, ...], ...], types: frozenset[str], limit: int
    ) -> list[Mention]:
        """The mentions of ``types`` an opener at ``index`` introduces ("such as X and Y",
        "include X, Y and Z"): the first within ``limit`` tokens and those listed with it."""
        for opener in openers:
            if tuple(self.words[index : index + len(opener)]) == opener:
                first = self.after(index + len(opener), types, limit=limit)
                return self.listed_with(first, types) if first is not None else []
        return []

    def text_after(self, index: int) -> str:
        """The sentence's text from token ``index`` on."""
        return self.doc[index : self.end].text if index < self.end else ""

    def char_offset(self, index: int) -> int:
        """Offset of token ``index`` in the sentence's own text."""
        return self.doc[index].idx - self.sent.start_char if index < self.end else len(self.sent.text)

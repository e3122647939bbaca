"""Scoring predicted facts against gold facts: precision, recall and F1 per relation.

Facts match on their key fields (offers: vendor+technology; category:
technology+category; supplies: vendor+customer; uses: user+technology; restricts:
authority+technology), names compared after normalisation and through the aliases of
each side's entities. Predictions that only match a gold ``maybe`` fact are neither
right nor wrong. For matched restrictions the accuracy of each attribute is reported.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

KEYS = {
    "offers": ("vendor", "technology"),
    "category": ("technology", "category"),
    "supplies": ("vendor", "customer"),
    "uses": ("user", "technology"),
    "restricts": ("authority", "technology"),
}
RESTRICT_ATTRIBUTES = ("kind", "scope", "start", "duration", "end", "exempt")
_SUFFIXES = {"inc", "corp", "corporation", "co", "company", "ltd", "llc", "plc", "limited"}


def normal_name(name: Any) -> str:
    """A name reduced for comparison.

    >>> normal_name("The Clearview AI, Inc.")
    'clearview ai'
    >>> normal_name("facial-recognition")
    'facial recognition'
    """
    text = unicodedata.normalize("NFKC", str(name or "")).casefold().replace("’", "'")
    text = re.sub(r"'s\b", "", text)
    words = re.sub(r"[^\w]+|_", " ", text).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words = words[:-1]
    return " ".join(words)


class Names:
    """The names and aliases of one document's entities, for matching."""

    def __init__(self, entities: list[dict] | None) -> None:
        self.forms: dict[str, set[str]] = {}
        for e in entities or []:
            forms = {normal_name(e.get("name"))} | {normal_name(a) for a in e.get("aliases") or []}
            for form in forms:
                self.forms.setdefault(form, set()).update(forms)

    def of(self, name: Any) -> frozenset[str]:
        base = normal_name(name)
        return frozenset(self.forms.get(base, set()) | {base})


@dataclass
class Counts:
    """True positives, false positives, false negatives and ignored (maybe) predictions."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    maybe: int = 0

    def prf(self) -> tuple[float | None, float | None, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else None
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else None
        total = 2 * self.tp + self.fp + self.fn
        return p, r, (2 * self.tp / total if total else 1.0)


@dataclass
class Report:
    """The scores of a set of documents."""

    kinds: dict[str, Counts] = field(default_factory=lambda: {k: Counts() for k in KEYS})
    attributes: Counter = field(default_factory=Counter)
    matched_restrictions: int = 0
    documents: int = 0

    def micro(self) -> Counts:
        total = Counts()
        for c in self.kinds.values():
            total.tp, total.fp, total.fn, total.maybe = (
                total.tp + c.tp, total.fp + c.fp, total.fn + c.fn, total.maybe + c.maybe,
            )  # fmt: skip
        return total

    def macro_f1(self) -> float | None:
        scored = [c.prf()[2] for c in self.kinds.values() if c.tp + c.fn]
        return sum(scored) / len(scored) if scored else None

    def as_dict(self) -> dict[str, Any]:
        def row(c: Counts) -> dict[str, Any]:
            p, r, f = c.prf()
            return {
                "tp": c.tp,
                "fp": c.fp,
                "fn": c.fn,
                "maybe": c.maybe,
                "precision": p,
                "recall": r,
                "f1": f,
            }

        n = self.matched_restrictions
        return {
            "documents": self.documents,
            "per_kind": {k: row(c) for k, c in self.kinds.items()},
            "micro": row(self.micro()),
            "macro_f1": self.macro_f1(),
            "restricts_attributes": {
                "matched": n,
                **{a: (self.attributes[a] / n if n else None) for a in RESTRICT_ATTRIBUTES},
            },
        }

    def render(self) -> str:
        """The report as a table; the last line is the micro F1."""
        fmt = lambda x: "-" if x is None else f"{x:.3f}"  # noqa: E731
        lines = [f"{'kind':<11}{'TP':>5}{'FP':>5}{'FN':>5}{'maybe':>7}{'prec':>8}{'recall':>8}{'F1':>8}"]
        for name, c in [*self.kinds.items(), ("micro", self.micro())]:
            p, r, f = c.prf()
            lines.append(
                f"{name:<11}{c.tp:>5}{c.fp:>5}{c.fn:>5}{c.maybe:>7}{fmt(p):>8}{fmt(r):>8}{fmt(f):>8}"
            )
        lines.append(f"macro-F1 {fmt(self.macro_f1())} over the kinds present in gold")
        n = self.matched_restrictions
        lines.append(f"restricts attributes over {n} matched restriction(s):")
        for a in RESTRICT_ATTRIBUTES:
            lines.append(
                f"  {a:<9}{self.attributes[a]:>4}/{n:<4}{fmt(self.attributes[a] / n if n else None):>8}"
            )
        lines.append(f"micro F1 = {self.micro().prf()[2]:.3f}")
        return "\n".join(lines)


def evaluate(gold_docs: list[dict], pred_docs: list[dict]) -> Report:
    """Score every gold document against the prediction with the same ``doc`` id."""
    report = Report(documents=len(gold_docs))
    predicted = {str(d.get("doc")): d for d in pred_docs}
    for gold in gold_docs:
        _score_document(report, gold, predicted.get(str(gold.get("doc")), {}))
    return report


def _key(fact: dict, names: Names) -> tuple | None:
    fields = KEYS.get(str(fact.get("relation")))
    return None if fields is None else tuple(names.of(fact.get(f)) if fact.get(f) else None for f in fields)


def _same(a: tuple | None, b: tuple | None) -> bool:
    if a is None or b is None or len(a) != len(b):
        return False
    return all(
        (x is None and y is None) or (x is not None and y is not None and x & y)
        for x, y in zip(a, b, strict=True)
    )


def _score_document(report: Report, gold: dict, pred: dict) -> None:
    gold_names, pred_names = Names(gold.get("entities")), Names(pred.get("entities"))
    golds = [(f, _key(f, gold_names)) for f in gold.get("facts") or []]
    maybes = [(f, _key(f, gold_names)) for f in gold.get("maybe") or []]
    preds = [(f, _key(f, pred_names)) for f in pred.get("facts") or []]
    used: set[int] = set()
    for g, gk in golds:
        candidates = [
            i
            for i, (p, pk) in enumerate(preds)
            if i not in used and p["relation"] == g["relation"] and _same(pk, gk)
        ]
        kind = report.kinds.setdefault(g["relation"], Counts())
        if not candidates:
            kind.fn += 1
            continue
        best = max(candidates, key=lambda i: _agreement(preds[i][0], g, gold_names, pred_names))
        used.add(best)
        kind.tp += 1
        if g["relation"] == "restricts":
            report.matched_restrictions += 1
            for attribute in RESTRICT_ATTRIBUTES:
                report.attributes[attribute] += _attribute_ok(
                    attribute, preds[best][0], g, gold_names, pred_names
                )
    taken_maybe: set[int] = set()
    for i, (p, pk) in enumerate(preds):
        if i in used:
            continue
        kind = report.kinds.setdefault(str(p.get("relation")), Counts())
        hit = next(
            (
                j
                for j, (m, mk) in enumerate(maybes)
                if j not in taken_maybe and m.get("relation") == p.get("relation") and _same(pk, mk)
            ),
            None,
        )
        if hit is None:
            kind.fp += 1
        else:
            taken_maybe.add(hit)
            kind.maybe += 1


def _agreement(pred: dict, gold: dict, gn: Names, pn: Names) -> int:
    if gold["relation"] != "restricts":
        return 0
    return sum(_attribute_ok(a, pred, gold, gn, pn) for a in RESTRICT_ATTRIBUTES)


def _attribute_ok(attribute: str, pred: dict, gold: dict, gn: Names, pn: Names) -> bool:
    p, g = pred.get(attribute), gold.get(attribute)
    if attribute == "exempt":
        ps, gs = [pn.of(x) for x in p or []], [gn.of(x) for x in g or []]
        return len(ps) == len(gs) and all(any(x & y for y in gs) for x in ps)
    if attribute == "scope":
        return (not p and not g) or bool(p and g and pn.of(p) & gn.of(g))
    if attribute == "kind":
        return normal_name(p) == normal_name(g)
    return (p or None) == (g or None)

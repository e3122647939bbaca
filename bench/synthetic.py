"""A synthetic corpus and graph shaped like the real one, for the benchmark (not a test).

Articles are made of runs of consecutive sentences of the example articles (so the
extractor's rules and its pronoun resolution meet real prose), with every recognised
entity swapped for one of the same type drawn from a Zipf distribution over the
gazetteer plus generated names ("Norvia Labs", "Denver Police Department"). A few names
recur in most articles and many appear once, as in the news; a corpus keeps gaining new
entities as it grows. Everything is deterministic for a given seed.

:func:`remap_facts` makes more of the graph without running spaCy: it re-labels an
extracted article's facts with freshly drawn entities, so a store can reach a million
quads in seconds with the same classes, properties and per-article named graphs.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import json
import random
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from extract.article import Article
from extract.facts import ENTITY_FIELDS, ArticleFacts, Entity, Evidence, Fact
from extract.gazetteer import Gazetteer
from extract.pipeline import build_pipeline

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "articles"
#: entity types kept as written: sectors are common nouns ("police", "schools")
KEEP_TYPES = frozenset({"Sector"})
ZIPF_EXPONENT = 1.0
_SYLLABLES = ("nor", "via", "kel", "tra", "ox", "len", "mar", "qui", "zen", "dal", "ro", "fin", "sa", "vek")
_COMPANY_CUES = ("Labs", "Analytics", "Systems", "Technologies", "Robotics", "Vision", "Networks")
_FIRST_DAY, _DAYS = date(2014, 1, 1), 11 * 365


@dataclass(frozen=True)
class Slot:
    """An entity mention inside a sentence: characters [start, end), its type and key."""

    start: int
    end: int
    type: str
    key: str


@dataclass(frozen=True)
class Sentence:
    """A sentence of an example article with the places where entities can be swapped."""

    text: str
    slots: tuple[Slot, ...]

    def fill(self, names: dict[tuple[str, str], str]) -> str:
        """The sentence with each slot replaced by the name chosen for its entity."""
        out, pos = [], 0
        for slot in self.slots:
            out += [
                self.text[pos : slot.start],
                names.get((slot.type, slot.key), self.text[slot.start : slot.end]),
            ]
            pos = slot.end
        return "".join([*out, self.text[pos:]])


@functools.cache
def example_sentences(folder: Path = EXAMPLES) -> tuple[list[Sentence], list[list[Sentence]]]:
    """Headlines and the body sentences of each example article, with entity slots found
    by the real recognizers (the relation reader is not needed for that). Cached: every
    generator call shares one parse of the examples."""
    from app.sources import read_articles  # the bench may read files; extract may not

    articles = [a for a in read_articles([folder]) if isinstance(a, Article)]
    nlp = build_pipeline()
    headlines, bodies = [], []
    with nlp.select_pipes(disable=["techkg_relations"]):
        for doc in nlp.pipe(a.text for a in articles):
            sents = [_sentence(s) for s in doc.sents if s.text.strip()]
            headlines.append(sents[0])
            bodies.append([s for s in sents[1:] if len(s.text.split()) >= 4])
    return headlines, bodies


def _sentence(span) -> Sentence:  # type: ignore[no-untyped-def]
    """A spaCy sentence span as a :class:`Sentence` (stripped, slots relative to it)."""
    text = span.text
    lead = len(text) - len(text.lstrip())
    slots = tuple(
        Slot(e.start_char - span.start_char - lead, e.end_char - span.start_char - lead, e.label_,
             e.kb_id_ or e.text)
        for e in span.ents
        if e.label_ not in KEEP_TYPES
    )  # fmt: skip
    return Sentence(text.strip(), slots)


class NamePools:
    """Entity names by type, drawn with Zipf weights: rank r has weight 1 / r**s.

    The ranks follow the example corpus (its most mentioned names rank first, so
    "facial recognition" and Amazon stay popular), then the rest of the gazetteer in a
    seeded shuffle, then generated names: the long tail of local agencies and startups.
    """

    def __init__(self, seed: int = 0, exponent: float = ZIPF_EXPONENT) -> None:
        gazetteer = Gazetteer.default()
        self.entries = {e.name: e for e in gazetteer}
        rng = random.Random(seed)
        seen = _example_counts()
        by_type: dict[str, list[str]] = {}
        for entry in gazetteer:
            by_type.setdefault(entry.type, []).append(entry.name)
        for type_name, names in by_type.items():
            rng.shuffle(names)
            names.sort(key=lambda n, t=type_name: -seen[(t, n)])  # stable: the shuffle breaks ties
        places = by_type.get("Place", [])
        by_type["Company"] += _company_names(rng, 600)
        by_type["LawEnforcementAgency"] += [f"{p} Police Department" for p in places]
        by_type["Legislature"] += [f"{p} City Council" for p in places]
        self.names = by_type
        self.cumulative = {
            t: list(itertools.accumulate(1 / (r + 1) ** exponent for r in range(len(n))))
            for t, n in by_type.items()
        }

    def draw(self, type_name: str, rng: random.Random) -> str | None:
        """One name of this type (None for a type without a pool)."""
        cum = self.cumulative.get(type_name)
        if not cum:
            return None
        return self.names[type_name][bisect.bisect(cum, rng.random() * cum[-1])]

    def assign(self, keys: list[tuple[str, str]], rng: random.Random) -> dict[tuple[str, str], str]:
        """A new name for each (type, name) key, distinct within one article where possible,
        so a vendor does not become its own customer."""
        chosen: dict[tuple[str, str], str] = {}
        for key in dict.fromkeys(keys):
            for _ in range(8):
                name = self.draw(key[0], rng)
                if name is None or name not in chosen.values():
                    break
            if name is not None:
                chosen[key] = name
        return chosen


def _example_counts() -> Counter:
    """How often the example corpus mentions each (type, canonical name)."""
    headlines, bodies = example_sentences()
    return Counter((s.type, s.key) for sent in [*headlines, *itertools.chain(*bodies)] for s in sent.slots)


def _company_names(rng: random.Random, n: int) -> list[str]:
    """Invented company names ending in a cue word the organisation recognizer knows."""
    names: set[str] = set()
    while len(names) < n:
        stem = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        names.add(f"{stem} {rng.choice(_COMPANY_CUES)}")
    return sorted(names)


def synthetic_articles(n: int, seed: int = 0, words: int = 600, first: int = 0) -> Iterator[Article]:
    """``n`` articles of about ``words`` words each (ids ``syn-<seed>-<i>`` from ``first``)."""
    headlines, bodies = example_sentences()
    pools = NamePools(seed)
    for i in range(first, first + n):
        rng = random.Random(f"{seed}-{i}")
        head = rng.choice(headlines)
        chunks = _chunks(bodies, words, rng)
        keys = [(s.type, s.key) for sent in [head, *itertools.chain(*chunks)] for s in sent.slots]
        names = pools.assign(keys, rng)
        title = head.fill(names)
        paragraphs = [" ".join(s.fill(names) for s in chunk) for chunk in chunks]
        yield Article(f"syn-{seed}-{i:06d}", "\n\n".join([title, *paragraphs]), _day(rng), title,
                      f"https://news.example.org/{seed}/{i}")  # fmt: skip


def _chunks(bodies: list[list[Sentence]], words: int, rng: random.Random) -> list[list[Sentence]]:
    """Paragraphs of 1-4 consecutive sentences from random example articles, until the
    article has at least ``words`` words."""
    chunks, count = [], 0
    while count < words:
        body = rng.choice([b for b in bodies if b])
        start = rng.randrange(len(body))
        chunk = body[start : start + rng.randint(1, 4)]
        chunks.append(chunk)
        count += sum(len(s.text.split()) for s in chunk)
    return chunks


def _day(rng: random.Random) -> date:
    return _FIRST_DAY + timedelta(days=rng.randrange(_DAYS))


def write_jsonl(articles: Iterator[Article] | list[Article], path: Path) -> Path:
    """Write articles as a ``.jsonl`` corpus, the format ``techkg ingest`` reads."""
    with path.open("w", encoding="utf-8") as out:
        for a in articles:
            row = {"id": a.id, "date": a.date.isoformat() if a.date else None, "title": a.title,
                   "url": a.url, "text": a.text}  # fmt: skip
            out.write(json.dumps(row) + "\n")
    return path


def remap_facts(facts: ArticleFacts, new_id: str, pools: NamePools, rng: random.Random) -> ArticleFacts:
    """The same article's facts under a new id and date, with every entity (but sectors)
    replaced by a freshly drawn one of its type, in facts, evidence and text alike."""
    keys = [(e.type, e.name) for e in facts.entities if e.type not in KEEP_TYPES]
    names = {old: new for (_, old), new in pools.assign(keys, rng).items()}
    rename = _renamer(names)
    source = facts.article
    article = Article(new_id, rename(source.text), _day(rng), rename(source.title or "") or None,
                      f"https://news.example.org/remap/{new_id}")  # fmt: skip
    entities = [_entity(e, names.get(e.name), pools) for e in facts.entities]
    new_facts = [_fact(f, names, rename) for f in facts.facts]
    return ArticleFacts(article, list({(e.name, e.type): e for e in entities}.values()), new_facts)


def _renamer(names: dict[str, str]):  # type: ignore[no-untyped-def]
    """A function replacing every old name in a text by its new name (longest first)."""
    if not names:
        return lambda text: text
    pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))
    return lambda text: pattern.sub(lambda m: names[m.group(0)], text)


def _entity(entity: Entity, new: str | None, pools: NamePools) -> Entity:
    if new is None:
        return entity
    entry = pools.entries.get(new)
    return Entity(new, entity.type, list(entry.aliases) if entry else [], entry.wikidata if entry else None)


def _fact(fact: Fact, names: dict[str, str], rename) -> Fact:  # type: ignore[no-untyped-def]
    values = {}
    for k, v in fact.values.items():
        if k in ENTITY_FIELDS and v:
            v = names.get(v, v)
        elif k == "exempt" and v:
            v = [names.get(x, x) for x in v]
        values[k] = v
    ev = fact.evidence
    return Fact(fact.relation, values, Evidence(rename(ev.sentence), ev.start, ev.end), fact.confidence)


def write_graph(pool: list[ArticleFacts], path: Path, target_quads: int, seed: int = 7) -> tuple[int, int]:
    """An N-Quads file of at least ``target_quads`` statements: remapped copies of the
    extracted articles in ``pool``, each in its own article graph, exactly as ingest
    would store them. Returns (quads, articles). The ontology is not included."""
    from extract.to_rdf import article_graph

    pools, rng = NamePools(), random.Random(seed)
    quads = articles = 0
    with path.open("w", encoding="utf-8") as out:
        while quads < target_quads:
            facts = remap_facts(pool[articles % len(pool)], f"remap-{articles:07d}", pools, rng)
            graph = article_graph(facts)
            name = f" <{graph.identifier}> .\n"
            for line in graph.serialize(format="nt").splitlines():
                if line.endswith(" ."):
                    out.write(line[:-2] + name)
                    quads += 1
            articles += 1
    return quads, articles

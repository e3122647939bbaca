"""The default extractor: a spaCy pipeline that needs no downloaded model.

``spacy.blank("en")`` gives the tokenizer; a sentencizer, the gazetteer and the
organisation-cue recognizers find entities; ``techkg_relations_v1`` reads the facts.
Articles go through ``nlp.pipe`` in batches, so a corpus costs one pass.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from extract import recognizers  # noqa: F401  (registers the entity factories)
from extract.article import Article, ArticleError
from extract.facts import ENTITY_FIELDS, ArticleFacts, Entity, Fact
from extract.gazetteer import Gazetteer
from extract.mentions import Mention, article_mentions
from extract.relations.commerce import supply_facts, use_facts
from extract.relations.context import SentenceContext
from extract.relations.inference import settle
from extract.relations.offerings import category_facts, offer_facts
from extract.relations.restrictions import exemption_notes, restriction_facts

#: facts below this confidence are dropped (documented in the README)
DEFAULT_MIN_CONFIDENCE = 0.5
SENTENCE_RULES = (
    offer_facts, category_facts, restriction_facts, exemption_notes, supply_facts, use_facts,
)  # fmt: skip

if not Doc.has_extension("techkg_facts"):
    Doc.set_extension("techkg_facts", default=None)


@Language.factory("techkg_relations_v1", default_config={"min_confidence": DEFAULT_MIN_CONFIDENCE})
def make_relation_reader(nlp: Language, name: str, min_confidence: float) -> RelationReader:
    """Factory of the relation component; it shares the gazetteer of the entity matcher."""
    return RelationReader(nlp.get_pipe("techkg_gazetteer").gazetteer, min_confidence)


class RelationReader:
    """Reads facts out of a doc whose entities are set; the article date comes in
    ``doc.user_data["published"]``. The result is ``doc._.techkg_facts``."""

    def __init__(self, gazetteer: Gazetteer, min_confidence: float) -> None:
        self.gazetteer = gazetteer
        self.min_confidence = min_confidence
        self.regions = gazetteer.wider_than_cities()

    def __call__(self, doc: Doc) -> Doc:
        words = [t.lower_ for t in doc]
        mentions = article_mentions(doc, words, self.regions)
        facts: list[Fact] = []
        for sent in doc.sents:
            inside = [m for m in mentions if sent.start <= m.start and m.end <= sent.end]
            earlier = [m for m in mentions if m.end <= sent.start]
            published = doc.user_data.get("published")
            ctx = SentenceContext(doc, sent, inside, earlier, published, self.gazetteer, words)
            if not ctx.is_question:
                for rule in SENTENCE_RULES:
                    facts += rule(ctx)
        entities = self._entities(doc, mentions)
        types = {e.name: e.type for e in entities}
        place_words = {e.name: self._place_words(e.name) for e in entities if e.type == "Place"}
        settled = [f for f in settle(facts, types, place_words) if f.confidence >= self.min_confidence]
        doc._.techkg_facts = (entities, self._named_facts(settled, entities))
        return doc

    def _place_words(self, place: str) -> set[str]:
        """The adjective a place's bodies are named with, from its "<adjective> government"
        aliases in the gazetteer ("Spanish government" -> "Spanish")."""
        entry = self.gazetteer.get(place)
        aliases = entry.aliases if entry else ()
        return {a.removesuffix(" government") for a in aliases if a.endswith(" government") and " " in a}

    def _named_facts(self, facts: list[Fact], entities: list[Entity]) -> list[Fact]:
        """Facts whose every participant is a known entity; a participant the text only
        implies (a product's maker named with it) is added from the gazetteer."""
        known = {e.name for e in entities}
        kept = []
        for fact in facts:
            names = [v for k, v in fact.values.items() if k in ENTITY_FIELDS and v] + list(
                fact.values.get("exempt") or []
            )
            for name in set(names) - known:
                entry = self.gazetteer.get(name)
                if entry is not None:
                    entities.append(Entity(entry.name, entry.type, list(entry.aliases), entry.wikidata))
                    known.add(name)
            if set(names) <= known:
                kept.append(fact)
        return kept

    def _entities(self, doc: Doc, mentions: list[Mention]) -> list[Entity]:
        """The entities the article names, with gazetteer aliases and the surface forms seen."""
        found: dict[str, Entity] = {}
        for m in (m for m in mentions if not m.resolved):
            entity = found.get(m.name)
            if entity is None:
                entry = self.gazetteer.get(m.name)
                aliases = list(entry.aliases) if entry else []
                wikidata = entry.wikidata if entry else None
                entity = found[m.name] = Entity(m.name, m.type, aliases, wikidata)
            entity.add_alias(m.span(doc).text)
        return list(found.values())


def build_pipeline(min_confidence: float = DEFAULT_MIN_CONFIDENCE, model: str | None = None) -> Language:
    """The default pipeline: blank English, sentences, entities, relations.

    With ``model`` (the name or path of an installed trained spaCy pipeline), its
    parser or sentence splitter and its named entities are used as well: the model's
    organisations, places, people and products join the gazetteer's matches, which win
    where both claim the same words. Off by default; nothing here downloads anything.
    """
    nlp = spacy.load(model) if model else spacy.blank("en")
    if not ({"parser", "senter", "sentencizer"} & set(nlp.pipe_names)):
        nlp.add_pipe("sentencizer")
    nlp.add_pipe("techkg_paragraphs_v1", name="techkg_paragraphs")
    if model:
        nlp.add_pipe("techkg_model_entities_v1", name="techkg_model_entities")
    nlp.add_pipe("techkg_gazetteer_v1", name="techkg_gazetteer")
    nlp.add_pipe("techkg_org_cues_v1", name="techkg_org_cues")
    nlp.add_pipe("techkg_relations_v1", name="techkg_relations", config={"min_confidence": min_confidence})
    return nlp


class Extractor:
    """Turns articles into :class:`ArticleFacts`, many at a time."""

    def __init__(self, nlp: Language | None = None, batch_size: int = 64) -> None:
        self.nlp = nlp or build_pipeline()
        self.nlp.set_error_handler(_record_failure)
        self.batch_size = batch_size

    def extract(self, article: Article) -> ArticleFacts:
        """The facts of one article; an extractor failure raises :class:`ArticleError`."""
        result = next(iter(self.extract_many([article])))
        if isinstance(result, ArticleError):
            raise result
        return result

    def extract_many(self, articles: Iterable[Article]) -> Iterator[ArticleFacts | ArticleError]:
        """The facts of each article, in order, through ``nlp.pipe``; an article the
        pipeline fails on yields an :class:`ArticleError` and the rest go on.

        spaCy drops a doc whose component raised (after calling the error handler), so
        docs are matched to their articles by number, never by position: a failed
        article must not hand its facts to the next one."""
        pending: list[tuple[int, Article, Doc]] = []

        def docs() -> Iterator[Doc]:
            for number, article in enumerate(articles):
                doc = self._doc(article)
                doc.user_data["techkg_number"] = number
                pending.append((number, article, doc))
                yield doc

        for doc in self.nlp.pipe(docs(), batch_size=self.batch_size):
            number = doc.user_data["techkg_number"]
            while pending and pending[0][0] < number:  # dropped by spaCy: they failed
                yield _failure(*pending.pop(0)[1:])
            _, article, _ = pending.pop(0)
            if doc._.techkg_facts is None or "techkg_error" in doc.user_data:
                yield _failure(article, doc)
            else:
                entities, facts = doc._.techkg_facts
                yield ArticleFacts(article, entities, facts)
        while pending:
            yield _failure(*pending.pop(0)[1:])

    def _doc(self, article: Article) -> Doc:
        """The article's doc, or an empty doc marked failed when spaCy cannot tokenize
        the text (``make_doc`` raising inside ``nlp.pipe`` would stop the whole corpus)."""
        if len(article.text) > self.nlp.max_length:
            return self._failed_doc(
                f"{len(article.text)} characters, more than the {self.nlp.max_length} "
                "the pipeline takes; split the article"
            )
        try:
            doc = self.nlp.make_doc(article.text)
        except UnicodeError as exc:  # an unpaired surrogate, from a JSON escape such as \ud800
            return self._failed_doc(f"the text is not valid Unicode ({exc.reason})")
        doc.user_data["published"] = article.date
        return doc

    def _failed_doc(self, reason: str) -> Doc:
        doc = self.nlp.make_doc("")
        doc.user_data["techkg_error"] = reason
        return doc


def _failure(article: Article, doc: Doc) -> ArticleError:
    reason = doc.user_data.get("techkg_error", "unknown error")
    return ArticleError(f"{article.id}: the extractor failed ({reason})")


def _record_failure(name: str, component: object, docs: list[Doc], error: Exception) -> None:
    """spaCy's error handler: mark the docs, so one bad article does not stop a corpus."""
    for doc in docs:
        doc.user_data["techkg_error"] = f"{name}: {type(error).__name__}: {error}"

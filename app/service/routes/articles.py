"""Articles: ingest one over HTTP (with the token), read one back with its facts."""

from __future__ import annotations

import datetime
from typing import Any

import pyoxigraph as ox
from fastapi import APIRouter, Request
from pydantic import BaseModel, Field
from rdflib import Graph
from starlette.concurrency import run_in_threadpool

from app.ingest import store_article
from app.lookups import NotFound
from app.metadata import record_ingest
from app.service.deps import StoreDep, WriterDep
from app.service.problems import PROBLEM_RESPONSES
from app.store import GraphStore
from extract.article import Article
from extract.from_rdf import facts_json
from ontology.namespaces import article_iri
from queries.loader import get_query

router = APIRouter(tags=["Articles"])


class ArticleIn(BaseModel):
    """An article to ingest; ``id`` names its graph, so sending it again replaces it."""

    id: str = Field(min_length=1, max_length=200, pattern=r"^[^\s/?#]+$")
    text: str = Field(min_length=1)
    date: datetime.date | None = None
    title: str | None = None
    url: str | None = None


@router.post("/articles", status_code=201, responses={**PROBLEM_RESPONSES, 401: {"description": "No token"},
             403: {"description": "Wrong token or read-only"}})  # fmt: skip
async def post_article(request: Request, article: ArticleIn, store: StoreDep, _: WriterDep) -> dict[str, Any]:
    """Extract one article's facts and store them in its named graph (replacing any earlier
    version); answers with the facts as stored."""
    extractor = request.app.state.extractor
    parsed = Article(article.id, article.text, article.date, article.title, article.url)
    facts = await run_in_threadpool(extractor.extract, parsed)
    await run_in_threadpool(store_article, store, facts)
    await run_in_threadpool(record_ingest, store, 1, 0)
    return await run_in_threadpool(stored_facts, store, article.id)


@router.get("/articles/{article_id}", responses=PROBLEM_RESPONSES)
def get_article(store: StoreDep, article_id: str) -> dict[str, Any]:
    """An article's metadata and facts, read back from its named graph."""
    return stored_facts(store, article_id)


def stored_facts(store: GraphStore, article_id: str) -> dict[str, Any]:
    """The facts JSON of a stored article; :class:`NotFound` if it is not stored."""
    iri = article_iri(article_id)
    triples = list(store.query(get_query("article").bound(article=str(iri))))  # type: ignore[arg-type]
    if not triples:
        raise NotFound(f"no article with id {article_id!r}")
    graph = Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    if not len(graph):
        raise NotFound(f"no article with id {article_id!r}")
    return facts_json(graph, iri)

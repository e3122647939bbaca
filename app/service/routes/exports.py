"""Exports of the graph for Gephi, Cytoscape, D3, Graphviz, spreadsheets and RDF tools."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from app.exporting import export
from app.service.deps import StoreDep
from app.service.problems import PROBLEM_RESPONSES
from queries.exports import EXPORTS

router = APIRouter(tags=["Exports"])
FormatName = Literal[tuple(EXPORTS)]  # type: ignore[valid-type]


@router.get("/export", responses={**PROBLEM_RESPONSES, 200: {"description": "the export file"}})
async def get_export(
    store: StoreDep,
    format: Annotated[FormatName, Query(description="export format")],
    entity: Annotated[str | None, Query(description="only this entity's neighbourhood")] = None,
    depth: Annotated[int, Query(ge=1, le=4)] = 1,
) -> Response:
    """The whole graph, or the neighbourhood of one entity, as a download."""
    fmt, data = await run_in_threadpool(export, store, format, entity, depth)
    filename = f"techkg{'-' + entity if entity else ''}.{fmt.extension}"
    return Response(
        data, media_type=fmt.media_type, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )

"""Exports of the graph for Gephi, Cytoscape, D3, Graphviz, spreadsheets and RDF tools."""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from app.exporting import export
from app.limits import check_export_size
from app.service.deps import SettingsDep, StoreDep
from app.service.problems import PROBLEM_RESPONSES
from ontology.namespaces import ENTITY_TYPES
from queries.exports import EXPORTS

router = APIRouter(tags=["Exports"])
FormatName = Literal[tuple(EXPORTS)]  # type: ignore[valid-type]
EntityType = Literal[tuple(ENTITY_TYPES)]  # type: ignore[valid-type]


@router.get("/export", responses={**PROBLEM_RESPONSES, 200: {"description": "the export file"}})
async def get_export(
    store: StoreDep,
    settings: SettingsDep,
    format: Annotated[FormatName, Query(description="export format")],
    entity: Annotated[str | None, Query(description="only this entity's neighbourhood")] = None,
    depth: Annotated[int, Query(ge=1, le=4, description="neighbourhood depth, with entity")] = 1,
    technology: Annotated[
        str | None, Query(description="only facts about this technology (an entity id) or its products")
    ] = None,
    type: Annotated[
        EntityType | None, Query(description="only facts with a participant of this type, and both sides")
    ] = None,
    active_on: Annotated[
        datetime.date | None,
        Query(description="only restrictions in force on this day (other facts stay unless dated away)"),
    ] = None,
) -> Response:
    """The whole graph, or the part the filters select, as a download. Filters combine:
    restrictions in force on ``active_on`` first, then facts about ``technology``, then
    those touching a ``type``, then the neighbourhood of ``entity`` within what is left."""
    fmt, data = await run_in_threadpool(
        export, store, format, entity, depth, technology=technology, entity_type=type, active_on=active_on
    )
    check_export_size(data, settings.max_export_bytes)
    filename = download_name([entity, technology, type, active_on and active_on.isoformat()], fmt.extension)
    return Response(
        data, media_type=fmt.media_type, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


def download_name(parts: list[str | None], extension: str) -> str:
    """A file name that says what the export holds; characters a header could choke on go.

    >>> download_name(["company-amazon", None, "Company", "2021-01-01"], "gexf")
    'techkg-company-amazon-Company-2021-01-01.gexf'
    >>> download_name(['x"; evil', None], "csv")
    'techkg-x_evil.csv'
    """
    words = ["techkg", *(part for part in parts if part)]
    return re.sub(r"[^A-Za-z0-9._-]+", "_", "-".join(words)) + "." + extension

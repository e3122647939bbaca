"""Restrictions, optionally those in force on a day."""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query

from app import lookups
from app.service.deps import StoreDep
from app.service.problems import PROBLEM_RESPONSES

router = APIRouter(tags=["Restrictions"])


@router.get("/restrictions", responses=PROBLEM_RESPONSES)
def list_restrictions(
    store: StoreDep,
    active_on: Annotated[datetime.date | None, Query(description="only those in force on this day")] = None,
    technology: Annotated[str | None, Query(description="entity id of a technology or product")] = None,
    authority: Annotated[str | None, Query(description="entity id of the restricting body")] = None,
) -> dict[str, Any]:
    """Bans, moratoria, pauses and other restrictions with their dates, scope, exemptions
    and the sentence that states each. In force on a day: started on or before it
    (or reported by then, when no start is known) and ending after it."""
    found = lookups.restrictions(store, active_on.isoformat() if active_on else None, technology, authority)
    return {"data": found, "count": len(found), "active_on": active_on}

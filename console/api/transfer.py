"""Import and export over the API: start an import (202 and a job), its progress, an export."""

from __future__ import annotations

from typing import Any, Optional

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, status
from fastapi.responses import Response
from pydantic import BaseModel

from console.api.deps import content_person
from console.deps import Database
from console.imports import export, job_of, start_import
from handoff.models import Advisor

router = APIRouter(prefix="/api", tags=["import and export"])


class ImportJobOut(BaseModel):
    """An import: queued, running, done or failed; `result` counts what was added, updated and unchanged,
    or lists each bad row's line, field and reason (then nothing was saved)."""

    id: str
    kind: str
    file: str
    state: str
    done: int
    total: int
    started: str
    result: Optional[dict[str, Any]]
    failure: Optional[str]


@router.post("/import/{kind}", response_model=ImportJobOut, status_code=status.HTTP_202_ACCEPTED)
async def import_over_api(
    request: Request,
    session: Database,
    kind: str = Path(..., pattern="^(answers|listings)$"),
    person: Advisor = Depends(content_person),
) -> dict[str, Any]:
    """The request body is the file (Content-Type text/csv or application/json). The import runs in
    the background: poll GET /api/import/{id} for its progress and result. Nothing is saved unless
    every row is right; otherwise the result lists each bad row's line, field and reason."""
    media = request.headers.get("content-type", "").split(";")[0].strip()
    file_format = "json" if media.endswith("json") else "csv" if media in ("text/csv", "text/plain") else ""
    if not file_format:
        raise HTTPException(status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, "Send text/csv or application/json.")
    payload = await request.body()
    return start_import(session, person, kind, file_format, payload, f"api.{file_format}").as_json()


@router.get("/import/{job_id}", response_model=ImportJobOut)
def import_progress(job_id: str, session: Database, person: Advisor = Depends(content_person)) -> dict[str, Any]:
    return job_of(session, job_id, person).as_json()


@router.get("/export/{kind}.{file_format}")
def export_over_api(
    session: Database,
    kind: str = Path(..., pattern="^(answers|listings)$"),
    file_format: str = Path(..., pattern="^(csv|json)$"),
    spreadsheet: bool = Query(False, description="CSV for Excel in Finland: semicolons and a byte-order mark"),
    person: Advisor = Depends(content_person),
) -> Response:
    return export(session, person, kind, file_format, spreadsheet)

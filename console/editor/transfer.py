"""Import and export on the editor's pages: upload, the job's progress, downloads (CSV for Finnish
spreadsheets on request)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, File, Form, HTTPException, Path, Query, Request, UploadFile, status
from fastapi.responses import HTMLResponse, Response

from console.auth import ContentPerson, check_csrf
from console.deps import Database
from console.imports import MAX_BYTES, export, job_of, kinds_for, recent_jobs, start_import
from console.templating import back, page

router = APIRouter(prefix="/editor", include_in_schema=False)


@router.get("/transfer", response_class=HTMLResponse)
def transfer_page(request: Request, session: Database, person: ContentPerson) -> Response:
    return page(request, "editor_transfer.html", person, kinds=kinds_for(person), jobs=recent_jobs(session, person))


@router.post("/import", dependencies=[Depends(check_csrf)])
async def import_page(
    session: Database,
    person: ContentPerson,
    kind: str = Form(..., pattern="^(answers|listings)$"),
    upload: UploadFile = File(...),
) -> Response:
    name = upload.filename or "file"
    file_format = "json" if name.lower().endswith(".json") else "csv"
    payload = await upload.read(MAX_BYTES + 1)
    try:
        job = start_import(session, person, kind, file_format, payload, name)
    except HTTPException as error:
        if error.status_code != status.HTTP_422_UNPROCESSABLE_ENTITY or not isinstance(error.detail, dict):
            raise
        return back(f"/editor/import/unreadable?line={error.detail['line']}&reason={error.detail['reason']}")
    return back(f"/editor/import/{job.id}")


@router.get("/import/unreadable", response_class=HTMLResponse)
def unreadable_page(request: Request, person: ContentPerson, line: int = 1, reason: str = "") -> Response:
    return page(request, "editor_import.html", person, job=None, unreadable={"line": line, "reason": reason[:300]})


@router.get("/import/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, job_id: str, session: Database, person: ContentPerson) -> Response:
    return page(request, "editor_import.html", person, job=job_of(session, job_id, person), unreadable=None)


@router.get("/import/{job_id}/progress", response_class=HTMLResponse)
def job_progress_fragment(request: Request, job_id: str, session: Database, person: ContentPerson) -> Response:
    return page(request, "_import_progress.html", person, job=job_of(session, job_id, person))


@router.get("/export/{kind}.{file_format}")
def export_page(
    session: Database,
    person: ContentPerson,
    kind: str = Path(..., pattern="^(answers|listings)$"),
    file_format: str = Path(..., pattern="^(csv|json)$"),
    spreadsheet: bool = Query(False),
) -> Response:
    return export(session, person, kind, file_format, spreadsheet)

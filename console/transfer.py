"""Import and export of answers and listings, over the API and on the editor's pages.

An import runs in the background so that a long one can show its progress; it is all or nothing
(knowledge/transfer.py). Jobs are kept in this console process's memory: the progress of an import
started on another console process is not visible here, and a restart forgets finished jobs (the
content itself is in the database, or, for a failed import, nowhere)."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Optional

from fastapi import APIRouter, Depends, File, Form, HTTPException, Path, Query, Request, UploadFile, status
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from console.api import current_advisor
from console.auth import check_csrf, with_role
from console.deps import database
from console.pages import back, page
from console.permissions import (
    ContentScope,
    may_edit_answer,
    may_edit_listing,
    may_publish_listing,
    may_save_listing,
)
from handoff.models import ADMIN, EDITOR, NGO_EDITOR, Advisor
from knowledge.db import open_session
from knowledge.editing import Editor
from knowledge.models import ServiceListing
from knowledge.search import refresh_term_counts
from knowledge.transfer import (
    ANSWERS,
    FORMATS,
    KINDS,
    LISTINGS,
    FileError,
    ImportResult,
    Row,
    answer_rows,
    import_answers,
    import_listings,
    listing_rows,
    read_rows,
    write_file,
)
from settings import get_settings

api = APIRouter(prefix="/api", tags=["import and export"])
pages = APIRouter(prefix="/editor", include_in_schema=False)
content_people = with_role(EDITOR, NGO_EDITOR)
MAX_BYTES = 20 * 1024 * 1024
KEEP_JOBS = 50
MEDIA = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


@dataclass
class ImportJob:
    id: str
    kind: str
    owner_id: int
    file_name: str
    total: int
    started: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))
    done: int = 0
    state: str = "running"
    result: Optional[ImportResult] = None
    failure: Optional[str] = None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "file": self.file_name,
            "state": self.state,
            "done": self.done,
            "total": self.total,
            "started": self.started.isoformat(),
            "result": self.result.as_json() if self.result else None,
            "failure": self.failure,
        }


_JOBS: OrderedDict[str, ImportJob] = OrderedDict()
_LOCK = threading.Lock()


def kinds_for(person: Advisor) -> tuple[str, ...]:
    return KINDS if person.role in (ADMIN, EDITOR) else (LISTINGS,)


def start_import(person: Advisor, kind: str, file_format: str, payload: bytes, file_name: str) -> ImportJob:
    """Read the file now (a file that cannot be read is refused at once), then import in the background."""
    if kind not in kinds_for(person):
        raise HTTPException(status.HTTP_403_FORBIDDEN, f"Your role does not import {kind}.")
    if file_format not in FORMATS:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_ENTITY, "The format is csv or json.")
    if len(payload) > MAX_BYTES:
        raise HTTPException(status.HTTP_413_REQUEST_ENTITY_TOO_LARGE, "The file is larger than 20 MB.")
    languages = get_settings().languages
    try:
        rows = read_rows(payload, file_format, kind, languages)
    except FileError as error:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_ENTITY, {"line": error.line, "reason": error.reason}
        ) from None
    job = ImportJob(uuid.uuid4().hex, kind, person.id, file_name[:200], len(rows))
    with _LOCK:
        _JOBS[job.id] = job
        while len(_JOBS) > KEEP_JOBS:
            _JOBS.popitem(last=False)
    scope, editor = ContentScope.of(person), Editor(person.id, person.email)
    worker = threading.Thread(
        target=_run, args=(job, rows, file_format, scope, editor, languages), name=f"import-{job.id}", daemon=True
    )
    worker.start()
    return job


def _run(
    job: ImportJob, rows: list[Row], file_format: str, scope: ContentScope, editor: Editor, languages: tuple[str, ...]
) -> None:
    def progress(done: int, total: int) -> None:
        job.done = done

    with open_session(get_settings().database_url) as session:
        try:
            if job.kind == ANSWERS:
                result = import_answers(session, rows, editor, languages, _answer_refusal(scope), progress)
            else:
                result = import_listings(
                    session,
                    rows,
                    file_format,
                    editor,
                    languages,
                    _listing_refusal(session, scope),
                    progress,
                    may_publish=lambda data: may_publish_listing(session, scope, data.get("organisation")),
                )
            if result.ok:
                session.commit()
            else:
                session.rollback()
        except Exception as error:  # noqa: BLE001 - the job reports any failure; nothing was committed
            job.failure, job.state = error.__class__.__name__, "failed"
            raise
        job.result, job.state = result, "done" if result.ok else "failed"
        if result.ok and job.kind == LISTINGS:
            # After the job is done: the statistics only guide the search, the import is saved either way.
            refresh_term_counts(session)
            session.commit()


def _answer_refusal(scope: ContentScope) -> Any:
    def refuse(municipality_code: Optional[str]) -> Optional[str]:
        if may_edit_answer(scope, municipality_code):
            return None
        return (
            "you do not edit the answers of this municipality"
            if municipality_code
            else "you do not edit national answers"
        )

    return refuse


def _listing_refusal(session: Session, scope: ContentScope) -> Any:
    def refuse(data: dict[str, Any], listing: Optional[ServiceListing]) -> Optional[str]:
        if may_save_listing(session, scope, data, listing):
            return None
        return "you do not write this listing, or listings of this organisation or these municipalities"

    return refuse


def job_of(job_id: str, person: Advisor) -> ImportJob:
    job = _JOBS.get(job_id)
    if job is None or (job.owner_id != person.id and person.role != ADMIN):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "There is no such import (imports are kept until a restart).")
    return job


def export(session: Session, person: Advisor, kind: str, file_format: str, spreadsheet: bool = False) -> Response:
    if kind not in kinds_for(person):
        raise HTTPException(status.HTTP_403_FORBIDDEN, f"Your role does not export {kind}.")
    languages = get_settings().languages
    if kind == ANSWERS:
        rows = answer_rows(session, lambda code: may_edit_answer(person, code))
    else:
        scope = ContentScope.of(person)
        rows = listing_rows(session, lambda listing: may_edit_listing(scope, listing))
    name = f"alku-{kind}-{dt.date.today().isoformat()}.{file_format}"
    return Response(
        write_file(kind, file_format, rows, languages, spreadsheet and file_format == "csv"),
        media_type=MEDIA[file_format],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _content_person(person: Advisor = Depends(current_advisor)) -> Advisor:
    if person.role not in (ADMIN, EDITOR, NGO_EDITOR):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "Your role does not import or export content (editors do).")
    return person


# API


@api.post("/import/{kind}", status_code=status.HTTP_202_ACCEPTED)
async def import_over_api(
    request: Request,
    kind: str = Path(..., pattern="^(answers|listings)$"),
    person: Advisor = Depends(_content_person),
) -> dict[str, Any]:
    """The request body is the file (Content-Type text/csv or application/json). The import runs in
    the background: poll GET /api/import/{id} for its progress and result. Nothing is saved unless
    every row is right; otherwise the result lists each bad row's line, field and reason."""
    media = request.headers.get("content-type", "").split(";")[0].strip()
    file_format = "json" if media.endswith("json") else "csv" if media in ("text/csv", "text/plain") else ""
    if not file_format:
        raise HTTPException(status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, "Send text/csv or application/json.")
    payload = await request.body()
    return start_import(person, kind, file_format, payload, f"api.{file_format}").as_json()


@api.get("/import/{job_id}")
def import_progress(job_id: str, person: Advisor = Depends(_content_person)) -> dict[str, Any]:
    return job_of(job_id, person).as_json()


@api.get("/export/{kind}.{file_format}")
def export_over_api(
    kind: str = Path(..., pattern="^(answers|listings)$"),
    file_format: str = Path(..., pattern="^(csv|json)$"),
    spreadsheet: bool = Query(False, description="CSV for Excel in Finland: semicolons and a byte-order mark"),
    person: Advisor = Depends(_content_person),
    session: Session = Depends(database),
) -> Response:
    return export(session, person, kind, file_format, spreadsheet)


# Pages


@pages.get("/transfer", response_class=HTMLResponse)
def transfer_page(request: Request, person: Advisor = Depends(content_people)) -> Response:
    mine = [job for job in reversed(_JOBS.values()) if job.owner_id == person.id]
    return page(request, "editor_transfer.html", person, kinds=kinds_for(person), jobs=mine[:10])


@pages.post("/import", dependencies=[Depends(check_csrf)])
async def import_page(
    kind: str = Form(..., pattern="^(answers|listings)$"),
    upload: UploadFile = File(...),
    person: Advisor = Depends(content_people),
) -> Response:
    name = upload.filename or "file"
    file_format = "json" if name.lower().endswith(".json") else "csv"
    payload = await upload.read(MAX_BYTES + 1)
    try:
        job = start_import(person, kind, file_format, payload, name)
    except HTTPException as error:
        if error.status_code != status.HTTP_422_UNPROCESSABLE_ENTITY or not isinstance(error.detail, dict):
            raise
        return back(f"/editor/import/unreadable?line={error.detail['line']}&reason={error.detail['reason']}")
    return back(f"/editor/import/{job.id}")


@pages.get("/import/unreadable", response_class=HTMLResponse)
def unreadable_page(
    request: Request, line: int = 1, reason: str = "", person: Advisor = Depends(content_people)
) -> Response:
    return page(request, "editor_import.html", person, job=None, unreadable={"line": line, "reason": reason[:300]})


@pages.get("/import/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, job_id: str, person: Advisor = Depends(content_people)) -> Response:
    return page(request, "editor_import.html", person, job=job_of(job_id, person), unreadable=None)


@pages.get("/import/{job_id}/progress", response_class=HTMLResponse)
def job_progress_fragment(request: Request, job_id: str, person: Advisor = Depends(content_people)) -> Response:
    return page(request, "_import_progress.html", person, job=job_of(job_id, person))


@pages.get("/export/{kind}.{file_format}")
def export_page(
    kind: str = Path(..., pattern="^(answers|listings)$"),
    file_format: str = Path(..., pattern="^(csv|json)$"),
    spreadsheet: bool = Query(False),
    person: Advisor = Depends(content_people),
    session: Session = Depends(database),
) -> Response:
    return export(session, person, kind, file_format, spreadsheet)

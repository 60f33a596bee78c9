"""Import and export of answers and listings, over the API and on the editor's pages.

An import runs in the background so that a long one can show its progress; it is all or nothing
(knowledge/transfer.py). Jobs live in the database (`ImportJob`, with the uploaded file until it has
run): any console process shows a job, and a job left running by a process that died is run again when
a console starts."""

from __future__ import annotations

import datetime as dt
import json
import threading
import uuid
from dataclasses import dataclass
from typing import Any, Optional

from fastapi import HTTPException, status
from fastapi.responses import Response
from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.orm import Session

from console.permissions import (
    ContentScope,
    may_edit_answer,
    may_edit_listing,
    may_publish_listing,
    may_save_listing,
)
from handoff.models import ADMIN, EDITOR, Advisor
from knowledge.db import open_session
from knowledge.editing import Editor
from knowledge.models import ImportJob, ServiceListing, utcnow
from knowledge.search import refresh_term_counts
from knowledge.transfer import (
    ANSWERS,
    FORMATS,
    KINDS,
    LISTINGS,
    FileError,
    ImportResult,
    answer_rows,
    import_answers,
    import_listings,
    listing_rows,
    read_rows,
    write_file,
)
from settings import get_settings

MAX_BYTES = 20 * 1024 * 1024


KEEP_JOBS = 50
# Imports one person may have queued or running at once (each holds its file in the database).
MAX_UNFINISHED = 3


MEDIA = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


# Progress of the jobs this process runs, between the (less frequent) writes to the database.
_PROGRESS: dict[str, int] = {}


# A running job whose heartbeat is older than this was left by a process that is gone.
STALE = dt.timedelta(minutes=2)


HEARTBEAT = dt.timedelta(seconds=1)


@dataclass
class JobView:
    """An import job as pages and the API show it."""

    id: str
    kind: str
    owner_id: int
    file_name: str
    total: int
    done: int
    state: str
    started: dt.datetime
    result: Optional[dict[str, Any]]
    failure: Optional[str]

    @classmethod
    def of(cls, job: ImportJob) -> JobView:
        done = job.total if job.state in ("done", "failed") else _PROGRESS.get(job.id, job.done)
        return cls(
            job.id,
            job.kind,
            job.owner_id,
            job.file_name,
            job.total,
            done,
            job.state,
            job.started_at.replace(tzinfo=dt.timezone.utc),
            json.loads(job.result) if job.result else None,
            job.failure,
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "file": self.file_name,
            "state": self.state,
            "done": self.done,
            "total": self.total,
            "started": self.started.isoformat(),
            "result": self.result,
            "failure": self.failure,
        }


def kinds_for(person: Advisor) -> tuple[str, ...]:
    return KINDS if person.role in (ADMIN, EDITOR) else (LISTINGS,)


def start_import(
    session: Session, person: Advisor, kind: str, file_format: str, payload: bytes, file_name: str
) -> JobView:
    """Read the file now (a file that cannot be read is refused at once), keep it with the job in the
    database, then import in the background."""
    if kind not in kinds_for(person):
        raise HTTPException(status.HTTP_403_FORBIDDEN, f"Your role does not import {kind}.")
    if file_format not in FORMATS:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_ENTITY, "The format is csv or json.")
    if len(payload) > MAX_BYTES:
        raise HTTPException(status.HTTP_413_REQUEST_ENTITY_TOO_LARGE, "The file is larger than 20 MB.")
    unfinished = select(func.count()).where(ImportJob.owner_id == person.id, ImportJob.state.in_(("queued", "running")))
    if session.scalar(unfinished) >= MAX_UNFINISHED:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            f"You have {MAX_UNFINISHED} imports under way; start another when one has finished.",
        )
    try:
        rows = read_rows(payload, file_format, kind, get_settings().languages)
    except FileError as error:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_ENTITY, {"line": error.line, "reason": error.reason}
        ) from None
    job = ImportJob(
        id=uuid.uuid4().hex,
        kind=kind,
        file_format=file_format,
        file_name=file_name[:200],
        owner_id=person.id,
        total=len(rows),
        payload=payload,
    )
    session.add(job)
    _forget_old_jobs(session, person.id)
    session.commit()
    _in_background(job.id)
    return JobView.of(job)


def _forget_old_jobs(session: Session, owner_id: int) -> None:
    finished = select(ImportJob.id).where(ImportJob.owner_id == owner_id, ImportJob.state.in_(("done", "failed")))
    old = list(session.scalars(finished.order_by(ImportJob.started_at.desc()).offset(KEEP_JOBS)))
    if old:
        session.execute(delete(ImportJob).where(ImportJob.id.in_(old)))


def _in_background(job_id: str) -> None:
    threading.Thread(target=run_job, args=(job_id,), name=f"import-{job_id}", daemon=True).start()


def resume_jobs() -> int:
    """At start-up: run the jobs waiting in the queue and those a process that is gone left running."""
    with open_session(get_settings().database_url) as session:
        stale = utcnow() - STALE
        waiting = list(
            session.scalars(
                select(ImportJob.id).where(
                    or_(
                        ImportJob.state == "queued",
                        and_(
                            ImportJob.state == "running",
                            or_(ImportJob.heartbeat_at.is_(None), ImportJob.heartbeat_at < stale),
                        ),
                    )
                )
            )
        )
    for job_id in waiting:
        _in_background(job_id)
    return len(waiting)


def _claim(session: Session, job_id: str) -> bool:
    """One process runs a job: a conditional UPDATE, as for tickets."""
    now = utcnow()
    taken = session.execute(
        update(ImportJob)
        .where(
            ImportJob.id == job_id,
            or_(
                ImportJob.state == "queued",
                and_(
                    ImportJob.state == "running",
                    or_(ImportJob.heartbeat_at.is_(None), ImportJob.heartbeat_at < now - STALE),
                ),
            ),
        )
        .values(state="running", heartbeat_at=now, done=0)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return taken.rowcount == 1


def run_job(job_id: str) -> None:
    url = get_settings().database_url
    with open_session(url) as session:
        if not _claim(session, job_id):
            return
        job = session.get(ImportJob, job_id)
        owner = session.get(Advisor, job.owner_id) if job is not None else None
        if job is None or owner is None or job.payload is None:
            return
        kind, file_format, payload = job.kind, job.file_format, job.payload
        scope, editor, languages = ContentScope.of(owner), Editor(owner.id, owner.email), get_settings().languages
        owner_active = owner.active
    beat = {"at": utcnow()}

    def progress(done: int, total: int) -> None:
        _PROGRESS[job_id] = done
        # Another process reads the progress from the database; SQLite has one writer at a time, and the
        # import's transaction is it, so there the progress is written when the job ends.
        if utcnow() - beat["at"] >= HEARTBEAT and not url.startswith("sqlite"):
            beat["at"] = utcnow()
            with open_session(url) as tick:
                tick.execute(update(ImportJob).where(ImportJob.id == job_id).values(done=done, heartbeat_at=beat["at"]))
                tick.commit()

    result: Optional[ImportResult] = None
    failure: Optional[str] = None
    with open_session(url) as session:
        try:
            if not owner_active:
                raise PermissionError("the account that started the import was deactivated")
            rows = read_rows(payload, file_format, kind, languages)
            if kind == ANSWERS:
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
                if kind == LISTINGS:
                    # After the job is done: the statistics only guide the search, the import is saved either way.
                    refresh_term_counts(session)
                    session.commit()
            else:
                session.rollback()
        except Exception as error:  # noqa: BLE001 - the job reports any failure; nothing was committed
            session.rollback()
            failure = error.__class__.__name__
    with open_session(url) as session:
        job = session.get(ImportJob, job_id)
        if job is not None:
            job.state = "done" if result is not None and result.ok and failure is None else "failed"
            job.result = json.dumps(result.as_json(), ensure_ascii=False) if result is not None else None
            job.failure, job.done, job.finished_at, job.payload = failure, job.total, utcnow(), None
            session.commit()
    _PROGRESS.pop(job_id, None)


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


def job_of(session: Session, job_id: str, person: Advisor) -> JobView:
    job = session.get(ImportJob, job_id[:32])
    if job is None or (job.owner_id != person.id and person.role != ADMIN):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "There is no such import.")
    return JobView.of(job)


def recent_jobs(session: Session, person: Advisor, limit: int = 10) -> list[JobView]:
    jobs = session.scalars(
        select(ImportJob).where(ImportJob.owner_id == person.id).order_by(ImportJob.started_at.desc()).limit(limit)
    )
    return [JobView.of(job) for job in jobs]


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

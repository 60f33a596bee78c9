"""Canned replies advisors insert in one click, per language."""

from __future__ import annotations

from typing import Optional

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, Response

from console.auth import AdminOnly, check_csrf
from console.deps import Database
from console.templating import back, done, flash, page, words
from handoff.canned import canned_replies, next_position
from handoff.models import CannedReply
from knowledge.render import language_name
from settings import get_settings

router = APIRouter(prefix="/admin", include_in_schema=False)


@router.get("/canned-replies", response_class=HTMLResponse)
def canned_page(
    request: Request, advisor: AdminOnly, session: Database, language: str = Query("en", max_length=8)
) -> Response:
    ui = words(request)["_lang"]
    languages = get_settings().languages
    chosen = language if language in languages else languages[0]
    return page(
        request,
        "canned_replies.html",
        advisor,
        chosen=chosen,
        languages=[(code, language_name(code, ui)) for code in languages],
        replies=canned_replies(session, chosen),
    )


@router.post("/canned-replies", dependencies=[Depends(check_csrf)])
def save_canned(
    request: Request,
    advisor: AdminOnly,
    session: Database,
    language: str = Form(..., max_length=8),
    title: str = Form("", max_length=200),
    text: str = Form("", max_length=4000),
    reply_id: Optional[int] = Form(None),
    delete: Optional[str] = Form(None),
) -> Response:
    """Add a reply, or (with reply_id) change or delete one."""
    target = f"/admin/canned-replies?language={language}"
    reply = session.get(CannedReply, reply_id) if reply_id else None
    if reply is not None and delete:
        session.delete(reply)
        session.commit()
        return back(target)
    if language not in get_settings().languages or not title.strip() or not text.strip():
        flash(request, "text_required", problem=True)
        return back(target)
    if reply is None:
        session.add(
            CannedReply(
                language=language, title=title.strip(), text=text.strip(), position=next_position(session, language)
            )
        )
    else:
        reply.title, reply.text = title.strip(), text.strip()
    return done(request, session, "saved", target)

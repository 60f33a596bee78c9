"""One conversation: claim, read the transcript, reply, note, retry a delivery, resolve, hand back, release,
escalate, and an admin's take-over or reassignment. Every text from a user is escaped by Jinja2."""

from __future__ import annotations

from typing import Any, Optional

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from console.auth import AdminOnly, TicketTaker, check_csrf
from console.deps import Chats, Database, RowId
from console.errors import refusals_return_to
from console.templating import back, flash, page, ticket_row, words
from handoff import desk
from handoff.canned import canned_replies
from handoff.conversations import Conversations, DeliveryFailed
from handoff.models import ADMIN, Advisor, Ticket
from handoff.queue import NOT_ALLOWED, TicketUnavailable, add_note
from handoff.routing import TAKES_TICKETS, may_see, may_take, professional_topics
from handoff.transcript import timeline
from settings import get_settings

# A refused step shows its reason on the conversation's page (a lost claim: on the inbox).
router = APIRouter(include_in_schema=False, dependencies=[refusals_return_to("/tickets/{ticket_id}")])


@router.post("/tickets/{ticket_id}/claim", dependencies=[Depends(check_csrf), refusals_return_to("/inbox")])
def claim_page(request: Request, ticket_id: RowId, advisor: TicketTaker, session: Database, chats: Chats) -> Response:
    _, error = desk.take(session, chats, ticket_id, advisor)
    if error:
        flash(request, "joined_not_delivered", problem=True)
    return back(f"/tickets/{ticket_id}")


def _visible(session: Session, ticket_id: RowId, advisor: Advisor) -> Ticket:
    ticket = session.get(Ticket, ticket_id)
    if ticket is None or not may_see(advisor, ticket, professional_topics(session)):
        raise HTTPException(404, "There is no such ticket for you.")
    return ticket


def _lines(session: Session, chats: Conversations, ticket: Ticket) -> dict[str, Any]:
    try:
        tracker_lines: Optional[list[dict[str, Any]]] = chats.transcript(
            ticket.conversation_id, ticket.created_at, ticket.resolved_at
        )
    except DeliveryFailed:
        tracker_lines = None
    return {"lines": timeline(ticket, tracker_lines), "transcript_missing": tracker_lines is None}


@router.get("/tickets/{ticket_id}", response_class=HTMLResponse)
def ticket_page(request: Request, ticket_id: RowId, advisor: TicketTaker, session: Database, chats: Chats) -> Response:
    ticket = _visible(session, ticket_id, advisor)
    ui = words(request)["_lang"]
    return page(
        request,
        "ticket.html",
        advisor,
        row=ticket_row(ticket, ui),
        mine=ticket.status == "open" and ticket.advisor_id == advisor.id,
        canned=canned_replies(session, ticket.language),
        takers=_takers(session, ticket) if advisor.role == ADMIN else [],
        ticket_id=ticket.id,
        **_lines(session, chats, ticket),
    )


@router.get("/tickets/{ticket_id}/lines", response_class=HTMLResponse)
def ticket_lines(request: Request, ticket_id: RowId, advisor: TicketTaker, session: Database, chats: Chats) -> Response:
    """The conversation alone: the page reloads it every two seconds, so new user messages appear."""
    ticket = _visible(session, ticket_id, advisor)
    return page(request, "_lines.html", advisor, ticket_id=ticket.id, **_lines(session, chats, ticket))


def _text(value: str) -> str:
    return value.strip()[: desk.MAX_TEXT]


@router.post("/tickets/{ticket_id}/reply", dependencies=[Depends(check_csrf)])
def reply_page(
    request: Request, ticket_id: RowId, advisor: TicketTaker, session: Database, chats: Chats, text: str = Form("")
) -> Response:
    ticket = _visible(session, ticket_id, advisor)
    if not _text(text):
        flash(request, "text_required", problem=True)
        return back(f"/tickets/{ticket_id}")
    desk.reply(session, chats, ticket, advisor, _text(text), get_settings().delivery_retry_seconds)
    return back(f"/tickets/{ticket_id}")


@router.post("/tickets/{ticket_id}/note", dependencies=[Depends(check_csrf)])
def note_page(
    request: Request, ticket_id: RowId, advisor: TicketTaker, session: Database, text: str = Form("")
) -> Response:
    ticket = _visible(session, ticket_id, advisor)
    if _text(text):
        add_note(session, ticket, advisor, _text(text))
        session.commit()
    else:
        flash(request, "text_required", problem=True)
    return back(f"/tickets/{ticket_id}")


@router.post("/tickets/{ticket_id}/messages/{message_id}/retry", dependencies=[Depends(check_csrf)])
def retry_page(ticket_id: RowId, message_id: RowId, advisor: TicketTaker, session: Database, chats: Chats) -> Response:
    ticket = _visible(session, ticket_id, advisor)
    desk.send_again(session, chats, ticket, message_id, get_settings().delivery_retry_seconds)
    return back(f"/tickets/{ticket_id}")


def _takers(session: Session, ticket: Ticket) -> list[Advisor]:
    """Who an admin may hand an open ticket to: everyone active who may take it, but its advisor."""
    professional_only = professional_topics(session)
    people = session.scalars(
        select(Advisor).where(Advisor.active.is_(True), Advisor.role.in_(TAKES_TICKETS)).order_by(Advisor.name)
    )
    return [
        person for person in people if person.id != ticket.advisor_id and may_take(person, ticket, professional_only)
    ]


@router.post("/tickets/{ticket_id}/take-over", dependencies=[Depends(check_csrf)])
def take_over_page(request: Request, ticket_id: RowId, advisor: AdminOnly, session: Database, chats: Chats) -> Response:
    return _hand_over(request, session, chats, ticket_id, advisor, advisor)


@router.post("/tickets/{ticket_id}/reassign", dependencies=[Depends(check_csrf)])
def reassign_page(
    request: Request, ticket_id: RowId, advisor: AdminOnly, session: Database, chats: Chats, advisor_id: int = Form(...)
) -> Response:
    to = session.get(Advisor, advisor_id)
    return _hand_over(request, session, chats, ticket_id, to, advisor)


def _hand_over(
    request: Request, session: Session, chats: Conversations, ticket_id: RowId, to: Optional[Advisor], by: Advisor
) -> Response:
    ticket = _visible(session, ticket_id, by)
    if to is None:
        raise TicketUnavailable(ticket_id, NOT_ALLOWED)
    error = desk.hand_over(session, chats, ticket, to, by)
    flash(request, "handed_over" if error is None else "joined_not_delivered", problem=error is not None)
    return back(f"/tickets/{ticket_id}")


@router.post("/tickets/{ticket_id}/{step}", dependencies=[Depends(check_csrf)])
def finish_page(
    request: Request, ticket_id: RowId, step: str, advisor: TicketTaker, session: Database, chats: Chats
) -> Response:
    """resolve, hand-back, release or escalate."""
    ticket = _visible(session, ticket_id, advisor)
    if step in ("resolve", "hand-back"):
        outcome = desk.finish(session, chats, ticket, advisor, ask_rating=step == "resolve")
        flash(request, "resolved" if outcome["bot_back"] else "resolved_not_told")
    elif step == "release":
        error = desk.return_to_queue(session, chats, ticket, advisor)
        flash(request, "back_in_queue" if error is None else "back_in_queue_not_told", problem=error is not None)
    elif step == "escalate":
        desk.pass_to_professional(session, chats, ticket, advisor)
        flash(request, "escalated")
    else:
        return Response(status_code=404)
    return back("/inbox")

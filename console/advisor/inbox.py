"""The advisor's inbox: tickets waiting for them, their own open tickets and (for an admin) everyone else's."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from console.auth import TicketTaker
from console.deps import Database
from console.templating import page, ticket_row, words
from handoff.models import ADMIN, OPEN, Advisor, Ticket
from handoff.routing import inbox, open_tickets

router = APIRouter(include_in_schema=False)


def _queues(request: Request, advisor: Advisor, session: Session) -> dict[str, Any]:
    ui = words(request)["_lang"]
    others = []
    if advisor.role == ADMIN:
        others = [
            ticket_row(ticket, ui)
            for ticket in session.scalars(
                select(Ticket)
                .where(Ticket.status == OPEN, Ticket.advisor_id != advisor.id)
                .order_by(Ticket.urgent.desc(), Ticket.created_at)
            )
        ]
    return {
        "waiting": [ticket_row(ticket, ui) for ticket in inbox(session, advisor)],
        "mine": [ticket_row(ticket, ui) for ticket in open_tickets(session, advisor)],
        "others": others,
    }


@router.get("/inbox", response_class=HTMLResponse)
def inbox_page(request: Request, advisor: TicketTaker, session: Database) -> Response:
    return page(request, "inbox.html", advisor, **_queues(request, advisor, session))


@router.get("/inbox/queue", response_class=HTMLResponse)
def inbox_queue(request: Request, advisor: TicketTaker, session: Database) -> Response:
    """The inbox's tables alone: the page reloads them every few seconds."""
    return page(request, "_queues.html", advisor, **_queues(request, advisor, session))

"""Signing out, which first asks what becomes of an advisor's open tickets."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from console.auth import check_csrf, current, sign_out
from console.deps import Chats, Database
from console.templating import back, page, ticket_row, words
from handoff import desk
from handoff.routing import TAKES_TICKETS, open_tickets
from knowledge.render import count_of
from settings import get_settings

router = APIRouter(include_in_schema=False)


@router.post("/logout", dependencies=[Depends(check_csrf)])
def logout(request: Request, session: Database, chats: Chats, tickets: str = Form("", max_length=10)) -> Response:
    """Signing out with open tickets first asks what becomes of them: back to the queue (their users
    are told), or kept (they go back by themselves once the advisor has been away too long)."""
    advisor = current(request, session)
    still_open = open_tickets(session, advisor) if advisor is not None and advisor.role in TAKES_TICKETS else []
    if still_open and tickets not in ("return", "keep"):
        ui = words(request)["_lang"]
        minutes = get_settings().advisor_idle_minutes
        return page(
            request,
            "sign_out.html",
            advisor,
            rows=[ticket_row(ticket, ui) for ticket in still_open],
            idle=count_of(minutes, "minutes", ui) if minutes > 0 else None,
        )
    if advisor is not None and tickets == "return":
        for ticket in still_open:
            desk.return_to_queue(session, chats, ticket, advisor)
    sign_out(request, session)
    return back("/login")

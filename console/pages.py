"""The advisor's pages: sign in (password, then the code where two-factor is on), the inbox, one
conversation, past conversations, and an admin's hand-over of someone else's ticket. Every form is
CSRF-checked; every text from a user is escaped by Jinja2 (console/templating.py)."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any, Optional

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts import two_factor
from accounts.signin import sign_in as sign_in_with_password
from accounts.throttle import minutes_to_wait, record
from console.auth import check_csrf, client_address, current, sign_in, sign_out, with_role
from console.deps import conversations, database
from console.templating import back, flash, page, words
from handoff import desk
from handoff.canned import canned_replies
from handoff.conversations import Conversations, DeliveryFailed
from handoff.history import PAGE as HISTORY_PAGE
from handoff.history import Criteria, find_tickets
from handoff.models import ADMIN, ADVISOR, EDITOR, NGO_EDITOR, OPEN, PEER_ADVISOR, Advisor, Ticket, utcnow
from handoff.queue import TicketUnavailable, add_note
from handoff.routing import TAKES_TICKETS, inbox, may_see, may_take, open_tickets, professional_topics
from handoff.transcript import timeline
from knowledge.render import count_of, labels, language_name
from knowledge.services import municipality_named
from settings import get_settings

router = APIRouter(include_in_schema=False)
takes_tickets = with_role(ADVISOR, PEER_ADVISOR)
# Between the password and the code: who, until when, and where they were going.
PENDING_CODE = "pending_code"
CODE_SECONDS = 300
admin_only = with_role(ADMIN)


def ticket_row(ticket: Ticket, ui: str) -> dict[str, Any]:
    now = utcnow()
    return {
        "ticket": ticket,
        "language": language_name(ticket.language, ui),
        "topic": labels(ui).get("topic_names", {}).get(ticket.topic_key or "", ticket.topic_key or "–"),
        "municipality": ticket.municipality.name(ui) if ticket.municipality else "–",
        "waited": count_of(int(((ticket.claimed_at or now) - ticket.created_at).total_seconds() // 60), "minutes", ui),
    }


# Signing in -------------------------------------------------------------------------------------


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> Response:
    return page(request, "login.html", error=None)


@router.post("/login", dependencies=[Depends(check_csrf)])
def login(
    request: Request,
    email: str = Form("", max_length=200),
    password: str = Form("", max_length=500),
    next_path: str = Form("", alias="next", max_length=300),
    session: Session = Depends(database),
) -> Response:
    outcome = sign_in_with_password(session, get_settings(), email, password, client_address(request))
    advisor = outcome.advisor
    if advisor is None:
        error = "wrong_login" if outcome.wait_minutes is None else "too_many_tries"
        response = page(request, "login.html", error=error, email=email, wait=outcome.wait_minutes)
        response.status_code = 401 if outcome.wait_minutes is None else 429
        return response
    # Only a path on this site: never an address an attacker put in the link.
    target = next_path if next_path.startswith("/") and not next_path.startswith("//") else home_of(advisor)
    if advisor.totp_secret:
        request.session[PENDING_CODE] = {"id": advisor.id, "until": time.time() + CODE_SECONDS, "next": target}
        return back("/login/code")
    sign_in(request, session, advisor)
    return back(target)


def _pending(request: Request, session: Session) -> Optional[tuple[Advisor, str]]:
    """The person who gave the right password a moment ago and still owes their code."""
    pending = request.session.get(PENDING_CODE)
    if not isinstance(pending, dict) or float(pending.get("until", 0)) < time.time():
        request.session.pop(PENDING_CODE, None)
        return None
    advisor = session.get(Advisor, pending.get("id"))
    return (advisor, str(pending.get("next") or "/")) if advisor is not None and advisor.active else None


@router.get("/login/code", response_class=HTMLResponse)
def code_form(request: Request, session: Session = Depends(database)) -> Response:
    if _pending(request, session) is None:
        return back("/login")
    return page(request, "login_code.html", error=None)


@router.post("/login/code", dependencies=[Depends(check_csrf)])
def login_code(request: Request, code: str = Form("", max_length=20), session: Session = Depends(database)) -> Response:
    """The second step: the code from the person's authenticator app, throttled like the password."""
    pending = _pending(request, session)
    if pending is None:
        return back("/login")
    advisor, target = pending
    settings, address = get_settings(), client_address(request)
    window = dt.timedelta(minutes=settings.sign_in_window_minutes)
    wait = minutes_to_wait(session, advisor.email, address, settings.sign_in_failures, window)
    accepted = wait is None and two_factor.accept(advisor, code)
    if wait is None:
        record(session, advisor.email, address, accepted, window)
    session.commit()
    if not accepted:
        error = "wrong_code" if wait is None else "too_many_tries"
        response = page(request, "login_code.html", error=error, wait=wait)
        response.status_code = 401 if wait is None else 429
        return response
    request.session.pop(PENDING_CODE, None)
    sign_in(request, session, advisor)
    return back(target)


def home_of(advisor: Advisor) -> str:
    """Where a person starts after signing in: the inbox, or the content they edit."""
    return {EDITOR: "/editor/answers", NGO_EDITOR: "/editor/listings"}.get(advisor.role, "/inbox")


@router.post("/logout", dependencies=[Depends(check_csrf)])
def logout(
    request: Request,
    tickets: str = Form("", max_length=10),
    session: Session = Depends(database),
    chats: Conversations = Depends(conversations),
) -> Response:
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


# Inbox ------------------------------------------------------------------------------------------


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
def inbox_page(
    request: Request, advisor: Advisor = Depends(takes_tickets), session: Session = Depends(database)
) -> Response:
    return page(request, "inbox.html", advisor, **_queues(request, advisor, session))


@router.get("/inbox/queue", response_class=HTMLResponse)
def inbox_queue(
    request: Request, advisor: Advisor = Depends(takes_tickets), session: Session = Depends(database)
) -> Response:
    """The inbox's tables alone: the page reloads them every few seconds."""
    return page(request, "_queues.html", advisor, **_queues(request, advisor, session))


@router.get("/history", response_class=HTMLResponse)
def history_page(
    request: Request,
    words_: str = Query("", alias="words", max_length=200),
    language: str = Query("", max_length=8),
    topic: str = Query("", max_length=80),
    municipality: str = Query("", max_length=60),
    advisor_id: str = Query("", max_length=12),
    since: str = Query("", max_length=10),
    until: str = Query("", max_length=10),
    rating: str = Query("", max_length=1),
    page_number: int = Query(1, alias="page", ge=1, le=1000),
    advisor: Advisor = Depends(takes_tickets),
    session: Session = Depends(database),
) -> Response:
    """Past conversations: what this person may see, found by words and facts, each opening its transcript."""
    ui = words(request)["_lang"]
    place = municipality_named(session, municipality) if municipality else None
    criteria = Criteria(
        words=words_,
        language=language or None,
        topic=topic or None,
        municipality=place.code if place else (municipality or None),
        advisor_id=int(advisor_id) if advisor_id.isdigit() else None,
        since=_day(since),
        until=_day(until),
        rating=int(rating) if rating.isdigit() else None,
    )
    found = find_tickets(session, advisor, criteria, get_settings().timezone, (page_number - 1) * HISTORY_PAGE)
    topic_names = labels(ui).get("topic_names", {})
    return page(
        request,
        "history.html",
        advisor,
        rows=[ticket_row(ticket, ui) for ticket in found],
        asked={
            "words": words_,
            "language": language,
            "topic": topic,
            "municipality": municipality,
            "advisor_id": advisor_id,
            "since": since,
            "until": until,
            "rating": rating,
        },
        languages=[(code, language_name(code, ui)) for code in get_settings().languages],
        topics=sorted(((key, name) for key, name in topic_names.items() if "." not in key), key=lambda item: item[1]),
        advisors=session.scalars(select(Advisor).where(Advisor.role.in_(TAKES_TICKETS)).order_by(Advisor.name)).all()
        if advisor.role == ADMIN
        else [],
        page_number=page_number,
        more=len(found) == HISTORY_PAGE,
    )


def _day(value: str) -> Optional[dt.date]:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@router.post("/tickets/{ticket_id}/claim", dependencies=[Depends(check_csrf)])
def claim_page(
    request: Request,
    ticket_id: int,
    advisor: Advisor = Depends(takes_tickets),
    session: Session = Depends(database),
    chats: Conversations = Depends(conversations),
) -> Response:
    try:
        _, error = desk.take(session, chats, ticket_id, advisor)
    except TicketUnavailable:
        session.rollback()
        flash(request, "taken", problem=True)
        return back("/inbox")
    if error:
        flash(request, "joined_not_delivered", problem=True)
    return back(f"/tickets/{ticket_id}")


# One conversation -------------------------------------------------------------------------------


def _visible(session: Session, ticket_id: int, advisor: Advisor) -> Ticket:
    ticket = session.get(Ticket, ticket_id)
    if ticket is None or not may_see(advisor, ticket, professional_topics(session)):
        raise HTTPException(404, "There is no such ticket for you.")
    return ticket


def _lines(session: Session, chats: Conversations, ticket: Ticket) -> dict[str, Any]:
    try:
        tracker_lines: Optional[list[dict[str, Any]]] = chats.transcript(ticket.conversation_id)
    except DeliveryFailed:
        tracker_lines = None
    return {"lines": timeline(ticket, tracker_lines), "transcript_missing": tracker_lines is None}


@router.get("/tickets/{ticket_id}", response_class=HTMLResponse)
def ticket_page(
    request: Request,
    ticket_id: int,
    advisor: Advisor = Depends(takes_tickets),
    session: Session = Depends(database),
    chats: Conversations = Depends(conversations),
) -> Response:
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
def ticket_lines(
    request: Request,
    ticket_id: int,
    advisor: Advisor = Depends(takes_tickets),
    session: Session = Depends(database),
    chats: Conversations = Depends(conversations),
) -> Response:
    """The conversation alone: the page reloads it every two seconds, so new user messages appear."""
    ticket = _visible(session, ticket_id, advisor)
    return page(request, "_lines.html", advisor, ticket_id=ticket.id, **_lines(session, chats, ticket))


def _text(value: str) -> str:
    return value.strip()[: desk.MAX_TEXT]


@router.post("/tickets/{ticket_id}/reply", dependencies=[Depends(check_csrf)])
def reply_page(
    request: Request,
    ticket_id: int,
    text: str = Form(""),
    advisor: Advisor = Depends(takes_tickets),
    session: Session = Depends(database),
    chats: Conversations = Depends(conversations),
) -> Response:
    ticket = _visible(session, ticket_id, advisor)
    if not _text(text):
        flash(request, "text_required", problem=True)
        return back(f"/tickets/{ticket_id}")
    try:
        desk.reply(session, chats, ticket, advisor, _text(text), get_settings().delivery_retry_seconds)
    except TicketUnavailable:
        flash(request, "not_allowed", problem=True)
    return back(f"/tickets/{ticket_id}")


@router.post("/tickets/{ticket_id}/note", dependencies=[Depends(check_csrf)])
def note_page(
    request: Request,
    ticket_id: int,
    text: str = Form(""),
    advisor: Advisor = Depends(takes_tickets),
    session: Session = Depends(database),
) -> Response:
    ticket = _visible(session, ticket_id, advisor)
    if _text(text):
        add_note(session, ticket, advisor, _text(text))
        session.commit()
    else:
        flash(request, "text_required", problem=True)
    return back(f"/tickets/{ticket_id}")


@router.post("/tickets/{ticket_id}/messages/{message_id}/retry", dependencies=[Depends(check_csrf)])
def retry_page(
    ticket_id: int,
    message_id: int,
    advisor: Advisor = Depends(takes_tickets),
    session: Session = Depends(database),
    chats: Conversations = Depends(conversations),
) -> Response:
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
def take_over_page(
    request: Request,
    ticket_id: int,
    advisor: Advisor = Depends(admin_only),
    session: Session = Depends(database),
    chats: Conversations = Depends(conversations),
) -> Response:
    return _hand_over(request, session, chats, ticket_id, advisor, advisor)


@router.post("/tickets/{ticket_id}/reassign", dependencies=[Depends(check_csrf)])
def reassign_page(
    request: Request,
    ticket_id: int,
    advisor_id: int = Form(...),
    advisor: Advisor = Depends(admin_only),
    session: Session = Depends(database),
    chats: Conversations = Depends(conversations),
) -> Response:
    to = session.get(Advisor, advisor_id)
    return _hand_over(request, session, chats, ticket_id, to, advisor)


def _hand_over(
    request: Request, session: Session, chats: Conversations, ticket_id: int, to: Optional[Advisor], by: Advisor
) -> Response:
    ticket = _visible(session, ticket_id, by)
    try:
        if to is None:
            raise TicketUnavailable(ticket_id)
        error = desk.hand_over(session, chats, ticket, to, by)
    except TicketUnavailable:
        session.rollback()
        flash(request, "not_allowed", problem=True)
        return back(f"/tickets/{ticket_id}")
    flash(request, "handed_over" if error is None else "joined_not_delivered", problem=error is not None)
    return back(f"/tickets/{ticket_id}")


@router.post("/tickets/{ticket_id}/{step}", dependencies=[Depends(check_csrf)])
def finish_page(
    request: Request,
    ticket_id: int,
    step: str,
    advisor: Advisor = Depends(takes_tickets),
    session: Session = Depends(database),
    chats: Conversations = Depends(conversations),
) -> Response:
    """resolve, hand-back, release or escalate."""
    ticket = _visible(session, ticket_id, advisor)
    try:
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
    except TicketUnavailable:
        session.rollback()
        flash(request, "not_allowed", problem=True)
        return back(f"/tickets/{ticket_id}")
    return back("/inbox")

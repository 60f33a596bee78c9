"""Tickets over the API (DESIGN.md contracts): list, search, show, claim, reply, note, retry, resolve,
release, reassign and escalate."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, Optional

from fastapi import APIRouter, Depends, HTTPException, Query, status
from pydantic import BaseModel, constr
from sqlalchemy import select
from sqlalchemy.orm import Session

from console.api.deps import ticket_taker
from console.deps import Chats, Database, RowId
from handoff import desk
from handoff.conversations import DeliveryFailed
from handoff.history import Criteria, find_tickets
from handoff.models import ADMIN, OPEN, RESOLVED, WAITING, Advisor, Ticket, TicketMessage, utcnow
from handoff.queue import NOT_ALLOWED, NOT_YOURS, TicketUnavailable, add_note
from handoff.routing import inbox, may_see, may_take, professional_topics
from settings import get_settings

router = APIRouter(prefix="/api", tags=["tickets"])


class Reply(BaseModel):
    text: constr(strip_whitespace=True, min_length=1, max_length=desk.MAX_TEXT)  # type: ignore[valid-type]


class MessageOut(BaseModel):
    """A message on a ticket: an advisor's reply (with its delivery) or a private note."""

    id: int
    author: str
    text: str
    created_at: str
    delivered: bool
    delivery_error: Optional[str]
    attempts: int
    failed: bool


class TicketOut(BaseModel):
    id: int
    conversation_id: str
    channel: str
    language: str
    topic: Optional[str]
    municipality: Optional[str]
    municipality_name: Optional[str]
    status: str
    advisor_id: Optional[int]
    created_at: str
    claimed_at: Optional[str]
    resolved_at: Optional[str]
    waiting_seconds: int
    needs_professional: bool
    urgent: bool
    preview: Optional[str]
    rating: Optional[int]


class TicketDetail(TicketOut):
    messages: list[MessageOut]
    # Everything the user and the bot said, from Rasa (null when Rasa does not answer).
    transcript: Optional[list[dict[str, Any]]]


class ClaimedTicket(TicketOut):
    joined_delivered: bool


class MovedTicket(TicketOut):
    """After a step the user is told of: the delivery error, if telling them failed."""

    delivery_error: Optional[str]


class FinishedTicket(MovedTicket):
    bot_back: bool


def ticket_json(ticket: Ticket, with_messages: bool = False) -> dict[str, Any]:
    waited_until = ticket.claimed_at or utcnow()
    body: dict[str, Any] = {
        "id": ticket.id,
        "conversation_id": ticket.conversation_id,
        "channel": ticket.channel,
        "language": ticket.language,
        "topic": ticket.topic_key,
        "municipality": ticket.municipality_code,
        "municipality_name": ticket.municipality.name(ticket.language) if ticket.municipality else None,
        "status": ticket.status,
        "advisor_id": ticket.advisor_id,
        "created_at": ticket.created_at.isoformat() + "Z",
        "claimed_at": ticket.claimed_at.isoformat() + "Z" if ticket.claimed_at else None,
        "resolved_at": ticket.resolved_at.isoformat() + "Z" if ticket.resolved_at else None,
        "waiting_seconds": int((waited_until - ticket.created_at).total_seconds()),
        "needs_professional": ticket.needs_professional,
        "urgent": ticket.urgent,
        "preview": ticket.preview,
        "rating": ticket.rating,
    }
    if with_messages:
        body["messages"] = [message_json(message) for message in ticket.messages]
    return body


def message_json(message: TicketMessage) -> dict[str, Any]:
    return {
        "id": message.id,
        "author": message.author,
        "text": message.text,
        "created_at": message.created_at.isoformat() + "Z",
        "delivered": message.delivered_at is not None,
        "delivery_error": message.delivery_error,
        "attempts": message.attempts,
        "failed": message.failed_at is not None,
    }


def visible_ticket(session: Session, ticket_id: RowId, advisor: Advisor) -> Ticket:
    """A ticket the advisor may see: one they may take, their own, or any for an admin."""
    ticket = session.get(Ticket, ticket_id)
    if ticket is not None and may_see(advisor, ticket, professional_topics(session)):
        return ticket
    raise HTTPException(status.HTTP_404_NOT_FOUND, f"No ticket {ticket_id} for you.")


@router.get("/tickets", response_model=list[TicketOut])
def list_tickets(
    session: Database,
    status_filter: Literal["waiting", "open", "resolved"] = Query("waiting", alias="status"),
    advisor: Advisor = Depends(ticket_taker),
) -> list[dict[str, Any]]:
    if status_filter == WAITING:
        tickets = inbox(session, advisor)
    else:
        query = select(Ticket).where(Ticket.status == (OPEN if status_filter == OPEN else RESOLVED))
        if advisor.role != ADMIN:
            query = query.where(Ticket.advisor_id == advisor.id)
        tickets = list(session.scalars(query.order_by(Ticket.created_at.desc()).limit(200)))
    return [ticket_json(ticket) for ticket in tickets]


@router.get("/tickets/search", response_model=list[TicketOut])
def search_tickets(
    session: Database,
    words: str = Query(
        "", max_length=200, description="Words in what the user wrote when handed over, replies or notes"
    ),
    language: Optional[str] = Query(None, max_length=8),
    topic: Optional[str] = Query(None, max_length=80),
    municipality: Optional[str] = Query(None, max_length=3, description="A municipality code"),
    advisor_id: Optional[int] = Query(None, description="Admins only; others always see their own"),
    since: Optional[dt.date] = None,
    until: Optional[dt.date] = None,
    rating: Optional[int] = Query(None, ge=1, le=5),
    status_filter: Optional[Literal["waiting", "open", "resolved"]] = Query(None, alias="status"),
    offset: int = Query(0, ge=0, le=100_000),
    advisor: Advisor = Depends(ticket_taker),
) -> list[dict[str, Any]]:
    """Past and present tickets, newest first, 50 at a time: every ticket for an admin, an advisor's own
    otherwise. Dates are days in the service's time zone."""
    criteria = Criteria(words, language, topic, municipality, advisor_id, since, until, rating, status_filter)
    return [ticket_json(ticket) for ticket in find_tickets(session, advisor, criteria, get_settings().timezone, offset)]


@router.get("/tickets/{ticket_id}", response_model=TicketDetail)
def show_ticket(
    ticket_id: RowId, session: Database, chats: Chats, advisor: Advisor = Depends(ticket_taker)
) -> dict[str, Any]:
    """The ticket with the advisors' messages and, from Rasa, everything the user and the bot said."""
    ticket = visible_ticket(session, ticket_id, advisor)
    body = ticket_json(ticket, with_messages=True)
    try:
        body["transcript"] = chats.transcript(ticket.conversation_id, ticket.created_at, ticket.resolved_at)
    except DeliveryFailed:
        body["transcript"] = None
    return body


@router.post("/tickets/{ticket_id}/claim", response_model=ClaimedTicket)
def claim_ticket(
    ticket_id: RowId, session: Database, chats: Chats, advisor: Advisor = Depends(ticket_taker)
) -> dict[str, Any]:
    """Take the ticket; the user hears that a person has joined (`joined_delivered` says whether it arrived)."""
    found = session.get(Ticket, ticket_id)
    if found is None or not may_take(advisor, found, professional_topics(session)):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"No ticket {ticket_id} for you.")
    ticket, error = desk.take(session, chats, ticket_id, advisor)
    return {**ticket_json(ticket), "joined_delivered": error is None}


@router.post("/tickets/{ticket_id}/messages", response_model=MessageOut, status_code=status.HTTP_201_CREATED)
def reply(
    ticket_id: RowId, body: Reply, session: Database, chats: Chats, advisor: Advisor = Depends(ticket_taker)
) -> dict[str, Any]:
    """Send a reply to the user. It is stored first; `delivered` says whether the user's channel took it
    (if not, it is retried automatically and `failed` turns true after the last attempt)."""
    ticket = visible_ticket(session, ticket_id, advisor)
    message = desk.reply(session, chats, ticket, advisor, body.text, get_settings().delivery_retry_seconds)
    return message_json(message)


@router.post("/tickets/{ticket_id}/notes", response_model=MessageOut, status_code=status.HTTP_201_CREATED)
def note(ticket_id: RowId, body: Reply, session: Database, advisor: Advisor = Depends(ticket_taker)) -> dict[str, Any]:
    """A private note on the ticket for advisors; the user never sees it."""
    ticket = visible_ticket(session, ticket_id, advisor)
    message = add_note(session, ticket, advisor, body.text)
    session.commit()
    return message_json(message)


@router.post("/tickets/{ticket_id}/messages/{message_id}/retry", response_model=MessageOut)
def retry_delivery(
    ticket_id: RowId, message_id: RowId, session: Database, chats: Chats, advisor: Advisor = Depends(ticket_taker)
) -> dict[str, Any]:
    """Try an undelivered reply again now (also one that has failed for good)."""
    ticket = visible_ticket(session, ticket_id, advisor)
    message = desk.send_again(session, chats, ticket, message_id, get_settings().delivery_retry_seconds)
    if message is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "No undelivered reply with that id on this ticket.")
    return message_json(message)


def _owned(session: Session, ticket_id: RowId, advisor: Advisor) -> Ticket:
    ticket = visible_ticket(session, ticket_id, advisor)
    if ticket.status != OPEN or ticket.advisor_id != advisor.id:
        raise TicketUnavailable(ticket_id, NOT_YOURS)
    return ticket


@router.post("/tickets/{ticket_id}/resolve", response_model=FinishedTicket)
def resolve_ticket(
    ticket_id: RowId,
    session: Database,
    chats: Chats,
    hand_back: bool = Query(False, description="Only hand the user back to the bot, without asking for a rating."),
    advisor: Advisor = Depends(ticket_taker),
) -> dict[str, Any]:
    """Resolve: the bot comes back in the user's language and asks for a 1–5 rating."""
    ticket = _owned(session, ticket_id, advisor)
    outcome = desk.finish(session, chats, ticket, advisor, ask_rating=not hand_back)
    return {**ticket_json(ticket), **outcome}


@router.post("/tickets/{ticket_id}/release", response_model=MovedTicket)
def release_ticket(
    ticket_id: RowId, session: Database, chats: Chats, advisor: Advisor = Depends(ticket_taker)
) -> dict[str, Any]:
    """Put the ticket back in the queue for another advisor (its advisor, or an admin for anyone's open
    ticket); the user is told that the next advisor will continue."""
    ticket = visible_ticket(session, ticket_id, advisor)
    error = desk.return_to_queue(session, chats, ticket, advisor)
    return {**ticket_json(ticket), "delivery_error": error}


class Handover(BaseModel):
    advisor_id: RowId


@router.post("/tickets/{ticket_id}/reassign", response_model=MovedTicket)
def reassign_ticket(
    ticket_id: RowId, body: Handover, session: Database, chats: Chats, advisor: Advisor = Depends(ticket_taker)
) -> dict[str, Any]:
    """An admin gives an open ticket to another advisor, or takes it over (their own id)."""
    if advisor.role != ADMIN:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "Only an admin's role reassigns tickets.")
    ticket = visible_ticket(session, ticket_id, advisor)
    to = session.get(Advisor, body.advisor_id)
    if to is None:
        raise TicketUnavailable(ticket_id, NOT_ALLOWED)
    error = desk.hand_over(session, chats, ticket, to, advisor)
    return {**ticket_json(ticket), "delivery_error": error}


@router.post("/tickets/{ticket_id}/escalate", response_model=MovedTicket)
def escalate_ticket(
    ticket_id: RowId, session: Database, chats: Chats, advisor: Advisor = Depends(ticket_taker)
) -> dict[str, Any]:
    """A peer advisor passes the ticket to professional advisors."""
    ticket = _owned(session, ticket_id, advisor)
    error = desk.pass_to_professional(session, chats, ticket, advisor)
    return {**ticket_json(ticket), "delivery_error": error}

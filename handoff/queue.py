"""Opening, claiming and resolving tickets.

Claiming is one conditional UPDATE (`… WHERE status = 'waiting'`), so when two advisors claim the
same ticket at once the database lets exactly one of them have it, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session

from handoff.models import ADMIN, NOTE, OPEN, PEER_ADVISOR, RESOLVED, WAITING, Advisor, Ticket, TicketMessage, utcnow
from handoff.routing import TAKES_TICKETS, may_take, professional_topics


class TicketUnavailable(Exception):
    """What an advisor tried cannot be done to this ticket, and why (one of REASONS)."""

    def __init__(self, ticket_id: int, reason: str) -> None:
        super().__init__(f"ticket {ticket_id}: {reason}")
        self.ticket_id, self.reason = ticket_id, reason


# Someone else was first (or it is not waiting); only its advisor may do that; not for this role or person.
TAKEN, NOT_YOURS, NOT_ALLOWED = "taken", "not_yours", "not_allowed"
REASONS = (TAKEN, NOT_YOURS, NOT_ALLOWED)


def open_ticket(
    session: Session,
    *,
    conversation_id: str,
    channel: str,
    language: str,
    topic: Optional[str] = None,
    municipality_code: Optional[str] = None,
    urgent: bool = False,
    preview: str = "",
) -> Ticket:
    """The conversation's unresolved ticket, or a new waiting one. A waiting ticket that turns out to
    be urgent (crisis wording after a routine question) becomes urgent."""
    existing = active_ticket(session, conversation_id)
    if existing is not None:
        if urgent and not existing.urgent:
            existing.urgent = True
            existing.preview = _preview(preview) or existing.preview
        return existing
    ticket = Ticket(
        conversation_id=conversation_id,
        channel=channel,
        language=language,
        topic_key=topic,
        municipality_code=municipality_code,
        status=WAITING,
        urgent=urgent,
        preview=_preview(preview),
    )
    session.add(ticket)
    session.flush()
    return ticket


def active_ticket(session: Session, conversation_id: str) -> Optional[Ticket]:
    return session.scalars(
        select(Ticket)
        .where(Ticket.conversation_id == conversation_id, Ticket.status != RESOLVED)
        .order_by(Ticket.id.desc())
    ).first()


PREVIEW_LENGTH = 300


def _preview(text: str) -> Optional[str]:
    text = " ".join(text.split())
    return text[:PREVIEW_LENGTH] or None


def position(session: Session, ticket: Ticket) -> int:
    """1 when this ticket is next in its language's queue; 0 once an advisor has it. Urgent tickets
    go first, so an urgent one counts only the urgent tickets ahead of it, and a routine one every
    urgent ticket and the routine ones before it."""
    if ticket.status != WAITING:
        return 0
    earlier, urgent = Ticket.id < ticket.id, Ticket.urgent.is_(True)
    ahead = and_(urgent, earlier) if ticket.urgent else or_(urgent, earlier)
    count = session.scalar(
        select(func.count())
        .select_from(Ticket)
        .where(Ticket.status == WAITING, Ticket.id != ticket.id, Ticket.language == ticket.language, ahead)
    )
    return int(count or 0) + 1


def promise(ticket: Ticket, minutes: int) -> None:
    """Remember when the user was told a person would be there (see handoff.waiting)."""
    ticket.expected_at = utcnow() + dt.timedelta(minutes=minutes)
    ticket.overdue_told_at = None


def claim(session: Session, ticket_id: int, advisor: Advisor) -> Ticket:
    ticket = session.get(Ticket, ticket_id)
    if ticket is None or not may_take(advisor, ticket, professional_topics(session)):
        raise TicketUnavailable(ticket_id, NOT_ALLOWED)
    taken = session.execute(
        update(Ticket)
        .where(Ticket.id == ticket_id, Ticket.status == WAITING)
        .values(status=OPEN, advisor_id=advisor.id, claimed_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:
        raise TicketUnavailable(ticket_id, TAKEN)
    session.refresh(ticket)
    return ticket


def add_message(
    session: Session, ticket: Ticket, author: str, text: str, advisor: Optional[Advisor] = None
) -> TicketMessage:
    message = TicketMessage(ticket=ticket, author=author, text=text, advisor_id=advisor.id if advisor else None)
    session.add(message)
    session.flush()
    return message


def _require_owner(ticket: Ticket, advisor: Advisor) -> None:
    if ticket.status != OPEN or ticket.advisor_id != advisor.id:
        raise TicketUnavailable(ticket.id, NOT_YOURS)


def add_note(session: Session, ticket: Ticket, advisor: Advisor, text: str) -> TicketMessage:
    """A private note for advisors; it never reaches the user."""
    return add_message(session, ticket, NOTE, text, advisor)


def resolve(session: Session, ticket: Ticket, advisor: Advisor) -> Ticket:
    _require_owner(ticket, advisor)
    ticket.status = RESOLVED
    ticket.resolved_at = utcnow()
    session.flush()
    return ticket


def release(session: Session, ticket: Ticket, by: Advisor) -> Ticket:
    """Put an open ticket back in the queue for another advisor, by its advisor or by an admin (a
    ticket stranded with someone who left); it keeps its place by age."""
    if ticket.status != OPEN or (ticket.advisor_id != by.id and by.role != ADMIN):
        raise TicketUnavailable(ticket.id, NOT_YOURS)
    return requeue(session, ticket)


def requeue(session: Session, ticket: Ticket) -> Ticket:
    ticket.status, ticket.advisor_id, ticket.claimed_at = WAITING, None, None
    session.flush()
    return ticket


def reassign(session: Session, ticket: Ticket, to: Advisor, by: Advisor) -> Ticket:
    """An admin gives an open ticket to another advisor (or takes it over: `to` is `by`)."""
    if by.role != ADMIN or ticket.status != OPEN or not to.active or to.role not in TAKES_TICKETS:
        raise TicketUnavailable(ticket.id, NOT_ALLOWED)
    ticket.advisor_id, ticket.claimed_at = to.id, utcnow()
    session.flush()
    return ticket


def escalate(session: Session, ticket: Ticket, advisor: Advisor) -> Ticket:
    """A peer advisor passes the ticket to the professionals: back in the queue, peers can no longer take it."""
    _require_owner(ticket, advisor)
    if advisor.role != PEER_ADVISOR:
        raise TicketUnavailable(ticket.id, NOT_ALLOWED)
    release(session, ticket, advisor)
    ticket.needs_professional = True
    session.flush()
    return ticket


def record_rating(session: Session, conversation_id: str, rating: int) -> Optional[Ticket]:
    """The user's 1–5 rating for the conversation's most recently resolved, not yet rated ticket."""
    if not 1 <= rating <= 5:
        return None
    ticket = session.scalars(
        select(Ticket)
        .where(Ticket.conversation_id == conversation_id, Ticket.status == RESOLVED, Ticket.rating.is_(None))
        .order_by(Ticket.resolved_at.desc())
    ).first()
    if ticket is not None:
        ticket.rating = rating
        session.flush()
    return ticket

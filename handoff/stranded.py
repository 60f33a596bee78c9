"""No newcomer is left with an advisor who is gone: an open ticket whose advisor has not been seen
(no console page, no API call) and has not written in it for `idle` goes back to the queue, keeping
its place, and the user is told that the next advisor will continue."""

from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from handoff.conversations import Conversations
from handoff.desk import BACK_IN_QUEUE, tell
from handoff.models import ADVISOR_AUTHOR, OPEN, Advisor, Ticket, TicketMessage, utcnow
from handoff.queue import requeue


def stranded(session: Session, idle: dt.timedelta, now: Optional[dt.datetime] = None) -> list[int]:
    """Open tickets whose advisor has been away longer than `idle`, oldest first."""
    since = (now or utcnow()) - idle
    recent_reply = exists().where(
        TicketMessage.ticket_id == Ticket.id,
        TicketMessage.author == ADVISOR_AUTHOR,
        TicketMessage.created_at > since,
    )
    return list(
        session.scalars(
            select(Ticket.id)
            .join(Advisor, Advisor.id == Ticket.advisor_id)
            .where(
                Ticket.status == OPEN,
                Ticket.claimed_at < since,
                or_(Advisor.last_seen_at.is_(None), Advisor.last_seen_at < since, Advisor.active.is_(False)),
                ~recent_reply,
            )
            .order_by(Ticket.created_at)
        )
    )


def return_stranded(
    session: Session, chats: Conversations, idle: dt.timedelta, now: Optional[dt.datetime] = None
) -> int:
    """Back to the queue, each with a word to its user; how many went back."""
    returned = 0
    for ticket_id in stranded(session, idle, now):
        ticket = session.get(Ticket, ticket_id)
        # Only if it is still the same open ticket (an advisor may have come back in the meantime).
        if ticket is None or ticket.status != OPEN:
            continue
        requeue(session, ticket)
        session.commit()
        tell(chats, ticket, BACK_IN_QUEUE)
        returned += 1
    return returned

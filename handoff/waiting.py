"""Keeping the promise made to a user who waits for an advisor.

When the estimated wait has passed and no one has taken the ticket, the user hears so once and is
told they can leave their message for later. A message they write while the ticket waits is never
left without a reply: it gets an acknowledgement, at most one a minute. Both are claimed with a
conditional UPDATE first, so that two console processes never say them twice."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any, Optional

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from handoff.conversations import Conversations, DeliveryFailed
from handoff.models import WAITING, Ticket, utcnow

logger = logging.getLogger(__name__)

WAIT_OVERDUE = "utter_wait_overdue"
WAITING_ACK = "utter_waiting_ack"
ACK_INTERVAL = dt.timedelta(minutes=1)


def overdue(session: Session, now: dt.datetime) -> list[int]:
    return list(
        session.scalars(
            select(Ticket.id).where(
                Ticket.status == WAITING,
                Ticket.expected_at.is_not(None),
                Ticket.expected_at <= now,
                Ticket.overdue_told_at.is_(None),
            )
        )
    )


def tell_overdue(session: Session, chats: Conversations, now: Optional[dt.datetime] = None) -> int:
    """Tell every user whose promised time has passed; returns how many heard it."""
    now = now or utcnow()
    told = 0
    for ticket_id in overdue(session, now):
        claimed = session.execute(
            update(Ticket)
            .where(Ticket.id == ticket_id, Ticket.status == WAITING, Ticket.overdue_told_at.is_(None))
            .values(overdue_told_at=now)
            .execution_options(synchronize_session=False)
        )
        session.commit()
        ticket = session.get(Ticket, ticket_id)
        if claimed.rowcount != 1 or ticket is None:
            continue
        if _say(chats, ticket, WAIT_OVERDUE):
            told += 1
    return told


def last_user_message_at(events: list[dict[str, Any]]) -> Optional[dt.datetime]:
    times = [event["timestamp"] for event in events if event.get("event") == "user" and event.get("timestamp")]
    return dt.datetime.fromtimestamp(max(times), dt.timezone.utc).replace(tzinfo=None) if times else None


def acknowledge_waiting(session: Session, chats: Conversations, now: Optional[dt.datetime] = None) -> int:
    """Acknowledge what users wrote while their ticket waits; returns how many were acknowledged."""
    now = now or utcnow()
    acknowledged = 0
    waiting = select(Ticket).where(Ticket.status == WAITING).execution_options(populate_existing=True)
    for ticket in session.scalars(waiting).all():
        if ticket.acknowledged_at is not None and now - ticket.acknowledged_at < ACK_INTERVAL:
            continue
        try:
            written = last_user_message_at(chats.events(ticket.conversation_id))
        except DeliveryFailed:
            continue
        if written is None or written <= max(ticket.created_at, ticket.acknowledged_at or ticket.created_at):
            continue
        previous = ticket.acknowledged_at
        claimed = session.execute(
            update(Ticket)
            .where(Ticket.id == ticket.id, Ticket.status == WAITING, _same(Ticket.acknowledged_at, previous))
            .values(acknowledged_at=now)
            .execution_options(synchronize_session=False)
        )
        session.commit()
        if claimed.rowcount == 1 and _say(chats, ticket, WAITING_ACK):
            acknowledged += 1
    return acknowledged


def _same(column: Any, value: Optional[dt.datetime]) -> Any:
    return column.is_(None) if value is None else column == value


def _say(chats: Conversations, ticket: Ticket, response: str) -> bool:
    try:
        chats.say(ticket.conversation_id, ticket.channel, response)
    except DeliveryFailed as failure:
        logger.warning("could not tell conversation %s (%s): %s", ticket.id, response, failure)
        return False
    return True

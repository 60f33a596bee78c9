"""Delivering an advisor's reply to the user's channel, and trying again when the channel is down.

A reply is stored before anything is sent. Rasa records it once (`Conversations.record`); what Rasa
rendered is kept on the message, so every later attempt pushes the same message and the transcript
never shows it twice. Failed attempts are retried on a growing schedule; after the last one the
message is marked failed and the advisor sees it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Optional

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from handoff.advisors import author
from handoff.conversations import ADVISOR_LABEL_SLOT, ADVISOR_REPLY, Conversations, DeliveryFailed
from handoff.models import ADVISOR_AUTHOR, Ticket, TicketMessage, utcnow

# A claimed attempt holds the message this long, so that two workers never push it at once.
LEASE = dt.timedelta(seconds=60)


def deliver(
    session: Session,
    chats: Conversations,
    message: TicketMessage,
    retry_seconds: Sequence[int],
    now: Optional[dt.datetime] = None,
) -> bool:
    """One attempt; commits the outcome. True when the user's channel took the message."""
    now = now or utcnow()
    ticket: Ticket = message.ticket
    message.attempts = (message.attempts or 0) + 1
    try:
        speaker = author(message.advisor, ticket.language) if message.advisor else None
        if message.rendered is None:
            slots = {"advisor_reply": message.text, ADVISOR_LABEL_SLOT: speaker["label"] if speaker else None}
            rendered = chats.record(ticket.conversation_id, ADVISOR_REPLY, slots)
            message.rendered = json.dumps(rendered, ensure_ascii=False)
            session.commit()
        for part in json.loads(message.rendered):
            chats.push(ticket.conversation_id, ticket.channel, {**part, "author": speaker} if speaker else part)
    except DeliveryFailed as failure:
        message.delivery_error = str(failure)
        if message.attempts <= len(retry_seconds):
            message.next_attempt_at = now + dt.timedelta(seconds=retry_seconds[message.attempts - 1])
        else:
            message.next_attempt_at, message.failed_at = None, now
        session.commit()
        return False
    message.delivered_at, message.delivery_error, message.next_attempt_at, message.failed_at = now, None, None, None
    session.commit()
    return True


def due(session: Session, now: dt.datetime) -> list[int]:
    return list(
        session.scalars(
            select(TicketMessage.id)
            .where(
                TicketMessage.author == ADVISOR_AUTHOR,
                TicketMessage.delivered_at.is_(None),
                TicketMessage.failed_at.is_(None),
                TicketMessage.next_attempt_at.is_not(None),
                TicketMessage.next_attempt_at <= now,
            )
            .order_by(TicketMessage.id)
        )
    )


def take(session: Session, message_id: int, now: dt.datetime) -> Optional[TicketMessage]:
    """Claim a due message for one attempt (a conditional UPDATE, as for tickets)."""
    claimed = session.execute(
        update(TicketMessage)
        .where(
            TicketMessage.id == message_id,
            TicketMessage.delivered_at.is_(None),
            TicketMessage.next_attempt_at <= now,
        )
        .values(next_attempt_at=now + LEASE)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return session.get(TicketMessage, message_id) if claimed.rowcount == 1 else None


def retry_due(
    session: Session, chats: Conversations, retry_seconds: Sequence[int], now: Optional[dt.datetime] = None
) -> int:
    """Attempt every reply whose retry is due (also those a restart interrupted); returns how many went."""
    now = now or utcnow()
    delivered = 0
    for message_id in due(session, now):
        message = take(session, message_id, now)
        if message is not None and deliver(session, chats, message, retry_seconds, now):
            delivered += 1
    return delivered


def recover(session: Session, now: Optional[dt.datetime] = None) -> int:
    """At start-up: replies a stopped process was still sending become due at once.

    Assumes one console process sends (Alku's default); with several, an attempt another replica
    has in flight could be pushed a second time."""
    resumed = session.execute(
        update(TicketMessage)
        .where(
            TicketMessage.author == ADVISOR_AUTHOR,
            TicketMessage.delivered_at.is_(None),
            TicketMessage.failed_at.is_(None),
        )
        .values(next_attempt_at=now or utcnow())
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return int(resumed.rowcount or 0)

"""How long Alku keeps what people told it (README, "Privacy"): a conversation is erased when its last
message is `retention_days` old (Rasa's events, tickets, messages, notes, ratings), and a ticket that
has waited `waiting_ticket_days` without an advisor is closed. The console runs it daily."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from sqlalchemy import bindparam, func, inspect, select, text, update

from channels.forget import erase_events, tracker_engine
from handoff.models import RESOLVED, WAITING, Ticket, utcnow
from handoff.privacy import erase_conversation
from knowledge.db import open_session
from settings import Settings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Expired:
    conversations: int
    tickets_closed: int


def _stale_conversations(tracker_url: str, before: dt.datetime) -> list[str]:
    cutoff = before.replace(tzinfo=dt.timezone.utc).timestamp()
    with tracker_engine(tracker_url).connect() as connection:
        if not inspect(connection).has_table("events"):
            return []
        rows = connection.execute(
            text("SELECT sender_id FROM events GROUP BY sender_id HAVING MAX(timestamp) < :cutoff"), {"cutoff": cutoff}
        )
        return [str(row[0]) for row in rows]


def _held(tracker_url: str, conversations: set[str]) -> set[str]:
    """Those of `conversations` that Rasa still has events of."""
    if not conversations:
        return set()
    with tracker_engine(tracker_url).connect() as connection:
        if not inspect(connection).has_table("events"):
            return set()
        query = text("SELECT DISTINCT sender_id FROM events WHERE sender_id IN :ids").bindparams(
            bindparam("ids", expanding=True)
        )
        return {str(row[0]) for row in connection.execute(query, {"ids": sorted(conversations)})}


def enforce(settings: Settings, now: dt.datetime | None = None) -> Expired:
    """Apply the retention periods once; a period of 0 days keeps that kind of data."""
    now = now or utcnow()
    conversations = closed = 0
    if settings.retention_days > 0:
        before = now - dt.timedelta(days=settings.retention_days)
        stale = set(_stale_conversations(settings.tracker_url, before))
        with open_session(settings.database_url) as session:
            # Tickets resolved before the period whose conversation Rasa no longer holds go too.
            resolved_long_ago = set(
                session.scalars(
                    select(Ticket.conversation_id)
                    .where(Ticket.status == RESOLVED)
                    .group_by(Ticket.conversation_id)
                    .having(func.max(func.coalesce(Ticket.resolved_at, Ticket.created_at)) < before)
                )
            )
        stale |= resolved_long_ago - _held(settings.tracker_url, resolved_long_ago)
        for conversation in sorted(stale):
            erase_events(settings.tracker_url, conversation)
            with open_session(settings.database_url) as session, session.begin():
                erase_conversation(session, conversation)
        conversations = len(stale)
    if settings.waiting_ticket_days > 0:
        before = now - dt.timedelta(days=settings.waiting_ticket_days)
        with open_session(settings.database_url) as session, session.begin():
            result = session.execute(
                update(Ticket)
                .where(Ticket.status == WAITING, Ticket.created_at < before)
                .values(status=RESOLVED, resolved_at=now)
                .execution_options(synchronize_session=False)
            )
            closed = int(result.rowcount or 0)
    if conversations or closed:
        logger.info("retention: %d conversations erased, %d waiting tickets closed", conversations, closed)
    return Expired(conversations, closed)

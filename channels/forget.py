"""Erasing a person's conversation on their request, the same from every place it is asked (Telegram's
/forget, the widget's button, an admin or an integration over the API): Rasa's events, straight from its
tracker store's table, and every handoff row (tickets, messages, notes, ratings)."""

from __future__ import annotations

import logging
from functools import lru_cache

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Engine

from handoff.privacy import erase_conversation
from knowledge.db import open_session
from settings import Settings

logger = logging.getLogger(__name__)


@lru_cache(maxsize=4)
def tracker_engine(tracker_url: str) -> Engine:
    return create_engine(tracker_url, future=True)


def erase_events(tracker_url: str, conversation_id: str) -> int:
    """Rasa's events of the conversation, deleted from its tracker store's table (Rasa's HTTP API cannot
    delete, and the console has no Rasa agent). Returns how many."""
    with tracker_engine(tracker_url).begin() as connection:
        if not inspect(connection).has_table("events"):
            return 0
        deleted = connection.execute(text("DELETE FROM events WHERE sender_id = :id"), {"id": conversation_id})
    return int(deleted.rowcount or 0)


def erase_on_request(settings: Settings, conversation_id: str) -> tuple[int, int]:
    """Everything Alku keeps of a conversation, erased on its person's request: (Rasa's events, tickets).
    Logged without its content."""
    events = erase_events(settings.tracker_url, conversation_id)
    with open_session(settings.database_url) as session, session.begin():
        tickets = erase_conversation(session, conversation_id)
    logger.info("a conversation was erased on request: %d events, %d tickets", events, tickets)
    return events, tickets

"""Erasing a person's conversation on their request, the same on every channel (Telegram's /forget,
the widget's button): Rasa's events and every handoff row (tickets, messages, notes, ratings)."""

from __future__ import annotations

import logging
from typing import Any

from handoff.privacy import erase_conversation
from knowledge.db import open_session
from settings import Settings

logger = logging.getLogger(__name__)


def erase(agent: Any, settings: Settings, conversation_id: str) -> bool:
    """True when the conversation is gone; False (and nothing erased) when the store cannot erase."""
    store = agent.tracker_store
    # Rasa 3.6 wraps the configured store (AwaitableTrackerStore); ours is inside.
    eraser = getattr(getattr(store, "_tracker_store", store), "erase", None)
    if eraser is None:
        logger.error("the tracker store cannot erase conversations; nothing was erased")
        return False
    eraser(conversation_id)
    with open_session(settings.database_url) as session, session.begin():
        erase_conversation(session, conversation_id)
    logger.info("a conversation was erased on its person's request")
    return True

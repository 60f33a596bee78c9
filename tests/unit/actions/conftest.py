from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import resources

SLOTS = {"language": None, "language_locked": False, "municipality": None, "topic": None}


def make_tracker(text: str, intent: str, **slots: Any) -> Tracker:
    return Tracker(
        sender_id="test-user",
        slots={**SLOTS, **slots},
        latest_message={"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": []},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


@pytest.fixture
def knowledge(monkeypatch: pytest.MonkeyPatch, seeded_db_url: str) -> str:
    """Point the actions at a seeded knowledge base."""
    monkeypatch.setenv("ALKU_DATABASE_URL", seeded_db_url)
    resources.settings.cache_clear()
    yield seeded_db_url
    resources.settings.cache_clear()


@pytest.fixture
def run_action() -> Callable[..., tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
    """Run an action on a tracker; return (messages sent, events returned)."""

    def run(action: Any, tracker: Tracker) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        dispatcher = CollectingDispatcher()
        events = asyncio.run(action.run(dispatcher, tracker, {}))
        return dispatcher.messages, events

    return run

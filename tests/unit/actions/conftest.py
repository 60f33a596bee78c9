from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any, Optional

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import resources

SLOTS = {"language": None, "language_locked": False, "municipality": None, "topic": None}


def make_tracker(
    text: str,
    intent: str,
    channel: str = "rest",
    events: Optional[list[dict[str, Any]]] = None,
    entities: Optional[list[dict[str, Any]]] = None,
    ranking: Optional[list[tuple[str, float]]] = None,
    **slots: Any,
) -> Tracker:
    """A tracker whose latest message is `text`, classified as `intent`, from `channel`; `events`
    come before that message."""
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9},
        "entities": entities or [],
        "intent_ranking": [{"name": name, "confidence": value} for name, value in ranking or []],
    }
    return Tracker(
        sender_id="test-user",
        slots={**SLOTS, **slots},
        latest_message=latest,
        events=[*(events or []), {"event": "user", "text": text, "input_channel": channel, "parse_data": latest}],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def actions_reading(monkeypatch: pytest.MonkeyPatch, database_url: str) -> Iterator[str]:
    monkeypatch.setenv("ALKU_DATABASE_URL", database_url)
    resources.settings.cache_clear()
    yield database_url
    resources.settings.cache_clear()


@pytest.fixture
def knowledge(monkeypatch: pytest.MonkeyPatch, seeded_db_url: str) -> Iterator[str]:
    """Point the actions at a seeded knowledge base."""
    yield from actions_reading(monkeypatch, seeded_db_url)


@pytest.fixture
def own_knowledge(monkeypatch: pytest.MonkeyPatch, fresh_db_url: str) -> Iterator[str]:
    """A seeded knowledge base of the test's own, for tests that change it (or open tickets)."""
    yield from actions_reading(monkeypatch, fresh_db_url)


@pytest.fixture
def run_action() -> Callable[..., tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
    """Run an action on a tracker; return (messages sent, events returned)."""

    def run(action: Any, tracker: Tracker) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        dispatcher = CollectingDispatcher()
        events = asyncio.run(action.run(dispatcher, tracker, {}))
        return dispatcher.messages, events

    return run

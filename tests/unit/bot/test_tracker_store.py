"""Rasa's conversations from before the channel namespaces get their channel's prefix when the store opens."""

from __future__ import annotations

import asyncio

from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.tracker_store import AlkuTrackerStore


def _store(path) -> AlkuTrackerStore:
    return AlkuTrackerStore(domain=None, dialect="sqlite", db=str(path))


def test_old_conversations_move_into_their_channels_namespace_with_every_event(tmp_path):
    store = _store(tmp_path / "rasa.db")
    for sender, channel in (("123456789", "telegram"), ("crm-7", "rest"), ("tg:5", "telegram")):
        tracker = DialogueStateTracker(sender, slots=[])
        tracker.update(ActionExecuted("action_listen"))
        tracker.update(UserUttered("Hei", input_channel=channel))
        asyncio.run(store.save(tracker))

    reopened = _store(tmp_path / "rasa.db")
    assert set(asyncio.run(reopened.keys())) == {"tg:123456789", "rest:crm-7", "tg:5"}
    moved = asyncio.run(reopened.retrieve("tg:123456789"))
    assert moved is not None and moved.latest_message.text == "Hei" and len(moved.events) == 2
    assert reopened.namespace_conversations() == 0, "a second start renames nothing"

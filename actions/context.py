"""Keep the conversation's language and municipality up to date after every user message."""

from __future__ import annotations

from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import resources
from knowledge.languages import UNSUPPORTED_LANGUAGE_INTENT, requested_language
from knowledge.nonsense import NONSENSE, TRIAGE_ENTITY


def latest_intent(tracker: Tracker) -> Optional[str]:
    return (tracker.latest_message.get("intent") or {}).get("name")


def chosen_language(tracker: Tracker) -> Optional[str]:
    """The language a button chose (payload /choose_language{"language": "ar"})."""
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") == "language" and isinstance(entity.get("value"), str):
            return str(entity["value"])
    return None


def app_language(tracker: Tracker) -> Optional[str]:
    """The language of the user's app (Telegram's language_code, the widget's picker), sent as message
    metadata: the conversation starts in it until the user's own words say otherwise."""
    metadata = tracker.latest_message.get("metadata") or {}
    code = str(metadata.get("language_code") or "")[:2].lower()
    return code if code in resources.settings().languages else None


def entity_value(tracker: Tracker, name: str) -> Any:
    """The value of the latest message's first entity called `name`, if any."""
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") == name:
            return entity.get("value")
    return None


def says_nothing_of_language(tracker: Tracker) -> bool:
    """Keyboard mashing and emoji, and messages in a language Alku does not speak, must not move the
    conversation to another of Alku's languages."""
    return latest_intent(tracker) == UNSUPPORTED_LANGUAGE_INTENT or entity_value(tracker, TRIAGE_ENTITY) == NONSENSE


class ActionReadContext(Action):
    """Custom slot mapping for `language`, `language_locked` and `municipality`."""

    def name(self) -> str:
        return "action_read_context"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        text = tracker.latest_message.get("text") or ""
        events: list[EventType] = []
        current = tracker.get_slot("language")
        enabled = resources.settings().languages
        if latest_intent(tracker) == "choose_language":
            requested = chosen_language(tracker) or requested_language(text)
            if requested in enabled:
                events += [SlotSet("language", requested), SlotSet("language_locked", True)]
        elif not tracker.get_slot("language_locked") and not says_nothing_of_language(tracker):
            words = "" if text.startswith("/") else text  # a button or command says nothing of its language
            detected = resources.language_detector().conversation_language(words, current, app_language(tracker))
            if detected != current and detected in enabled:
                events.append(SlotSet("language", detected))
        municipality = resources.place_finder().first(text)
        if municipality and municipality != tracker.get_slot("municipality"):
            events.append(SlotSet("municipality", municipality))
        return events


resources.preload()

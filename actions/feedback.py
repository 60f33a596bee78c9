"""The user's 1–5 rating of the advisor's help, given with the buttons the bot shows after a ticket is resolved."""

from __future__ import annotations

from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions import resources
from handoff.queue import record_rating


def rating_of(tracker: Tracker) -> Optional[int]:
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") == "rating":
            try:
                return int(entity.get("value"))
            except (TypeError, ValueError):
                return None
    return None


class ActionRecordRating(Action):
    def name(self) -> str:
        return "action_record_rating"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        rating = rating_of(tracker)
        if rating is not None:
            with resources.knowledge_session() as session, session.begin():
                if record_rating(session, tracker.sender_id, rating) is not None:
                    dispatcher.utter_message(response="utter_thanks_for_rating")
                    return []
        dispatcher.utter_message(response="utter_how_can_i_help")
        return []

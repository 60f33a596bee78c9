"""Answer an explicit request to change the conversation's language, and say the topic being
discussed again in the new language ("in English please" continues the thread)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions import resources
from actions.context import chosen_language
from actions.topic_reply import answer_topic
from knowledge.languages import requested_language
from knowledge.render import language_name


class ActionConfirmLanguage(Action):
    def name(self) -> str:
        return "action_confirm_language"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        requested = chosen_language(tracker) or requested_language(tracker.latest_message.get("text") or "")
        current = tracker.get_slot("language") or resources.settings().default_language
        if requested is None:
            dispatcher.utter_message(response="utter_which_language")
        elif requested not in resources.settings().languages:
            dispatcher.utter_message(
                response="utter_language_not_available", language_name=language_name(requested, current)
            )
        else:
            dispatcher.utter_message(response="utter_language_changed")
            topic = tracker.get_slot("topic")
            if topic:
                with resources.knowledge_session() as session:
                    answer_topic(dispatcher, tracker, session, topic, "")
        return []

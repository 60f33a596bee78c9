"""Answer a topic from the knowledge base, with its source and review date, plus local services."""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import resources
from actions.context import latest_intent
from knowledge.answers import find_answer, topic_keys, topic_needs_municipality
from knowledge.audience import target_groups_in
from knowledge.crisis import is_crisis
from knowledge.languages import requested_language
from knowledge.render import format_date, format_listings, language_name
from knowledge.services import find_services, municipality

MAX_LISTINGS = 3
HAND_OVER = "action_hand_over"


class ActionAnswerTopic(Action):
    """After a topic question: the national answer, then the municipality's services or a question
    for the municipality. After a municipality alone: the services for the topic asked before.
    A person takes over when there is no answer to give, and after crisis wording."""

    def name(self) -> str:
        return "action_answer_topic"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        language = tracker.get_slot("language") or resources.settings().default_language
        place: Optional[str] = tracker.get_slot("municipality")
        intent = latest_intent(tracker)
        with resources.knowledge_session() as session:
            asked_topic = intent in topic_keys(session)
            topic = intent if asked_topic else tracker.get_slot("topic")
            text = tracker.latest_message.get("text") or ""
            if not asked_topic and resources.place_finder().first(text) is None:
                dispatcher.utter_message(response="utter_municipality_not_recognised")
                return []
            if topic is None:
                self._acknowledge_municipality(dispatcher, session, place, language)
                return []
            if asked_topic:
                answer = find_answer(session, topic, language, place)
                if answer is None:
                    dispatcher.utter_message(response="utter_answer_missing")
                    return [SlotSet("topic", topic), FollowupAction(HAND_OVER)]
                else:
                    if answer.is_fallback:
                        dispatcher.utter_message(
                            response="utter_content_in_other_language",
                            language_name=language_name(answer.language, language),
                        )
                    dispatcher.utter_message(
                        response="utter_topic_answer",
                        answer=answer.text,
                        source=answer.source_url,
                        reviewed=format_date(answer.reviewed_on, language),
                    )
                    if answer.review_by < dt.date.today():
                        dispatcher.utter_message(
                            response="utter_answer_may_be_outdated", review_by=format_date(answer.review_by, language)
                        )
            needs_place = topic_needs_municipality(session, topic)
            if place:
                found = municipality(session, place)
                listings = self._listings(session, place, topic, text)
                place_name = found.name(language) if found else place
                if listings:
                    dispatcher.utter_message(
                        response="utter_local_services",
                        municipality_name=place_name,
                        services=format_listings(listings, language),
                    )
                elif needs_place or not asked_topic:
                    dispatcher.utter_message(response="utter_no_local_services", municipality_name=place_name)
            elif needs_place or not asked_topic:
                dispatcher.utter_message(response="utter_ask_municipality")
        events: list[EventType] = [SlotSet("topic", topic)]
        if asked_topic and is_crisis(text):
            events.append(FollowupAction(HAND_OVER))
        return events

    @staticmethod
    def _listings(session: Any, place: str, topic: str, text: str) -> list[Any]:
        """The municipality's listings for the topic, narrowed to who the message says they are for and
        the language it asks for ("for women", "Arabic-speaking") when any listing fits; else all of them."""
        groups = target_groups_in(text)
        # In a question about language courses, a named language is the one to learn, not to be served in.
        served = requested_language(text) if topic != "language_courses" else None
        candidates: list[Optional[str]] = list(groups) if groups else [None]
        for group in candidates:
            narrowed = find_services(session, municipality_code=place, topic=topic, language=served, target_group=group)
            if narrowed and (group or served):
                return narrowed[:MAX_LISTINGS]
        return find_services(session, municipality_code=place, topic=topic)[:MAX_LISTINGS]

    @staticmethod
    def _acknowledge_municipality(
        dispatcher: CollectingDispatcher, session: Any, place: Optional[str], language: str
    ) -> None:
        found = municipality(session, place) if place else None
        if found is None:
            dispatcher.utter_message(response="utter_municipality_not_recognised")
        else:
            dispatcher.utter_message(response="utter_municipality_noted", municipality_name=found.name(language))

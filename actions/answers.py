"""Answer a topic from the knowledge base, with its source and review date, plus local services."""

from __future__ import annotations

from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions import resources
from actions.context import entity_value, latest_intent
from actions.handoff import hand_over
from actions.topic_reply import answer_topic, conversation_language, named_place, say_local_part
from knowledge.answers import FOLLOW_UP_ENTITY, follow_ups, parent_topic, topic_keys
from knowledge.crisis import is_crisis
from knowledge.services import municipality

FOLLOW_UP = "follow_up"


class ActionAnswerTopic(Action):
    """After a topic question (typed, or chosen from a clarifying question's buttons): the answer and
    the municipality's services, or a question for the municipality. After a municipality alone ("and
    in Vaasa?"): the services there for the topic asked before. After a follow-up ("and for my
    wife?"): the topic asked before, for whoever the message names. A person takes over when there is
    no answer to give, and after crisis wording."""

    def name(self) -> str:
        return "action_answer_topic"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        intent = latest_intent(tracker)
        text = tracker.latest_message.get("text") or ""
        remembered: Optional[str] = tracker.get_slot("topic")
        with resources.knowledge_session() as session:
            if intent in topic_keys(session):
                return await self._answer(dispatcher, tracker, session, str(intent), text)
            if intent == FOLLOW_UP:
                if remembered is None:
                    dispatcher.utter_message(response="utter_how_can_i_help")
                    return []
                return await self._answer(dispatcher, tracker, session, remembered, text)
            if named_place(text) is None:
                dispatcher.utter_message(response="utter_municipality_not_recognised")
                return []
            if remembered is None:
                self._acknowledge_municipality(dispatcher, tracker, session)
                return []
            say_local_part(dispatcher, tracker, session, remembered, text, always=True)
            return []

    @staticmethod
    async def _answer(
        dispatcher: CollectingDispatcher, tracker: Tracker, session: Session, topic: str, text: str
    ) -> list[EventType]:
        reply = answer_topic(dispatcher, tracker, session, topic, text)
        events: list[EventType] = [SlotSet("topic", topic)]
        if reply.needs_person or is_crisis(text):
            events += await hand_over(dispatcher, tracker, topic=topic)
        return events

    @staticmethod
    def _acknowledge_municipality(dispatcher: CollectingDispatcher, tracker: Tracker, session: Session) -> None:
        place = tracker.get_slot("municipality")
        found = municipality(session, place) if place else None
        if found is None:
            dispatcher.utter_message(response="utter_municipality_not_recognised")
        else:
            dispatcher.utter_message(
                response="utter_municipality_noted", municipality_name=found.name(conversation_language(tracker))
            )


class ActionAnswerFollowUp(Action):
    """A follow-up button under a topic's answer ("Work" under residence permits): its short answer.
    The conversation's topic stays the parent, so that "and in Vaasa?" still means the parent."""

    def name(self) -> str:
        return "action_answer_follow_up"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        chosen = entity_value(tracker, FOLLOW_UP_ENTITY)
        with resources.knowledge_session() as session:
            if not chosen or chosen not in follow_ups(session, parent_topic(chosen)):
                dispatcher.utter_message(response="utter_how_can_i_help")
                return []
            answer_topic(dispatcher, tracker, session, chosen, "")
        return [SlotSet("topic", parent_topic(chosen))]

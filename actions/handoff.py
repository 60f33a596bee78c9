"""Hand the conversation to a human advisor: open a ticket, tell the user their place in the queue,
and pause the bot so that the advisor has the conversation until they resolve it.

Rules hand over when the user asks for a person, after two misunderstandings in a row, and right
after the answer to an emergency (which always gives 112) or to discrimination; the answer action
hands over after crisis wording and when the knowledge base has no answer. Inside office hours the
user hears their place in the queue and the estimated wait; outside them, when advisors are back."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ConversationPaused, EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions import resources
from actions.context import latest_intent
from handoff.conversations import PUSH_CHANNELS
from handoff.duty import estimated_wait_minutes, next_opening, on_duty
from handoff.queue import open_ticket, position
from knowledge.render import format_moment


class ActionHandOver(Action):
    """On channels that can carry an advisor's later reply; elsewhere (the REST channel answers
    only the request it gets) the user gets the answer with the local advisory services instead."""

    def name(self) -> str:
        return "action_hand_over"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        channel = tracker.get_latest_input_channel() or ""
        if channel not in PUSH_CHANNELS:
            return self._without_a_person(dispatcher, tracker)
        language = tracker.get_slot("language") or resources.settings().default_language
        place = tracker.get_slot("municipality")
        now = resources.local_now()
        with resources.knowledge_session() as session, session.begin():
            ticket = open_ticket(
                session,
                conversation_id=tracker.sender_id,
                channel=channel,
                language=language,
                topic=tracker.get_slot("topic"),
                municipality_code=place,
            )
            if on_duty(session, place, now):
                dispatcher.utter_message(response="utter_handed_over", position=position(session, ticket))
                dispatcher.utter_message(
                    response="utter_estimated_wait", wait_minutes=estimated_wait_minutes(session, ticket)
                )
            else:
                back = next_opening(session, place, now)
                if back is None:
                    dispatcher.utter_message(response="utter_handed_over_no_hours")
                else:
                    dispatcher.utter_message(
                        response="utter_handed_over_out_of_hours", back_at=format_moment(back, language)
                    )
        return [ConversationPaused()]

    @staticmethod
    def _without_a_person(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        """What the user would have got before handoff existed: the topic's answer (unless it was just
        given, as for an emergency), or the "not understood" text after repeated misunderstandings."""
        if tracker.latest_action_name == "action_answer_topic":
            return []
        if latest_intent(tracker) == "nlu_fallback":
            dispatcher.utter_message(response="utter_default")
            return []
        return [FollowupAction("action_answer_topic")]

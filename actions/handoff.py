"""Hand the conversation to a human advisor: open a ticket, tell the user their place in the queue,
and pause the bot so that the advisor has the conversation until they resolve it.

Rules hand over when the user asks for a person and right after the answer to an emergency (which
always gives 112) or to discrimination; the answer action hands over after crisis wording and when
the knowledge base has no answer, the clarifying action after two misunderstandings in a row.
Inside office hours the user hears their place in the queue and the estimated wait; outside them,
when advisors are back."""

from __future__ import annotations

from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ConversationPaused, EventType
from rasa_sdk.executor import CollectingDispatcher

from actions import resources
from actions.context import latest_intent
from actions.topic_reply import answer_topic, conversation_language
from handoff.conversations import PUSH_CHANNELS
from handoff.duty import estimated_wait_minutes, next_opening, on_duty
from handoff.queue import open_ticket, position, promise
from knowledge.render import count_of, format_moment
from knowledge.urgency import is_urgent

HUMAN_ADVISOR = "human_advisor"


def can_reach_later(tracker: Tracker) -> bool:
    """Whether the user's channel can carry an advisor's reply later (not REST, which answers only
    the request it gets)."""
    return (tracker.get_latest_input_channel() or "") in PUSH_CHANNELS


async def hand_over(dispatcher: CollectingDispatcher, tracker: Tracker, topic: Optional[str] = None) -> list[EventType]:
    """Open a ticket and pause the bot; on a channel that cannot carry a later reply, say how to
    reach a person instead (the knowledge base's answer on advisors) when that is what was asked."""
    if not can_reach_later(tracker):
        if latest_intent(tracker) == HUMAN_ADVISOR:
            with resources.knowledge_session() as session:
                answer_topic(dispatcher, tracker, session, HUMAN_ADVISOR, tracker.latest_message.get("text") or "")
        return []
    language = conversation_language(tracker)
    place = tracker.get_slot("municipality")
    now = resources.local_now()
    topic = topic or tracker.get_slot("topic")
    text = tracker.latest_message.get("text") or ""
    with resources.knowledge_session() as session, session.begin():
        ticket = open_ticket(
            session,
            conversation_id=tracker.sender_id,
            channel=tracker.get_latest_input_channel() or "",
            language=language,
            topic=topic,
            municipality_code=place,
            urgent=is_urgent(topic, text),
            preview=text,
        )
        if on_duty(session, place, now):
            wait = estimated_wait_minutes(session, ticket)
            promise(ticket, wait)
            dispatcher.utter_message(response="utter_handed_over", position=position(session, ticket))
            dispatcher.utter_message(
                response="utter_estimated_wait", wait=count_of(wait, "minutes", language), wait_minutes=wait
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


class ActionHandOver(Action):
    def name(self) -> str:
        return "action_hand_over"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        return await hand_over(dispatcher, tracker)

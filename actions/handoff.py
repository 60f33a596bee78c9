"""Hand the conversation to a human advisor: open a ticket, tell the user their place in the queue,
and pause the bot so that the advisor has the conversation until they resolve it."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ConversationPaused, EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions import resources
from handoff.conversations import PUSH_CHANNELS
from handoff.queue import open_ticket, position


class ActionHandOver(Action):
    """On channels that can carry an advisor's later reply; elsewhere (the REST channel answers
    only the request it gets) the user gets the answer with the local advisory services instead."""

    def name(self) -> str:
        return "action_hand_over"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        channel = tracker.get_latest_input_channel() or ""
        if channel not in PUSH_CHANNELS:
            return [FollowupAction("action_answer_topic")]
        language = tracker.get_slot("language") or resources.settings().default_language
        with resources.knowledge_session() as session, session.begin():
            ticket = open_ticket(
                session,
                conversation_id=tracker.sender_id,
                channel=channel,
                language=language,
                topic=tracker.get_slot("topic"),
                municipality_code=tracker.get_slot("municipality"),
            )
            place = position(session, ticket)
        dispatcher.utter_message(response="utter_handed_over", position=place)
        return [ConversationPaused()]

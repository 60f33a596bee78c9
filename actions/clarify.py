"""When Alku is not sure: ask which topic the message is about, or say it was not understood.

Rasa's FallbackClassifier turns an unsure classification (best topic below the threshold, or two
topics too close) into its fallback intent, keeping the ranking. This action offers the likeliest
2–4 topics as buttons, with "something else" and "talk to a person"; a choice is an ordinary topic
intent, answered and remembered like a typed question. Nonsense, or a message that suggests no topic,
is "not understood"; two of those in a row bring a person."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions import resources
from actions.context import entity_value
from actions.handoff import can_reach_later, hand_over
from actions.topic_reply import conversation_language
from knowledge.answers import topic_keys
from knowledge.bot_texts import shipped_buttons
from knowledge.clarify import likely_topics
from knowledge.languages import FOREIGN_LANGUAGE_ENTITY, unsupported_language_text
from knowledge.nonsense import NONSENSE, TRIAGE_ENTITY
from knowledge.render import labels

NOT_UNDERSTOOD = "utter_default"
LANGUAGE_CHOICES = "utter_which_language"


def ranking(tracker: Tracker) -> list[tuple[str, float]]:
    return [
        (str(item.get("name")), float(item.get("confidence") or 0.0))
        for item in tracker.latest_message.get("intent_ranking") or []
    ]


def misunderstood_just_before(tracker: Tracker) -> bool:
    """Whether Alku's reply to the user's previous message was "not understood"."""
    seen_latest_user = False
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user":
            if seen_latest_user:
                return False
            seen_latest_user = True
        elif kind == "bot" and seen_latest_user:
            if (event.get("metadata") or {}).get("utter_action") == NOT_UNDERSTOOD:
                return True
    return False


def choice_buttons(topics: list[str], language: str) -> list[dict[str, str]]:
    words = labels(language)
    buttons = [{"title": words["topic_names"][topic], "payload": f"/{topic}"} for topic in topics]
    buttons.append({"title": words["choices"]["something_else"], "payload": "/deny"})
    buttons.append({"title": words["choices"]["talk_to_a_person"], "payload": "/human_advisor"})
    return buttons


class ActionClarify(Action):
    def name(self) -> str:
        return "action_clarify"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        options: list[str] = []
        if entity_value(tracker, TRIAGE_ENTITY) != NONSENSE:
            with resources.knowledge_session() as session:
                options = likely_topics(ranking(tracker), set(topic_keys(session)))
        if options:
            dispatcher.utter_message(
                response="utter_clarify", buttons=choice_buttons(options, conversation_language(tracker))
            )
            return []
        if misunderstood_just_before(tracker) and can_reach_later(tracker):
            return await hand_over(dispatcher, tracker)
        dispatcher.utter_message(response=NOT_UNDERSTOOD)
        return []


class ActionExplainLanguages(Action):
    """A message in a language Alku does not speak: one fixed sentence in that language (English when
    Alku has none) naming the languages it speaks, with those languages as buttons. No topic answer
    is guessed from it, and the conversation's language stays as it was."""

    def name(self) -> str:
        return "action_explain_languages"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        code = str(entity_value(tracker, FOREIGN_LANGUAGE_ENTITY) or "")
        enabled = resources.settings().languages
        buttons = [
            button
            for button in shipped_buttons()[LANGUAGE_CHOICES]
            if any(f'"{language}"' in button["payload"] for language in enabled)
        ]
        dispatcher.utter_message(text=unsupported_language_text(code), buttons=buttons)
        return []

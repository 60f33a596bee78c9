"""What Alku says about a topic: the national answer with its source and review date, then what it
has in the municipality. Shared by every action that answers (a question, a follow-up, a chosen
clarification, a change of language, a request for a person over REST)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions import resources
from knowledge.answers import (
    CHOOSE_FOLLOW_UP,
    FOLLOW_UP_ENTITY,
    find_answer,
    follow_ups,
    parent_topic,
    topic_needs_municipality,
)
from knowledge.audience import target_groups_in
from knowledge.languages import requested_language
from knowledge.render import format_date, format_listings, labels, language_name
from knowledge.services import directory_link, find_services, municipality, municipality_website

MAX_LISTINGS = 3


@dataclass(frozen=True)
class Reply:
    """What was said; `needs_person` when there was no answer to give."""

    needs_person: bool = False


def conversation_language(tracker: Tracker) -> str:
    return tracker.get_slot("language") or resources.settings().default_language


def named_place(text: str) -> Optional[str]:
    """The municipality the message itself names, if any."""
    return resources.place_finder().first(text)


def answer_topic(dispatcher: CollectingDispatcher, tracker: Tracker, session: Session, topic: str, text: str) -> Reply:
    """The national (or the municipality's own) answer, then the local part."""
    language = conversation_language(tracker)
    place: Optional[str] = tracker.get_slot("municipality")
    answer = find_answer(session, topic, language, place)
    if answer is None:
        dispatcher.utter_message(response="utter_answer_missing")
        return Reply(needs_person=True)
    if answer.is_fallback:
        dispatcher.utter_message(
            response="utter_content_in_other_language", language_name=language_name(answer.language, language)
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
    say_local_part(dispatcher, tracker, session, parent_topic(topic), text, always=named_place(text) is not None)
    offer_follow_ups(dispatcher, session, topic, language)
    return Reply()


def offer_follow_ups(dispatcher: CollectingDispatcher, session: Session, topic: str, language: str) -> None:
    """Buttons to the topic's follow-up answers ("Work", "Study", "Family" under residence permits)."""
    choices = follow_ups(session, topic)
    if not choices:
        return
    names = labels(language)["topic_names"]
    buttons = [
        {"title": names.get(choice, choice), "payload": f'/{CHOOSE_FOLLOW_UP}{{"{FOLLOW_UP_ENTITY}": "{choice}"}}'}
        for choice in choices
    ]
    dispatcher.utter_message(response="utter_follow_up_choices", buttons=buttons)


def say_local_part(
    dispatcher: CollectingDispatcher, tracker: Tracker, session: Session, topic: str, text: str, always: bool
) -> None:
    """The municipality's services for the topic. When there are none, say so if the topic is local
    or `always` (the user named the town), with the municipality's website when known; without a
    municipality, ask for it if the topic is local."""
    language = conversation_language(tracker)
    place: Optional[str] = tracker.get_slot("municipality")
    needs_place = topic_needs_municipality(session, topic)
    if not place:
        if needs_place:
            dispatcher.utter_message(response="utter_ask_municipality")
        return
    found = municipality(session, place)
    place_name = found.name(language) if found else place
    listings = local_listings(session, place, topic, text)
    if listings:
        dispatcher.utter_message(
            response="utter_local_services", municipality_name=place_name, services=format_listings(listings, language)
        )
        dispatcher.utter_message(
            response="utter_directory_link",
            municipality_name=place_name,
            directory_url=directory_link(resources.settings().directory_url, place, topic, language),
        )
    elif needs_place or always:
        website = municipality_website(session, place)
        if website:
            dispatcher.utter_message(
                response="utter_no_local_services_website", municipality_name=place_name, website=website
            )
        else:
            dispatcher.utter_message(response="utter_no_local_services", municipality_name=place_name)


def local_listings(session: Session, place: str, topic: str, text: str) -> list[Any]:
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

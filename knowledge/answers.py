"""Find the answer Alku gives on a topic, in the user's language or the nearest one it has."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge.models import PUBLISHED, Answer, AnswerTranslation, Topic

FALLBACK_LANGUAGES = ("en", "fi")


@dataclass(frozen=True)
class TopicAnswer:
    topic: str
    language: str
    requested_language: str
    text: str
    source_url: str
    reviewed_on: dt.date
    review_by: dt.date
    municipality_code: Optional[str]

    @property
    def is_fallback(self) -> bool:
        """True when the text is not in the language the user asked in."""
        return self.language != self.requested_language


def language_chain(language: str) -> list[str]:
    """User language → English → Finnish, without repeats."""
    chain = [language]
    chain += [fallback for fallback in FALLBACK_LANGUAGES if fallback not in chain]
    return chain


def find_answer(
    session: Session, topic: str, language: str, municipality_code: Optional[str] = None
) -> Optional[TopicAnswer]:
    """The published answer for `topic`: the municipality's own before the national one, per language."""
    rows = session.execute(
        select(Answer, AnswerTranslation)
        .join(AnswerTranslation, AnswerTranslation.answer_id == Answer.id)
        .where(Answer.topic_key == topic, AnswerTranslation.status == PUBLISHED)
        .where((Answer.municipality_code.is_(None)) | (Answer.municipality_code == municipality_code))
    ).all()
    by_key = {(answer.municipality_code, translation.language): translation for answer, translation in rows}
    for candidate_language in language_chain(language):
        for place in (municipality_code, None) if municipality_code else (None,):
            translation = by_key.get((place, candidate_language))
            if translation is not None:
                return TopicAnswer(
                    topic=topic,
                    language=candidate_language,
                    requested_language=language,
                    text=translation.text,
                    source_url=translation.source_url,
                    reviewed_on=translation.reviewed_on,
                    review_by=translation.review_by,
                    municipality_code=place,
                )
    return None


def topic_needs_municipality(session: Session, topic: str) -> bool:
    found = session.get(Topic, topic)
    return bool(found and found.needs_municipality)


def topic_keys(session: Session) -> list[str]:
    return list(session.scalars(select(Topic.key).order_by(Topic.key)))


# A follow-up answer's topic is its parent's and its own key: "residence_permit.work". Its button's
# payload: /choose_follow_up{"subtopic": "residence_permit.work"}.
FOLLOW_UP_SEPARATOR = "."
CHOOSE_FOLLOW_UP = "choose_follow_up"
FOLLOW_UP_ENTITY = "subtopic"


def is_follow_up(topic: str) -> bool:
    return FOLLOW_UP_SEPARATOR in topic


def parent_topic(topic: str) -> str:
    return topic.split(FOLLOW_UP_SEPARATOR, 1)[0]


def follow_ups(session: Session, topic: str) -> list[str]:
    """The follow-up answers under a topic (shown as buttons under its answer), by key."""
    if is_follow_up(topic):
        return []
    prefix = f"{topic}{FOLLOW_UP_SEPARATOR}"
    return list(session.scalars(select(Topic.key).where(Topic.key.startswith(prefix)).order_by(Topic.key)))

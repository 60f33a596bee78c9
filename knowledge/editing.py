"""Editing answers: per topic × municipality (or national) × language, with a status per translation
(up to date, outdated since its source language changed, missing), required source and review-by date,
draft → published, and a history of every change that can be reverted.

Who may edit is decided by the console (roles); this module records who did."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, Optional
from urllib.parse import urlparse

from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge.models import DRAFT, PUBLISHED, Answer, AnswerTranslation, ContentChange, Municipality, Topic, utcnow

UP_TO_DATE, OUTDATED, MISSING = "up_to_date", "outdated", "missing"
STATUSES = (DRAFT, PUBLISHED)
MAX_TEXT = 8000
ENTITY = "answer_translation"


class ContentError(ValueError):
    """Content an editor cannot save, with the field and the reason (shown to the editor)."""

    def __init__(self, field: str, reason: str, code: str = "", **values: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field, self.reason = field, reason
        # For pages in the editor's language: a text key (`code`) and what fills its placeholders.
        self.code, self.values = code, values


@dataclass(frozen=True)
class Editor:
    id: Optional[int]
    email: str


def translation_states(answer: Answer, languages: tuple[str, ...]) -> dict[str, str]:
    """For every language: up to date, outdated (the source language changed after it was written), missing."""
    by_language = {translation.language: translation for translation in answer.translations}
    source = by_language.get(answer.source_language)
    states = {}
    for language in languages:
        translation = by_language.get(language)
        if translation is None:
            states[language] = MISSING
        elif (
            language == answer.source_language
            or source is None
            or (translation.source_updated_at or translation.updated_at) >= source.updated_at
        ):
            states[language] = UP_TO_DATE
        else:
            states[language] = OUTDATED
    return states


def snapshot(translation: Optional[AnswerTranslation]) -> Optional[dict[str, Any]]:
    if translation is None:
        return None
    return {
        "text": translation.text,
        "source_url": translation.source_url,
        "reviewed_on": translation.reviewed_on.isoformat(),
        "review_by": translation.review_by.isoformat(),
        "status": translation.status,
    }


def validate(text: str, source_url: str, review_by: Any, status: str, today: dt.date) -> dict[str, Any]:
    text = (text or "").strip()
    if not text:
        raise ContentError("text", "the answer text is empty")
    if len(text) > MAX_TEXT:
        raise ContentError("text", f"the answer is longer than {MAX_TEXT} characters")
    parsed = urlparse((source_url or "").strip())
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ContentError("source_url", "an official source is required: a web address starting with https://")
    try:
        review = review_by if isinstance(review_by, dt.date) else dt.date.fromisoformat(str(review_by))
    except ValueError:
        raise ContentError("review_by", "a review-by date is required, as YYYY-MM-DD") from None
    if review <= today:
        raise ContentError("review_by", "the review-by date must be in the future")
    if status not in STATUSES:
        raise ContentError("status", f"the status must be one of {', '.join(STATUSES)}")
    return {"text": text, "source_url": source_url.strip(), "review_by": review, "status": status}


def find_or_create_answer(session: Session, topic: str, municipality_code: Optional[str]) -> Answer:
    if session.get(Topic, topic) is None:
        raise ContentError("topic", f"there is no topic {topic!r}")
    if municipality_code is not None and session.get(Municipality, municipality_code) is None:
        raise ContentError("municipality", f"there is no municipality {municipality_code!r}")
    place = (
        Answer.municipality_code.is_(None)
        if municipality_code is None
        else Answer.municipality_code == municipality_code
    )
    answer = session.scalars(select(Answer).where(Answer.topic_key == topic, place)).first()
    if answer is None:
        answer = Answer(topic_key=topic, municipality_code=municipality_code)
        session.add(answer)
        session.flush()
    return answer


def save_translation(
    session: Session,
    answer: Answer,
    language: str,
    editor: Editor,
    *,
    text: str,
    source_url: str,
    review_by: Any,
    status: str,
    today: Optional[dt.date] = None,
) -> AnswerTranslation:
    """Write one translation (validated) and record the change. Saving the source language makes the
    other languages outdated; saving another language marks it as following the current source."""
    today = today or dt.date.today()
    fields = validate(text, source_url, review_by, status, today)
    translation = next((t for t in answer.translations if t.language == language), None)
    before = snapshot(translation)
    now = utcnow()
    if translation is None:
        translation = AnswerTranslation(language=language, reviewed_on=today, **fields)
        answer.translations.append(translation)
    else:
        for key, value in fields.items():
            setattr(translation, key, value)
        translation.reviewed_on = today
    translation.updated_at = now
    source = next((t for t in answer.translations if t.language == answer.source_language), None)
    translation.source_updated_at = source.updated_at if source is not None and source is not translation else now
    session.flush()
    _record(session, editor, answer, language, before, snapshot(translation))
    return translation


def _record(
    session: Session,
    editor: Editor,
    answer: Answer,
    language: str,
    before: Optional[dict[str, Any]],
    after: Optional[dict[str, Any]],
    reverts: Optional[int] = None,
) -> ContentChange:
    change = ContentChange(
        editor_id=editor.id,
        editor_email=editor.email,
        entity=ENTITY,
        entity_key=f"{answer.id}:{language}",
        before=json.dumps(before, ensure_ascii=False) if before is not None else None,
        after=json.dumps(after, ensure_ascii=False) if after is not None else None,
        reverts=reverts,
    )
    session.add(change)
    session.flush()
    return change


def revert(session: Session, change_id: int, editor: Editor) -> ContentChange:
    """Put the translation back as it was before the change (removing it if it did not exist)."""
    change = session.get(ContentChange, change_id)
    if change is None or change.entity != ENTITY:
        raise ContentError("change", f"there is no change {change_id}")
    answer_id, language = change.entity_key.split(":", 1)
    answer = session.get(Answer, int(answer_id))
    if answer is None:
        raise ContentError("change", "the answer of that change no longer exists")
    translation = next((t for t in answer.translations if t.language == language), None)
    current = snapshot(translation)
    before = json.loads(change.before) if change.before else None
    if before is None:
        if translation is not None:
            answer.translations.remove(translation)
            session.delete(translation)
    else:
        if translation is None:
            translation = AnswerTranslation(
                language=language,
                reviewed_on=dt.date.fromisoformat(before["reviewed_on"]),
                text="",
                source_url="",
                review_by=dt.date.today(),
                status=DRAFT,
            )
            answer.translations.append(translation)
        translation.text, translation.source_url, translation.status = (
            before["text"],
            before["source_url"],
            before["status"],
        )
        translation.reviewed_on = dt.date.fromisoformat(before["reviewed_on"])
        translation.review_by = dt.date.fromisoformat(before["review_by"])
        translation.updated_at = utcnow()
    session.flush()
    return _record(session, editor, answer, language, current, before, reverts=change.id)


def history(session: Session, answer: Answer, limit: int = 50) -> list[ContentChange]:
    return list(
        session.scalars(
            select(ContentChange)
            .where(ContentChange.entity == ENTITY, ContentChange.entity_key.like(f"{answer.id}:%"))
            .order_by(ContentChange.id.desc())
            .limit(limit)
        )
    )


def expired(session: Session, today: Optional[dt.date] = None) -> list[AnswerTranslation]:
    """Published translations past their review-by date, oldest first: editors check these."""
    return list(
        session.scalars(
            select(AnswerTranslation)
            .where(AnswerTranslation.status == PUBLISHED, AnswerTranslation.review_by < (today or dt.date.today()))
            .order_by(AnswerTranslation.review_by)
        )
    )

"""The editors' JSON API for answers (DESIGN.md contracts): list with per-language status, write a
translation (draft or published; source and review-by date required), history and revert, expired answers.

Roles: an admin edits everything; an editor edits the answers of the municipalities assigned to them,
and national answers when no municipality is assigned (a national editor); others may not edit answers."""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from fastapi import APIRouter, Depends, HTTPException, Query, status
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from console.api.deps import current_advisor
from console.api.shapes import ChangeOut, change_json
from console.deps import Database, RowId
from console.permissions import may_edit_answer
from handoff.models import ADMIN, EDITOR, Advisor
from knowledge.editing import ENTITY as ANSWER_ENTITY
from knowledge.editing import (
    ContentError,
    Editor,
    expired,
    find_or_create_answer,
    history,
    revert,
    save_translation,
    translation_states,
)
from knowledge.models import Answer, AnswerTranslation, ContentChange
from settings import get_settings

router = APIRouter(prefix="/api", tags=["answers"])


class TranslationIn(BaseModel):
    text: str
    source_url: str
    review_by: str
    status: str = "draft"


class AnswerIn(BaseModel):
    topic: str
    municipality: Optional[str] = None


def editor_of(advisor: Advisor) -> Editor:
    return Editor(advisor.id, advisor.email)


def content_reader(advisor: Advisor = Depends(current_advisor)) -> Advisor:
    if advisor.role not in (ADMIN, EDITOR):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "Your role does not work on answers (editors and admins do).")
    return advisor


class TranslationOut(BaseModel):
    language: str
    text: str
    source_url: str
    reviewed_on: str
    review_by: str
    status: str
    updated_at: str


class AnswerOut(BaseModel):
    id: int
    topic: str
    municipality: Optional[str]
    source_language: str
    # Per language: up_to_date, outdated or missing.
    states: dict[str, str]
    translations: dict[str, TranslationOut]


class ExpiredTranslation(TranslationOut):
    answer_id: RowId
    topic: str
    municipality: Optional[str]


def translation_json(translation: AnswerTranslation) -> dict[str, Any]:
    return {
        "language": translation.language,
        "text": translation.text,
        "source_url": translation.source_url,
        "reviewed_on": translation.reviewed_on.isoformat(),
        "review_by": translation.review_by.isoformat(),
        "status": translation.status,
        "updated_at": translation.updated_at.isoformat() + "Z",
    }


def answer_json(answer: Answer, lang: Optional[str] = None) -> dict[str, Any]:
    languages = get_settings().languages
    return {
        "id": answer.id,
        "topic": answer.topic_key,
        "municipality": answer.municipality_code,
        "source_language": answer.source_language,
        "states": translation_states(answer, languages),
        "translations": {
            t.language: translation_json(t) for t in answer.translations if lang is None or t.language == lang
        },
    }


@router.get("/answers", response_model=list[AnswerOut])
def list_answers(
    session: Database,
    topic: Optional[str] = Query(None, max_length=40),
    municipality: Optional[str] = Query(None, max_length=3),
    lang: Optional[str] = Query(None, max_length=8),
    advisor: Advisor = Depends(content_reader),
) -> list[dict[str, Any]]:
    """Answers with every translation's status: up_to_date, outdated or missing."""
    query = select(Answer).options(selectinload(Answer.translations)).order_by(Answer.topic_key, Answer.id)
    if topic:
        query = query.where(Answer.topic_key == topic)
    if municipality:
        query = query.where(Answer.municipality_code == municipality)
    return [answer_json(answer, lang) for answer in session.scalars(query)]


@router.post("/answers", response_model=AnswerOut, status_code=status.HTTP_201_CREATED)
def create_answer(body: AnswerIn, session: Database, advisor: Advisor = Depends(content_reader)) -> dict[str, Any]:
    """A municipality's own answer to a topic (its translations are then written one by one)."""
    if not may_edit_answer(advisor, body.municipality):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "You do not edit the answers of that municipality.")
    answer = find_or_create_answer(session, body.topic, body.municipality)
    session.commit()
    return answer_json(answer)


@router.put("/answers/{answer_id}/translations/{lang}", response_model=AnswerOut)
def write_translation(
    answer_id: RowId, lang: str, body: TranslationIn, session: Database, advisor: Advisor = Depends(content_reader)
) -> dict[str, Any]:
    """Write one language of an answer. Only `published` reaches newcomers, at once (no retraining)."""
    answer = session.get(Answer, answer_id)
    if answer is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"No answer {answer_id}.")
    if not may_edit_answer(advisor, answer.municipality_code):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "You do not edit this answer.")
    if lang not in get_settings().languages:
        raise ContentError("lang", f"Alku has no language {lang!r}")
    save_translation(
        session,
        answer,
        lang,
        editor_of(advisor),
        text=body.text,
        source_url=body.source_url,
        review_by=body.review_by,
        status=body.status,
    )
    session.commit()
    return answer_json(answer, lang)


@router.get("/answers/expired", response_model=list[ExpiredTranslation])
def expired_answers(session: Database, advisor: Advisor = Depends(content_reader)) -> list[dict]:
    """Published translations past their review-by date, for editors to check."""
    return [
        {
            "answer_id": t.answer_id,
            "topic": t.answer.topic_key,
            "municipality": t.answer.municipality_code,
            **translation_json(t),
        }
        for t in expired(session, dt.date.today())
    ]


@router.get("/answers/{answer_id}/history", response_model=list[ChangeOut])
def answer_history(
    answer_id: RowId, session: Database, advisor: Advisor = Depends(content_reader)
) -> list[dict[str, Any]]:
    answer = session.get(Answer, answer_id)
    if answer is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"No answer {answer_id}.")
    return [change_json(change) for change in history(session, answer)]


@router.post("/changes/{change_id}/revert", response_model=ChangeOut)
def revert_change(change_id: RowId, session: Database, advisor: Advisor = Depends(content_reader)) -> dict[str, Any]:
    change = session.get(ContentChange, change_id)
    if change is None or change.entity != ANSWER_ENTITY:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"No answer change {change_id}.")
    answer = session.get(Answer, int(change.entity_key.split(":", 1)[0]))
    if answer is None or not may_edit_answer(advisor, answer.municipality_code):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "You do not edit this answer.")
    reverted = revert(session, change_id, editor_of(advisor))
    session.commit()
    return change_json(reverted)

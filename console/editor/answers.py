"""The content editor's pages for answers: which languages need work per topic, one translation's form
(with the source-language text beside it), history with revert, expired answers and broken links."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Optional

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from console.auth import EditorOnly, check_csrf
from console.deps import Database, RowId
from console.permissions import may_edit_answer
from console.templating import back, done, flash, page, words
from handoff.models import Advisor
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
from knowledge.links import problems
from knowledge.models import Answer, ContentChange, Municipality, Topic
from knowledge.render import labels, language_name
from settings import get_settings

router = APIRouter(prefix="/editor", include_in_schema=False)


def _answer(session: Session, answer_id: RowId) -> Answer:
    answer = session.get(Answer, answer_id)
    if answer is None:
        raise HTTPException(404, "There is no such answer.")
    return answer


def _place_name(session: Session, code: Optional[str], ui: str) -> str:
    place = session.get(Municipality, code) if code else None
    return place.name(ui) if place else ""


@router.get("/answers", response_class=HTMLResponse)
def answers_page(
    request: Request, person: EditorOnly, session: Database, municipality: Optional[str] = Query(None, max_length=3)
) -> Response:
    ui = words(request)["_lang"]
    languages = get_settings().languages
    query = select(Answer).options(selectinload(Answer.translations)).order_by(Answer.topic_key, Answer.id)
    if municipality:
        query = query.where(Answer.municipality_code == municipality)
    rows = [
        {
            "answer": answer,
            "topic": labels(ui).get("topic_names", {}).get(answer.topic_key, answer.topic_key),
            "place": _place_name(session, answer.municipality_code, ui),
            "states": translation_states(answer, languages),
            "drafts": {t.language for t in answer.translations if t.status != "published"},
            "editable": may_edit_answer(person, answer.municipality_code),
        }
        for answer in session.scalars(query)
    ]
    places = [(p.code, p.name(ui)) for p in person.municipalities] or []
    return page(
        request,
        "editor_answers.html",
        person,
        rows=rows,
        languages=languages,
        topics=[(t.key, labels(ui).get("topic_names", {}).get(t.key, t.key)) for t in session.scalars(select(Topic))],
        places=places,
    )


@router.post("/answers", dependencies=[Depends(check_csrf)])
def new_local_answer(
    request: Request,
    person: EditorOnly,
    session: Database,
    topic: str = Form(..., max_length=40),
    municipality: str = Form(..., max_length=3),
) -> Response:
    if not may_edit_answer(person, municipality):
        raise HTTPException(403, "You do not edit the answers of that municipality.")
    try:
        answer = find_or_create_answer(session, topic, municipality)
    except ContentError:
        flash(request, "text_required", problem=True)
        return back("/editor/answers")
    session.commit()
    return back(f"/editor/answers/{answer.id}/{get_settings().default_language}")


def _form(
    request: Request, person: Advisor, session: Session, answer: Answer, lang: str, values: dict, error: Any = None
) -> Response:
    ui = words(request)["_lang"]
    source = next((t for t in answer.translations if t.language == answer.source_language), None)
    response = page(
        request,
        "editor_answer.html",
        person,
        answer=answer,
        lang=lang,
        language=language_name(lang, ui),
        topic=labels(ui).get("topic_names", {}).get(answer.topic_key, answer.topic_key),
        place=_place_name(session, answer.municipality_code, ui),
        source=source,
        source_language=language_name(answer.source_language, ui),
        state=translation_states(answer, (lang,))[lang],
        values=values,
        error=error,
        editable=may_edit_answer(person, answer.municipality_code),
        changes=[
            {"change": c, "after": json.loads(c.after) if c.after else None}
            for c in history(session, answer)
            if c.entity_key.endswith(f":{lang}")
        ],
        languages=get_settings().languages,
    )
    if error:
        response.status_code = 422
    return response


@router.get("/answers/{answer_id}/{lang}", response_class=HTMLResponse)
def answer_form(request: Request, answer_id: RowId, lang: str, person: EditorOnly, session: Database) -> Response:
    answer = _answer(session, answer_id)
    if lang not in get_settings().languages:
        raise HTTPException(404, "Alku has no such language.")
    current = next((t for t in answer.translations if t.language == lang), None)
    values = {
        "text": current.text if current else "",
        "source_url": current.source_url if current else "",
        "review_by": current.review_by.isoformat()
        if current
        else (dt.date.today() + dt.timedelta(days=365)).isoformat(),
        "status": current.status if current else "draft",
    }
    return _form(request, person, session, answer, lang, values)


@router.post("/answers/{answer_id}/{lang}", dependencies=[Depends(check_csrf)])
def save_answer(
    request: Request,
    answer_id: RowId,
    lang: str,
    person: EditorOnly,
    session: Database,
    text: str = Form("", max_length=20000),
    source_url: str = Form("", max_length=500),
    review_by: str = Form("", max_length=20),
    status: str = Form("draft", max_length=20),
) -> Response:
    answer = _answer(session, answer_id)
    if not may_edit_answer(person, answer.municipality_code) or lang not in get_settings().languages:
        raise HTTPException(403, "You do not edit this answer.")
    values = {"text": text, "source_url": source_url, "review_by": review_by, "status": status}
    try:
        save_translation(
            session,
            answer,
            lang,
            Editor(person.id, person.email),
            text=text,
            source_url=source_url,
            review_by=review_by,
            status=status,
        )
    except ContentError as error:
        session.rollback()
        # What the editor typed is shown again with the reason: nothing they wrote is lost.
        return _form(request, person, session, _answer(session, answer_id), lang, values, error)
    return done(request, session, "saved", f"/editor/answers/{answer_id}/{lang}")


@router.post("/changes/{change_id}/revert", dependencies=[Depends(check_csrf)])
def revert_page(request: Request, change_id: RowId, person: EditorOnly, session: Database) -> Response:
    change = session.get(ContentChange, change_id)
    if change is None or change.entity != ANSWER_ENTITY:
        raise HTTPException(404, "There is no such change.")
    answer_id, lang = change.entity_key.split(":", 1)
    answer = _answer(session, int(answer_id))
    if not may_edit_answer(person, answer.municipality_code):
        raise HTTPException(403, "You do not edit this answer.")
    revert(session, change_id, Editor(person.id, person.email))
    return done(request, session, "reverted", f"/editor/answers/{answer_id}/{lang}")


@router.get("/expired", response_class=HTMLResponse)
def expired_page(request: Request, person: EditorOnly, session: Database) -> Response:
    return page(request, "editor_expired.html", person, rows=expired(session))


@router.get("/links", response_class=HTMLResponse)
def links_page(request: Request, person: EditorOnly, session: Database) -> Response:
    """Links found broken, moved or unreachable, with the answers and listings that use them."""
    return page(request, "editor_links.html", person, problems=problems(session))

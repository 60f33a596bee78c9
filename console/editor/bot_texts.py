"""The bot's own sentences (greetings, waiting messages), labelled by what they are for, per language."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import yaml
from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from console.auth import EditorOnly, check_csrf
from console.deps import Database
from console.templating import HERE, done, page, words
from handoff.models import ADMIN, Advisor
from knowledge.bot_texts import DEFAULT as DEFAULT_TEXT_LANGUAGE
from knowledge.bot_texts import save_bot_text, shipped
from knowledge.editing import (
    ContentError,
    Editor,
)
from knowledge.models import BotText
from knowledge.render import language_name
from settings import get_settings

router = APIRouter(prefix="/editor", include_in_schema=False)


@lru_cache(maxsize=1)
def _purposes() -> dict[str, dict[str, str]]:
    return yaml.safe_load((HERE / "bot_text_purposes.yml").read_text(encoding="utf-8"))


def bot_text_purposes(ui: str) -> dict[str, str]:
    """What each of the bot's texts is for, in the console's language (the key where none is written)."""
    return {**_purposes()["en"], **_purposes().get(ui, {})}


def _text_rows(session: Session, chosen: str) -> list[dict[str, Any]]:
    edited = {row.key: row for row in session.scalars(select(BotText).where(BotText.language == chosen))}
    shipped_texts = shipped()
    return [
        {"key": key, "shipped": shipped_texts.get(chosen, {}).get(key, default), "edited": edited.get(key)}
        for key, default in shipped_texts[DEFAULT_TEXT_LANGUAGE].items()
        if key != "utter_advisor_reply"
    ]


def _texts_page(request: Request, session: Session, person: Advisor, chosen: str, **refused: Any) -> Response:
    ui = words(request)["_lang"]
    return page(
        request,
        "editor_texts.html",
        person,
        rows=_text_rows(session, chosen),
        chosen=chosen,
        languages=[(code, language_name(code, ui)) for code in get_settings().languages],
        may_edit=person.role == ADMIN or not person.municipalities,
        purposes=bot_text_purposes(ui),
        **refused,
    )


@router.get("/texts", response_class=HTMLResponse)
def texts_page(
    request: Request, person: EditorOnly, session: Database, language: str = Query("en", max_length=8)
) -> Response:
    """Every fixed text of the bot in one language: the shipped text, and the editors' version."""
    languages = get_settings().languages
    chosen = language if language in languages else get_settings().default_language
    return _texts_page(request, session, person, chosen)


@router.post("/texts/{key}/{lang}", dependencies=[Depends(check_csrf)])
def save_text(
    request: Request,
    key: str,
    lang: str,
    person: EditorOnly,
    session: Database,
    text: str = Form("", max_length=20000),
    status: str = Form("draft", max_length=20),
) -> Response:
    """The bot's texts are national: admins and national editors change them. A refused text comes
    back in its form, as typed, with the reason in the editor's language."""
    if not (person.role == ADMIN or not person.municipalities) or lang not in get_settings().languages:
        raise HTTPException(403, "Only national editors change the bot's texts.")
    try:
        save_bot_text(session, key, lang, text, status, Editor(person.id, person.email))
    except ContentError as error:
        session.rollback()
        t = words(request)
        reason = t[error.code].format(**error.values) if error.code else error.reason
        response = _texts_page(
            request, session, person, lang, refused_key=key, refused_text=text, refused_reason=reason
        )
        response.status_code = 422
        return response
    return done(request, session, "saved", f"/editor/texts?language={lang}#{key}")

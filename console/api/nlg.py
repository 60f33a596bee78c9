"""Rasa's NLG endpoint (POST /nlg): the bot's fixed texts in the conversation's language, with the
editors' published changes. Published texts are re-read at most every two seconds, so a change reaches
the bot within that, with no retraining and no restart."""

from __future__ import annotations

import time
from typing import Any, Optional

from fastapi import APIRouter, Body
from pydantic import BaseModel

from knowledge.bot_texts import published, render
from knowledge.db import open_session
from settings import get_settings

router = APIRouter(tags=["Rasa NLG"])
REFRESH_SECONDS = 2.0
_cache: dict[str, Any] = {"at": 0.0, "overrides": {}}


class NlgResponse(BaseModel):
    text: Optional[str] = None
    buttons: list[dict[str, Any]] = []
    image: Optional[str] = None
    elements: list[Any] = []
    attachments: list[Any] = []
    custom: dict[str, Any] = {}


def overrides() -> dict[tuple[str, str], str]:
    if time.monotonic() - _cache["at"] > REFRESH_SECONDS:
        with open_session(get_settings().database_url) as session:
            _cache["overrides"] = published(session)
        _cache["at"] = time.monotonic()
    return dict(_cache["overrides"])


@router.post("/nlg", response_model=NlgResponse, response_model_exclude_none=True)
def nlg(body: dict[str, Any] = Body(...)) -> dict[str, Any]:
    """Rasa's request: {"response", "arguments", "tracker": {"slots": …}, "channel": {"name"}}."""
    slots = (body.get("tracker") or {}).get("slots") or {}
    language = slots.get("language") or get_settings().default_language
    values = {**slots, **(body.get("arguments") or {})}
    rendered = render(str(body.get("response") or ""), str(language), values, overrides())
    return rendered or {"text": None}

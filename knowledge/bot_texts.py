"""The bot's fixed texts as Rasa's NLG endpoint renders them: an editor's published version (BotText)
when there is one, else the text shipped in bot/texts/<lang>.yml; English when a language lacks a key.
Placeholders ({municipality_name}, {position} …) are filled from the action's arguments and the slots."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge.editing import STATUSES, ContentError, Editor
from knowledge.models import PUBLISHED, BotText, ContentChange, utcnow
from settings import PROJECT_ROOT

TEXTS = PROJECT_ROOT / "bot" / "texts"
DEFAULT = "en"
ENTITY = "bot_text"
MAX_TEXT = 4000
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@lru_cache(maxsize=1)
def shipped(folder: Path = TEXTS) -> dict[str, dict[str, str]]:
    """Every language's texts as shipped with the code."""
    return {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted(folder.glob("*.yml"))
        if path.stem != "buttons"
    }


@lru_cache(maxsize=1)
def shipped_buttons(folder: Path = TEXTS) -> dict[str, list[dict[str, Any]]]:
    return yaml.safe_load((folder / "buttons.yml").read_text(encoding="utf-8")) or {}


def placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


def published(session: Session) -> dict[tuple[str, str], str]:
    return {
        (row.key, row.language): row.text for row in session.scalars(select(BotText).where(BotText.status == PUBLISHED))
    }


def fill(text: str, values: dict[str, Any]) -> str:
    """Replace {name} with values; unknown placeholders stay as they are (as Rasa does). Only plain
    names are filled: no attribute access or format specification (`{position.__class__}`,
    `{position:>999999999}`) is ever evaluated, whoever wrote the text."""
    known = {key: str(value) for key, value in values.items() if value is not None}
    return _PLACEHOLDER.sub(lambda found: known.get(found.group(1), found.group(0)), text)


def render(
    key: str, language: str, values: dict[str, Any], overrides: dict[tuple[str, str], str]
) -> Optional[dict[str, Any]]:
    """Rasa's NLG response body, or None for a key Alku has no text for."""
    texts = shipped()
    for candidate in (language, DEFAULT):
        text = overrides.get((key, candidate)) or texts.get(candidate, {}).get(key)
        if text is not None:
            break
    else:
        return None
    buttons = [
        {
            "title": b["title"] if isinstance(b["title"], str) else b["title"].get(language, b["title"][DEFAULT]),
            "payload": b["payload"],
        }
        for b in shipped_buttons().get(key, [])
    ]
    return {"text": fill(text, values), "buttons": buttons}


def save_bot_text(session: Session, key: str, language: str, text: str, status: str, editor: Editor) -> BotText:
    """An editor's version of a text. It must keep the shipped text's placeholders, or the bot would
    say "{position}" to a newcomer (or leave out their place in the queue)."""
    original = shipped().get(DEFAULT, {}).get(key)
    if original is None:
        raise ContentError("key", f"the bot has no text {key!r}")
    text = (text or "").strip()
    if not text:
        raise ContentError("text", "the text is empty", "text_empty")
    if len(text) > MAX_TEXT:
        raise ContentError(
            "text", f"the text is longer than {MAX_TEXT} characters", "text_too_long", limit=str(MAX_TEXT)
        )
    if (
        placeholders(text) != placeholders(original)
        or "{" in _PLACEHOLDER.sub("", text)
        or "}" in _PLACEHOLDER.sub("", text)
    ):
        wanted = ", ".join("{" + name + "}" for name in sorted(placeholders(original))) or "none"
        raise ContentError("text", f"keep exactly these placeholders: {wanted}", "text_placeholders", wanted=wanted)
    if status not in STATUSES:
        raise ContentError("status", f"the status must be one of {', '.join(STATUSES)}")
    row = session.scalars(select(BotText).where(BotText.key == key, BotText.language == language)).first()
    before = {"text": row.text, "status": row.status} if row else None
    if row is None:
        row = BotText(key=key, language=language, text=text, status=status)
        session.add(row)
    else:
        row.text, row.status = text, status
    row.updated_at = utcnow()
    session.flush()
    session.add(
        ContentChange(
            editor_id=editor.id,
            editor_email=editor.email,
            entity=ENTITY,
            entity_key=f"{key}:{language}",
            before=json.dumps(before, ensure_ascii=False) if before else None,
            after=json.dumps({"text": text, "status": status}, ensure_ascii=False),
        )
    )
    session.flush()
    return row

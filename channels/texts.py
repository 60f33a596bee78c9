"""What the channels themselves say (Telegram's confirmations, the widget's labels), per language."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).parent
TELEGRAM = HERE / "content" / "telegram.yml"
WEBCHAT = HERE / "webchat" / "texts.yml"
FORGET = HERE / "content" / "forget.yml"


@lru_cache(maxsize=4)
def load(path: Path) -> dict[str, dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def texts(path: Path, language: str) -> dict[str, Any]:
    """The channel's texts and the shared ones (erasing a conversation) in `language`, English for any
    key it lacks."""
    table, shared = load(path), load(FORGET)
    return {**shared["en"], **table["en"], **shared.get(language, {}), **table.get(language, {})}


def widget_texts(languages: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """The widget's labels with the shared texts, for each of `languages` it has."""
    table, shared = load(WEBCHAT), load(FORGET)
    return {code: {**shared.get(code, {}), **words} for code, words in table.items() if code in languages}

"""What the channels themselves say (Telegram's confirmations, the widget's labels), per language."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).parent
TELEGRAM = HERE / "content" / "telegram.yml"
WEBCHAT = HERE / "webchat" / "texts.yml"


@lru_cache(maxsize=4)
def load(path: Path) -> dict[str, dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def texts(path: Path, language: str) -> dict[str, Any]:
    """The texts in `language`, English for any key it lacks."""
    table = load(path)
    return {**table["en"], **table.get(language, {})}

"""Recognise a request for a human being, in any of Alku's languages.

"Not a bot, a real person", "I don't want a robot": whatever the classifier guessed (it confuses them
with "are you a bot?"), such a message asks for a person and is always understood as that. The
phrases live in content/person_request.yml and match whole words."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from knowledge.crisis import APOSTROPHES
from knowledge.places import fold

WORDING = Path(__file__).parent / "content" / "person_request.yml"


@lru_cache(maxsize=1)
def person_pattern(path: Path = WORDING) -> re.Pattern[str]:
    by_language: dict[str, list[str]] = yaml.safe_load(path.read_text(encoding="utf-8"))
    phrases = sorted({fold(phrase.translate(APOSTROPHES)) for phrases in by_language.values() for phrase in phrases})
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(phrase) for phrase in phrases if phrase.strip()) + r")(?!\w)")


def asks_for_person(text: str) -> bool:
    folded = " ".join(fold(text.translate(APOSTROPHES)).split())
    return person_pattern().search(folded) is not None

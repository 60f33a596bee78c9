"""Recognise crisis wording (thoughts of suicide or self-harm) in any of Alku's languages.

A classifier's guess is not good enough here: a message with such wording always gets the crisis
line and 112, and a person. The phrases live in content/crisis_wording.yml."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from knowledge.places import fold

WORDING = Path(__file__).parent / "content" / "crisis_wording.yml"


@lru_cache(maxsize=1)
def crisis_phrases(path: Path = WORDING) -> tuple[str, ...]:
    by_language: dict[str, list[str]] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return tuple(sorted({fold(phrase) for phrases in by_language.values() for phrase in phrases if phrase.strip()}))


APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "´": "'"})


def is_crisis(text: str) -> bool:
    folded = " ".join(fold(text.translate(APOSTROPHES)).split())
    return any(phrase in folded for phrase in crisis_phrases())

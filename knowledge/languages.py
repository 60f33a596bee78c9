"""Which language a newcomer writes in, and which one they ask for.

Detection uses lingua with its models preloaded. Finnish official terms ("Kela", "oleskelulupa")
and place names are removed first: they appear in every language and would pull an English
question towards Finnish. A message of one or two words ("kiitos", "ok") never changes the
conversation's language; a first message needs less confidence, since any guess beats the default.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

import yaml
from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

from knowledge.places import PlaceFinder, default_place_finder, fold

CONTENT = Path(__file__).parent / "content"

FIRST_MESSAGE_CONFIDENCE = 0.4
SWITCH_CONFIDENCE = 0.5
SHORT_MESSAGE_WORDS = 2
MIN_LETTERS = 3

_WORD = re.compile(r"[^\W\d_][\w'-]*", re.UNICODE)


@dataclass(frozen=True)
class LanguageInfo:
    code: str
    rtl: bool
    names: tuple[str, ...]


@dataclass(frozen=True)
class Detection:
    language: Optional[str]
    confidence: float


@lru_cache(maxsize=1)
def language_table() -> dict[str, LanguageInfo]:
    raw = yaml.safe_load((CONTENT / "languages.yml").read_text(encoding="utf-8"))
    return {code: LanguageInfo(code, bool(entry["rtl"]), tuple(entry["names"])) for code, entry in raw.items()}


@lru_cache(maxsize=1)
def finnish_terms() -> frozenset[str]:
    lines = (CONTENT / "finnish_terms.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(fold(line.strip()) for line in lines if line.strip() and not line.startswith("#"))


def requested_language(text: str) -> Optional[str]:
    """The language a message asks for by name ("in English please" → "en"), if exactly one."""
    words = [fold(word) for word in _WORD.findall(text)]
    words += [part for word in words if "-" in word for part in word.split("-") if part]
    joined = " ".join(words)
    found = set()
    for info in language_table().values():
        for name in info.names:
            name = fold(name)
            if " " in name:
                if re.search(rf"(?<!\w){re.escape(name)}", joined):
                    found.add(info.code)
            elif any(word.startswith(name) for word in words):
                found.add(info.code)
    return found.pop() if len(found) == 1 else None


class LanguageDetector:
    def __init__(self, languages: Iterable[str], places: Optional[PlaceFinder] = None) -> None:
        self.languages = tuple(languages)
        lingua_languages = [
            Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in self.languages
        ]
        self._detector = (
            LanguageDetectorBuilder.from_languages(*lingua_languages).with_preloaded_language_models().build()
        )
        self._places = places or default_place_finder()

    def detect(self, text: str) -> Detection:
        """The most likely language of `text` with lingua's confidence, or no language at all."""
        content = self._without_shared_words(text)
        if sum(character.isalpha() for character in content) < MIN_LETTERS:
            return Detection(None, 0.0)
        values = self._detector.compute_language_confidence_values(content)
        if not values or values[0].value <= 0.0:
            return Detection(None, 0.0)
        best = values[0]
        return Detection(best.language.iso_code_639_1.name.lower(), float(best.value))

    def conversation_language(self, text: str, current: Optional[str]) -> Optional[str]:
        """The conversation's language after `text`: switch only on clear evidence."""
        detection = self.detect(text)
        if detection.language is None or detection.language == current:
            return current
        if current is None:
            return detection.language if detection.confidence >= FIRST_MESSAGE_CONFIDENCE else None
        if len(_WORD.findall(text)) <= SHORT_MESSAGE_WORDS:
            return current
        return detection.language if detection.confidence >= SWITCH_CONFIDENCE else current

    def _without_shared_words(self, text: str) -> str:
        for match in reversed(self._places.find(text)):
            text = text[: match.start] + " " + text[match.start + len(match.text) :]
        terms = finnish_terms()
        return " ".join(word for word in _WORD.findall(text) if fold(word) not in terms)

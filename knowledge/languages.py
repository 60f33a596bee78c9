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

    def conversation_language(self, text: str, current: Optional[str], hint: Optional[str] = None) -> Optional[str]:
        """The conversation's language after `text`: switch only on clear evidence. `hint` (the
        language of the user's app or of the page the widget is on) is taken only when the first
        message itself does not tell: a hint, not a lock."""
        detection = self.detect(text)
        if current is None:
            confident = detection.language is not None and detection.confidence >= FIRST_MESSAGE_CONFIDENCE
            short = len(_WORD.findall(text)) <= SHORT_MESSAGE_WORDS
            if hint and (short or not confident):
                return hint
            return detection.language if confident else None
        if detection.language is None or detection.language == current:
            return current
        if len(_WORD.findall(text)) <= SHORT_MESSAGE_WORDS:
            return current
        return detection.language if detection.confidence >= SWITCH_CONFIDENCE else current

    def _without_shared_words(self, text: str) -> str:
        return _without_shared_words(text, self._places)


def _without_shared_words(text: str, places: PlaceFinder) -> str:
    """The message without place names and Finnish official terms, which every language borrows."""
    for match in reversed(places.find(text)):
        text = text[: match.start] + " " + text[match.start + len(match.text) :]
    terms = finnish_terms()
    return " ".join(word for word in _WORD.findall(text) if fold(word) not in terms)


UNSUPPORTED_TEXTS = CONTENT / "unsupported_languages.yml"
# How the NLU marks a message in a language Alku does not speak (bot/triage.py).
UNSUPPORTED_LANGUAGE_INTENT, FOREIGN_LANGUAGE_ENTITY = "unsupported_language", "foreign_language"
# Scripts none of Alku's languages is written in: a message mostly in one of them is that language.
SCRIPT_LANGUAGES = (
    ("CJK UNIFIED", "zh"),
    ("HIRAGANA", "ja"),
    ("KATAKANA", "ja"),
    ("HANGUL", "ko"),
    ("THAI", "th"),
    ("ETHIOPIC", "ti"),
    ("DEVANAGARI", "ne"),
    ("BENGALI", "bn"),
    ("GURMUKHI", "pa"),
    ("TAMIL", "ta"),
    ("GEORGIAN", "ka"),
    ("ARMENIAN", "hy"),
    ("HEBREW", "he"),
    ("GREEK", "el"),
    ("KHMER", "km"),
    ("MYANMAR", "my"),
    ("SINHALA", "si"),
)
# Letters of the Arabic script that Arabic and Persian keyboards do not have.
ARABIC_SCRIPT_LETTERS = {"ckb": "ڕڵۆێە", "ps": "ټډړږښګڼۍې", "ur": "ٹڈڑںے"}
# Languages lingua knows and Alku does not speak, written in the Latin script. Those that Alku's own
# languages are easily mistaken for (Danish and Norwegian for Swedish, Azerbaijani for Turkish,
# Bulgarian or Belarusian for Russian and Ukrainian) are left out: a Swedish question must never be
# told "I do not speak Danish".
OTHER_LATIN_LANGUAGES = ("fr", "es", "de", "pl", "it", "pt", "ro", "vi", "tl", "lt", "lv", "hu", "sq", "nl", "sw")
# Evidence needed before a Latin-script message counts as another language (README, "Understanding messages").
OTHER_LANGUAGE_CONFIDENCE = 0.7
# Latin-script Arabic, Persian and Russian come close to Swahili: 3 of 3,685 held-out messages at 0.7, none at 0.9.
STRICTER_CONFIDENCE = {"sw": 0.9}
OTHER_LANGUAGE_MIN_WORDS = 3
SCRIPT_SHARE = 0.5
MIN_SCRIPT_LETTERS = 2


def _script_language(letters: list[str]) -> Optional[str]:
    import unicodedata

    counts: dict[str, int] = {}
    for character in letters:
        name = unicodedata.name(character, "")
        for prefix, code in SCRIPT_LANGUAGES:
            if name.startswith(prefix):
                counts[code] = counts.get(code, 0) + 1
                break
    if not counts:
        return None
    code, count = max(counts.items(), key=lambda item: item[1])
    return code if count >= MIN_SCRIPT_LETTERS and count >= SCRIPT_SHARE * len(letters) else None


def _arabic_script_language(letters: list[str]) -> Optional[str]:
    counts = {code: sum(letter in marks for letter in letters) for code, marks in ARABIC_SCRIPT_LETTERS.items()}
    code, count = max(counts.items(), key=lambda item: item[1])
    return code if count >= 2 else None


class OtherLanguageDetector:
    """Which language Alku does not speak a message is written in, if it clearly is one.

    By script first (Chinese, Thai, Tigrinya, Nepali …; Kurdish, Pashto and Urdu by the letters of
    the Arabic script that Arabic and Persian do not use), then by lingua among Alku's languages and
    other Latin-script ones, only with strong evidence and a few words: a question in one of Alku's
    own languages must never be refused."""

    def __init__(self, languages: Iterable[str], places: Optional[PlaceFinder] = None) -> None:
        self.languages = tuple(languages)
        codes = [*self.languages, *OTHER_LATIN_LANGUAGES]
        lingua_languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in codes]
        self._detector = (
            LanguageDetectorBuilder.from_languages(*lingua_languages).with_preloaded_language_models().build()
        )
        self._places = places or default_place_finder()

    def detect(self, text: str) -> Optional[str]:
        letters = [character for character in text if character.isalpha()]
        if len(letters) < MIN_LETTERS:
            return None
        by_script = _script_language(letters) or _arabic_script_language(letters)
        if by_script:
            return by_script
        content = _without_shared_words(text, self._places)
        if len(_WORD.findall(content)) < OTHER_LANGUAGE_MIN_WORDS:
            return None
        values = self._detector.compute_language_confidence_values(content)
        if not values:
            return None
        best = values[0]
        code = best.language.iso_code_639_1.name.lower()
        if code in self.languages or best.value < STRICTER_CONFIDENCE.get(code, OTHER_LANGUAGE_CONFIDENCE):
            return None
        return code


@lru_cache(maxsize=1)
def unsupported_language_texts() -> dict[str, str]:
    return yaml.safe_load(UNSUPPORTED_TEXTS.read_text(encoding="utf-8"))


def unsupported_language_text(code: str) -> str:
    """The fixed sentence for a message in language `code`: in that language where Alku has it, else English."""
    texts = unsupported_language_texts()
    return texts.get(code) or texts["en"]

"""Tell keyboard mashing ("asdfgh", "йцукен фыва", "ضصثقف") from words of a language people write.

A character trigram model learnt from the training sentences of every language scores how much a
message looks like text people write: the mean log-probability of each letter given the two before
it within a word (add-k smoothing, no back-off, so letter sequences never seen in any language
weigh fully). Mashing strings together letters that rarely follow each other, so it scores far
lower than a real message, even one full of typos. A word that is one short piece repeated
("asasas", "ututututu") is mashing too. The threshold was chosen by measurement (`make tune`,
README "Asking when unsure").
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from knowledge.places import fold

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_RUN = re.compile(r"(.)\1{2,}")
RUN_SHARE = 0.7
BOUNDARY = " "
# How the NLU marks a message it judged nonsense (bot/triage.py): the entity `triage` = `nonsense`.
TRIAGE_ENTITY, NONSENSE = "triage", "nonsense"
SMOOTHING = 0.1
# Below this the message is mashing: 1 of 3,685 held-out messages and 76% of generated mashing.
DEFAULT_THRESHOLD = -4.6
# A message of fewer letters says too little to judge ("ok", "Hi").
MIN_LETTERS = 4
MIN_REPEATED_LENGTH = 6


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def trigrams(word: str) -> Iterable[tuple[str, str]]:
    """(the two characters before, the character) along the word, with boundaries at both ends."""
    padded = BOUNDARY * 2 + word + BOUNDARY
    for index in range(2, len(padded)):
        yield padded[index - 2 : index], padded[index]


def repeated_piece(word: str) -> bool:
    """The word is one letter said three times or more ("ббб"), a piece of 2–3 letters said over and
    over ("ububububu"), or is mostly runs of one letter ("jjjjjjjkkkk", but not "kiitoooos")."""
    if len(word) >= 3 and len(set(word)) == 1:
        return True
    if sum(len(run.group(0)) for run in _RUN.finditer(word)) >= RUN_SHARE * len(word):
        return True
    if len(word) < MIN_REPEATED_LENGTH:
        return False
    return any((word[:size] * len(word))[: len(word)] == word for size in (2, 3) if len(word) >= 3 * size)


@dataclass
class CharacterModel:
    trigram: Counter[tuple[str, str]] = field(default_factory=Counter)
    context: Counter[str] = field(default_factory=Counter)
    alphabet: set[str] = field(default_factory=set)
    threshold: float = DEFAULT_THRESHOLD

    @classmethod
    def learn(cls, texts: Iterable[str], threshold: float = DEFAULT_THRESHOLD) -> CharacterModel:
        model = cls(threshold=threshold)
        for text in texts:
            for word in words(text):
                for before, character in trigrams(word):
                    model._add(before, character, 1)
        return model

    def _add(self, before: str, character: str, count: int) -> None:
        self.trigram[(before, character)] += count
        self.context[before] += count
        self.alphabet.add(character)

    def score(self, text: str) -> float | None:
        """Mean log-probability per character, or None when the message has too few letters."""
        found = words(text)
        if sum(len(word) for word in found) < MIN_LETTERS:
            return None
        size = len(self.alphabet) + 1
        logs = [
            math.log((self.trigram[(before, char)] + SMOOTHING) / (self.context.get(before, 0) + SMOOTHING * size))
            for word in found
            for before, char in trigrams(word)
        ]
        return sum(logs) / len(logs)

    def is_nonsense(self, text: str) -> bool:
        found = words(text)
        if found and all(repeated_piece(word) for word in found):
            return True
        value = self.score(text)
        return value is not None and value < self.threshold

    def to_dict(self) -> dict[str, Any]:
        return {
            "trigram": [[before, char, count] for (before, char), count in self.trigram.items()],
            "threshold": self.threshold,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CharacterModel:
        model = cls(threshold=float(data["threshold"]))
        for before, character, count in data["trigram"]:
            model._add(before, character, count)
        return model

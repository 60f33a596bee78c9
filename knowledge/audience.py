"""Who a newcomer says a service should be for ("language clubs for women", "für Jugendliche"), read from
their message with the word stems in content/target_group_words.yml."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from knowledge.places import fold

WORDS = Path(__file__).parent / "content" / "target_group_words.yml"
_WORD = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=1)
def _table(path: Path = WORDS) -> dict[str, tuple[tuple[str, ...], frozenset[str]]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {
        group: (
            tuple(fold(stem) for stem in entry.get("stems") or []),
            frozenset(fold(w) for w in entry.get("exact") or []),
        )
        for group, entry in data.items()
    }


def target_groups_in(text: str) -> list[str]:
    """The target groups a message names, in the order of the content file."""
    words = _WORD.findall(fold(text))
    return [
        group
        for group, (stems, exact) in _table().items()
        if any(word in exact or any(word.startswith(stem) for stem in stems) for word in words)
    ]

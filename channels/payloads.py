"""The button payloads Alku itself puts on buttons, the one list every channel checks against.

A payload ("/intent{...}") skips NLU, so only these may reach Rasa as payloads: the rating, the
language choice, a person, "something else" (`/deny`), the topics a clarifying question offers and
the follow-up answers under a topic's answer.
Anything else a user sends starting with "/" is treated as text (or ignored as callback data)."""

from __future__ import annotations

import re
from functools import lru_cache

from knowledge.answers import CHOOSE_FOLLOW_UP, is_follow_up
from knowledge.render import labels

CONVERSATION_PAYLOADS = ("rate", "choose_language", "human_advisor", "deny", CHOOSE_FOLLOW_UP)


@lru_cache(maxsize=1)
def _payload() -> re.Pattern[str]:
    names = sorted({*CONVERSATION_PAYLOADS, *(name for name in labels("en")["topic_names"] if not is_follow_up(name))})
    return re.compile(rf"^/({'|'.join(map(re.escape, names))})(\{{[^{{}}]{{0,80}}\}})?$")


def is_button_payload(text: str) -> bool:
    return _payload().match(text) is not None


def as_typed(text: str) -> str:
    """What a user typed, as Rasa gets it: a slash that is not one of Alku's own button payloads is
    dropped, so that typed text never reaches Rasa as an intent (`/restart`, `/human_advisor{…}`)."""
    return text.lstrip("/") if text.startswith("/") and not is_button_payload(text) else text

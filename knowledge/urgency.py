"""Which conversations a person must see first: crisis wording, and the topics where someone may be
in danger or is being wronged right now. Their tickets are first in every inbox that may take them,
and the bot hands them to a person right after its answer (bot/dialogue/rules.yml)."""

from __future__ import annotations

from typing import Optional

from knowledge.crisis import is_crisis

URGENT_TOPICS = frozenset({"emergency", "domestic_violence", "discrimination"})


def is_urgent(topic: Optional[str], text: str = "") -> bool:
    return topic in URGENT_TOPICS or is_crisis(text)

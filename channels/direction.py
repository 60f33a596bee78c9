"""Which way a reply reads, so that every channel can lay Arabic and Persian out right to left."""

from __future__ import annotations

import unicodedata

RTL = "rtl"
LTR = "ltr"


def text_direction(text: str) -> str:
    """The base direction by Unicode's rule: the first strong character decides (UAX #9, P2–P3)."""
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind in ("R", "AL"):
            return RTL
        if kind == "L":
            return LTR
    return LTR

"""Which topics to offer when Alku is not sure what a message is about.

A confident wrong answer harms more than a question back. When the classifier is unsure (its best
topic below a threshold, or its two best close together; `config.yml`'s FallbackClassifier), Alku
asks with the likeliest topics as buttons. Which of the ranked topics are worth offering is decided
here, the same way for the bot and for `make eval`.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

MAX_OPTIONS = 4
MIN_OPTIONS = 2
# A topic is offered when it has at least this share of the best topic's confidence ...
SHARE_OF_BEST = 0.2
# ... and at least this confidence; a ranking whose best topic is below FLOOR offers nothing.
FLOOR = 0.04
# Never offered as a choice: "something else" and "talk to a person" are always there.
NOT_OFFERED = frozenset({"other", "human_advisor"})
# Learnt from messages that fit several topics ("How do I apply for support?", "When can I appeal?"):
# asked about like an unsure classification, never answered.
VAGUE_INTENT = "vague"


def likely_topics(ranking: Sequence[tuple[str, float]], topics: Collection[str]) -> list[str]:
    """The 2–4 topics to offer, best first; empty when nothing in the ranking is a plausible topic
    (nonsense, or a message that is not about any topic)."""
    ranked = [(name, confidence) for name, confidence in ranking if name in topics and name not in NOT_OFFERED]
    ranked.sort(key=lambda item: item[1], reverse=True)
    if not ranked or ranked[0][1] < FLOOR:
        return []
    best = ranked[0][1]
    offered = [name for name, confidence in ranked if confidence >= max(FLOOR, SHARE_OF_BEST * best)]
    if len(offered) < MIN_OPTIONS:
        offered = [name for name, confidence in ranked[:MIN_OPTIONS] if confidence >= FLOOR / 2]
    return offered[:MAX_OPTIONS]

"""Regression floors for topic accuracy on the held-out split (a fifth of our examples, never trained on)
and on the second test set (written by other writers, never used for any choice; README)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from ops.evaluate import predict, read_examples, score
from ops.run import DEFAULT_MODEL
from settings import SUPPORTED_LANGUAGES

pytestmark = pytest.mark.slow

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.mark.parametrize(
    ("file", "overall_floor", "language_floor"),
    [("heldout.jsonl", 0.90, 0.85), ("second_heldout.jsonl", 0.95, 0.90)],
)
def test_accuracy_stays_above_the_floor(file, overall_floor, language_floor):
    examples = list(read_examples((DATA / file).read_text(encoding="utf-8").splitlines()))
    scores = score(zip(examples, asyncio.run(predict(DEFAULT_MODEL, examples)), strict=False))
    assert set(scores) == {*SUPPORTED_LANGUAGES, "all"}
    assert scores["all"].accuracy >= overall_floor, scores
    for language in SUPPORTED_LANGUAGES:
        assert scores[language].accuracy >= language_floor, (language, scores[language])

"""Regression floor for topic accuracy on the held-out split (a fifth of our examples, never trained on)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from ops.evaluate import predict, read_examples, score
from ops.run import DEFAULT_MODEL
from settings import SUPPORTED_LANGUAGES

pytestmark = pytest.mark.slow

HELDOUT = Path(__file__).resolve().parents[1] / "data" / "heldout.jsonl"
OVERALL_FLOOR = 0.90
LANGUAGE_FLOOR = 0.85


def test_held_out_accuracy_stays_above_the_floor():
    examples = list(read_examples(HELDOUT.read_text(encoding="utf-8").splitlines()))
    scores = score(zip(examples, asyncio.run(predict(DEFAULT_MODEL, examples)), strict=False))
    assert set(scores) == {*SUPPORTED_LANGUAGES, "all"}
    assert scores["all"].accuracy >= OVERALL_FLOOR, scores
    for language in SUPPORTED_LANGUAGES:
        assert scores[language].accuracy >= LANGUAGE_FLOOR, (language, scores[language])

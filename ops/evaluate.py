"""How the trained model does on a labelled file, per language: `make eval DATA=file.jsonl`.

Each line is a JSON object with "text", "lang" and "topic" (extra fields are ignored, except
"acceptable": the topics a vague message may mean, and "also": the other topics a message with
several questions asks about, whose answer answers one of its questions). "topic" is an intent name, or one of
`clarify` (a vague message: Alku should ask), `nlu_fallback` (nonsense: not understood) and
`unsupported_language` (a language Alku does not speak).

Every message ends in one of four outcomes, judged as the bot would act on it:
- right at once: the expected intent (for nonsense, "not understood"; for another language, the
  language reply; for a vague message, a clarifying question);
- clarified: Alku asked, and the right topic was among the buttons;
- asked: Alku asked or said it did not understand, without offering the right topic;
- wrong answer: Alku answered something else, the outcome that matters most.
"accuracy" is right at once; Rasa's fallback is never counted right for a topic question.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Union

from knowledge.clarify import VAGUE_INTENT, likely_topics
from knowledge.languages import UNSUPPORTED_LANGUAGE_INTENT
from knowledge.nonsense import NONSENSE, TRIAGE_ENTITY
from knowledge.render import labels

FALLBACK, CLARIFY, OTHER_LANGUAGE = "nlu_fallback", "clarify", UNSUPPORTED_LANGUAGE_INTENT
# Kinds of message in tests/data/realistic.jsonl that ask one clear thing, however written.
CLEAR_KINDS = frozenset({"question", "story", "typo", "mixed", "multi"})


@dataclass(frozen=True)
class Example:
    text: str
    language: str
    topic: str
    acceptable: tuple[str, ...] = ()
    kind: str = ""

    @property
    def clear(self) -> bool:
        """A question about one topic, however it is written (not vague, not out of scope)."""
        return self.kind in CLEAR_KINDS


@dataclass(frozen=True)
class Outcome:
    """Where a message ended: the intent, and the topics offered when Alku asks."""

    intent: str
    offered: tuple[str, ...] = ()
    nonsense: bool = False

    @property
    def answered(self) -> bool:
        return self.intent not in (FALLBACK, OTHER_LANGUAGE)


@dataclass
class Score:
    total: int = 0
    correct: int = 0
    clarified: int = 0
    asked: int = 0
    wrong: int = 0
    clear: int = 0
    clear_asked: int = 0

    @property
    def reached(self) -> float:
        """Right at once, or the right topic one tap away."""
        return (self.correct + self.clarified) / self.total if self.total else 0.0

    @property
    def asked_when_clear(self) -> float:
        return self.clear_asked / self.clear if self.clear else 0.0

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    @property
    def wrong_rate(self) -> float:
        return self.wrong / self.total if self.total else 0.0


class DataError(ValueError):
    pass


def read_examples(lines: Iterable[str]) -> Iterator[Example]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            acceptable = tuple(str(topic) for topic in [*(record.get("acceptable") or ()), *(record.get("also") or ())])
            kind = str(record.get("kind") or "")
            yield Example(str(record["text"]), str(record["lang"]), str(record["topic"]), acceptable, kind)
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as error:
            raise DataError(
                f'line {number}: expected {{"text", "lang", "topic"}}, got {line.strip()[:80]!r}'
            ) from error


def judge(example: Example, outcome: Outcome) -> str:
    """right, clarified, asked or wrong (module docstring)."""
    expected = example.topic
    if expected == CLARIFY:
        if not outcome.answered:
            return "right" if outcome.offered else "asked"
        return "right" if outcome.intent in example.acceptable else "wrong"
    if expected == FALLBACK:
        if outcome.answered:
            return "wrong"
        return "right" if outcome.intent == FALLBACK and not outcome.offered else "asked"
    if outcome.answered:
        return "right" if outcome.intent == expected or outcome.intent in example.acceptable else "wrong"
    if outcome.intent == expected == OTHER_LANGUAGE:
        return "right"
    if expected == "other" and not outcome.offered:
        return "right"
    return "clarified" if {expected, *example.acceptable} & set(outcome.offered) else "asked"


def score(pairs: Iterable[tuple[Example, Union[Outcome, str]]]) -> dict[str, Score]:
    """Per-language scores, plus "all"."""
    scores: dict[str, Score] = defaultdict(Score)
    for example, predicted in pairs:
        outcome = predicted if isinstance(predicted, Outcome) else Outcome(predicted)
        verdict = judge(example, outcome)
        for key in (example.language, "all"):
            item = scores[key]
            item.total += 1
            item.correct += verdict == "right"
            item.clarified += verdict == "clarified"
            item.asked += verdict == "asked"
            item.wrong += verdict == "wrong"
            if example.clear:
                item.clear += 1
                item.clear_asked += not outcome.answered
    return dict(scores)


def table(scores: dict[str, Score]) -> str:
    lines = [
        "| language | examples | correct | accuracy | clarified | asked | wrong | wrong % | asked when clear |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for key in sorted(scores, key=lambda k: (k == "all", k)):
        item = scores[key]
        clear = f"{item.clear_asked} / {item.clear}" if item.clear else "–"
        lines.append(
            f"| {key} | {item.total} | {item.correct} | {item.accuracy:.1%} | {item.clarified} | {item.asked} "
            f"| {item.wrong} | {item.wrong_rate:.1%} | {clear} |"
        )
    return "\n".join(lines)


def ranking_of(parsed: dict[str, Any]) -> list[tuple[str, float]]:
    return [
        (str(item.get("name")), float(item.get("confidence") or 0.0)) for item in parsed.get("intent_ranking") or []
    ]


def is_nonsense(parsed: dict[str, Any]) -> bool:
    return any(e.get("entity") == TRIAGE_ENTITY and e.get("value") == NONSENSE for e in parsed.get("entities") or [])


def outcome_of(parsed: dict[str, Any], topics: frozenset[str]) -> Outcome:
    intent = str((parsed.get("intent") or {}).get("name") or "")
    if intent == VAGUE_INTENT:  # asked about, as the bot's rule does (bot/dialogue/rules.yml)
        intent = FALLBACK
    nonsense = is_nonsense(parsed)
    if intent != FALLBACK or nonsense:
        return Outcome(intent, nonsense=nonsense)
    return Outcome(intent, tuple(likely_topics(ranking_of(parsed), topics)))


def topic_names() -> frozenset[str]:
    return frozenset(labels("en")["topic_names"])


async def parse_all(model: Path, texts: list[str]) -> list[dict[str, Any]]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    return [await agent.parse_message(text) for text in texts]


async def predict(model: Path, examples: list[Example]) -> list[Outcome]:
    topics = topic_names()
    return [outcome_of(parsed, topics) for parsed in await parse_all(model, [e.text for e in examples])]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data", type=Path)
    parser.add_argument("--model", type=Path, default=Path("models/alku.tar.gz"))
    parser.add_argument("--json", type=Path, help="also write the scores as JSON here")
    parser.add_argument("--errors", type=Path, help="also write every message not right at once here (JSONL)")
    args = parser.parse_args()
    try:
        examples = list(read_examples(args.data.read_text(encoding="utf-8").splitlines()))
    except (OSError, UnicodeDecodeError, DataError) as error:
        print(f"Cannot read {args.data}: {error}", file=sys.stderr)
        return 2
    predicted = asyncio.run(predict(args.model, examples))
    scores = score(zip(examples, predicted, strict=False))
    print(table(scores))
    if args.json:
        args.json.write_text(
            json.dumps(
                {k: vars(v) | {"accuracy": v.accuracy, "reached": v.reached} for k, v in scores.items()}, indent=2
            )
        )
    if args.errors:
        with args.errors.open("w", encoding="utf-8") as handle:
            for example, outcome in zip(examples, predicted, strict=False):
                verdict = judge(example, outcome)
                if verdict != "right":
                    record = {
                        "verdict": verdict,
                        "text": example.text,
                        "lang": example.language,
                        "topic": example.topic,
                        "got": outcome.intent,
                        "offered": outcome.offered,
                    }
                    handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

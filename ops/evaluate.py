"""Topic accuracy of the trained model per language: `make eval DATA=file.jsonl`.

Each line of the file is a JSON object with "text", "lang" and "topic" (extra fields are
ignored). A prediction of Rasa's fallback counts as wrong.
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


@dataclass(frozen=True)
class Example:
    text: str
    language: str
    topic: str


@dataclass
class Score:
    total: int = 0
    correct: int = 0

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


class DataError(ValueError):
    pass


def read_examples(lines: Iterable[str]) -> Iterator[Example]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            yield Example(str(record["text"]), str(record["lang"]), str(record["topic"]))
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            raise DataError(
                f'line {number}: expected {{"text", "lang", "topic"}}, got {line.strip()[:80]!r}'
            ) from error


def score(pairs: Iterable[tuple[Example, str]]) -> dict[str, Score]:
    """Per-language scores, plus "all"."""
    scores: dict[str, Score] = defaultdict(Score)
    for example, predicted in pairs:
        for key in (example.language, "all"):
            scores[key].total += 1
            scores[key].correct += predicted == example.topic
    return dict(scores)


def table(scores: dict[str, Score]) -> str:
    lines = ["| language | examples | correct | accuracy |", "|---|---:|---:|---:|"]
    for key in sorted(scores, key=lambda k: (k == "all", k)):
        item = scores[key]
        lines.append(f"| {key} | {item.total} | {item.correct} | {item.accuracy:.1%} |")
    return "\n".join(lines)


async def predict(model: Path, examples: list[Example]) -> list[str]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    intents = []
    for example in examples:
        parsed = await agent.parse_message(example.text)
        intents.append((parsed.get("intent") or {}).get("name") or "")
    return intents


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data", type=Path)
    parser.add_argument("--model", type=Path, default=Path("models/alku.tar.gz"))
    parser.add_argument("--json", type=Path, help="also write the scores as JSON here")
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
        args.json.write_text(json.dumps({k: vars(v) | {"accuracy": v.accuracy} for k, v in scores.items()}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

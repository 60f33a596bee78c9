"""Measure the thresholds of "ask when unsure" and "nonsense is not understood": `make tune`.

Measured on data the thresholds are allowed to see (never on tests/data/realistic/, the test):
- the held-out split (written like the training data, never trained on): in-scope messages whose
  wrong answers the clarifying question should catch without asking about the clear ones, and its
  `other` messages (out of scope);
- keyboard mashing generated here from the keyboard layouts of Alku's languages (deterministic).

It prints, for a grid of FallbackClassifier thresholds (best confidence, margin to the second),
how many held-out messages are right at once, clarified (right topic offered), asked without the
right topic, and wrong; and for the nonsense threshold, how many real messages and how much
mashing fall below it. The chosen values go into config.yml; README "Asking when unsure" keeps
the table.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
from pathlib import Path
from typing import Any

import yaml

from knowledge.clarify import likely_topics
from knowledge.languages import OtherLanguageDetector
from knowledge.nonsense import CharacterModel
from ops.evaluate import (
    OTHER_LANGUAGE,
    Example,
    Outcome,
    is_nonsense,
    judge,
    parse_all,
    ranking_of,
    read_examples,
    topic_names,
)
from settings import PROJECT_ROOT, SUPPORTED_LANGUAGES

DATA = PROJECT_ROOT / "tests" / "data"
KEYBOARD_ROWS = (
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "qwertyuiopå",
    "asdfghjklöä",
    "йцукенгшщзхъ",
    "фывапролджэ",
    "ячсмитьбю",
    "йцукенгшщзхї",
    "фівапролджє",
    "ضصثقفغعهخحجد",
    "شسيبلاتنمكط",
    "ئءؤرلاىةوزظ",
    "ضصثقفغعهخحجچ",
    "شسیبلاتنمکگ",
    "ظطزرذدپو",
    "qwertyuıopğü",
    "asdfghjklşi",
    "zxcvbnmöç",
    "qwertyuiopüõ",
)


def mashing(count: int, seed: int = 7) -> list[str]:
    """Keyboard mashing as people type it: runs along a row, repeated pairs, random letters."""
    rng = random.Random(seed)
    found = []
    for index in range(count):
        row = rng.choice(KEYBOARD_ROWS)
        style = index % 4
        if style == 0:
            start = rng.randrange(len(row) - 3)
            text = row[start : start + rng.randint(4, len(row) - start)]
        elif style == 1:
            pair = "".join(rng.sample(row, 2))
            text = pair * rng.randint(2, 5)
        elif style == 2:
            text = "".join(rng.choice(row) for _ in range(rng.randint(5, 12)))
        else:
            text = " ".join(
                "".join(rng.choice(row) for _ in range(rng.randint(3, 7))) for _ in range(rng.randint(2, 3))
            )
        found.append(text)
    return found


def training_texts() -> list[str]:
    texts = []
    for path in sorted((PROJECT_ROOT / "nlu").glob("*/*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            if block.get("intent") == "other":  # the component learns without them (MessageTriage.train)
                continue
            texts += [line[2:].strip() for line in str(block.get("examples", "")).splitlines() if line.startswith("- ")]
    return texts


def nonsense_table(examples: list[Example]) -> str:
    model = CharacterModel.learn(training_texts())
    generated = mashing(600)
    lines = [
        "| threshold | real messages taken for mashing (of %d) | generated mashing caught (of %d) |"
        % (len(examples), len(generated)),
        "|---:|---:|---:|",
    ]
    for threshold in (-5.2, -5.0, -4.8, -4.6, -4.4, -4.2, -4.0):
        model.threshold = threshold
        below_real = sum(model.is_nonsense(e.text) for e in examples)
        below_mash = sum(model.is_nonsense(text) for text in generated)
        lines.append(f"| {threshold} | {below_real} | {below_mash} |")
    return "\n".join(lines)


def other_language_count(examples: list[Example]) -> str:
    detector = OtherLanguageDetector(SUPPORTED_LANGUAGES)
    flagged = [(e.language, e.text, detector.detect(e.text)) for e in examples]
    flagged = [item for item in flagged if item[2]]
    lines = [f"messages in Alku's languages taken for another language: {len(flagged)} of {len(examples)}"]
    lines += [f"  {language} → {code}: {text[:70]}" for language, text, code in flagged[:20]]
    return "\n".join(lines)


def simulate(parsed: dict[str, Any], threshold: float, margin: float, topics: frozenset[str]) -> Outcome:
    """What the bot would do with this parse under other FallbackClassifier thresholds."""
    intent = str(parsed["intent"]["name"])
    if intent == OTHER_LANGUAGE or is_nonsense(parsed):
        return Outcome(intent, nonsense=intent == "nlu_fallback")
    ranking = ranking_of(parsed)
    ranking = [item for item in ranking if item[0] != "nlu_fallback"]
    top, second = ranking[0][1], ranking[1][1] if len(ranking) > 1 else 0.0
    if top < threshold or top - second < margin:
        return Outcome("nlu_fallback", tuple(likely_topics(ranking, topics)))
    return Outcome(ranking[0][0])


def clarify_table(examples: list[Example], parsed: list[dict[str, object]]) -> str:
    topics = topic_names()
    lines = ["| threshold | margin | right at once | clarified | asked | wrong |", "|---:|---:|---:|---:|---:|---:|"]
    for threshold in (0.2, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6):
        for margin in (0.0, 0.1, 0.15, 0.2, 0.3):
            pairs = zip(examples, parsed, strict=False)
            verdicts = [judge(example, simulate(p, threshold, margin, topics)) for example, p in pairs]
            n = len(verdicts)
            counts = [verdicts.count(v) for v in ("right", "clarified", "asked", "wrong")]
            lines.append(f"| {threshold} | {margin} | " + " | ".join(f"{c} ({c / n:.1%})" for c in counts) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, default=PROJECT_ROOT / "models" / "alku.tar.gz")
    parser.add_argument("--data", type=Path, default=DATA / "heldout.jsonl")
    parser.add_argument("--parses", type=Path, help="cache of the parses (JSON), written when missing")
    args = parser.parse_args()
    examples = list(read_examples(args.data.read_text(encoding="utf-8").splitlines()))
    print("Nonsense threshold\n" + nonsense_table(examples) + "\n")
    second = list(read_examples((DATA / "second_heldout.jsonl").read_text(encoding="utf-8").splitlines()))
    print(other_language_count(examples + second) + "\n")
    if args.parses and args.parses.exists():
        parsed = json.loads(args.parses.read_text())
    else:
        parsed = asyncio.run(parse_all(args.model, [e.text for e in examples]))
        if args.parses:
            args.parses.write_text(json.dumps(parsed, ensure_ascii=False))
    print("Clarifying thresholds on " + args.data.name + "\n" + clarify_table(examples, parsed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

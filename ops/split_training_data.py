"""Split one language's drafted NLU examples into training data and a held-out test split.

    python -m ops.split_training_data drafts/nlu_fi.yml fi

Every fifth example of each intent is held out (tests/data/heldout.jsonl), unless it is a
near-duplicate of a training example (difflib ratio ≥ 0.85), in which case it stays in training
and the next example is held out instead: the test split measures paraphrases, not copies.
Writes nlu/<lang>/topics.yml (topic intents) and nlu/<lang>/conversation.yml (the rest).
"""

from __future__ import annotations

import difflib
import json
import sys
from pathlib import Path

import yaml

from settings import PROJECT_ROOT

CONVERSATION_INTENTS = {
    "greet",
    "goodbye",
    "thanks",
    "affirm",
    "deny",
    "bot_challenge",
    "choose_language",
    "inform_municipality",
}
HELD_OUT_SHARE = 5
NEAR_DUPLICATE = 0.85


def _examples(block: str) -> list[str]:
    return [line.strip()[2:].strip() for line in block.splitlines() if line.strip().startswith("- ")]


def _near_duplicate(text: str, others: list[str]) -> bool:
    lowered = text.lower()
    return any(difflib.SequenceMatcher(None, lowered, other.lower()).ratio() >= NEAR_DUPLICATE for other in others)


def split(examples: list[str]) -> tuple[list[str], list[str]]:
    """(training, held out): every HELD_OUT_SHARE-th example first, then the others, skipping any
    candidate that is a near-duplicate of what stays in training."""
    wanted = len(examples) // HELD_OUT_SHARE
    preferred = [index for index in range(len(examples)) if index % HELD_OUT_SHARE == HELD_OUT_SHARE - 1]
    candidates = preferred + [index for index in range(len(examples)) if index not in preferred]
    held: list[str] = []
    for index in candidates:
        if len(held) == wanted:
            break
        candidate = examples[index]
        training = [example for example in examples if example not in held and example != candidate]
        if not _near_duplicate(candidate, training):
            held.append(candidate)
    return [example for example in examples if example not in held], held


def _write_nlu(path: Path, blocks: list[tuple[str, list[str]]]) -> None:
    lines = ['version: "3.1"', "nlu:"]
    for intent, examples in blocks:
        lines += [f"- intent: {intent}", "  examples: |"] + [f"    - {example}" for example in examples]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(draft: Path, language: str) -> int:
    data = yaml.safe_load(draft.read_text(encoding="utf-8"))
    topics: list[tuple[str, list[str]]] = []
    conversation: list[tuple[str, list[str]]] = []
    held_out: list[dict[str, str]] = []
    for block in data["nlu"]:
        training, held = split(_examples(block["examples"]))
        (conversation if block["intent"] in CONVERSATION_INTENTS else topics).append((block["intent"], training))
        held_out += [{"text": text, "lang": language, "topic": block["intent"]} for text in held]
    _write_nlu(PROJECT_ROOT / "nlu" / language / "topics.yml", topics)
    _write_nlu(PROJECT_ROOT / "nlu" / language / "conversation.yml", conversation)
    heldout_path = PROJECT_ROOT / "tests" / "data" / "heldout.jsonl"
    kept = []
    if heldout_path.exists():
        kept = [
            line
            for line in heldout_path.read_text(encoding="utf-8").splitlines()
            if json.loads(line)["lang"] != language
        ]
    heldout_path.write_text(
        "\n".join(kept + [json.dumps(item, ensure_ascii=False) for item in held_out]) + "\n", encoding="utf-8"
    )
    print(f"{language}: {sum(len(t) for _, t in topics + conversation)} training, {len(held_out)} held out")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), sys.argv[2]))

"""`rasa data validate`, failing on every warning except two Rasa cannot know better about:
a response "not used in any story or rule" that our code has Rasa send (a custom action's
`response="utter_…"`, or the console's advisor reply through Rasa's HTTP API), and an intent
without training examples that only buttons send.

    python -m ops.validate
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from settings import PROJECT_ROOT

UNUSED = re.compile(r"The utterance '(\w+)' is not used in any story or rule")
WARNING = re.compile(r"UserWarning: (.+)")
NO_EXAMPLES = re.compile(r"The intent '(\w+)' is listed in the domain file, but is not found in the NLU training data")
# Intents with no examples: those only buttons send (payload "/intent{...}"), which nobody types, and
# the one MessageTriage sets for a language Alku does not speak.
BUTTON_ONLY_INTENTS = {"rate", "help", "unsupported_language", "choose_follow_up"}


SENDERS = ("actions", "console", "handoff")


def responses_sent_by_actions(root: Path = PROJECT_ROOT) -> set[str]:
    """Responses named in the code of actions (`response="utter_…"`) or of the console and handoff,
    which have Rasa say them through its HTTP API."""
    sent: set[str] = set()
    for folder in SENDERS:
        for path in (root / folder).glob("*.py"):
            sent |= set(re.findall(r"\"(utter_\w+)\"", path.read_text(encoding="utf-8")))
    return sent


def problems(output: str, sent: set[str]) -> list[str]:
    found = []
    for warning in WARNING.findall(output):
        unused = UNUSED.search(warning)
        if unused and unused.group(1) in sent:
            continue
        untrained = NO_EXAMPLES.search(warning)
        if untrained and untrained.group(1) in BUTTON_ONLY_INTENTS:
            continue
        found.append(warning.strip())
    return found


def main() -> int:
    command = [
        str(Path(sys.executable).parent / "rasa"),
        "data",
        "validate",
        "--config",
        "config.yml",
        "--domain",
        "bot/domain",
        "--data",
        "nlu",
        "bot/dialogue",
    ]
    result = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True)
    output = result.stdout + result.stderr
    found = problems(output, responses_sent_by_actions())
    for problem in found:
        print(f"validate: {problem}", file=sys.stderr)
    if result.returncode != 0:
        print(output[-3000:], file=sys.stderr)
        return result.returncode
    print("rasa data validate: clean" if not found else f"rasa data validate: {len(found)} problem(s)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())

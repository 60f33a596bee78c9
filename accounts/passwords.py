"""The rules a new password must meet: long enough, and not guessable from breach lists, keyboard
patterns, dates or the person's own name and address (zxcvbn's estimate, score 3 of 4 or better)."""

from __future__ import annotations

import re

from zxcvbn import zxcvbn

MIN_LENGTH = 12
# scrypt hashes whatever it is given; a bound keeps one request from costing seconds of CPU.
MAX_LENGTH = 200
GOOD_ENOUGH_SCORE = 3
# zxcvbn's cost grows fast with length; a long password has passed the length rule, so its first
# characters decide whether it is a known pattern.
_CHECKED_CHARACTERS = 100


def password_problem(password: str, *, email: str = "", name: str = "") -> str | None:
    """The text key of the first rule `password` breaks, or None when it may be used."""
    if len(password) < MIN_LENGTH:
        return "password_too_short"
    if len(password) > MAX_LENGTH:
        return "password_too_long"
    personal = [part for part in re.split(r"[\W_]+", f"{email} {name}".lower()) if len(part) >= 3]
    if any(len(part) >= 4 and part in password.lower() for part in personal):
        return "password_personal"
    if zxcvbn(password[:_CHECKED_CHARACTERS], user_inputs=[*personal, "alku"])["score"] < GOOD_ENOUGH_SCORE:
        return "password_guessable"
    return None

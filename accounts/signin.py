"""Signing in with an e-mail address and a password, for the console's pages and its API alike:
throttled (accounts.throttle), and as slow for an unknown or deactivated address as for a known one,
so that the answer time does not tell who has an account."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from sqlalchemy.orm import Session

from accounts.throttle import minutes_to_wait, record
from handoff.advisors import by_email
from handoff.models import Advisor
from handoff.passwords import hash_password, verify_password
from settings import Settings


@dataclass(frozen=True)
class SignIn:
    """Who signed in, or why nobody did: `wait_minutes` is set when tries are throttled."""

    advisor: Optional[Advisor] = None
    wait_minutes: Optional[int] = None


@lru_cache(maxsize=1)
def _stand_in_hash() -> str:
    """Checked instead of a missing account's hash: the same scrypt work either way."""
    return hash_password("no account has this password")


def sign_in(session: Session, settings: Settings, email: str, password: str, address: str) -> SignIn:
    window = dt.timedelta(minutes=settings.sign_in_window_minutes)
    wait = minutes_to_wait(session, email, address, settings.sign_in_failures, window)
    if wait is not None:
        return SignIn(wait_minutes=wait)
    advisor = by_email(session, email)
    matches = verify_password(password, advisor.password_hash if advisor is not None else _stand_in_hash())
    succeeded = matches and advisor is not None and advisor.active
    record(session, email, address, succeeded, window)
    session.commit()
    return SignIn(advisor=advisor if succeeded else None)

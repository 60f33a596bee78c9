"""Slowing down password guessing: after `limit` failed sign-ins to one account within the window
(or four times as many from one address, to any accounts), further tries are refused until the
oldest failure leaves the window. A success does not wipe the failures (an attacker who knows one
password must not reset another account's count)."""

from __future__ import annotations

import datetime as dt
import math
from typing import Optional

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from accounts.models import SignInAttempt
from handoff.models import utcnow

ADDRESS_FACTOR = 4


def _key(email: str) -> str:
    return email.strip().lower()[:200]


def minutes_to_wait(session: Session, email: str, address: str, limit: int, window: dt.timedelta) -> Optional[int]:
    """Whole minutes until a sign-in may be tried again, or None when it may be tried now."""
    now = utcnow()
    since = now - window
    waits = []
    for column, value, allowed in (
        (SignInAttempt.email, _key(email), limit),
        (SignInAttempt.address, address, limit * ADDRESS_FACTOR),
    ):
        failures = select(SignInAttempt.at).where(
            column == value, SignInAttempt.at > since, SignInAttempt.succeeded.is_(False)
        )
        count = session.scalar(select(func.count()).select_from(failures.subquery())) or 0
        if count >= allowed:
            # The failure that must leave the window before one more try is allowed.
            oldest_that_counts = session.scalars(
                failures.order_by(SignInAttempt.at.desc()).offset(allowed - 1).limit(1)
            ).first()
            if oldest_that_counts is not None:
                waits.append(oldest_that_counts + window - now)
    if not waits:
        return None
    return max(1, math.ceil(max(waits).total_seconds() / 60))


def record(session: Session, email: str, address: str, succeeded: bool, window: dt.timedelta) -> None:
    """Note one try; tries older than the window are of no further use and are removed."""
    now = utcnow()
    session.execute(delete(SignInAttempt).where(SignInAttempt.at <= now - window))
    session.add(SignInAttempt(email=_key(email), address=address[:64], at=now, succeeded=succeeded))
    session.flush()

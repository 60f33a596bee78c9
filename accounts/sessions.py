"""Signed-in browsers, kept in the database: a session ends when its person signs out, when an admin
deactivates them, when their password changes, or at its absolute lifetime, whichever comes first,
and an ended session's cookie opens nothing even if someone kept a copy of it."""

from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from accounts.models import StaffSession
from accounts.tokens import digest, new_token
from handoff.models import Advisor, utcnow

# last_seen_at is written at most this often (it tells who is around, not every request).
SEEN_EVERY = dt.timedelta(minutes=1)
KEEP_ENDED = dt.timedelta(days=30)


def start(session: Session, advisor: Advisor, lifetime: dt.timedelta) -> str:
    """A new session for `advisor`; the token goes into the cookie and nowhere else."""
    token, now = new_token(), utcnow()
    # Sessions long over tell nothing any more: they go when someone signs in.
    session.execute(
        delete(StaffSession).where(
            or_(StaffSession.expires_at < now - KEEP_ENDED, StaffSession.ended_at < now - KEEP_ENDED)
        )
    )
    session.add(
        StaffSession(token_hash=digest(token), advisor_id=advisor.id, created_at=now, expires_at=now + lifetime)
    )
    session.flush()
    return token


def holder(session: Session, token: str) -> Optional[Advisor]:
    """The active person whose live session this is, or None."""
    if not token:
        return None
    now = utcnow()
    found = session.scalars(
        select(StaffSession).where(
            StaffSession.token_hash == digest(token), StaffSession.ended_at.is_(None), StaffSession.expires_at > now
        )
    ).first()
    if found is None or not found.advisor.active:
        return None
    if now - found.last_seen_at >= SEEN_EVERY:
        found.last_seen_at = now
    seen(session, found.advisor)
    return found.advisor


def seen(session: Session, advisor: Advisor) -> None:
    """The person is at work (a page or an API call): kept at most a minute stale, written as seldom."""
    now = utcnow()
    if advisor.last_seen_at is None or now - advisor.last_seen_at >= SEEN_EVERY:
        advisor.last_seen_at = now
    if session.dirty:
        session.commit()


def end(session: Session, token: str) -> None:
    session.execute(
        update(StaffSession)
        .where(StaffSession.token_hash == digest(token), StaffSession.ended_at.is_(None))
        .values(ended_at=utcnow())
    )


def end_all(session: Session, advisor: Advisor) -> None:
    """Every browser session of `advisor` ends and every API token issued so far is refused."""
    session.execute(
        update(StaffSession)
        .where(StaffSession.advisor_id == advisor.id, StaffSession.ended_at.is_(None))
        .values(ended_at=utcnow())
    )
    advisor.token_epoch = (advisor.token_epoch or 0) + 1

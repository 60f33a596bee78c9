"""One-time links that let a person set their password: an invitation (valid 7 days) or a reset
(valid one day). A new link of the same kind replaces the older ones; using a link ends every
session and API token of the account, so a reset also throws out whoever had the old password."""

from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from accounts.models import INVITE, RESET, AccountLink
from accounts.sessions import end_all
from accounts.tokens import digest, new_token
from handoff.models import Advisor, utcnow
from handoff.passwords import hash_password

VALID_FOR = {INVITE: dt.timedelta(days=7), RESET: dt.timedelta(days=1)}
PATH = "/account/password/"


def issue(session: Session, advisor: Advisor, purpose: str, by: Optional[Advisor] = None) -> tuple[str, dt.datetime]:
    """A new link's token and when it stops working; older unused links of the kind stop now."""
    now = utcnow()
    session.execute(
        update(AccountLink)
        .where(AccountLink.advisor_id == advisor.id, AccountLink.purpose == purpose, AccountLink.used_at.is_(None))
        .values(expires_at=now)
    )
    token = new_token()
    expires = now + VALID_FOR[purpose]
    session.add(
        AccountLink(
            advisor_id=advisor.id,
            purpose=purpose,
            token_hash=digest(token),
            created_at=now,
            expires_at=expires,
            created_by_id=by.id if by is not None else None,
        )
    )
    session.flush()
    return token, expires


def url(base: str, token: str) -> str:
    return f"{base.rstrip('/')}{PATH}{token}"


def usable(session: Session, token: str) -> Optional[AccountLink]:
    """The link, while it is unused, unexpired and its account active."""
    link = session.scalars(select(AccountLink).where(AccountLink.token_hash == digest(token[:100]))).first()
    if link is None or link.used_at is not None or link.expires_at <= utcnow() or not link.advisor.active:
        return None
    return link


def use(session: Session, link: AccountLink, password: str) -> Advisor:
    """Set the password the link was for; the link is spent and older sessions end."""
    advisor = link.advisor
    link.used_at = utcnow()
    advisor.password_hash = hash_password(password)
    end_all(session, advisor)
    session.flush()
    return advisor


def pending_invitation(session: Session, advisor: Advisor) -> Optional[AccountLink]:
    """The account's unused, unexpired invitation (an invited person who has not set a password yet)."""
    return session.scalars(
        select(AccountLink).where(
            AccountLink.advisor_id == advisor.id,
            AccountLink.purpose == INVITE,
            AccountLink.used_at.is_(None),
            AccountLink.expires_at > utcnow(),
        )
    ).first()

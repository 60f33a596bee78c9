"""What accounts keep besides the Advisor row: one-time links, sign-in sessions, sign-in attempts.

Tokens are stored only as their SHA-256: a copy of the database does not let anyone sign in."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import relationship

from handoff.models import Advisor, utcnow
from knowledge.models import Base

INVITE = "invite"
RESET = "reset"
LINK_PURPOSES = (INVITE, RESET)


class AccountLink(Base):
    """A one-time link that lets a person set their password: an invitation or a password reset."""

    __tablename__ = "account_link"

    id = Column(Integer, primary_key=True)
    advisor_id = Column(Integer, ForeignKey("advisor.id", ondelete="CASCADE"), nullable=False, index=True)
    purpose = Column(String(10), nullable=False)
    token_hash = Column(String(64), nullable=False, unique=True)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    expires_at = Column(DateTime, nullable=False)
    used_at = Column(DateTime, nullable=True)
    created_by_id = Column(Integer, ForeignKey("advisor.id", ondelete="SET NULL"), nullable=True)

    advisor = relationship(Advisor, foreign_keys=[advisor_id])


class StaffSession(Base):
    """A signed-in browser. The cookie holds only a random token; ending the row ends the session
    wherever the cookie is (sign-out, deactivation, a password change)."""

    __tablename__ = "staff_session"

    id = Column(Integer, primary_key=True)
    token_hash = Column(String(64), nullable=False, unique=True)
    advisor_id = Column(Integer, ForeignKey("advisor.id", ondelete="CASCADE"), nullable=False, index=True)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    expires_at = Column(DateTime, nullable=False)
    last_seen_at = Column(DateTime, nullable=False, default=utcnow)
    ended_at = Column(DateTime, nullable=True)

    advisor = relationship(Advisor)


class SignInAttempt(Base):
    """One try at signing in, kept for the throttling window (and pruned after it)."""

    __tablename__ = "sign_in_attempt"

    id = Column(Integer, primary_key=True)
    email = Column(String(200), nullable=False, index=True)
    address = Column(String(64), nullable=False, index=True)
    at = Column(DateTime, nullable=False, default=utcnow, index=True)
    succeeded = Column(Boolean, nullable=False, default=False)

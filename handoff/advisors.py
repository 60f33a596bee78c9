"""Advisors: the first admin, finding one by e-mail, and how newcomers see them."""

from __future__ import annotations

from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from handoff.models import ADMIN, PEER_ADVISOR, Advisor
from handoff.passwords import hash_password
from knowledge.render import labels


def ensure_admin(session: Session, email: str, password: str, languages: tuple[str, ...]) -> Optional[Advisor]:
    """Create the first admin from the environment unless an advisor with that e-mail exists.
    An existing account keeps its password: the environment only bootstraps."""
    if not password:
        return None
    existing = by_email(session, email)
    if existing is not None:
        return existing
    admin = Advisor(
        email=email.strip().lower(),
        name="Admin",
        password_hash=hash_password(password),
        role=ADMIN,
        languages=",".join(languages),
    )
    session.add(admin)
    session.flush()
    return admin


def by_email(session: Session, email: str) -> Optional[Advisor]:
    return session.scalars(select(Advisor).where(Advisor.email == email.strip().lower())).first()


def advisor_label(advisor: Advisor, language: str) -> str:
    """How the user sees the person who answers: "Aino (advisor)", in the user's language."""
    role = "peer_advisor" if advisor.role == PEER_ADVISOR else "advisor"
    return f"{advisor.shown_name} ({labels(language)['role_names'][role]})"


def author(advisor: Advisor, language: str) -> dict[str, str]:
    """Who speaks, for the channels: the widget and Telegram label the message with it, and the
    callback payload carries it, so that a person's words are never shown as the bot's."""
    return {"name": advisor.shown_name, "role": advisor.role, "label": advisor_label(advisor, language)}

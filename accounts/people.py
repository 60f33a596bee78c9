"""The staff an admin brings on board and off again: invite (an account with no password yet and a
one-time link), change, deactivate, reactivate, find. One set of rules for the console's pages and
its API; a refused change raises AccountRefused with the text key that explains it."""

from __future__ import annotations

import datetime as dt
import re
from typing import Optional

from pydantic import BaseModel, Field, validator
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from accounts.links import issue
from accounts.models import INVITE
from accounts.passwords import password_problem
from accounts.sessions import end_all
from handoff.advisors import by_email
from handoff.models import ADMIN, ROLES, Advisor, Team
from handoff.passwords import hash_password, verify_password
from knowledge.models import Organisation
from knowledge.services import municipality_named
from settings import get_settings

NO_PASSWORD = "!"  # never matches: an invited person has not chosen a password yet
CONSOLE_LANGUAGES = ("fi", "sv", "en")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class AccountRefused(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


class AccountFields(BaseModel):
    """What an admin says of a person. On a change, fields left out stay as they are."""

    email: Optional[str] = Field(None, max_length=200)
    name: Optional[str] = Field(None, max_length=200)
    display_name: Optional[str] = Field(None, max_length=80)
    role: Optional[str] = None
    languages: Optional[list[str]] = None
    municipalities: Optional[list[str]] = None
    team_id: Optional[int] = None
    organisation: Optional[str] = Field(None, max_length=80, description="An organisation's key")
    ui_language: Optional[str] = None

    @validator("email")
    def _email(cls, value: Optional[str]) -> Optional[str]:
        if value is not None and not _EMAIL.match(value.strip()):
            raise ValueError("email_invalid")
        return value.strip().lower() if value is not None else None

    @validator("role")
    def _role(cls, value: Optional[str]) -> Optional[str]:
        if value is not None and value not in ROLES:
            raise ValueError("role_unknown")
        return value

    @validator("languages")
    def _languages(cls, value: Optional[list[str]]) -> Optional[list[str]]:
        if value is not None and any(code not in get_settings().languages for code in value):
            raise ValueError("language_unknown")
        return value

    @validator("ui_language")
    def _ui_language(cls, value: Optional[str]) -> Optional[str]:
        if value and value not in CONSOLE_LANGUAGES:
            raise ValueError("language_unknown")
        return value or None


def invite(session: Session, fields: AccountFields, by: Advisor) -> tuple[Advisor, str, dt.datetime]:
    """A new account and its invitation token (valid 7 days)."""
    if not fields.email or not (fields.name or "").strip():
        raise AccountRefused("account_required")
    if by_email(session, fields.email) is not None:
        raise AccountRefused("email_taken")
    advisor = Advisor(email=fields.email, name="", password_hash=NO_PASSWORD, role=fields.role or "advisor")
    _apply(session, advisor, fields)
    session.add(advisor)
    session.flush()
    token, expires = issue(session, advisor, INVITE, by)
    return advisor, token, expires


def change(session: Session, advisor: Advisor, fields: AccountFields, by: Advisor) -> None:
    if fields.email and fields.email != advisor.email and by_email(session, fields.email) is not None:
        raise AccountRefused("email_taken")
    if advisor.id == by.id and fields.role not in (None, ADMIN) and advisor.role == ADMIN:
        raise AccountRefused("not_yourself")
    _apply(session, advisor, fields)
    session.flush()


def _apply(session: Session, advisor: Advisor, fields: AccountFields) -> None:
    if fields.email:
        advisor.email = fields.email
    if fields.name is not None:
        if not fields.name.strip():
            raise AccountRefused("account_required")
        advisor.name = fields.name.strip()
    if fields.display_name is not None:
        advisor.display_name = fields.display_name.strip() or None
    if fields.role is not None:
        advisor.role = fields.role
    if fields.languages is not None:
        advisor.languages = ",".join(dict.fromkeys(fields.languages))
    if "ui_language" in fields.__fields_set__:
        advisor.ui_language = fields.ui_language  # None: the browser's language
    if fields.municipalities is not None:
        places = [municipality_named(session, name) for name in fields.municipalities if name.strip()]
        if any(place is None for place in places):
            raise AccountRefused("municipality_unknown")
        advisor.municipalities = places
    if "team_id" in fields.__fields_set__:
        if fields.team_id is not None and session.get(Team, fields.team_id) is None:
            raise AccountRefused("team_unknown")
        advisor.team_id = fields.team_id
    if "organisation" in fields.__fields_set__:
        organisation = None
        if fields.organisation:
            organisation = session.scalars(select(Organisation).where(Organisation.key == fields.organisation)).first()
            if organisation is None:
                raise AccountRefused("organisation_unknown")
        advisor.organisation_id = organisation.id if organisation is not None else None


def deactivate(session: Session, advisor: Advisor, by: Advisor) -> None:
    """The person can no longer sign in; their sessions and API tokens end at once."""
    if advisor.id == by.id:
        raise AccountRefused("not_yourself")
    advisor.active = False
    end_all(session, advisor)
    session.flush()


def reactivate(session: Session, advisor: Advisor) -> None:
    advisor.active = True
    session.flush()


def find(
    session: Session, words: str = "", role: Optional[str] = None, active: Optional[bool] = None, limit: int = 500
) -> list[Advisor]:
    """Accounts whose name, shown name or e-mail holds every word, by name."""
    query = select(Advisor)
    for word in words.lower().split()[:5]:
        query = query.where(
            or_(
                func.lower(Advisor.name).contains(word, autoescape=True),
                func.lower(Advisor.email).contains(word, autoescape=True),
                func.lower(func.coalesce(Advisor.display_name, "")).contains(word, autoescape=True),
            )
        )
    if role:
        query = query.where(Advisor.role == role)
    if active is not None:
        query = query.where(Advisor.active.is_(active))
    return list(session.scalars(query.order_by(func.lower(Advisor.name), Advisor.id).limit(limit)))


def has_password(advisor: Advisor) -> bool:
    return advisor.password_hash != NO_PASSWORD


def change_password(session: Session, person: Advisor, current: str, new: str, repeated: str) -> Optional[str]:
    """The person's own change: the current password, then the rules. Every other session and API token
    of theirs ends (the caller starts a new session for this browser). Returns the problem's text key."""
    if not verify_password(current, person.password_hash):
        return "wrong_current_password"
    if new != repeated:
        return "passwords_differ"
    problem = password_problem(new, email=person.email, name=person.name)
    if problem:
        return problem
    person.password_hash = hash_password(new)
    end_all(session, person)
    session.flush()
    return None

"""Accounts over the API (admins only): list, invite (the answer carries the `invite_url`), show,
change, deactivate, reactivate and a password link."""

from __future__ import annotations

import datetime as dt
from typing import Literal, Optional

from fastapi import APIRouter, HTTPException, Query, Request, status
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from accounts import links, people
from accounts.mail import send_link
from accounts.models import INVITE, RESET
from console.api.deps import Admin
from console.deps import Database, RowId
from handoff.models import ROLES, Advisor
from knowledge.models import Organisation

router = APIRouter(prefix="/api", tags=["accounts"])


class Account(BaseModel):
    id: int
    email: str
    name: str
    display_name: Optional[str]
    role: str
    languages: list[str]
    municipalities: list[str]
    team_id: Optional[int]
    organisation: Optional[str]
    ui_language: Optional[str]
    active: bool
    has_password: bool
    invitation_pending: bool


class NewAccount(people.AccountFields):
    email: str = Field(..., max_length=200)
    name: str = Field(..., max_length=200)
    role: str = "advisor"


class InvitedAccount(Account):
    invite_url: str
    invite_expires_at: dt.datetime
    invite_mailed: bool


class PasswordLink(BaseModel):
    purpose: Literal["invite", "reset"]
    url: str
    expires_at: dt.datetime
    mailed: bool


def account_json(session: Session, person: Advisor) -> dict:
    organisation = session.get(Organisation, person.organisation_id) if person.organisation_id else None
    return {
        "id": person.id,
        "email": person.email,
        "name": person.name,
        "display_name": person.display_name,
        "role": person.role,
        "languages": person.language_codes,
        "municipalities": [place.code for place in person.municipalities],
        "team_id": person.team_id,
        "organisation": organisation.key if organisation is not None else None,
        "ui_language": person.ui_language,
        "active": person.active,
        "has_password": people.has_password(person),
        "invitation_pending": links.pending_invitation(session, person) is not None,
    }


def _person(session: Session, account_id: RowId) -> Advisor:
    person = session.get(Advisor, account_id)
    if person is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"No account {account_id}.")
    return person


@router.get("/accounts", response_model=list[Account])
def list_accounts(
    admin: Admin,
    session: Database,
    q: str = Query("", max_length=200, description="Words in the name or e-mail address"),
    role: Optional[Literal[ROLES]] = None,  # type: ignore[valid-type]
    active: Optional[bool] = None,
) -> list[dict]:
    return [account_json(session, person) for person in people.find(session, q, role, active)]


@router.post("/accounts", response_model=InvitedAccount, status_code=status.HTTP_201_CREATED)
def invite_account(body: NewAccount, request: Request, admin: Admin, session: Database) -> dict:
    """Invite a person: the account, and a one-time link (valid 7 days) for them to choose a password."""
    person, token, until = people.invite(session, body, admin)
    session.commit()
    address, mailed = send_link(person, INVITE, token, until, admin.ui_language or "en")
    return {
        **account_json(session, person),
        "invite_url": address,
        "invite_expires_at": until,
        "invite_mailed": mailed,
    }


@router.get("/accounts/{account_id}", response_model=Account)
def show_account(account_id: RowId, admin: Admin, session: Database) -> dict:
    return account_json(session, _person(session, account_id))


@router.patch("/accounts/{account_id}", response_model=Account)
def change_account(account_id: RowId, body: people.AccountFields, admin: Admin, session: Database) -> dict:
    person = _person(session, account_id)
    people.change(session, person, body, admin)
    session.commit()
    return account_json(session, person)


@router.post("/accounts/{account_id}/deactivate", response_model=Account)
def deactivate_account(account_id: RowId, admin: Admin, session: Database) -> dict:
    """The person can no longer sign in; their browser sessions and API tokens stop working at once."""
    person = _person(session, account_id)
    people.deactivate(session, person, admin)
    session.commit()
    return account_json(session, person)


@router.post("/accounts/{account_id}/reactivate", response_model=Account)
def reactivate_account(account_id: RowId, admin: Admin, session: Database) -> dict:
    person = _person(session, account_id)
    people.reactivate(session, person)
    session.commit()
    return account_json(session, person)


@router.post("/accounts/{account_id}/password-link", response_model=PasswordLink)
def password_link(account_id: RowId, admin: Admin, session: Database) -> dict:
    """A password-reset link (valid one day); a new invitation for someone who never chose a password."""
    person = _person(session, account_id)
    if not person.active:
        raise HTTPException(status.HTTP_409_CONFLICT, "account_inactive")
    purpose = RESET if people.has_password(person) else INVITE
    token, until = links.issue(session, person, purpose, admin)
    session.commit()
    address, mailed = send_link(person, purpose, token, until, admin.ui_language or "en")
    return {"purpose": purpose, "url": address, "expires_at": until, "mailed": mailed}

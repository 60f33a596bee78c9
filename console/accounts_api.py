"""The JSON API for staff accounts and organisations (admins only; organisations also for editors,
who bring their NGOs on board): the same rules as the admin pages (accounts.people). A refusal
(AccountRefused) is answered by the app's one handler for it: 409 for a taken address, else 422."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, Optional

from fastapi import APIRouter, Depends, HTTPException, Query, Request, status
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts import links, organisations, people
from accounts.models import INVITE, RESET
from console.admin_accounts import send_link
from console.api import current_advisor
from console.deps import database
from handoff.models import ADMIN, EDITOR, ROLES, Advisor
from knowledge.models import Organisation

router = APIRouter(prefix="/api", tags=["accounts and organisations"])
ORGANISATION_KINDS = organisations.KINDS


def admin(advisor: Annotated[Advisor, Depends(current_advisor)]) -> Advisor:
    if advisor.role != ADMIN:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "Only an admin's role manages accounts.")
    return advisor


def admin_or_editor(advisor: Annotated[Advisor, Depends(current_advisor)]) -> Advisor:
    if advisor.role not in (ADMIN, EDITOR):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "Your role does not manage organisations.")
    return advisor


Admin = Annotated[Advisor, Depends(admin)]
Database = Annotated[Session, Depends(database)]


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


def _person(session: Session, account_id: int) -> Advisor:
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
def show_account(account_id: int, admin: Admin, session: Database) -> dict:
    return account_json(session, _person(session, account_id))


@router.patch("/accounts/{account_id}", response_model=Account)
def change_account(account_id: int, body: people.AccountFields, admin: Admin, session: Database) -> dict:
    person = _person(session, account_id)
    people.change(session, person, body, admin)
    session.commit()
    return account_json(session, person)


@router.post("/accounts/{account_id}/deactivate", response_model=Account)
def deactivate_account(account_id: int, admin: Admin, session: Database) -> dict:
    """The person can no longer sign in; their browser sessions and API tokens stop working at once."""
    person = _person(session, account_id)
    people.deactivate(session, person, admin)
    session.commit()
    return account_json(session, person)


@router.post("/accounts/{account_id}/reactivate", response_model=Account)
def reactivate_account(account_id: int, admin: Admin, session: Database) -> dict:
    person = _person(session, account_id)
    people.reactivate(session, person)
    session.commit()
    return account_json(session, person)


@router.post("/accounts/{account_id}/password-link", response_model=PasswordLink)
def password_link(account_id: int, admin: Admin, session: Database) -> dict:
    """A password-reset link (valid one day); a new invitation for someone who never chose a password."""
    person = _person(session, account_id)
    if not person.active:
        raise HTTPException(status.HTTP_409_CONFLICT, "account_inactive")
    purpose = RESET if people.has_password(person) else INVITE
    token, until = links.issue(session, person, purpose, admin)
    session.commit()
    address, mailed = send_link(person, purpose, token, until, admin.ui_language or "en")
    return {"purpose": purpose, "url": address, "expires_at": until, "mailed": mailed}


class OrganisationOut(BaseModel):
    key: str
    kind: str
    url: str
    name_fi: str
    name_sv: str
    name_en: str
    trusted: bool

    class Config:
        orm_mode = True


class NewOrganisation(BaseModel):
    key: str = Field(..., regex=r"^[a-z0-9_]{2,80}$")
    kind: Literal[ORGANISATION_KINDS]  # type: ignore[valid-type]
    url: str = Field("", max_length=500, regex=r"^(https?://\S+)?$")
    name_fi: str = Field(..., min_length=1, max_length=200)
    name_sv: str = Field("", max_length=200)
    name_en: str = Field("", max_length=200)
    trusted: bool = False


@router.get("/organisations", response_model=list[OrganisationOut])
def list_organisations(session: Database, person: Annotated[Advisor, Depends(admin_or_editor)]) -> list[Organisation]:
    return list(session.scalars(select(Organisation).order_by(Organisation.name_fi)))


@router.post("/organisations", response_model=OrganisationOut, status_code=status.HTTP_201_CREATED)
def add_organisation(
    body: NewOrganisation, session: Database, person: Annotated[Advisor, Depends(admin_or_editor)]
) -> Organisation:
    """A new organisation (an NGO, a municipality, a wellbeing services county, a state agency); its
    editors are then invited with `POST /api/accounts`. Names in Swedish and English default to Finnish."""
    if session.scalar(select(Organisation.id).where(Organisation.key == body.key)) is not None:
        raise HTTPException(status.HTTP_409_CONFLICT, "organisation_taken")
    organisation = Organisation(
        key=body.key,
        kind=body.kind,
        url=body.url,
        name_fi=body.name_fi.strip(),
        name_sv=body.name_sv.strip() or body.name_fi.strip(),
        name_en=body.name_en.strip() or body.name_fi.strip(),
        trusted=body.trusted or body.kind != "ngo",
    )
    session.add(organisation)
    session.commit()
    return organisation


class OrganisationChange(BaseModel):
    trusted: bool


@router.patch("/organisations/{key}", response_model=OrganisationOut)
def change_organisation(
    key: str, body: OrganisationChange, session: Database, person: Annotated[Advisor, Depends(admin_or_editor)]
) -> Organisation:
    """Mark an organisation trusted (its editors publish without review) or not (they wait for review)."""
    organisation = organisations.find_organisation(session, key)
    if organisation is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"No organisation {key!r}.")
    organisations.set_trusted(session, organisation, body.trusted)
    session.commit()
    return organisation

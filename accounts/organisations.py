"""Organisations and the NGOs that ask to join: an editor accepts a request (the organisation is made,
untrusted, and its contact person invited as its editor) or declines it; an editor marks an
organisation trusted once its first listings have been reviewed, and from then on it publishes itself."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Optional

from pydantic import BaseModel, Field, ValidationError, validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts.people import AccountFields, AccountRefused, invite
from handoff.models import NGO_EDITOR, Advisor, utcnow
from knowledge.models import JoinRequest, Organisation
from knowledge.services import municipality_named

WAITING, ACCEPTED, DECLINED = "waiting", "accepted", "declined"
KINDS = ("ngo", "municipality", "wellbeing_county", "state_agency")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class JoinForm(BaseModel):
    """What an NGO tells about itself on the public form."""

    organisation_name: str = Field(..., min_length=2, max_length=200)
    website: str = Field("", max_length=500)
    municipalities: str = Field("", max_length=500)
    contact_name: str = Field(..., min_length=2, max_length=200)
    contact_email: str = Field(..., max_length=200)
    message: str = Field("", max_length=4000)

    @validator("contact_email")
    def _email(cls, value: str) -> str:
        if not _EMAIL.match(value.strip()):
            raise ValueError("email_invalid")
        return value.strip().lower()

    @validator("website")
    def _website(cls, value: str) -> str:
        value = value.strip()
        if value and not re.match(r"^https?://\S+$", value):
            raise ValueError("website_invalid")
        return value


def ask_to_join(session: Session, form: JoinForm) -> JoinRequest:
    request = JoinRequest(
        organisation_name=form.organisation_name.strip(),
        website=form.website,
        municipalities=form.municipalities.strip(),
        contact_name=form.contact_name.strip(),
        contact_email=form.contact_email,
        message=form.message.strip(),
    )
    session.add(request)
    session.flush()
    return request


def waiting_requests(session: Session) -> list[JoinRequest]:
    return list(session.scalars(select(JoinRequest).where(JoinRequest.state == WAITING).order_by(JoinRequest.id)))


def free_key(session: Session, name: str) -> str:
    """An organisation key from its name ("Oulun Monikulttuuriset ry" → "oulun_monikulttuuriset_ry")."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    base = re.sub(r"[^a-z0-9]+", "_", ascii_name).strip("_")[:70] or "organisation"
    key, number = base, 1
    while session.scalar(select(Organisation.id).where(Organisation.key == key)) is not None:
        number += 1
        key = f"{base}_{number}"
    return key


def accept(session: Session, request: JoinRequest, by: Advisor) -> tuple[Organisation, Advisor, str, dt.datetime]:
    """The organisation (an untrusted NGO) and its contact person's account with an invitation token."""
    if request.state != WAITING:
        raise AccountRefused("request_decided")
    organisation = Organisation(
        key=free_key(session, request.organisation_name),
        kind="ngo",
        url=request.website,
        name_fi=request.organisation_name,
        name_sv=request.organisation_name,
        name_en=request.organisation_name,
        trusted=False,
    )
    session.add(organisation)
    session.flush()
    places = [part.strip() for part in request.municipalities.split(",") if part.strip()]
    known = [place.code for place in (municipality_named(session, part) for part in places) if place is not None]
    fields = AccountFields(
        email=request.contact_email,
        name=request.contact_name,
        role=NGO_EDITOR,
        languages=[],
        municipalities=known,
        organisation=organisation.key,
        display_name=None,
    )
    person, token, until = invite(session, fields, by)
    request.state, request.decided_at, request.decided_by_id = ACCEPTED, utcnow(), by.id
    request.organisation_id = organisation.id
    session.flush()
    return organisation, person, token, until


def decline(session: Session, request: JoinRequest, by: Advisor) -> None:
    if request.state != WAITING:
        raise AccountRefused("request_decided")
    request.state, request.decided_at, request.decided_by_id = DECLINED, utcnow(), by.id
    session.flush()


def set_trusted(session: Session, organisation: Organisation, trusted: bool) -> None:
    organisation.trusted = trusted
    session.flush()


def find_organisation(session: Session, key: str) -> Optional[Organisation]:
    return session.scalars(select(Organisation).where(Organisation.key == key)).first()


def create(session: Session, name: str, kind: str, website: str, trusted: Optional[bool] = None) -> Organisation:
    """A new organisation under a key made from its name; public bodies are trusted from the start."""
    name = name.strip()
    if not 2 <= len(name) <= 200 or kind not in KINDS:
        raise AccountRefused("organisation_invalid")
    if website and not re.match(r"^https?://\S+$", website.strip()):
        raise AccountRefused("website_invalid")
    organisation = Organisation(
        key=free_key(session, name),
        kind=kind,
        url=website.strip(),
        name_fi=name,
        name_sv=name,
        name_en=name,
        trusted=kind != "ngo" if trusted is None else trusted,
    )
    session.add(organisation)
    session.flush()
    return organisation


def invite_editor(
    session: Session, organisation: Organisation, email: str, name: str, by: Advisor
) -> tuple[Advisor, str, dt.datetime]:
    """An editor of the organisation's own listings (the NGO editor role, whatever the inviter's role:
    a wider role is an admin's to give on the accounts page)."""
    try:
        fields = AccountFields(
            email=email, name=name, role=NGO_EDITOR, languages=[], organisation=organisation.key, display_name=None
        )
    except ValidationError:
        raise AccountRefused("account_invalid") from None
    return invite(session, fields, by)

"""Organisations over the API (admins and municipal or national editors): list, add, change."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, status
from pydantic import BaseModel, Field
from sqlalchemy import select

from accounts import organisations
from console.api.deps import admin_or_editor
from console.deps import Database
from handoff.models import Advisor
from knowledge.models import Organisation

router = APIRouter(prefix="/api", tags=["organisations"])


ORGANISATION_KINDS = organisations.KINDS


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

"""Service listings and activities over the JSON API (DESIGN.md contracts): a public search, and
writing listings with the editors' role checks.

Roles: admins write every listing; an editor, listings that serve only their municipalities (any
listing for a national editor); an NGO editor, only their own organisation's listings."""

from __future__ import annotations

from typing import Any, Optional

from fastapi import APIRouter, Body, Depends, HTTPException, Query, status
from pydantic import BaseModel
from sqlalchemy.orm import Session

from console.api.deps import current_advisor
from console.api.shapes import ChangeOut, change_json
from console.deps import Database, RowId
from console.permissions import may_edit_listing, may_publish_listing, may_revert_listing, may_save_listing
from handoff.models import ADMIN, EDITOR, NGO_EDITOR, Advisor
from knowledge.editing import Editor
from knowledge.listings import ENTITY as LISTING_ENTITY
from knowledge.listings import listing_history, listing_json, revert_listing, save_listing
from knowledge.models import ContentChange, ServiceListing
from knowledge.services import find_services
from settings import get_settings

router = APIRouter(prefix="/api", tags=["services"])


class HoursOut(BaseModel):
    weekday: int
    opens: str
    closes: str


class ListingTextOut(BaseModel):
    name: str
    description: str


class ListingOut(BaseModel):
    """A service listing as it is written (the same shape an import or a PUT takes)."""

    id: int
    key: str
    organisation: str
    url: Optional[str]
    address: Optional[str]
    phone: Optional[str]
    email: Optional[str]
    appointment_needed: Optional[bool]
    accessibility: Optional[str]
    languages: list[str]
    target_groups: list[str]
    municipalities: list[str]
    topics: list[str]
    valid_from: Optional[str]
    valid_to: Optional[str]
    status: str
    opening_hours: list[HoursOut]
    # Per language: the listing's name and description.
    translations: dict[str, ListingTextOut]


def writer(person: Advisor = Depends(current_advisor)) -> Advisor:
    if person.role not in (ADMIN, EDITOR, NGO_EDITOR):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "Your role does not write listings (editors do).")
    return person


@router.get("/services", response_model=list[ListingOut])
def search_services(
    session: Database,
    municipality: Optional[str] = Query(None, max_length=3),
    lang: Optional[str] = Query(None, max_length=8),
    topic: Optional[str] = Query(None, max_length=40),
    target_group: Optional[str] = Query(None, max_length=40),
    q: Optional[str] = Query(None, max_length=200),
    limit: int = Query(20, ge=1, le=100),
    offset: int = Query(0, ge=0, le=10_000),
) -> list[dict[str, Any]]:
    """Published listings valid today, by municipality, language served, topic, target group and words
    (inflected forms and parts of compound names match too), the most local first, a page at a time."""
    listings = find_services(
        session,
        municipality_code=municipality,
        topic=topic,
        language=lang,
        target_group=target_group,
        words=q,
        limit=limit,
        offset=offset,
    )
    return [listing_json(item) for item in listings]


def _writable(session: Session, service_id: RowId, person: Advisor) -> ServiceListing:
    listing = session.get(ServiceListing, service_id)
    if listing is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"No listing {service_id}.")
    if not may_edit_listing(person, listing):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "You do not write this listing.")
    return listing


def _save(
    session: Session, body: dict[str, Any], person: Advisor, listing: Optional[ServiceListing] = None
) -> dict[str, Any]:
    if not may_save_listing(session, person, body, listing):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "You do not write listings of that organisation or place.")
    saved = save_listing(
        session,
        body,
        Editor(person.id, person.email),
        get_settings().languages,
        listing,
        may_publish=may_publish_listing(session, person, body.get("organisation")),
    )
    session.commit()
    return listing_json(saved.listing)


@router.post("/services", response_model=ListingOut, status_code=status.HTTP_201_CREATED)
def create_service(
    session: Database, body: dict[str, Any] = Body(...), person: Advisor = Depends(writer)
) -> dict[str, Any]:
    return _save(session, body, person)


@router.put("/services/{service_id}", response_model=ListingOut)
def update_service(
    service_id: RowId, session: Database, body: dict[str, Any] = Body(...), person: Advisor = Depends(writer)
) -> dict[str, Any]:
    return _save(session, body, person, _writable(session, service_id, person))


@router.get("/services/{service_id}/history", response_model=list[ChangeOut])
def service_history(service_id: RowId, session: Database, person: Advisor = Depends(writer)) -> list[dict[str, Any]]:
    """Every change of the listing: who, when, before and after; newest first."""
    listing = _writable(session, service_id, person)
    return [change_json(change) for change in listing_history(session, listing)]


@router.post("/services/changes/{change_id}/revert", response_model=ListingOut)
def revert_service_change(change_id: RowId, session: Database, person: Advisor = Depends(writer)) -> dict[str, Any]:
    change = session.get(ContentChange, change_id)
    if change is None or change.entity != LISTING_ENTITY:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"No listing change {change_id}.")
    current = _writable(session, int(change.entity_key), person)
    if not may_revert_listing(session, person, change, current):
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, "The listing as it was belongs to an organisation or place you do not edit."
        )
    publishable = may_publish_listing(session, person, current.organisation.key)
    listing = revert_listing(
        session, change_id, Editor(person.id, person.email), get_settings().languages, may_publish=publishable
    )
    session.commit()
    return listing_json(listing)

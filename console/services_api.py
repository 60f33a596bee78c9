"""Service listings and activities over the JSON API (DESIGN.md contracts): a public search, and
writing listings with the editors' role checks.

Roles: admins write every listing; an editor, listings that serve only their municipalities (any
listing for a national editor); an NGO editor, only their own organisation's listings."""

from __future__ import annotations

from typing import Any, Optional

from fastapi import APIRouter, Body, Depends, HTTPException, Query, status
from sqlalchemy import select
from sqlalchemy.orm import Session

from console.api import current_advisor
from console.deps import database
from handoff.models import ADMIN, EDITOR, NGO_EDITOR, Advisor
from knowledge.editing import ContentError, Editor
from knowledge.listings import listing_json, save_listing
from knowledge.models import Organisation, ServiceListing
from knowledge.services import find_services
from settings import get_settings

router = APIRouter(prefix="/api", tags=["services API"])


def may_write(person: Advisor, organisation_id: Optional[int], municipalities: set[str]) -> bool:
    if person.role == ADMIN:
        return True
    if person.role == NGO_EDITOR:
        return person.organisation_id is not None and person.organisation_id == organisation_id
    if person.role == EDITOR:
        served = {place.code for place in person.municipalities}
        return not served or bool(municipalities) and municipalities <= served
    return False


def writer(person: Advisor = Depends(current_advisor)) -> Advisor:
    if person.role not in (ADMIN, EDITOR, NGO_EDITOR):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "Only editors write listings.")
    return person


@router.get("/services")
def search_services(
    municipality: Optional[str] = Query(None, max_length=3),
    lang: Optional[str] = Query(None, max_length=8),
    topic: Optional[str] = Query(None, max_length=40),
    target_group: Optional[str] = Query(None, max_length=40),
    q: Optional[str] = Query(None, max_length=200),
    session: Session = Depends(database),
) -> list[dict[str, Any]]:
    """Published listings valid today, by municipality, language served, topic, target group and words."""
    listings = find_services(
        session, municipality_code=municipality, topic=topic, language=lang, target_group=target_group, words=q
    )
    return [listing_json(item) for item in listings]


def _organisation_id(session: Session, key: Any) -> Optional[int]:
    return session.scalars(select(Organisation.id).where(Organisation.key == key)).first()


@router.post("/services", status_code=status.HTTP_201_CREATED)
def create_service(
    body: dict[str, Any] = Body(...), person: Advisor = Depends(writer), session: Session = Depends(database)
) -> dict[str, Any]:
    if not may_write(
        person, _organisation_id(session, body.get("organisation")), set(body.get("municipalities") or [])
    ):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "You do not write listings of that organisation or place.")
    try:
        listing = save_listing(session, body, Editor(person.id, person.email), get_settings().languages)
    except ContentError as error:
        session.rollback()
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_ENTITY, {"field": error.field, "reason": error.reason}
        ) from None
    session.commit()
    return listing_json(listing)


@router.put("/services/{service_id}")
def update_service(
    service_id: int,
    body: dict[str, Any] = Body(...),
    person: Advisor = Depends(writer),
    session: Session = Depends(database),
) -> dict[str, Any]:
    listing = session.get(ServiceListing, service_id)
    if listing is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"No listing {service_id}.")
    now_places = {place.code for place in listing.municipalities}
    new_places = set(body.get("municipalities") or [])
    if not (
        may_write(person, listing.organisation_id, now_places)
        and may_write(person, _organisation_id(session, body.get("organisation")), new_places)
    ):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "You do not write this listing.")
    try:
        save_listing(session, body, Editor(person.id, person.email), get_settings().languages, listing)
    except ContentError as error:
        session.rollback()
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_ENTITY, {"field": error.field, "reason": error.reason}
        ) from None
    session.commit()
    return listing_json(listing)

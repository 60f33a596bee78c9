"""The editor's pages for service listings and activities: the listings a person may write, one
listing's form (every field of the API), its history with revert.

NGO editors see and write only their organisation's listings; municipal editors those serving only
their municipalities; admins and national editors all of them (console/permissions.py)."""

from __future__ import annotations

import json
from typing import Any, Optional

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from console.auth import ContentPerson, check_csrf
from console.deps import Database, RowId
from console.permissions import may_edit_listing, may_publish_listing, may_revert_listing, may_save_listing
from console.templating import back, done, flash, page, words
from handoff.models import NGO_EDITOR, Advisor
from knowledge.editing import ContentError, Editor
from knowledge.listings import ENTITY as LISTING_ENTITY
from knowledge.listings import (
    LISTING_STATUSES,
    TARGET_GROUPS,
    listing_history,
    listing_json,
    revert_listing,
    save_listing,
)
from knowledge.models import (
    ContentChange,
    Municipality,
    Organisation,
    ServiceListing,
    ServiceListingTranslation,
    Topic,
    service_municipality,
)
from knowledge.render import labels, language_name
from knowledge.transfer import format_opening_hours, parse_opening_hours
from settings import get_settings

router = APIRouter(prefix="/editor/listings", include_in_schema=False)

SHOWN = 200


def _listing(session: Session, listing_id: RowId, person: Advisor) -> ServiceListing:
    listing = session.get(ServiceListing, listing_id)
    if listing is None:
        raise HTTPException(404, "There is no such listing.")
    if not may_edit_listing(person, listing):
        raise HTTPException(403, "You do not write this listing.")
    return listing


@router.get("", response_class=HTMLResponse)
def listings_page(
    request: Request, session: Database, person: ContentPerson, q: Optional[str] = Query(None, max_length=100)
) -> Response:
    ui = words(request)["_lang"]
    query = select(ServiceListing).options(
        selectinload(ServiceListing.translations),
        selectinload(ServiceListing.municipalities),
        selectinload(ServiceListing.organisation),
    )
    if person.role == NGO_EDITOR:
        query = query.where(ServiceListing.organisation_id == (person.organisation_id or -1))
    elif person.municipalities:
        query = query.where(
            ServiceListing.id.in_(
                select(service_municipality.c.service_id).where(
                    service_municipality.c.municipality_code.in_([place.code for place in person.municipalities])
                )
            )
        )
    if q and q.strip():
        pattern = f"%{q.strip().lower()}%"
        named = select(ServiceListingTranslation.service_id).where(ServiceListingTranslation.name.ilike(pattern))
        query = query.where(or_(ServiceListing.key.ilike(pattern), ServiceListing.id.in_(named)))
    listings = [item for item in session.scalars(query.order_by(ServiceListing.key).limit(SHOWN * 2))]
    rows = [
        {
            "listing": listing,
            "name": (listing.translation([ui, "en", "fi"]) or listing.translations[0]).name
            if listing.translations
            else listing.key,
            "organisation": listing.organisation.name(ui),
            "places": ", ".join(sorted(place.name(ui) for place in listing.municipalities)[:5])
            + (" …" if len(listing.municipalities) > 5 else ""),
        }
        for listing in listings
        if may_edit_listing(person, listing)
    ][:SHOWN]
    return page(request, "editor_listings.html", person, rows=rows, q=q or "", shown=SHOWN)


def _choices(session: Session, person: Advisor, ui: str) -> dict[str, Any]:
    organisations = session.scalars(select(Organisation).order_by(Organisation.name_fi))
    if person.role == NGO_EDITOR:
        organisations = [o for o in organisations if o.id == person.organisation_id]  # type: ignore[assignment]
    places = session.scalars(select(Municipality).order_by(Municipality.name_fi))
    if person.municipalities:
        places = sorted(person.municipalities, key=lambda place: place.name_fi)  # type: ignore[assignment]
    topic_names = labels(ui).get("topic_names", {})
    group_names = labels(ui).get("target_group_names", {})
    return {
        "organisations": [(o.key, o.name(ui)) for o in organisations],
        "places": [(p.code, p.name(ui)) for p in places],
        "topics": [(t.key, topic_names.get(t.key, t.key)) for t in session.scalars(select(Topic).order_by(Topic.key))],
        "groups": [(g, group_names.get(g, g)) for g in TARGET_GROUPS],
        "languages": [(code, language_name(code, ui)) for code in get_settings().languages],
        "statuses": LISTING_STATUSES,
        # An NGO editor whose organisation is not trusted yet asks for publication (see the note on the page).
        "needs_review": person.role == NGO_EDITOR and not any(organisation.trusted for organisation in organisations),
    }


def _values(listing: Optional[dict[str, Any]]) -> dict[str, Any]:
    """The form's values from a listing's JSON (or empty for a new one)."""
    listing = listing or {}
    needed = listing.get("appointment_needed")
    return {
        **{name: listing.get(name) or "" for name in ("key", "organisation", "url", "address", "phone", "email")},
        "accessibility": listing.get("accessibility") or "",
        "status": listing.get("status") or "draft",
        "municipalities": listing.get("municipalities") or [],
        "topics": listing.get("topics") or [],
        "target_groups": listing.get("target_groups") or [],
        "languages": " ".join(listing.get("languages") or []),
        "appointment_needed": "" if needed is None else ("yes" if needed else "no"),
        "opening_hours": format_opening_hours(listing.get("opening_hours") or []),
        "valid_from": listing.get("valid_from") or "",
        "valid_to": listing.get("valid_to") or "",
        "translations": listing.get("translations") or {},
    }


async def _submitted(request: Request) -> tuple[dict[str, Any], Optional[ContentError]]:
    """The listing as the editor typed it, and the first thing that cannot be read (opening hours)."""
    form = await request.form()
    text = {name: str(form.get(name) or "").strip() for name in form}
    translations = {
        lang: {"name": text.get(f"name_{lang}", ""), "description": text.get(f"description_{lang}", "")}
        for lang in get_settings().languages
        if text.get(f"name_{lang}") or text.get(f"description_{lang}")
    }
    data: dict[str, Any] = {
        **{name: text.get(name) or None for name in ("key", "organisation", "url", "address", "phone", "email")},
        "accessibility": text.get("accessibility") or None,
        "status": text.get("status") or "draft",
        "municipalities": [str(value) for value in form.getlist("municipalities")],
        "topics": [str(value) for value in form.getlist("topics")],
        "target_groups": [str(value) for value in form.getlist("target_groups")],
        "languages": text.get("languages", "").replace(",", " ").split(),
        "appointment_needed": {"yes": True, "no": False}.get(text.get("appointment_needed", "")),
        "valid_from": text.get("valid_from") or None,
        "valid_to": text.get("valid_to") or None,
        "translations": translations,
        "opening_hours": [],
    }
    try:
        data["opening_hours"] = parse_opening_hours(text.get("opening_hours", ""))
    except ContentError as error:
        return {**data, "_hours_text": text.get("opening_hours", "")}, error
    return data, None


def _form(
    request: Request,
    person: Advisor,
    session: Session,
    listing: Optional[ServiceListing],
    values: dict[str, Any],
    error: Optional[ContentError] = None,
) -> Response:
    ui = words(request)["_lang"]
    changes = listing_history(session, listing) if listing is not None else []
    response = page(
        request,
        "editor_listing.html",
        person,
        listing=listing,
        values=values,
        error=error,
        changes=[{"change": c, "after": json.loads(c.after) if c.after else None} for c in changes],
        **_choices(session, person, ui),
    )
    if error:
        response.status_code = 422
    return response


@router.get("/new", response_class=HTMLResponse)
def new_listing_form(request: Request, session: Database, person: ContentPerson) -> Response:
    return _form(request, person, session, None, _values(None))


@router.get("/{listing_id}", response_class=HTMLResponse)
def listing_form(request: Request, listing_id: RowId, session: Database, person: ContentPerson) -> Response:
    listing = _listing(session, listing_id, person)
    return _form(request, person, session, listing, _values(listing_json(listing)))


def _typed_values(data: dict[str, Any]) -> dict[str, Any]:
    values = _values(data)
    if "_hours_text" in data:
        values["opening_hours"] = data["_hours_text"]
    return values


async def _save(request: Request, person: Advisor, session: Session, listing: Optional[ServiceListing]) -> Response:
    data, unreadable = await _submitted(request)
    if not may_save_listing(session, person, data, listing):
        unreadable = unreadable or ContentError(
            "organisation", "you do not write listings of this organisation or place"
        )
    if unreadable is None:
        try:
            editor = Editor(person.id, person.email)
            publishable = may_publish_listing(session, person, data.get("organisation"))
            listing = save_listing(
                session, data, editor, get_settings().languages, listing, may_publish=publishable
            ).listing
        except ContentError as error:
            unreadable = error
    if unreadable is not None:
        session.rollback()
        # What the editor typed comes back with the reason: nothing they wrote is lost.
        current = session.get(ServiceListing, listing.id) if listing is not None and listing.id else None
        return _form(request, person, session, current, _typed_values(data), unreadable)
    session.commit()
    flash(request, "saved")
    assert listing is not None
    return back(f"/editor/listings/{listing.id}")


@router.post("/new", dependencies=[Depends(check_csrf)])
async def create_listing(request: Request, session: Database, person: ContentPerson) -> Response:
    return await _save(request, person, session, None)


@router.post("/{listing_id}", dependencies=[Depends(check_csrf)])
async def update_listing(request: Request, listing_id: RowId, session: Database, person: ContentPerson) -> Response:
    return await _save(request, person, session, _listing(session, listing_id, person))


@router.post("/changes/{change_id}/revert", dependencies=[Depends(check_csrf)])
def revert_listing_page(request: Request, change_id: RowId, session: Database, person: ContentPerson) -> Response:
    change = session.get(ContentChange, change_id)
    if change is None or change.entity != LISTING_ENTITY:
        raise HTTPException(404, "There is no such change.")
    listing = _listing(session, int(change.entity_key), person)
    if not may_revert_listing(session, person, change, listing):
        raise HTTPException(403, "The listing as it was belongs to an organisation or place you do not edit.")
    try:
        revert_listing(
            session,
            change_id,
            Editor(person.id, person.email),
            get_settings().languages,
            may_publish=may_publish_listing(session, person, listing.organisation.key),
        )
    except ContentError as error:
        session.rollback()
        return _form(request, person, session, listing, _values(listing_json(listing)), error)
    return done(request, session, "reverted", f"/editor/listings/{listing.id}")

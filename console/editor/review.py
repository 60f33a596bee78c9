"""The review queue: listings of organisations not yet trusted, waiting to be published."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request, status
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from console.auth import EditorOnly, check_csrf
from console.deps import Database, RowId
from console.errors import refusals_return_to
from console.permissions import may_review_listing
from console.templating import done, page, words
from knowledge.editing import Editor
from knowledge.listings import listing_json, save_listing
from knowledge.models import IN_REVIEW, PUBLISHED, ServiceListing
from settings import get_settings

router = APIRouter(prefix="/editor", include_in_schema=False)


@router.get("/review", response_class=HTMLResponse)
def review_queue(request: Request, person: EditorOnly, session: Database) -> Response:
    """Listings of organisations not yet trusted, waiting to be published, that this editor may write."""
    ui = words(request)["_lang"]
    waiting = session.scalars(
        select(ServiceListing).where(ServiceListing.status == IN_REVIEW).order_by(ServiceListing.id)
    )
    rows: list[dict[str, Any]] = []
    for listing in waiting:
        if may_review_listing(person, listing):
            shown = listing.translation([ui, "fi", "en", "sv"])
            rows.append(
                {
                    "listing": listing,
                    "name": shown.name if shown else listing.key,
                    "organisation": listing.organisation.name(ui),
                }
            )
    return page(request, "review.html", person, rows=rows)


@router.post("/review/{listing_id}", dependencies=[Depends(check_csrf), refusals_return_to("/editor/review")])
def review(
    request: Request, listing_id: RowId, person: EditorOnly, session: Database, decision: str = Form("", max_length=10)
) -> Response:
    """Publish a listing in review, or send it back to its organisation as a draft."""
    listing = session.get(ServiceListing, listing_id)
    if listing is None or listing.status != IN_REVIEW or not may_review_listing(person, listing):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "No such listing waits for your review.")
    wanted = {**listing_json(listing), "status": PUBLISHED if decision == "publish" else "draft"}
    save_listing(session, wanted, Editor(person.id, person.email), get_settings().languages, listing)
    return done(
        request, session, "listing_published" if decision == "publish" else "listing_sent_back", "/editor/review"
    )

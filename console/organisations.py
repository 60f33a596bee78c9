"""Organisations in the console: the public form where an NGO asks to join, the editors' page of
organisations (requests to accept or decline, trust, a new organisation) and the review queue of
listings waiting to be published."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request, status
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from accounts import organisations
from accounts.models import INVITE
from accounts.people import AccountRefused
from accounts.throttle import minutes_to_wait, record
from console.admin_accounts import send_link
from console.auth import check_csrf, client_address, with_role
from console.deps import database
from console.permissions import may_review_listing
from console.templating import back, flash, page, words
from handoff.models import EDITOR, Advisor
from knowledge.editing import ContentError, Editor
from knowledge.listings import listing_json, save_listing
from knowledge.models import IN_REVIEW, PUBLISHED, JoinRequest, Organisation, ServiceListing
from settings import get_settings

public = APIRouter(include_in_schema=False)
router = APIRouter(prefix="/editor", include_in_schema=False)
reviewers = with_role(EDITOR)
# Requests from one address: a few an hour, so that the form cannot flood the editors' queue.
JOIN_REQUESTS_PER_HOUR = 3
JOIN_WINDOW = dt.timedelta(hours=1)


@public.get("/join", response_class=HTMLResponse)
def join_form(request: Request) -> Response:
    return page(request, "join.html", typed={}, error=None)


@public.post("/join", dependencies=[Depends(check_csrf)])
def ask_to_join(
    request: Request,
    organisation_name: str = Form("", max_length=200),
    website: str = Form("", max_length=500),
    municipalities: str = Form("", max_length=500),
    contact_name: str = Form("", max_length=200),
    contact_email: str = Form("", max_length=200),
    message: str = Form("", max_length=4000),
    homepage: str = Form("", max_length=200),
    session: Session = Depends(database),
) -> Response:
    """`homepage` is a field people do not see: a form that fills it in is a robot's, thanked and dropped."""
    typed = {
        "organisation_name": organisation_name,
        "website": website,
        "municipalities": municipalities,
        "contact_name": contact_name,
        "contact_email": contact_email,
        "message": message,
    }
    # Counted apart from sign-ins (a "join:" key for both the account and the address column).
    key = f"join:{client_address(request)}"
    if minutes_to_wait(session, key, key, JOIN_REQUESTS_PER_HOUR, JOIN_WINDOW) is not None:
        response = page(request, "join.html", typed=typed, error="join_too_many")
        response.status_code = status.HTTP_429_TOO_MANY_REQUESTS
        return response
    try:
        form = organisations.JoinForm(**typed)
    except ValidationError as error:
        key = str(error.errors()[0]["msg"]) if error.errors() else "join_invalid"
        response = page(request, "join.html", typed=typed, error=key if key in words(request) else "join_invalid")
        response.status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
        return response
    # Every request counts towards the address's limit (recorded as a "failure" of the throttle).
    record(session, key, key, False, JOIN_WINDOW)
    if not homepage:
        organisations.ask_to_join(session, form)
    session.commit()
    return page(request, "join_thanks.html")


@router.get("/organisations", response_class=HTMLResponse)
def organisations_page(
    request: Request, person: Advisor = Depends(reviewers), session: Session = Depends(database)
) -> Response:
    ui = words(request)["_lang"]
    counts = dict(
        session.execute(
            select(ServiceListing.organisation_id, func.count()).group_by(ServiceListing.organisation_id)
        ).all()
    )
    return page(
        request,
        "organisations.html",
        person,
        requests=organisations.waiting_requests(session),
        rows=[
            {"organisation": organisation, "name": organisation.name(ui), "listings": counts.get(organisation.id, 0)}
            for organisation in session.scalars(select(Organisation).order_by(Organisation.name_fi))
        ],
        kinds=organisations.KINDS,
        new_link=request.session.pop("new_link", None),
    )


def _request(session: Session, request_id: int) -> JoinRequest:
    join = session.get(JoinRequest, request_id)
    if join is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "No such request.")
    return join


@router.post("/organisations/requests/{request_id}/accept", dependencies=[Depends(check_csrf)])
def accept_request(
    request: Request, request_id: int, person: Advisor = Depends(reviewers), session: Session = Depends(database)
) -> Response:
    join = _request(session, request_id)
    try:
        _, contact, token, until = organisations.accept(session, join, person)
    except AccountRefused as error:
        session.rollback()
        flash(request, error.key, problem=True)
        return back("/editor/organisations")
    session.commit()
    address, mailed = send_link(contact, INVITE, token, until, words(request)["_lang"])
    request.session["new_link"] = {"url": address, "mailed": mailed, "email": contact.email}
    flash(request, "request_accepted")
    return back("/editor/organisations")


@router.post("/organisations/requests/{request_id}/decline", dependencies=[Depends(check_csrf)])
def decline_request(
    request: Request, request_id: int, person: Advisor = Depends(reviewers), session: Session = Depends(database)
) -> Response:
    try:
        organisations.decline(session, _request(session, request_id), person)
    except AccountRefused as error:
        session.rollback()
        flash(request, error.key, problem=True)
        return back("/editor/organisations")
    session.commit()
    flash(request, "request_declined")
    return back("/editor/organisations")


@router.post("/organisations", dependencies=[Depends(check_csrf)])
def add_organisation(
    request: Request,
    name: str = Form("", max_length=200),
    kind: str = Form("ngo", max_length=30),
    website: str = Form("", max_length=500),
    person: Advisor = Depends(reviewers),
    session: Session = Depends(database),
) -> Response:
    try:
        organisations.create(session, name, kind, website)
    except AccountRefused as error:
        session.rollback()
        flash(request, error.key, problem=True)
        return back("/editor/organisations")
    session.commit()
    flash(request, "saved")
    return back("/editor/organisations")


@router.post("/organisations/{key}/editors", dependencies=[Depends(check_csrf)])
def invite_organisation_editor(
    request: Request,
    key: str,
    email: str = Form("", max_length=200),
    name: str = Form("", max_length=200),
    person: Advisor = Depends(reviewers),
    session: Session = Depends(database),
) -> Response:
    """Invite a person to keep this organisation's listings (the link is shown, and e-mailed when possible)."""
    organisation = organisations.find_organisation(session, key)
    if organisation is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "No such organisation.")
    try:
        invited, token, until = organisations.invite_editor(session, organisation, email, name, person)
    except (AccountRefused, ValidationError) as error:
        session.rollback()
        key_ = error.key if isinstance(error, AccountRefused) else "account_invalid"
        flash(request, key_, problem=True)
        return back("/editor/organisations")
    session.commit()
    address, mailed = send_link(invited, INVITE, token, until, words(request)["_lang"])
    request.session["new_link"] = {"url": address, "mailed": mailed, "email": invited.email}
    flash(request, "editor_invited")
    return back("/editor/organisations")


@router.post("/organisations/{key}/trust", dependencies=[Depends(check_csrf)])
def trust(
    request: Request,
    key: str,
    trusted: str = Form("", max_length=5),
    person: Advisor = Depends(reviewers),
    session: Session = Depends(database),
) -> Response:
    organisation = organisations.find_organisation(session, key)
    if organisation is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "No such organisation.")
    organisations.set_trusted(session, organisation, trusted == "yes")
    session.commit()
    flash(request, "saved")
    return back("/editor/organisations")


@router.get("/review", response_class=HTMLResponse)
def review_queue(
    request: Request, person: Advisor = Depends(reviewers), session: Session = Depends(database)
) -> Response:
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


@router.post("/review/{listing_id}", dependencies=[Depends(check_csrf)])
def review(
    request: Request,
    listing_id: int,
    decision: str = Form("", max_length=10),
    person: Advisor = Depends(reviewers),
    session: Session = Depends(database),
) -> Response:
    """Publish a listing in review, or send it back to its organisation as a draft."""
    listing = session.get(ServiceListing, listing_id)
    if listing is None or listing.status != IN_REVIEW or not may_review_listing(person, listing):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "No such listing waits for your review.")
    wanted = {**listing_json(listing), "status": PUBLISHED if decision == "publish" else "draft"}
    try:
        save_listing(session, wanted, Editor(person.id, person.email), get_settings().languages, listing)
    except ContentError as error:
        session.rollback()
        flash(request, "not_allowed", problem=True)
        raise HTTPException(status.HTTP_409_CONFLICT, error.reason) from None
    session.commit()
    flash(request, "listing_published" if decision == "publish" else "listing_sent_back")
    return back("/editor/review")

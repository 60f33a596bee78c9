"""The editors' page of organisations: requests to join (accept or decline), a new organisation, an
organisation's editor invited, and trust (an NGO's listings published without review)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, HTTPException, Request, status
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from accounts import organisations
from accounts.mail import send_link
from accounts.models import INVITE
from console.auth import EditorOnly, check_csrf
from console.deps import Database, RowId
from console.errors import refusals_return_to
from console.templating import back, done, flash, page, words
from knowledge.models import JoinRequest, Organisation, ServiceListing

router = APIRouter(
    prefix="/editor", include_in_schema=False, dependencies=[refusals_return_to("/editor/organisations")]
)


@router.get("/organisations", response_class=HTMLResponse)
def organisations_page(request: Request, person: EditorOnly, session: Database) -> Response:
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


def _request(session: Session, request_id: RowId) -> JoinRequest:
    join = session.get(JoinRequest, request_id)
    if join is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "No such request.")
    return join


@router.post("/organisations/requests/{request_id}/accept", dependencies=[Depends(check_csrf)])
def accept_request(request: Request, request_id: RowId, person: EditorOnly, session: Database) -> Response:
    join = _request(session, request_id)
    _, contact, token, until = organisations.accept(session, join, person)
    session.commit()
    address, mailed = send_link(contact, INVITE, token, until, words(request)["_lang"])
    request.session["new_link"] = {"url": address, "mailed": mailed, "email": contact.email}
    flash(request, "request_accepted")
    return back("/editor/organisations")


@router.post("/organisations/requests/{request_id}/decline", dependencies=[Depends(check_csrf)])
def decline_request(request: Request, request_id: RowId, person: EditorOnly, session: Database) -> Response:
    organisations.decline(session, _request(session, request_id), person)
    return done(request, session, "request_declined", "/editor/organisations")


@router.post("/organisations", dependencies=[Depends(check_csrf)])
def add_organisation(
    request: Request,
    person: EditorOnly,
    session: Database,
    name: str = Form("", max_length=200),
    kind: str = Form("ngo", max_length=30),
    website: str = Form("", max_length=500),
) -> Response:
    organisations.create(session, name, kind, website)
    return done(request, session, "saved", "/editor/organisations")


@router.post("/organisations/{key}/editors", dependencies=[Depends(check_csrf)])
def invite_organisation_editor(
    request: Request,
    key: str,
    person: EditorOnly,
    session: Database,
    email: str = Form("", max_length=200),
    name: str = Form("", max_length=200),
) -> Response:
    """Invite a person to keep this organisation's listings (the link is shown, and e-mailed when possible)."""
    organisation = organisations.find_organisation(session, key)
    if organisation is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "No such organisation.")
    invited, token, until = organisations.invite_editor(session, organisation, email, name, person)
    session.commit()
    address, mailed = send_link(invited, INVITE, token, until, words(request)["_lang"])
    request.session["new_link"] = {"url": address, "mailed": mailed, "email": invited.email}
    flash(request, "editor_invited")
    return back("/editor/organisations")


@router.post("/organisations/{key}/trust", dependencies=[Depends(check_csrf)])
def trust(
    request: Request, key: str, person: EditorOnly, session: Database, trusted: str = Form("", max_length=5)
) -> Response:
    organisation = organisations.find_organisation(session, key)
    if organisation is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "No such organisation.")
    organisations.set_trusted(session, organisation, trusted == "yes")
    return done(request, session, "saved", "/editor/organisations")

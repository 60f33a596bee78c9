"""The public form where an NGO asks to join Alku (editors decide on the console)."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, Form, Request, status
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from accounts import organisations
from accounts.throttle import minutes_to_wait, record
from console.auth import check_csrf, client_address
from console.deps import Database
from console.templating import page, words

router = APIRouter(include_in_schema=False)


# Requests from one address: a few an hour, so that the form cannot flood the editors' queue.
JOIN_REQUESTS_PER_HOUR = 3


JOIN_WINDOW = dt.timedelta(hours=1)


@router.get("/join", response_class=HTMLResponse)
def join_form(request: Request) -> Response:
    return page(request, "join.html", typed={}, error=None)


@router.post("/join", dependencies=[Depends(check_csrf)])
def ask_to_join(
    request: Request,
    session: Database,
    organisation_name: str = Form("", max_length=200),
    website: str = Form("", max_length=500),
    municipalities: str = Form("", max_length=500),
    contact_name: str = Form("", max_length=200),
    contact_email: str = Form("", max_length=200),
    message: str = Form("", max_length=4000),
    homepage: str = Form("", max_length=200),
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

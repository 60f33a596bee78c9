"""The link from an invitation or a password reset: the person chooses a password and is signed in."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request, status
from fastapi.responses import HTMLResponse, Response

from accounts import links
from accounts.passwords import MAX_LENGTH, MIN_LENGTH, password_problem
from console.auth import check_csrf, home_of, sign_in
from console.deps import Database
from console.templating import back, flash, page
from handoff.models import Advisor

router = APIRouter(prefix="/account", include_in_schema=False)


def _link_gone(request: Request) -> Response:
    response = page(request, "password.html", error="link_gone", gone=True)
    response.status_code = status.HTTP_410_GONE
    return response


def _speak_their_language(request: Request, person: Advisor) -> None:
    """The page is in the console language the admin chose for the person, unless this browser chose."""
    if person.ui_language and not request.session.get("lang"):
        request.session["lang"] = person.ui_language


@router.get("/password/{token}", response_class=HTMLResponse)
def password_form(request: Request, token: str, session: Database) -> Response:
    link = links.usable(session, token)
    if link is None:
        return _link_gone(request)
    _speak_their_language(request, link.advisor)
    return page(request, "password.html", person=link.advisor, min_length=MIN_LENGTH, max_length=MAX_LENGTH)


@router.post("/password/{token}", dependencies=[Depends(check_csrf)])
def choose_password(
    request: Request,
    token: str,
    session: Database,
    password: str = Form("", max_length=1000),
    repeated: str = Form("", max_length=1000),
) -> Response:
    link = links.usable(session, token)
    if link is None:
        return _link_gone(request)
    person = link.advisor
    _speak_their_language(request, person)
    problem = "passwords_differ" if password != repeated else None
    problem = problem or password_problem(password, email=person.email, name=person.name)
    if problem:
        response = page(
            request, "password.html", person=person, error=problem, min_length=MIN_LENGTH, max_length=MAX_LENGTH
        )
        response.status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
        return response
    links.use(session, link, password)
    session.commit()
    sign_in(request, session, person)
    flash(request, "password_chosen")
    return back(home_of(person))

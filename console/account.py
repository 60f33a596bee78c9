"""What a person does for their own account: choose a password from an invitation or reset link,
and choose the console's language (kept on the account when signed in)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request, status
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from accounts import links
from accounts.passwords import MAX_LENGTH, MIN_LENGTH, password_problem
from accounts.people import CONSOLE_LANGUAGES
from console.auth import check_csrf, current, sign_in
from console.deps import database
from console.pages import back, flash, home_of, page
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
def password_form(request: Request, token: str, session: Session = Depends(database)) -> Response:
    link = links.usable(session, token)
    if link is None:
        return _link_gone(request)
    _speak_their_language(request, link.advisor)
    return page(request, "password.html", person=link.advisor, min_length=MIN_LENGTH, max_length=MAX_LENGTH)


@router.post("/password/{token}", dependencies=[Depends(check_csrf)])
def choose_password(
    request: Request,
    token: str,
    password: str = Form("", max_length=1000),
    repeated: str = Form("", max_length=1000),
    session: Session = Depends(database),
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


@router.post("/language", dependencies=[Depends(check_csrf)])
def choose_language(
    request: Request,
    language: str = Form("", max_length=8),
    next_path: str = Form("/", alias="next", max_length=300),
    session: Session = Depends(database),
) -> Response:
    if language in CONSOLE_LANGUAGES:
        request.session["lang"] = language
        person = current(request, session)
        if person is not None:
            person.ui_language = language
            session.commit()
    target = next_path if next_path.startswith("/") and not next_path.startswith("//") else "/"
    return back(target)

"""What a signed-in person does for their own account: change the password, set up two-factor sign-in,
and choose the console's language (kept on the account)."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from accounts import people, two_factor
from accounts.people import CONSOLE_LANGUAGES
from accounts.throttle import minutes_to_wait, record
from console.auth import check_csrf, client_address, current, home_of, sign_in, signed_in
from console.deps import Database
from console.templating import back, done, flash, page
from handoff.models import ADMIN, Advisor
from settings import get_settings

router = APIRouter(prefix="/account", include_in_schema=False)


CANDIDATE = "totp_candidate"


@router.post("/language", dependencies=[Depends(check_csrf)])
def choose_language(
    request: Request,
    session: Database,
    language: str = Form("", max_length=8),
    next_path: str = Form("/", alias="next", max_length=300),
) -> Response:
    if language in CONSOLE_LANGUAGES:
        request.session["lang"] = language
        person = current(request, session)
        if person is not None:
            person.ui_language = language
            session.commit()
    target = next_path if next_path.startswith("/") and not next_path.startswith("//") else "/"
    return back(target)


@router.get("/two-factor", response_class=HTMLResponse)
def two_factor_page(request: Request, person: Advisor = Depends(signed_in)) -> Response:
    """Set up two-factor sign-in: a new key (kept in this browser's session until confirmed) to add
    to an authenticator app, then one code from the app to prove it works."""
    candidate = None
    if not person.totp_secret:
        candidate = request.session.get(CANDIDATE) or two_factor.new_secret()
        request.session[CANDIDATE] = candidate
    return page(
        request,
        "two_factor.html",
        person,
        candidate=two_factor.grouped(candidate) if candidate else None,
        uri=two_factor.setup_uri(candidate, person.email) if candidate else None,
        required=person.role == ADMIN and get_settings().admin_two_factor == "required",
    )


@router.post("/two-factor", dependencies=[Depends(check_csrf)])
def confirm_two_factor(
    request: Request, session: Database, code: str = Form("", max_length=20), person: Advisor = Depends(signed_in)
) -> Response:
    candidate = request.session.get(CANDIDATE)
    step = two_factor.matching_step(candidate, code) if isinstance(candidate, str) and not person.totp_secret else None
    if step is None:
        flash(request, "wrong_code", problem=True)
        return back("/account/two-factor")
    person.totp_secret, person.totp_last_step = candidate, step
    session.commit()
    request.session.pop(CANDIDATE, None)
    flash(request, "two_factor_on")
    return back(home_of(person))


@router.post("/two-factor/off", dependencies=[Depends(check_csrf)])
def turn_off_two_factor(
    request: Request, session: Database, code: str = Form("", max_length=20), person: Advisor = Depends(signed_in)
) -> Response:
    """With a valid code only, and never for an admin where two factors are required."""
    required = person.role == ADMIN and get_settings().admin_two_factor == "required"
    if required or not two_factor.accept(person, code):
        session.rollback()
        flash(request, "wrong_code" if not required else "two_factor_required", problem=True)
        return back("/account/two-factor")
    person.totp_secret, person.totp_last_step = None, None
    return done(request, session, "two_factor_off", "/account/two-factor")


@router.post("/password", dependencies=[Depends(check_csrf)])
def change_own_password(
    request: Request,
    session: Database,
    current_password: str = Form("", max_length=500),
    password: str = Form("", max_length=1000),
    repeated: str = Form("", max_length=1000),
    person: Advisor = Depends(signed_in),
) -> Response:
    """A new password for the signed-in person; wrong current passwords count as failed sign-ins."""
    settings, address = get_settings(), client_address(request)
    window = dt.timedelta(minutes=settings.sign_in_window_minutes)
    if minutes_to_wait(session, person.email, address, settings.sign_in_failures, window) is not None:
        flash(request, "too_many_tries_short", problem=True)
        return back("/account/two-factor")
    problem = people.change_password(session, person, current_password, password, repeated)
    if problem:
        session.rollback()
        if problem == "wrong_current_password":
            record(session, person.email, address, False, window)
            session.commit()
        flash(request, problem, problem=True)
        return back("/account/two-factor")
    session.commit()
    sign_in(request, session, person)
    flash(request, "password_changed")
    return back("/account/two-factor")

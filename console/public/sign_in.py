"""Signing in: the password, then the code from an authenticator app where two-factor sign-in is on."""

from __future__ import annotations

import datetime as dt
import time
from typing import Optional

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from accounts import two_factor
from accounts.signin import sign_in as sign_in_with_password
from accounts.throttle import minutes_to_wait, record
from console.auth import check_csrf, client_address, home_of, sign_in
from console.deps import Database
from console.templating import back, page
from handoff.models import Advisor
from settings import get_settings

router = APIRouter(include_in_schema=False)


# Between the password and the code: who, until when, and where they were going.
PENDING_CODE = "pending_code"


CODE_SECONDS = 300


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> Response:
    return page(request, "login.html", error=None)


@router.post("/login", dependencies=[Depends(check_csrf)])
def login(
    request: Request,
    session: Database,
    email: str = Form("", max_length=200),
    password: str = Form("", max_length=500),
    next_path: str = Form("", alias="next", max_length=300),
) -> Response:
    outcome = sign_in_with_password(session, get_settings(), email, password, client_address(request))
    advisor = outcome.advisor
    if advisor is None:
        error = "wrong_login" if outcome.wait_minutes is None else "too_many_tries"
        response = page(request, "login.html", error=error, email=email, wait=outcome.wait_minutes)
        response.status_code = 401 if outcome.wait_minutes is None else 429
        return response
    # Only a path on this site: never an address an attacker put in the link.
    target = next_path if next_path.startswith("/") and not next_path.startswith("//") else home_of(advisor)
    if advisor.totp_secret:
        request.session[PENDING_CODE] = {"id": advisor.id, "until": time.time() + CODE_SECONDS, "next": target}
        return back("/login/code")
    sign_in(request, session, advisor)
    return back(target)


def _pending(request: Request, session: Session) -> Optional[tuple[Advisor, str]]:
    """The person who gave the right password a moment ago and still owes their code."""
    pending = request.session.get(PENDING_CODE)
    if not isinstance(pending, dict) or float(pending.get("until", 0)) < time.time():
        request.session.pop(PENDING_CODE, None)
        return None
    advisor = session.get(Advisor, pending.get("id"))
    return (advisor, str(pending.get("next") or "/")) if advisor is not None and advisor.active else None


@router.get("/login/code", response_class=HTMLResponse)
def code_form(request: Request, session: Database) -> Response:
    if _pending(request, session) is None:
        return back("/login")
    return page(request, "login_code.html", error=None)


@router.post("/login/code", dependencies=[Depends(check_csrf)])
def login_code(request: Request, session: Database, code: str = Form("", max_length=20)) -> Response:
    """The second step: the code from the person's authenticator app, throttled like the password."""
    pending = _pending(request, session)
    if pending is None:
        return back("/login")
    advisor, target = pending
    settings, address = get_settings(), client_address(request)
    window = dt.timedelta(minutes=settings.sign_in_window_minutes)
    wait = minutes_to_wait(session, advisor.email, address, settings.sign_in_failures, window)
    accepted = wait is None and two_factor.accept(advisor, code)
    if wait is None:
        record(session, advisor.email, address, accepted, window)
    session.commit()
    if not accepted:
        error = "wrong_code" if wait is None else "too_many_tries"
        response = page(request, "login_code.html", error=error, wait=wait)
        response.status_code = 401 if wait is None else 429
        return response
    request.session.pop(PENDING_CODE, None)
    sign_in(request, session, advisor)
    return back(target)

"""A bearer token for the API by the OAuth2 password flow (with the two-factor code where it is on)."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, Form, HTTPException, Request, status
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel

from accounts import two_factor
from accounts.signin import sign_in
from accounts.throttle import record
from accounts.two_factor import must_enrol
from console.api.deps import issue_token
from console.auth import client_address
from console.deps import Database
from settings import get_settings

router = APIRouter(prefix="/api", tags=["sign-in"])


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"


@router.post("/auth/token", response_model=Token)
def token(
    request: Request,
    session: Database,
    form: OAuth2PasswordRequestForm = Depends(),
    otp: str = Form(
        "", max_length=20, description="The authenticator app's code, for accounts with two-factor sign-in"
    ),
) -> Token:
    settings = get_settings()
    outcome = sign_in(session, settings, form.username, form.password, client_address(request))
    if outcome.wait_minutes is not None:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            f"Too many failed sign-ins. Try again in {outcome.wait_minutes} min.",
            {"Retry-After": str(outcome.wait_minutes * 60)},
        )
    advisor = outcome.advisor
    if advisor is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "Wrong e-mail or password.", {"WWW-Authenticate": "Bearer"})
    if must_enrol(advisor, settings):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "Set up two-factor sign-in in the console first.")
    if advisor.totp_secret:
        accepted = two_factor.accept(advisor, otp)
        window = dt.timedelta(minutes=settings.sign_in_window_minutes)
        record(session, advisor.email, client_address(request), accepted, window)
        session.commit()
        if not accepted:
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                "The two-factor code (otp) is missing, wrong or used.",
                {"WWW-Authenticate": "Bearer"},
            )
    return Token(access_token=issue_token(advisor))

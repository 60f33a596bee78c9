"""Signing in to the console's pages: a signed session cookie, CSRF tokens on every form, roles.

The JSON API uses bearer tokens instead (console/api.py); both find the same Advisor."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from typing import Any

from fastapi import Depends, HTTPException, Request, status
from sqlalchemy.orm import Session

from console.deps import database
from handoff.models import ADMIN, Advisor

SESSION_KEY = "advisor_id"
CSRF_KEY = "csrf"


class LoginRequired(Exception):
    """Raised by page dependencies; the app turns it into a redirect to the sign-in page."""


def csrf_token(request: Request) -> str:
    """This browser session's CSRF token, made on first use."""
    token = request.session.get(CSRF_KEY)
    if not token:
        token = secrets.token_urlsafe(32)
        request.session[CSRF_KEY] = token
    return str(token)


async def check_csrf(request: Request) -> None:
    """Every form that changes something carries the session's token; a forged form does not."""
    form = await request.form()
    sent = str(form.get("csrf_token") or "")
    expected = str(request.session.get(CSRF_KEY) or "")
    if not expected or not hmac.compare_digest(sent, expected):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "The form has expired. Reload the page and try again.")


def sign_in(request: Request, advisor: Advisor) -> None:
    request.session.clear()
    request.session[SESSION_KEY] = advisor.id
    csrf_token(request)


def sign_out(request: Request) -> None:
    request.session.clear()


def signed_in(request: Request, session: Session = Depends(database)) -> Advisor:
    advisor_id = request.session.get(SESSION_KEY)
    advisor = session.get(Advisor, advisor_id) if isinstance(advisor_id, int) else None
    if advisor is None or not advisor.active:
        request.session.pop(SESSION_KEY, None)
        raise LoginRequired()
    return advisor


def with_role(*roles: str) -> Callable[..., Any]:
    """A dependency that lets in advisors with one of `roles` (admins always)."""

    def check(advisor: Advisor = Depends(signed_in)) -> Advisor:
        if advisor.role != ADMIN and advisor.role not in roles:
            raise HTTPException(status.HTTP_403_FORBIDDEN, "Your role does not give access to this page.")
        return advisor

    return check

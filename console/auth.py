"""Signing in to the console's pages: the signed cookie holds a session token that the database can
end (accounts.sessions), CSRF tokens on every form, roles.

The JSON API uses bearer tokens instead (console/api/deps.py); both find the same Advisor."""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from collections.abc import Callable
from typing import Annotated, Any, Optional

from fastapi import Depends, HTTPException, Request, status
from sqlalchemy.orm import Session

from accounts import sessions
from accounts.two_factor import must_enrol
from console.deps import Database
from handoff.models import ADMIN, ADVISOR, EDITOR, NGO_EDITOR, PEER_ADVISOR, Advisor
from settings import get_settings

SESSION_KEY = "session"
CSRF_KEY = "csrf"


class LoginRequired(Exception):
    """Raised by page dependencies; the app turns it into a redirect to the sign-in page."""


class TwoFactorSetupRequired(Exception):
    """An admin must set up two-factor sign-in first; the app sends them to that page."""


# What an admin who still has to set up two-factor sign-in may open meanwhile.
ENROLMENT_PATHS = ("/account/two-factor", "/logout", "/account/language")


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


def client_address(request: Request) -> str:
    """The address sign-in tries are counted by (the proxy's when behind one: see the README)."""
    return request.client.host if request.client else "unknown"


def sign_in(request: Request, session: Session, advisor: Advisor) -> None:
    """A new browser session (a new CSRF token too); the interface language follows the account's."""
    language = advisor.ui_language or request.session.get("lang")
    request.session.clear()
    lifetime = dt.timedelta(minutes=get_settings().token_minutes)
    request.session[SESSION_KEY] = sessions.start(session, advisor, lifetime)
    session.commit()
    if language:
        request.session["lang"] = language
    csrf_token(request)


def sign_out(request: Request, session: Session) -> None:
    token = request.session.get(SESSION_KEY)
    if isinstance(token, str):
        sessions.end(session, token)
        session.commit()
    request.session.clear()


def current(request: Request, session: Session) -> Optional[Advisor]:
    """The person signed in on this browser, if any (for pages that anyone may open)."""
    token = request.session.get(SESSION_KEY)
    advisor = sessions.holder(session, token) if isinstance(token, str) else None
    if advisor is None:
        request.session.pop(SESSION_KEY, None)
    return advisor


def signed_in(request: Request, session: Database) -> Advisor:
    advisor = current(request, session)
    if advisor is None:
        raise LoginRequired()
    if must_enrol(advisor, get_settings()) and request.url.path not in ENROLMENT_PATHS:
        raise TwoFactorSetupRequired()
    return advisor


def with_role(*roles: str) -> Callable[..., Any]:
    """A dependency that lets in advisors with one of `roles` (admins always)."""

    def check(advisor: Advisor = Depends(signed_in)) -> Advisor:
        if advisor.role != ADMIN and advisor.role not in roles:
            raise HTTPException(status.HTTP_403_FORBIDDEN, "Your role does not give access to this page.")
        return advisor

    return check


def home_of(advisor: Advisor) -> str:
    """Where a person starts after signing in: the inbox, or the content they edit."""
    return {EDITOR: "/editor/answers", NGO_EDITOR: "/editor/listings"}.get(advisor.role, "/inbox")


takes_tickets = with_role(ADVISOR, PEER_ADVISOR)
admin_only = with_role(ADMIN)
editors = with_role(EDITOR)
content_people = with_role(EDITOR, NGO_EDITOR)

AdminOnly = Annotated[Advisor, Depends(admin_only)]
EditorOnly = Annotated[Advisor, Depends(editors)]
TicketTaker = Annotated[Advisor, Depends(takes_tickets)]
ContentPerson = Annotated[Advisor, Depends(content_people)]

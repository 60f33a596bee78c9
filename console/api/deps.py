"""What the JSON API's routes share: bearer tokens (OAuth2 password flow) and the roles a route needs."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import jwt
from fastapi import Depends, HTTPException, status
from fastapi.security import OAuth2PasswordBearer

from accounts import sessions
from console.deps import Database
from handoff.models import ADMIN, EDITOR, NGO_EDITOR, Advisor
from handoff.routing import TAKES_TICKETS
from settings import get_settings

bearer = OAuth2PasswordBearer(tokenUrl="/api/auth/token")


ALGORITHM = "HS256"


def issue_token(advisor: Advisor) -> str:
    settings = get_settings()
    expires = dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=settings.token_minutes)
    claims = {"sub": str(advisor.id), "ep": advisor.token_epoch or 0, "exp": expires}
    return jwt.encode(claims, settings.secret_key, algorithm=ALGORITHM)


def current_advisor(session: Database, token: str = Depends(bearer)) -> Advisor:
    refused = HTTPException(
        status.HTTP_401_UNAUTHORIZED,
        "Sign in again: the token is missing, invalid or expired.",
        headers={"WWW-Authenticate": "Bearer"},
    )
    try:
        claims = jwt.decode(token, get_settings().secret_key, algorithms=[ALGORITHM])
        advisor = session.get(Advisor, int(claims["sub"]))
        epoch = int(claims["ep"])
    except (jwt.PyJWTError, KeyError, ValueError, TypeError):
        raise refused from None
    # A token from before a password change or a deactivation is refused at once.
    if advisor is None or not advisor.active or epoch != (advisor.token_epoch or 0):
        raise refused
    sessions.seen(session, advisor)
    return advisor


def ticket_taker(advisor: Advisor = Depends(current_advisor)) -> Advisor:
    if advisor.role not in TAKES_TICKETS:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "Your role does not take tickets.")
    return advisor


def admin(advisor: Annotated[Advisor, Depends(current_advisor)]) -> Advisor:
    if advisor.role != ADMIN:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "Only an admin's role manages accounts.")
    return advisor


def admin_or_editor(advisor: Annotated[Advisor, Depends(current_advisor)]) -> Advisor:
    if advisor.role not in (ADMIN, EDITOR):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "Your role does not manage organisations.")
    return advisor


Admin = Annotated[Advisor, Depends(admin)]


def content_person(person: Advisor = Depends(current_advisor)) -> Advisor:
    if person.role not in (ADMIN, EDITOR, NGO_EDITOR):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "Your role does not import or export content (editors do).")
    return person

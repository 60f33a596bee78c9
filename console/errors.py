"""One handler per domain error, so that routes say what they do and not how each refusal is shown.

The API answers with FastAPI's usual body (`{"detail": …}`) and a status code; a page shows the
refusal as a one-time message on the page the form came from (the route names it with
`refusals_return_to`). Pages that must show a refused form again with what was typed (an answer, a
listing, a bot text) still catch ContentError themselves; the handler here is for the rest.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Union
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request, status
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from accounts.people import AccountRefused
from console.auth import LoginRequired, TwoFactorSetupRequired
from console.templating import back, flash, page
from handoff.queue import NOT_ALLOWED, NOT_YOURS, TAKEN, TicketUnavailable
from knowledge.editing import ContentError

# What the API says when a ticket action is refused, and the page's message key, per reason.
TICKET_REFUSALS = {
    TAKEN: (status.HTTP_409_CONFLICT, "Another advisor has this ticket already (or it is not waiting).", "taken"),
    NOT_YOURS: (status.HTTP_409_CONFLICT, "Only the advisor who has the ticket open can do that.", "not_yours"),
    NOT_ALLOWED: (status.HTTP_409_CONFLICT, "Your role cannot do that with this ticket.", "not_allowed"),
}
# Refusals of an account or organisation change that are a conflict with what is stored.
ACCOUNT_CONFLICTS = ("email_taken", "request_decided")


def refusals_return_to(path: str) -> Any:
    """A route dependency: the page a refused form goes back to (`path` may name the route's parameters)."""

    def remember(request: Request) -> None:
        request.state.return_to = path.format(**request.path_params)

    return Depends(remember)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api")


def _back_with(request: Request, key: str) -> Response:
    flash(request, key, problem=True)
    return back(getattr(request.state, "return_to", None) or "/")


def to_login(request: Request, _: Exception) -> Response:
    return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)


def to_two_factor(request: Request, _: Exception) -> Response:
    return RedirectResponse("/account/two-factor", status_code=303)


def ticket_unavailable(request: Request, error: Exception) -> Response:
    assert isinstance(error, TicketUnavailable)
    code, detail, key = TICKET_REFUSALS[error.reason]
    return JSONResponse({"detail": detail}, status_code=code) if _is_api(request) else _back_with(request, key)


def account_refused(request: Request, error: Exception) -> Response:
    """The reason's text key: as the API's detail, or as the message on the page."""
    assert isinstance(error, AccountRefused)
    if not _is_api(request):
        return _back_with(request, error.key)
    code = status.HTTP_409_CONFLICT if error.key in ACCOUNT_CONFLICTS else status.HTTP_422_UNPROCESSABLE_ENTITY
    return JSONResponse({"detail": error.key}, status_code=code)


def content_refused(request: Request, error: Exception) -> Response:
    """Content that cannot be saved: the field and the reason (422), or the message on the page."""
    assert isinstance(error, ContentError)
    if not _is_api(request):
        return _back_with(request, error.code or "not_saved")
    return JSONResponse(
        {"detail": {"field": error.field, "reason": error.reason}}, status_code=status.HTTP_422_UNPROCESSABLE_ENTITY
    )


async def http_error(request: Request, error: Exception) -> Response:
    """JSON for the API (FastAPI's usual body), a page for people."""
    assert isinstance(error, StarletteHTTPException)
    if _is_api(request) or "text/html" not in request.headers.get("accept", ""):
        return await http_exception_handler(request, error)
    response = page(request, "error.html", None, status_code=error.status_code, detail=error.detail)
    response.status_code = error.status_code
    return response


HANDLERS: dict[type[Exception], Callable[[Request, Exception], Union[Response, Awaitable[Response]]]] = {
    LoginRequired: to_login,
    TwoFactorSetupRequired: to_two_factor,
    TicketUnavailable: ticket_unavailable,
    AccountRefused: account_refused,
    ContentError: content_refused,
    StarletteHTTPException: http_error,
}


def install(app: FastAPI) -> None:
    for error, handler in HANDLERS.items():
        app.add_exception_handler(error, handler)

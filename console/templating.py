"""One place for the staff pages' templates and helpers: the console's words in the person's
language, rendering a page, one-time messages, redirects after a form, local times."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

import yaml
from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from console.auth import csrf_token
from handoff.desk import local_time
from handoff.models import Advisor, Ticket, utcnow
from knowledge.render import count_of, labels, language_name
from settings import get_settings

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=str(HERE / "templates"))


@lru_cache(maxsize=1)
def _texts() -> dict[str, dict[str, Any]]:
    return yaml.safe_load((HERE / "advisor_texts.yml").read_text(encoding="utf-8"))


class Words(dict):
    """The console's words; a key no language has shows as ⟦key⟧ on the page (a test looks for it)
    instead of vanishing."""

    def __missing__(self, key: str) -> str:
        return f"⟦{key}⟧"


def words(request: Request) -> Words:
    """The console's words in the interface language (?lang=, the account's or the browser's)."""
    table = _texts()
    wanted = request.query_params.get("lang") or request.session.get("lang") or ""
    if wanted in table:
        request.session["lang"] = wanted
    chosen = str(request.session.get("lang") or "") or next(
        (code[:2] for code in request.headers.get("accept-language", "").split(",") if code[:2] in table), "en"
    )
    return Words({**table["en"], **table.get(chosen, {}), "_lang": chosen})


def page(request: Request, template: str, advisor: Optional[Advisor] = None, **context: Any) -> Response:
    return templates.TemplateResponse(
        template,
        {
            "request": request,
            "t": words(request),
            "me": advisor,
            "csrf": csrf_token(request),
            "flash": request.session.pop("flash", None),
            "flash_problem": request.session.pop("flash_problem", False),
            **context,
        },
    )


def flash(request: Request, key: str, problem: bool = False) -> None:
    """A one-time message on the next page: a confirmation, or (`problem`) what went wrong."""
    request.session["flash"] = key
    request.session["flash_problem"] = problem


def back(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


def done(request: Request, session: Session, message: str, path: str) -> RedirectResponse:
    """A form's happy ending: commit, say `message` on the next page, and go to `path`."""
    session.commit()
    flash(request, message)
    return back(path)


def local(moment: dt.datetime) -> str:
    """A stored UTC time as the service's local wall-clock time."""
    return local_time(moment, get_settings().timezone).strftime("%d.%m. %H:%M")


templates.env.filters["local"] = local


def ticket_row(ticket: Ticket, ui: str) -> dict[str, Any]:
    now = utcnow()
    return {
        "ticket": ticket,
        "language": language_name(ticket.language, ui),
        "topic": labels(ui).get("topic_names", {}).get(ticket.topic_key or "", ticket.topic_key or "–"),
        "municipality": ticket.municipality.name(ui) if ticket.municipality else "–",
        "waited": count_of(int(((ticket.claimed_at or now) - ticket.created_at).total_seconds() // 60), "minutes", ui),
    }

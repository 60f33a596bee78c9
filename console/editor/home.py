"""The editor's landing page."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from console.auth import ContentPerson
from console.templating import page, words
from handoff.models import ADMIN, EDITOR

router = APIRouter(prefix="/editor", include_in_schema=False)


@router.get("", response_class=HTMLResponse)
def editor_home(request: Request, person: ContentPerson) -> Response:
    """Where the content pages start: what this person's role may keep up to date."""
    t = words(request)
    links = [("/editor/listings", t["listings"]), ("/editor/transfer", t["transfer"])]
    if person.role in (ADMIN, EDITOR):
        links = [
            ("/editor/answers", t["answers"]),
            ("/editor/expired", t["expired"]),
            ("/editor/texts", t["bot_texts"]),
            ("/editor/links", t["links"]),
            ("/editor/review", t["review"]),
            ("/editor/organisations", t["organisations"]),
            *links,
        ]
    return page(request, "landing.html", person, heading=t["editor_home"], intro=t["editor_home_intro"], links=links)

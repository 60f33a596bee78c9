"""Past conversations: search by words, language, topic, municipality, advisor, date and rating."""

from __future__ import annotations

import datetime as dt
from typing import Optional

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from console.auth import TicketTaker
from console.deps import Database
from console.templating import page, ticket_row, words
from handoff.history import PAGE as HISTORY_PAGE
from handoff.history import Criteria, find_tickets
from handoff.models import ADMIN, Advisor
from handoff.routing import TAKES_TICKETS
from knowledge.render import labels, language_name
from knowledge.services import municipality_named
from settings import get_settings

router = APIRouter(include_in_schema=False)


@router.get("/history", response_class=HTMLResponse)
def history_page(
    request: Request,
    advisor: TicketTaker,
    session: Database,
    words_: str = Query("", alias="words", max_length=200),
    language: str = Query("", max_length=8),
    topic: str = Query("", max_length=80),
    municipality: str = Query("", max_length=60),
    advisor_id: str = Query("", max_length=12),
    since: str = Query("", max_length=10),
    until: str = Query("", max_length=10),
    rating: str = Query("", max_length=1),
    page_number: int = Query(1, alias="page", ge=1, le=1000),
) -> Response:
    """Past conversations: what this person may see, found by words and facts, each opening its transcript."""
    ui = words(request)["_lang"]
    place = municipality_named(session, municipality) if municipality else None
    criteria = Criteria(
        words=words_,
        language=language or None,
        topic=topic or None,
        municipality=place.code if place else (municipality or None),
        advisor_id=int(advisor_id) if advisor_id.isdigit() else None,
        since=_day(since),
        until=_day(until),
        rating=int(rating) if rating.isdigit() else None,
    )
    found = find_tickets(session, advisor, criteria, get_settings().timezone, (page_number - 1) * HISTORY_PAGE)
    topic_names = labels(ui).get("topic_names", {})
    return page(
        request,
        "history.html",
        advisor,
        rows=[ticket_row(ticket, ui) for ticket in found],
        asked={
            "words": words_,
            "language": language,
            "topic": topic,
            "municipality": municipality,
            "advisor_id": advisor_id,
            "since": since,
            "until": until,
            "rating": rating,
        },
        languages=[(code, language_name(code, ui)) for code in get_settings().languages],
        topics=sorted(((key, name) for key, name in topic_names.items() if "." not in key), key=lambda item: item[1]),
        advisors=session.scalars(select(Advisor).where(Advisor.role.in_(TAKES_TICKETS)).order_by(Advisor.name)).all()
        if advisor.role == ADMIN
        else [],
        page_number=page_number,
        more=len(found) == HISTORY_PAGE,
    )


def _day(value: str) -> Optional[dt.date]:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None

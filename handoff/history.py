"""Past conversations, found again: by words, language, topic, municipality, advisor, date and rating.
Admins search every ticket; an advisor or peer advisor, the tickets they had. Words are looked for in
what the user wrote when they were handed over (the preview), the advisors' replies and notes; the rest
of what the user wrote lives in Rasa's tracker and is read when the ticket is opened."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import Optional

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session, selectinload

from handoff.models import ADMIN, Advisor, Ticket, TicketMessage

PAGE = 50


@dataclass(frozen=True)
class Criteria:
    words: str = ""
    language: Optional[str] = None
    topic: Optional[str] = None
    municipality: Optional[str] = None
    advisor_id: Optional[int] = None
    since: Optional[dt.date] = None
    until: Optional[dt.date] = None
    rating: Optional[int] = None
    status: Optional[str] = None


def _utc_midnight(day: dt.date, timezone: str) -> dt.datetime:
    local = dt.datetime.combine(day, dt.time(), tzinfo=zoneinfo.ZoneInfo(timezone))
    return local.astimezone(dt.timezone.utc).replace(tzinfo=None)


def find_tickets(
    session: Session, person: Advisor, criteria: Criteria, timezone: str = "UTC", offset: int = 0
) -> list[Ticket]:
    """Newest first, a page at a time; only what the person's role lets them see. Dates are days in
    the service's `timezone`."""
    query = select(Ticket).options(selectinload(Ticket.advisor), selectinload(Ticket.municipality))
    if person.role != ADMIN:
        query = query.where(Ticket.advisor_id == person.id)
    elif criteria.advisor_id is not None:
        query = query.where(Ticket.advisor_id == criteria.advisor_id)
    for word in criteria.words.lower().split()[:5]:
        in_messages = exists().where(
            TicketMessage.ticket_id == Ticket.id, func.lower(TicketMessage.text).contains(word, autoescape=True)
        )
        query = query.where(
            or_(func.lower(func.coalesce(Ticket.preview, "")).contains(word, autoescape=True), in_messages)
        )
    for column, value in (
        (Ticket.language, criteria.language),
        (Ticket.topic_key, criteria.topic),
        (Ticket.municipality_code, criteria.municipality),
        (Ticket.rating, criteria.rating),
        (Ticket.status, criteria.status),
    ):
        if value is not None and value != "":
            query = query.where(column == value)
    if criteria.since is not None:
        query = query.where(Ticket.created_at >= _utc_midnight(criteria.since, timezone))
    if criteria.until is not None:
        query = query.where(Ticket.created_at < _utc_midnight(criteria.until + dt.timedelta(days=1), timezone))
    query = query.order_by(Ticket.created_at.desc(), Ticket.id.desc()).offset(offset).limit(PAGE)
    return list(session.scalars(query))

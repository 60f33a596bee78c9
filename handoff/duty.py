"""Office hours: whether advisors who serve a municipality are on duty, when they are back, and how
long a newcomer can expect to wait."""

from __future__ import annotations

import datetime as dt
import math
import statistics
from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from handoff.models import Team, Ticket
from handoff.queue import position

# Until there is a history of claimed tickets to measure, a newcomer is told this per place in the queue.
DEFAULT_MINUTES_PER_PLACE = 5
HISTORY = 20
LOOKAHEAD_DAYS = 14


def serving_teams(session: Session, municipality_code: Optional[str]) -> list[Team]:
    """The teams for a newcomer in this municipality: its own and every national pool."""
    teams = session.scalars(
        select(Team).options(selectinload(Team.municipalities), selectinload(Team.hours), selectinload(Team.exceptions))
    )
    return [
        team
        for team in teams
        if team.serves_nationally or any(place.code == municipality_code for place in team.municipalities)
    ]


def periods_on(team: Team, day: dt.date) -> list[tuple[dt.time, dt.time]]:
    """When the team is on duty on `day`: its exceptions for that day when it has any (none open:
    closed), its weekly hours otherwise."""
    exceptions = [exception for exception in team.exceptions if exception.day == day]
    if exceptions:
        return [(e.opens, e.closes) for e in exceptions if e.opens is not None and e.closes is not None]
    return [(hours.opens, hours.closes) for hours in team.hours if hours.weekday == day.weekday()]


def on_duty(session: Session, municipality_code: Optional[str], now: dt.datetime) -> bool:
    """`now` is local time (naive, in settings.timezone)."""
    return any(
        opens <= now.time() < closes
        for team in serving_teams(session, municipality_code)
        for opens, closes in periods_on(team, now.date())
    )


def next_opening(session: Session, municipality_code: Optional[str], now: dt.datetime) -> Optional[dt.datetime]:
    """The earliest moment after `now` when a serving team opens, within two weeks (holidays and other
    exceptions counted); None when no serving team opens in that time."""
    openings = [
        dt.datetime.combine(day, opens)
        for team in serving_teams(session, municipality_code)
        for day in (now.date() + dt.timedelta(days=offset) for offset in range(LOOKAHEAD_DAYS))
        for opens, _ in periods_on(team, day)
    ]
    later = [moment for moment in openings if moment > now]
    return min(later) if later else None


def overlaps(periods: list[tuple[dt.time, dt.time]], opens: dt.time, closes: dt.time) -> bool:
    return any(opens < other_closes and other_opens < closes for other_opens, other_closes in periods)


def estimated_wait_minutes(session: Session, ticket: Ticket) -> int:
    """Place in the queue × the median time recent tickets waited until an advisor claimed them."""
    recent = session.execute(
        select(Ticket.created_at, Ticket.claimed_at)
        .where(Ticket.claimed_at.is_not(None))
        .order_by(Ticket.claimed_at.desc())
        .limit(HISTORY)
    ).all()
    waits = [(claimed - created).total_seconds() / 60 for created, claimed in recent]
    per_place = statistics.median(waits) if waits else DEFAULT_MINUTES_PER_PLACE
    return max(1, math.ceil(per_place * max(1, position(session, ticket))))

"""Teams and their office hours: add, edit and delete teams, weekly hours, holidays and exceptions
(overlapping hours refused)."""

from __future__ import annotations

import datetime as dt
from typing import Optional
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from console.auth import AdminOnly, check_csrf
from console.deps import Database, RowId
from console.templating import back, done, flash, page, words
from handoff.duty import overlaps
from handoff.models import Advisor, HoursException, OfficeHours, Team
from knowledge.models import Municipality
from knowledge.services import municipality_named
from settings import get_settings

router = APIRouter(prefix="/admin", include_in_schema=False)


def _clock(value: str) -> Optional[dt.time]:
    try:
        return dt.time.fromisoformat(value.strip())
    except ValueError:
        return None


@router.get("/office-hours", response_class=HTMLResponse)
def office_hours(request: Request, advisor: AdminOnly, session: Database) -> Response:
    ui = words(request)["_lang"]
    teams = session.scalars(
        select(Team)
        .order_by(Team.name)
        .options(selectinload(Team.hours), selectinload(Team.municipalities), selectinload(Team.exceptions))
    ).all()
    members = session.scalars(select(Advisor).where(Advisor.team_id.is_not(None)).order_by(Advisor.name)).all()
    today = dt.datetime.now(ZoneInfo(get_settings().timezone)).date()
    return page(
        request,
        "office_hours.html",
        advisor,
        teams=[
            {
                "team": team,
                "places": ", ".join(sorted(place.name(ui) for place in team.municipalities)),
                "place_codes": ", ".join(sorted(place.code for place in team.municipalities)),
                "members": [person for person in members if person.team_id == team.id],
                "exceptions": [exception for exception in team.exceptions if exception.day >= today],
            }
            for team in teams
        ],
    )


def _places(session: Session, municipalities: str) -> Optional[list[Municipality]]:
    """Municipalities from names or codes separated by commas; None when one is not recognised."""
    places = [municipality_named(session, part) for part in municipalities.split(",") if part.strip()]
    return None if any(place is None for place in places) else [place for place in places if place is not None]


@router.post("/teams", dependencies=[Depends(check_csrf)])
def add_team(
    request: Request,
    advisor: AdminOnly,
    session: Database,
    name: str = Form("", max_length=200),
    municipalities: str = Form("", max_length=2000),
) -> Response:
    """A new team; `municipalities` is a comma-separated list of names or codes (empty: the whole country)."""
    places = _places(session, municipalities)
    if not name.strip() or places is None or session.scalar(select(Team.id).where(Team.name == name.strip())):
        flash(request, "team_invalid", problem=True)
        return back("/admin/office-hours")
    session.add(Team(name=name.strip(), municipalities=places))
    return done(request, session, "saved", "/admin/office-hours")


@router.post("/teams/{team_id}", dependencies=[Depends(check_csrf)])
def change_team(
    request: Request,
    team_id: RowId,
    advisor: AdminOnly,
    session: Database,
    name: str = Form("", max_length=200),
    municipalities: str = Form("", max_length=2000),
) -> Response:
    team = session.get(Team, team_id)
    places = _places(session, municipalities)
    same_name = session.scalar(select(Team.id).where(Team.name == name.strip(), Team.id != team_id))
    if team is None or not name.strip() or places is None or same_name:
        flash(request, "team_invalid", problem=True)
        return back("/admin/office-hours")
    team.name, team.municipalities = name.strip(), places
    return done(request, session, "saved", f"/admin/office-hours#team-{team_id}")


@router.post("/teams/{team_id}/delete", dependencies=[Depends(check_csrf)])
def delete_team(request: Request, team_id: RowId, advisor: AdminOnly, session: Database) -> Response:
    """The team and its hours go; its advisors stay, without a team."""
    team = session.get(Team, team_id)
    if team is not None:
        session.execute(update(Advisor).where(Advisor.team_id == team_id).values(team_id=None))
        session.delete(team)
        session.commit()
        flash(request, "team_deleted")
    return back("/admin/office-hours")


@router.post("/teams/{team_id}/hours", dependencies=[Depends(check_csrf)])
def add_hours(
    request: Request,
    team_id: RowId,
    advisor: AdminOnly,
    session: Database,
    weekday: int = Form(..., ge=0, le=6),
    opens: str = Form("", max_length=8),
    closes: str = Form("", max_length=8),
) -> Response:
    team = session.get(Team, team_id)
    start, end = _clock(opens), _clock(closes)
    if team is None or start is None or end is None or end <= start:
        flash(request, "hours_invalid", problem=True)
        return back("/admin/office-hours")
    same_day = [(hours.opens, hours.closes) for hours in team.hours if hours.weekday == weekday]
    if overlaps(same_day, start, end):
        flash(request, "hours_overlap", problem=True)
        return back(f"/admin/office-hours#team-{team_id}")
    team.hours.append(OfficeHours(weekday=weekday, opens=start, closes=end))
    return done(request, session, "saved", f"/admin/office-hours#team-{team_id}")


@router.post("/hours/{hours_id}/remove", dependencies=[Depends(check_csrf)])
def remove_hours(hours_id: RowId, advisor: AdminOnly, session: Database) -> Response:
    hours = session.get(OfficeHours, hours_id)
    if hours is not None:
        session.delete(hours)
        session.commit()
    return back("/admin/office-hours")


@router.post("/teams/{team_id}/exceptions", dependencies=[Depends(check_csrf)])
def add_exception(
    request: Request,
    team_id: RowId,
    advisor: AdminOnly,
    session: Database,
    day: str = Form("", max_length=10),
    opens: str = Form("", max_length=8),
    closes: str = Form("", max_length=8),
    reason: str = Form("", max_length=200),
) -> Response:
    """A holiday (no hours: closed all day) or different hours on one day."""
    team = session.get(Team, team_id)
    try:
        date = dt.date.fromisoformat(day)
    except ValueError:
        date = None
    start, end = _clock(opens) if opens else None, _clock(closes) if closes else None
    closed_all_day = not opens and not closes
    if team is None or date is None or (not closed_all_day and (start is None or end is None or end <= start)):
        flash(request, "exception_invalid", problem=True)
        return back(f"/admin/office-hours#team-{team_id}")
    that_day = [exception for exception in team.exceptions if exception.day == date]
    periods = [(e.opens, e.closes) for e in that_day if e.opens is not None and e.closes is not None]
    already_closed = any(e.opens is None for e in that_day)
    if already_closed or (closed_all_day and that_day) or (start and end and overlaps(periods, start, end)):
        flash(request, "hours_overlap", problem=True)
        return back(f"/admin/office-hours#team-{team_id}")
    team.exceptions.append(HoursException(day=date, opens=start, closes=end, reason=reason.strip()))
    return done(request, session, "saved", f"/admin/office-hours#team-{team_id}")


@router.post("/exceptions/{exception_id}/remove", dependencies=[Depends(check_csrf)])
def remove_exception(exception_id: RowId, advisor: AdminOnly, session: Database) -> Response:
    exception = session.get(HoursException, exception_id)
    if exception is not None:
        session.delete(exception)
        session.commit()
    return back("/admin/office-hours")

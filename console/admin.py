"""Admin pages: office hours per advisor team (and the municipalities a team serves), and the canned
replies advisors pick from, per language."""

from __future__ import annotations

import datetime as dt
from typing import Optional

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from console.auth import check_csrf, with_role
from console.deps import database
from console.pages import back, flash, page, words
from handoff.canned import canned_replies, next_position
from handoff.models import ADMIN, Advisor, CannedReply, OfficeHours, Team
from knowledge.render import language_name
from knowledge.services import municipality_named
from settings import get_settings

router = APIRouter(prefix="/admin", include_in_schema=False)
admin_only = with_role(ADMIN)


def _clock(value: str) -> Optional[dt.time]:
    try:
        return dt.time.fromisoformat(value.strip())
    except ValueError:
        return None


@router.get("", response_class=HTMLResponse)
def admin_home(request: Request, advisor: Advisor = Depends(admin_only)) -> Response:
    t = words(request)
    links = [
        ("/admin/accounts", t["accounts"]),
        ("/admin/office-hours", t["office_hours"]),
        ("/admin/canned-replies", t["canned_replies"]),
        ("/editor", t["editor_home"]),
    ]
    return page(request, "landing.html", advisor, heading=t["admin_home"], intro=t["admin_home_intro"], links=links)


@router.get("/office-hours", response_class=HTMLResponse)
def office_hours(
    request: Request, advisor: Advisor = Depends(admin_only), session: Session = Depends(database)
) -> Response:
    ui = words(request)["_lang"]
    teams = session.scalars(
        select(Team).order_by(Team.name).options(selectinload(Team.hours), selectinload(Team.municipalities))
    ).all()
    return page(
        request,
        "office_hours.html",
        advisor,
        teams=[(team, ", ".join(sorted(place.name(ui) for place in team.municipalities))) for team in teams],
    )


@router.post("/teams", dependencies=[Depends(check_csrf)])
def add_team(
    request: Request,
    name: str = Form("", max_length=200),
    municipalities: str = Form("", max_length=2000),
    advisor: Advisor = Depends(admin_only),
    session: Session = Depends(database),
) -> Response:
    """A new team; `municipalities` is a comma-separated list of names or codes (empty: the whole country)."""
    wanted = [part.strip() for part in municipalities.split(",") if part.strip()]
    places = [municipality_named(session, part) for part in wanted]
    if (
        not name.strip()
        or any(place is None for place in places)
        or session.scalar(select(Team.id).where(Team.name == name.strip()))
    ):
        flash(request, "team_invalid", problem=True)
        return back("/admin/office-hours")
    session.add(Team(name=name.strip(), municipalities=[place for place in places if place is not None]))
    session.commit()
    flash(request, "saved")
    return back("/admin/office-hours")


@router.post("/teams/{team_id}/hours", dependencies=[Depends(check_csrf)])
def add_hours(
    request: Request,
    team_id: int,
    weekday: int = Form(..., ge=0, le=6),
    opens: str = Form("", max_length=8),
    closes: str = Form("", max_length=8),
    advisor: Advisor = Depends(admin_only),
    session: Session = Depends(database),
) -> Response:
    team = session.get(Team, team_id)
    start, end = _clock(opens), _clock(closes)
    if team is None or start is None or end is None or end <= start:
        flash(request, "hours_invalid", problem=True)
        return back("/admin/office-hours")
    team.hours.append(OfficeHours(weekday=weekday, opens=start, closes=end))
    session.commit()
    flash(request, "saved")
    return back("/admin/office-hours")


@router.post("/hours/{hours_id}/remove", dependencies=[Depends(check_csrf)])
def remove_hours(
    hours_id: int, advisor: Advisor = Depends(admin_only), session: Session = Depends(database)
) -> Response:
    hours = session.get(OfficeHours, hours_id)
    if hours is not None:
        session.delete(hours)
        session.commit()
    return back("/admin/office-hours")


@router.get("/canned-replies", response_class=HTMLResponse)
def canned_page(
    request: Request,
    language: str = Query("en", max_length=8),
    advisor: Advisor = Depends(admin_only),
    session: Session = Depends(database),
) -> Response:
    ui = words(request)["_lang"]
    languages = get_settings().languages
    chosen = language if language in languages else languages[0]
    return page(
        request,
        "canned_replies.html",
        advisor,
        chosen=chosen,
        languages=[(code, language_name(code, ui)) for code in languages],
        replies=canned_replies(session, chosen),
    )


@router.post("/canned-replies", dependencies=[Depends(check_csrf)])
def save_canned(
    request: Request,
    language: str = Form(..., max_length=8),
    title: str = Form("", max_length=200),
    text: str = Form("", max_length=4000),
    reply_id: Optional[int] = Form(None),
    delete: Optional[str] = Form(None),
    advisor: Advisor = Depends(admin_only),
    session: Session = Depends(database),
) -> Response:
    """Add a reply, or (with reply_id) change or delete one."""
    target = f"/admin/canned-replies?language={language}"
    reply = session.get(CannedReply, reply_id) if reply_id else None
    if reply is not None and delete:
        session.delete(reply)
        session.commit()
        return back(target)
    if language not in get_settings().languages or not title.strip() or not text.strip():
        flash(request, "text_required", problem=True)
        return back(target)
    if reply is None:
        session.add(
            CannedReply(
                language=language, title=title.strip(), text=text.strip(), position=next_position(session, language)
            )
        )
    else:
        reply.title, reply.text = title.strip(), text.strip()
    session.commit()
    flash(request, "saved")
    return back(target)

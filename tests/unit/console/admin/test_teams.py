"""Admins keep office hours per team and the canned replies per language."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from handoff.models import CannedReply, OfficeHours, Team
from knowledge.db import open_session
from tests.unit.console.conftest import Browser


def admin() -> Browser:
    browser = Browser()
    browser.sign_in("admin@alku.fi")
    return browser


def test_admin_adds_a_team_for_municipalities_and_its_hours(console_db):
    browser = admin()
    browser.post_form(
        "/admin/office-hours", "/admin/teams", {"name": "Vaasa Welcome Office", "municipalities": "Vaasa, 564"}
    )
    with open_session(console_db) as session:
        team = session.scalars(select(Team).where(Team.name == "Vaasa Welcome Office")).one()
        assert sorted(place.code for place in team.municipalities) == ["564", "905"]
        team_id = team.id
    browser.post_form(
        "/admin/office-hours", f"/admin/teams/{team_id}/hours", {"weekday": "2", "opens": "09:00", "closes": "15:30"}
    )
    bad = browser.post_form(
        "/admin/office-hours", f"/admin/teams/{team_id}/hours", {"weekday": "2", "opens": "15:00", "closes": "09:00"}
    )
    assert bad.status_code == 303
    assert "The closing time must be after the opening time." in browser.get("/admin/office-hours").text
    with open_session(console_db) as session:
        hours = session.scalars(select(OfficeHours).where(OfficeHours.team_id == team_id)).all()
        assert [(h.weekday, h.opens, h.closes) for h in hours] == [(2, dt.time(9), dt.time(15, 30))]
        hours_id = hours[0].id
    browser.post_form("/admin/office-hours", f"/admin/hours/{hours_id}/remove")
    with open_session(console_db) as session:
        assert session.get(OfficeHours, hours_id) is None


def test_an_unknown_municipality_makes_no_team(console_db):
    admin().post_form("/admin/office-hours", "/admin/teams", {"name": "Nowhere", "municipalities": "Atlantis"})
    with open_session(console_db) as session:
        assert session.scalars(select(Team).where(Team.name == "Nowhere")).first() is None


def test_admin_edits_adds_and_removes_canned_replies(console_db):
    browser = admin()
    with open_session(console_db) as session:
        first = session.scalars(select(CannedReply).where(CannedReply.language == "ar")).first()
        first_id, count = first.id, len(session.scalars(select(CannedReply).where(CannedReply.language == "ar")).all())
    page = "/admin/canned-replies?language=ar"
    browser.post_form(
        page,
        "/admin/canned-replies",
        {"language": "ar", "reply_id": first_id, "title": "تحية", "text": "مرحباً، أنا مستشارة."},
    )
    browser.post_form(page, "/admin/canned-replies", {"language": "ar", "title": "موعد", "text": "يمكنك حجز موعد."})
    browser.post_form(page, "/admin/canned-replies", {"language": "ar", "title": "", "text": ""})
    with open_session(console_db) as session:
        replies = session.scalars(select(CannedReply).where(CannedReply.language == "ar")).all()
        assert len(replies) == count + 1 and session.get(CannedReply, first_id).text == "مرحباً، أنا مستشارة."
    browser.post_form(page, "/admin/canned-replies", {"language": "ar", "reply_id": first_id, "delete": "1"})
    with open_session(console_db) as session:
        assert session.get(CannedReply, first_id) is None
    assert "يمكنك حجز موعد." in browser.get(page).text


def test_admin_renames_a_team_refuses_overlapping_hours_adds_a_holiday_and_deletes_the_team(console_db):
    import datetime as dt

    from handoff.models import HoursException, Team
    from knowledge.db import open_session

    admin = Browser()
    admin.sign_in("admin@alku.fi")
    admin.post_form("/admin/office-hours", "/admin/teams", {"name": "Oulun neuvonta", "municipalities": "Oulu"})
    with open_session(console_db) as session:
        team_id = session.query(Team).filter_by(name="Oulun neuvonta").one().id
    page = "/admin/office-hours"
    admin.post_form(
        page, f"/admin/teams/{team_id}", {"name": "Oulun maahanmuuttoneuvonta", "municipalities": "564, Ii"}
    )
    admin.post_form(page, f"/admin/teams/{team_id}/hours", {"weekday": "0", "opens": "09:00", "closes": "15:00"})
    overlapping = admin.post_form(
        page, f"/admin/teams/{team_id}/hours", {"weekday": "0", "opens": "14:00", "closes": "16:00"}
    )
    assert "overlap" in admin.get(overlapping.headers["location"]).text
    holiday = dt.date.today() + dt.timedelta(days=3)
    admin.post_form(page, f"/admin/teams/{team_id}/exceptions", {"day": holiday.isoformat(), "reason": "Pyhäpäivä"})
    shown = admin.get(page).text
    assert "Oulun maahanmuuttoneuvonta" in shown and "Closed all day" in shown and "Pyhäpäivä" in shown
    with open_session(console_db) as session:
        team = session.get(Team, team_id)
        assert sorted(place.code for place in team.municipalities) == ["139", "564"]
        assert [(hours.opens.hour, hours.closes.hour) for hours in team.hours] == [(9, 15)]
    admin.post_form(page, f"/admin/teams/{team_id}/delete")
    with open_session(console_db) as session:
        assert session.get(Team, team_id) is None
        assert session.query(HoursException).count() == 0

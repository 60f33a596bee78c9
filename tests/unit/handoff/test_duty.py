import datetime as dt

import pytest

from handoff.duty import DEFAULT_MINUTES_PER_PLACE, estimated_wait_minutes, next_opening, on_duty
from handoff.models import OfficeHours, Team
from handoff.queue import claim, open_ticket
from knowledge.models import Municipality

MONDAY = dt.date(2026, 11, 23)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute))


@pytest.fixture
def teams(db):
    """Oulu's own service Mon–Fri 9–15 and a national pool on Saturdays 10–14."""
    db.add_all(
        [
            Team(
                name="Oulu",
                municipalities=[db.get(Municipality, "564")],
                hours=[OfficeHours(weekday=day, opens=dt.time(9), closes=dt.time(15)) for day in range(5)],
            ),
            Team(name="National", hours=[OfficeHours(weekday=5, opens=dt.time(10), closes=dt.time(14))]),
        ]
    )
    db.commit()


def test_on_duty_follows_the_teams_that_serve_the_municipality(db, teams):
    assert on_duty(db, "564", at(MONDAY, 9)) and on_duty(db, "564", at(MONDAY, 14, 59))
    assert not on_duty(db, "564", at(MONDAY, 15)) and not on_duty(db, "564", at(MONDAY, 8, 59))
    assert not on_duty(db, "091", at(MONDAY, 10)), "Helsinki is served only by the national pool"
    saturday = MONDAY + dt.timedelta(days=5)
    assert on_duty(db, "091", at(saturday, 11)) and on_duty(db, "564", at(saturday, 11))
    assert not on_duty(db, None, at(MONDAY, 10))


def test_next_opening_is_the_earliest_coming_opening(db, teams):
    assert next_opening(db, "564", at(MONDAY, 16)) == at(MONDAY + dt.timedelta(days=1), 9)
    friday = MONDAY + dt.timedelta(days=4)
    assert next_opening(db, "564", at(friday, 15)) == at(friday + dt.timedelta(days=1), 10)
    assert next_opening(db, "091", at(MONDAY, 10)) == at(friday + dt.timedelta(days=1), 10)


def test_without_office_hours_there_is_no_next_opening(db):
    assert next_opening(db, "564", at(MONDAY, 10)) is None and not on_duty(db, "564", at(MONDAY, 10))


def test_estimated_wait_grows_with_the_queue_and_learns_from_claims(db, make_advisor):
    tickets = [
        open_ticket(db, conversation_id=f"c{n}", channel="callback", language="fi", municipality_code="564")
        for n in range(3)
    ]
    db.commit()
    assert [estimated_wait_minutes(db, ticket) for ticket in tickets] == [
        DEFAULT_MINUTES_PER_PLACE * place for place in (1, 2, 3)
    ]
    claimed = claim(db, tickets[0].id, make_advisor("a@alku.fi"))
    claimed.claimed_at = claimed.created_at + dt.timedelta(minutes=2)
    db.commit()
    assert estimated_wait_minutes(db, tickets[2]) == 2 * 2, "second in line × the 2 minutes the last one waited"


def test_a_holiday_closes_the_day_and_the_next_opening_skips_it(db, teams):
    from handoff.models import HoursException

    oulu = db.query(Team).filter_by(name="Oulu").one()
    tuesday = MONDAY + dt.timedelta(days=1)
    oulu.exceptions.append(HoursException(day=tuesday, reason="Itsenäisyyspäivä"))
    db.commit()
    assert not on_duty(db, "564", at(tuesday, 10))
    assert next_opening(db, "564", at(MONDAY, 16)) == at(tuesday + dt.timedelta(days=1), 9)


def test_different_hours_on_one_day_replace_the_weekly_ones(db, teams):
    from handoff.models import HoursException

    oulu = db.query(Team).filter_by(name="Oulu").one()
    oulu.exceptions.append(HoursException(day=MONDAY, opens=dt.time(12), closes=dt.time(13), reason="Koulutus"))
    db.commit()
    assert not on_duty(db, "564", at(MONDAY, 10)) and on_duty(db, "564", at(MONDAY, 12, 30))
    assert next_opening(db, "564", at(MONDAY, 8)) == at(MONDAY, 12)

import datetime as dt

from knowledge.models import OpeningHours
from knowledge.render import format_date, format_opening_hours, language_name


def hours(*periods):
    return [
        OpeningHours(weekday=day, opens=dt.time.fromisoformat(a), closes=dt.time.fromisoformat(b))
        for day, a, b in periods
    ]


def test_consecutive_days_with_same_hours_share_a_range():
    week = hours(*[(day, "09:00", "16:00") for day in range(5)], (5, "10:00", "14:00"))
    assert format_opening_hours(week, "fi") == "ma–pe 9.00–16.00, la 10.00–14.00"
    assert format_opening_hours(week, "en") == "Mon–Fri 9.00–16.00, Sat 10.00–14.00"


def test_separate_days_are_listed_apart():
    assert format_opening_hours(hours((0, "12:00", "15:30"), (3, "12:00", "15:30")), "sv") == "mån, tor 12.00–15.30"


def test_dates_in_each_language():
    day = dt.date(2026, 11, 3)
    assert format_date(day, "fi") == "3.11.2026"
    assert format_date(day, "sv") == "3.11.2026"
    assert format_date(day, "en") == "3 November 2026"


def test_language_names_in_the_users_language():
    assert language_name("ar", "fi") == "arabia"
    assert language_name("en", "sv") == "engelska"

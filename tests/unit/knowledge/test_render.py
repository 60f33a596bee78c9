import datetime as dt

import pytest

from knowledge.models import OpeningHours
from knowledge.render import count_of, format_date, format_opening_hours, language_name, plural_category


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


@pytest.mark.parametrize(
    ("count", "language", "expected"),
    [
        (1, "en", "1 minute"),
        (5, "en", "5 minutes"),
        (1, "fi", "1 minuutti"),
        (12, "fi", "12 minuuttia"),
        (1, "sv", "1 minut"),
        (3, "sv", "3 minuter"),
        (1, "et", "1 minut"),
        (4, "et", "4 minutit"),
        (1, "ar", "دقيقة واحدة"),
        (2, "ar", "دقيقتين"),
        (5, "ar", "5 دقائق"),
        (15, "ar", "15 دقيقة"),
        (21, "ru", "21 мин."),
        (7, "tr", "7 dakika"),
    ],
)
def test_a_count_of_minutes_takes_the_right_plural_form(count, language, expected):
    assert count_of(count, "minutes", language) == expected


def test_plural_categories_follow_cldr():
    assert [plural_category(n, "ru") for n in (1, 2, 5, 11, 21, 22, 25)] == [
        "one", "few", "many", "many", "one", "few", "many",
    ]  # fmt: skip
    assert [plural_category(n, "ar") for n in (0, 1, 2, 3, 10, 11, 99, 100, 103)] == [
        "zero", "one", "two", "few", "few", "many", "many", "other", "few",
    ]  # fmt: skip

"""Turn answers and listings into the plain text a chat shows, in the user's language.

Only the layout lives here; every word comes from `content/labels.yml` or the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import lru_cache
from itertools import groupby
from pathlib import Path
from typing import Any

import yaml

from knowledge.answers import language_chain
from knowledge.cards import HoursCard, ShownListing
from knowledge.models import OpeningHours

LABELS = Path(__file__).parent / "content" / "labels.yml"


@lru_cache(maxsize=1)
def _all_labels() -> dict[str, dict[str, Any]]:
    return yaml.safe_load(LABELS.read_text(encoding="utf-8"))


def labels(language: str) -> dict[str, Any]:
    table = _all_labels()
    for candidate in language_chain(language):
        if candidate in table:
            return table[candidate]
    raise KeyError(language)


def plural_category(count: int, language: str) -> str:
    """The CLDR plural category of a whole number in Alku's languages (one/few/many for Russian and
    Ukrainian, zero/one/two/few/many/other for Arabic, one/other elsewhere)."""
    if language in ("ru", "uk"):
        if count % 10 == 1 and count % 100 != 11:
            return "one"
        if 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14:
            return "few"
        return "many"
    if language == "ar":
        if count in (0, 1, 2):
            return ("zero", "one", "two")[count]
        if 3 <= count % 100 <= 10:
            return "few"
        return "many" if 11 <= count % 100 <= 99 else "other"
    return "one" if count == 1 else "other"


def count_of(count: int, unit: str, language: str) -> str:
    """ "1 minute", "5 minutes", "5 minuuttia": the unit's form for the count from labels.yml."""
    forms: dict[str, str] = labels(language)["units"][unit]
    form = forms.get(plural_category(count, language)) or forms["other"]
    return form.format(n=count)


def format_date(day: dt.date, language: str) -> str:
    words = labels(language)
    month_names = words.get("month_names", [])
    return words["date_format"].format(
        day=day.day,
        month=day.month,
        year=day.year,
        month_name=month_names[day.month - 1] if month_names else day.month,
    )


def language_name(code: str, in_language: str) -> str:
    """The name of language `code` as a speaker of `in_language` writes it, else in English, else the code."""
    table = _all_labels()
    for candidate in language_chain(in_language):
        name = table.get(candidate, {}).get("language_names", {}).get(code)
        if name:
            return name
    return code


def _clock(moment: dt.time) -> str:
    return f"{moment.hour}.{moment.minute:02d}"


def format_moment(moment: dt.datetime, language: str) -> str:
    """'ma 24.11.2026 9.00': weekday, date and clock time, as a chat shows when someone is back."""
    weekday = labels(language)["weekdays"][moment.weekday()]
    return f"{weekday} {format_date(moment.date(), language)} {_clock(moment.time())}"


def format_opening_hours(hours: Sequence[OpeningHours | HoursCard], language: str) -> str:
    """'ma–pe 9.00–16.00, la 10.00–14.00': consecutive days with the same hours share one range."""
    weekdays = labels(language)["weekdays"]
    parts = []
    ordered = sorted(hours, key=lambda period: (period.opens, period.closes, period.weekday))
    for (opens, closes), group in groupby(ordered, key=lambda period: (period.opens, period.closes)):
        days = sorted(period.weekday for period in group)
        runs: list[list[int]] = []
        for day in days:
            if runs and runs[-1][-1] == day - 1:
                runs[-1].append(day)
            else:
                runs.append([day])
        spans = [weekdays[run[0]] if len(run) == 1 else f"{weekdays[run[0]]}–{weekdays[run[-1]]}" for run in runs]
        parts.append((days[0], f"{', '.join(spans)} {_clock(opens)}–{_clock(closes)}"))
    return ", ".join(text for _, text in sorted(parts))


def format_listing(listing: ShownListing, language: str) -> str:
    words = labels(language)
    translation = listing.translation(language_chain(language))
    name = translation.name if translation else listing.key
    lines = [f"• {name} ({listing.organisation.name(language)})"]
    if translation and translation.description:
        lines.append(f"  {translation.description}")
    contact = " | ".join(part for part in (listing.address, listing.phone, listing.email) if part)
    if contact:
        lines.append(f"  {contact}")
    if listing.opening_hours:
        lines.append(f"  {words['opening_hours']}: {format_opening_hours(list(listing.opening_hours), language)}")
    if listing.appointment_needed:
        lines.append(f"  {words['appointment_needed']}")
    lines.append(f"  {listing.url}")
    return "\n".join(lines)


def format_listings(listings: Sequence[ShownListing], language: str) -> str:
    return "\n\n".join(format_listing(listing, language) for listing in listings)

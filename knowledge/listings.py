"""Editing service listings and NGO activities: validated as a whole, recorded in the history.

A listing names its organisation, the municipalities it serves, topics, target groups, languages,
address and contacts, weekly opening hours, whether an appointment is needed, accessibility, and the
dates it is valid (an activity that has ended is no longer shown). Names and descriptions per language."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any, NamedTuple, Optional
from urllib.parse import urlparse

from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge.cards import ShownListing
from knowledge.editing import ContentError, Editor
from knowledge.models import (
    DRAFT,
    IN_REVIEW,
    PUBLISHED,
    ContentChange,
    Municipality,
    OpeningHours,
    Organisation,
    ServiceListing,
    ServiceListingTranslation,
    Topic,
)
from knowledge.search import index_listing

LISTING_STATUSES = (DRAFT, IN_REVIEW, PUBLISHED)
TARGET_GROUPS = (
    "women",
    "men",
    "youth",
    "children",
    "families",
    "seniors",
    "students",
    "asylum_seekers",
    "refugees",
    "job_seekers",
    "everyone",
)
ENTITY = "service_listing"
LONGEST = {"address": 300, "phone": 60, "email": 200, "accessibility": 4000}
_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{1,79}$")
_CLOCK = re.compile(r"^\d{1,2}:\d{2}$")


class SavedListing(NamedTuple):
    listing: ServiceListing
    changed: bool


def listing_json(listing: ShownListing) -> dict[str, Any]:
    return {
        "id": listing.id,
        "key": listing.key,
        "organisation": listing.organisation.key,
        "url": listing.url,
        "address": listing.address,
        "phone": listing.phone,
        "email": listing.email,
        "appointment_needed": listing.appointment_needed,
        "accessibility": listing.accessibility,
        "languages": listing.language_codes,
        "target_groups": listing.target_group_keys,
        "municipalities": sorted(place.code for place in listing.municipalities),
        "topics": sorted(topic.key for topic in listing.topics),
        "valid_from": listing.valid_from.isoformat() if listing.valid_from else None,
        "valid_to": listing.valid_to.isoformat() if listing.valid_to else None,
        "status": listing.status,
        "opening_hours": [
            {"weekday": h.weekday, "opens": h.opens.strftime("%H:%M"), "closes": h.closes.strftime("%H:%M")}
            for h in listing.opening_hours
        ],
        "translations": {t.language: {"name": t.name, "description": t.description} for t in listing.translations},
    }


def _date(value: Any, field: str) -> Optional[dt.date]:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ContentError(field, "a date as YYYY-MM-DD") from None


def _clock(value: Any, field: str) -> dt.time:
    if not isinstance(value, str) or not _CLOCK.match(value):
        raise ContentError(field, "a time as HH:MM")
    try:
        return dt.time.fromisoformat(value.zfill(5))
    except ValueError:
        raise ContentError(field, "a time as HH:MM") from None


def validate(session: Session, data: dict[str, Any], languages: tuple[str, ...]) -> dict[str, Any]:
    """Everything checked before anything is written; the first problem is reported with its field."""
    key = str(data.get("key") or "")
    if not _KEY.match(key):
        raise ContentError("key", "lowercase letters, digits, - and _, 2–80 characters")
    organisation = session.scalars(select(Organisation).where(Organisation.key == data.get("organisation"))).first()
    if organisation is None:
        raise ContentError("organisation", f"there is no organisation {data.get('organisation')!r}")
    url = str(data.get("url") or "")
    if urlparse(url).scheme not in ("http", "https") or not urlparse(url).netloc or len(url) > 500:
        raise ContentError("url", "the listing's own web page, starting with https:// (at most 500 characters)")
    for name, longest in LONGEST.items():
        if len(str(data.get(name) or "")) > longest:
            raise ContentError(name, f"at most {longest} characters")
    places = []
    for code in data.get("municipalities") or []:
        place = session.get(Municipality, str(code))
        if place is None:
            raise ContentError("municipalities", f"there is no municipality {code!r}")
        places.append(place)
    if not places:
        raise ContentError("municipalities", "name at least one municipality the listing serves")
    topics = []
    for topic_key in data.get("topics") or []:
        topic = session.get(Topic, str(topic_key))
        if topic is None:
            raise ContentError("topics", f"there is no topic {topic_key!r}")
        topics.append(topic)
    groups = [str(group) for group in data.get("target_groups") or []]
    unknown = [group for group in groups if group not in TARGET_GROUPS]
    if unknown:
        raise ContentError("target_groups", f"unknown: {', '.join(unknown)} (known: {', '.join(TARGET_GROUPS)})")
    served = [str(code) for code in data.get("languages") or []]
    translations = data.get("translations") or {}
    if not isinstance(translations, dict) or not translations:
        raise ContentError("translations", "a name in at least one language")
    for language, words in translations.items():
        if language not in languages or not isinstance(words, dict) or not str(words.get("name") or "").strip():
            raise ContentError("translations", f"{language}: a name in one of Alku's languages")
        if len(str(words["name"]).strip()) > 300 or len(str(words.get("description") or "")) > 8000:
            raise ContentError("translations", f"{language}: a name of at most 300 characters, a description of 8000")
    hours = []
    for index, period in enumerate(data.get("opening_hours") or []):
        weekday = period.get("weekday") if isinstance(period, dict) else None
        if not isinstance(weekday, int) or not 0 <= weekday <= 6:
            raise ContentError(f"opening_hours[{index}]", "weekday 0 (Monday) to 6 (Sunday)")
        opens, closes = (
            _clock(period.get("opens"), f"opening_hours[{index}]"),
            _clock(period.get("closes"), f"opening_hours[{index}]"),
        )
        if closes <= opens:
            raise ContentError(f"opening_hours[{index}]", "closes after it opens")
        hours.append((weekday, opens, closes))
    valid_from, valid_to = _date(data.get("valid_from"), "valid_from"), _date(data.get("valid_to"), "valid_to")
    if valid_from and valid_to and valid_to < valid_from:
        raise ContentError("valid_to", "the listing must end after it starts")
    if data.get("appointment_needed") not in (None, True, False):
        raise ContentError("appointment_needed", "true, false or empty")
    status = str(data.get("status") or "draft")
    if status not in LISTING_STATUSES:
        raise ContentError("status", f"one of {', '.join(LISTING_STATUSES)}")
    return {
        "key": key,
        "organisation": organisation,
        "url": url,
        "address": (data.get("address") or None),
        "phone": (data.get("phone") or None),
        "email": (data.get("email") or None),
        "appointment_needed": data.get("appointment_needed"),
        "accessibility": (data.get("accessibility") or None),
        "languages_served": ",".join(served),
        "target_groups": ",".join(groups),
        "municipalities": places,
        "topics": topics,
        "valid_from": valid_from,
        "valid_to": valid_to,
        "status": status,
        "hours": hours,
        "translations": {
            lang: (str(w["name"]).strip(), str(w.get("description") or "").strip()) for lang, w in translations.items()
        },
    }


def save_listing(
    session: Session,
    data: dict[str, Any],
    editor: Editor,
    languages: tuple[str, ...],
    listing: Optional[ServiceListing] = None,
    reverts: Optional[int] = None,
    may_publish: bool = True,
) -> SavedListing:
    """Validate and write a listing (a new one when `listing` is None), index it for search, and record
    the change in the history unless nothing changed. Someone who may not publish (an NGO not yet
    trusted) asks for it: "published" is stored as "in review" until an editor publishes it."""
    fields = validate(session, data, languages)
    if fields["status"] == PUBLISHED and not may_publish:
        fields["status"] = IN_REVIEW
    clash = session.scalars(select(ServiceListing).where(ServiceListing.key == fields["key"])).first()
    if clash is not None and clash is not listing:
        raise ContentError("key", f"another listing already has the key {fields['key']!r}")
    before = listing_json(listing) if listing is not None else None
    if listing is None:
        listing = ServiceListing(key=fields["key"], organisation=fields["organisation"], url=fields["url"])
        session.add(listing)
    for name in (
        "key",
        "organisation",
        "url",
        "address",
        "phone",
        "email",
        "appointment_needed",
        "accessibility",
        "languages_served",
        "target_groups",
        "municipalities",
        "topics",
        "valid_from",
        "valid_to",
        "status",
    ):
        setattr(listing, name, fields[name])
    listing.opening_hours = [OpeningHours(weekday=d, opens=o, closes=c) for d, o, c in fields["hours"]]
    # Updated in place: replacing the rows would insert the new ones before deleting the old ones.
    existing = {translation.language: translation for translation in listing.translations}
    for lang, (name, description) in fields["translations"].items():
        if lang in existing:
            existing[lang].name, existing[lang].description = name, description
        else:
            listing.translations.append(ServiceListingTranslation(language=lang, name=name, description=description))
    for lang, translation in existing.items():
        if lang not in fields["translations"]:
            listing.translations.remove(translation)
    index_listing(session, listing)
    after = listing_json(listing)
    if before is not None and {**before, "id": None} == {**after, "id": None}:
        return SavedListing(listing, changed=False)
    session.add(
        ContentChange(
            editor_id=editor.id,
            editor_email=editor.email,
            entity=ENTITY,
            entity_key=str(listing.id),
            before=json.dumps(before, ensure_ascii=False) if before else None,
            after=json.dumps(after, ensure_ascii=False),
            reverts=reverts,
        )
    )
    session.flush()
    return SavedListing(listing, changed=True)


def listing_history(session: Session, listing: ServiceListing, limit: int = 50) -> list[ContentChange]:
    return list(
        session.scalars(
            select(ContentChange)
            .where(ContentChange.entity == ENTITY, ContentChange.entity_key == str(listing.id))
            .order_by(ContentChange.id.desc())
            .limit(limit)
        )
    )


def revert_listing(
    session: Session, change_id: int, editor: Editor, languages: tuple[str, ...], may_publish: bool = True
) -> ServiceListing:
    """Put the listing back as it was before the change; a listing the change created goes back to draft."""
    change = session.get(ContentChange, change_id)
    if change is None or change.entity != ENTITY:
        raise ContentError("change", f"there is no change {change_id}")
    listing = session.get(ServiceListing, int(change.entity_key))
    if listing is None:
        raise ContentError("change", "the listing of that change no longer exists")
    wanted = json.loads(change.before) if change.before else {**listing_json(listing), "status": DRAFT}
    return save_listing(session, wanted, editor, languages, listing, reverts=change.id, may_publish=may_publish).listing

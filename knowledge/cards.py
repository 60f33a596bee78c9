"""What a search result shows of a listing, read with five plain queries (SQLAlchemy Core).

Reading a page of 20 results through the ORM cost about as much as finding them (7 ms of object
loading at 100,000 listings on PostgreSQL). A ListingCard holds the same fields as frozen values and
answers the same questions as the mapped classes (`name(language)`, `translation(languages)`,
`language_codes` …), so the public page, the API and the bot read either one."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Optional, TypeVar, Union

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from knowledge.models import (
    ListingFields,
    Municipality,
    OpeningHours,
    Organisation,
    OrganisationNames,
    ServiceListing,
    ServiceListingTranslation,
    service_municipality,
    service_topic,
)
from knowledge.places import MunicipalityName


@dataclass(frozen=True)
class OrganisationCard(OrganisationNames):
    key: str
    name_fi: str
    name_sv: str
    name_en: str


@dataclass(frozen=True)
class TopicCard:
    key: str


@dataclass(frozen=True)
class TranslationCard:
    language: str
    name: str
    description: str


@dataclass(frozen=True)
class HoursCard:
    weekday: int
    opens: dt.time
    closes: dt.time


@dataclass(frozen=True)
class ListingCard(ListingFields):
    id: int
    key: str
    url: str
    address: Optional[str]
    phone: Optional[str]
    email: Optional[str]
    appointment_needed: Optional[bool]
    accessibility: Optional[str]
    languages_served: str
    target_groups: str
    valid_from: Optional[dt.date]
    valid_to: Optional[dt.date]
    status: str
    organisation: OrganisationCard
    municipalities: tuple[MunicipalityName, ...]
    topics: tuple[TopicCard, ...]
    translations: tuple[TranslationCard, ...]
    opening_hours: tuple[HoursCard, ...]


T = TypeVar("T")

ShownListing = Union[ServiceListing, ListingCard]
"""A listing as the page, the API and the bot show it: mapped (editors) or a search result's card."""


LISTING_COLUMNS = (
    "id",
    "key",
    "url",
    "address",
    "phone",
    "email",
    "appointment_needed",
    "accessibility",
    "languages_served",
    "target_groups",
    "valid_from",
    "valid_to",
    "status",
)
"""The card's own fields, read from the listing's columns of the same names."""


def _per_listing(session: Session, query: Select, card: Callable[..., T]) -> dict[int, list[T]]:
    """Rows of (listing id, *values) as cards per listing, in the query's order."""
    cards: dict[int, list[T]] = defaultdict(list)
    for service_id, *values in session.execute(query):
        cards[service_id].append(card(*values))
    return cards


def listing_cards(session: Session, ids: list[int]) -> list[ListingCard]:
    """The cards of the listings, in the order of `ids`."""
    if not ids:
        return []
    served, place = service_municipality.c, Municipality.__table__.c
    places = _per_listing(
        session,
        select(served.service_id, place.code, place.name_fi, place.name_sv)
        .join_from(service_municipality, Municipality.__table__)
        .where(served.service_id.in_(ids))
        .order_by(served.service_id, place.code),
        MunicipalityName,
    )
    about = service_topic.c
    topics = _per_listing(
        session,
        select(about.service_id, about.topic_key)
        .where(about.service_id.in_(ids))
        .order_by(about.service_id, about.topic_key),
        TopicCard,
    )
    text = ServiceListingTranslation.__table__.c
    translations = _per_listing(
        session,
        select(text.service_id, text.language, text.name, text.description)
        .where(text.service_id.in_(ids))
        .order_by(text.id),
        TranslationCard,
    )
    period = OpeningHours.__table__.c
    hours = _per_listing(
        session,
        select(period.service_id, period.weekday, period.opens, period.closes)
        .where(period.service_id.in_(ids))
        .order_by(period.service_id, period.weekday, period.opens),
        HoursCard,
    )
    listing, organisation = ServiceListing.__table__.c, Organisation.__table__.c
    rows = session.execute(
        select(
            *(listing[name] for name in LISTING_COLUMNS),
            organisation.key,
            organisation.name_fi,
            organisation.name_sv,
            organisation.name_en,
        )
        .join_from(ServiceListing.__table__, Organisation.__table__)
        .where(listing.id.in_(ids))
    )
    cards = {}
    for row in rows:
        own = dict(zip(LISTING_COLUMNS, row, strict=False))
        service_id = own["id"]
        cards[service_id] = ListingCard(
            **own,
            organisation=OrganisationCard(*row[len(LISTING_COLUMNS) :]),
            municipalities=tuple(places[service_id]),
            topics=tuple(topics[service_id]),
            translations=tuple(translations[service_id]),
            opening_hours=tuple(hours[service_id]),
        )
    return [cards[service_id] for service_id in ids if service_id in cards]

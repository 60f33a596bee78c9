"""What a search result shows of a listing, read with five plain queries (SQLAlchemy Core).

Reading a page of 20 results through the ORM cost about as much as finding them (7 ms of object
loading at 100,000 listings on PostgreSQL). A ListingCard holds the same fields as frozen values and
answers the same questions as the mapped classes (`name(language)`, `translation(languages)`,
`language_codes` …), so the public page, the API and the bot read either one."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Optional, Union

from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge.models import (
    ListingFields,
    Municipality,
    MunicipalityNames,
    OpeningHours,
    Organisation,
    OrganisationNames,
    ServiceListing,
    ServiceListingTranslation,
    service_municipality,
    service_topic,
)


@dataclass(frozen=True)
class OrganisationCard(OrganisationNames):
    key: str
    name_fi: str
    name_sv: str
    name_en: str


@dataclass(frozen=True)
class PlaceCard(MunicipalityNames):
    code: str
    name_fi: str
    name_sv: str


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
    municipalities: tuple[PlaceCard, ...]
    topics: tuple[TopicCard, ...]
    translations: tuple[TranslationCard, ...]
    opening_hours: tuple[HoursCard, ...]


ShownListing = Union[ServiceListing, ListingCard]
"""A listing as the page, the API and the bot show it: mapped (editors) or a search result's card."""


def listing_cards(session: Session, ids: list[int]) -> list[ListingCard]:
    """The cards of the listings, in the order of `ids`."""
    if not ids:
        return []
    listing, organisation = ServiceListing.__table__.c, Organisation.__table__.c
    places: dict[int, list[PlaceCard]] = defaultdict(list)
    served, municipality = service_municipality.c, Municipality.__table__.c
    for service_id, *place in session.execute(
        select(served.service_id, municipality.code, municipality.name_fi, municipality.name_sv)
        .join_from(service_municipality, Municipality.__table__)
        .where(served.service_id.in_(ids))
        .order_by(served.service_id, municipality.code)
    ):
        places[service_id].append(PlaceCard(*place))
    topics: dict[int, list[TopicCard]] = defaultdict(list)
    for service_id, key in session.execute(
        select(service_topic.c.service_id, service_topic.c.topic_key)
        .where(service_topic.c.service_id.in_(ids))
        .order_by(service_topic.c.service_id, service_topic.c.topic_key)
    ):
        topics[service_id].append(TopicCard(key))
    translations: dict[int, list[TranslationCard]] = defaultdict(list)
    translated = ServiceListingTranslation.__table__.c
    for service_id, *text in session.execute(
        select(translated.service_id, translated.language, translated.name, translated.description)
        .where(translated.service_id.in_(ids))
        .order_by(translated.id)
    ):
        translations[service_id].append(TranslationCard(*text))
    hours: dict[int, list[HoursCard]] = defaultdict(list)
    period = OpeningHours.__table__.c
    for service_id, *times in session.execute(
        select(period.service_id, period.weekday, period.opens, period.closes)
        .where(period.service_id.in_(ids))
        .order_by(period.service_id, period.weekday, period.opens)
    ):
        hours[service_id].append(HoursCard(*times))
    cards = {}
    for row in session.execute(
        select(
            listing.id,
            listing.key,
            listing.url,
            listing.address,
            listing.phone,
            listing.email,
            listing.appointment_needed,
            listing.accessibility,
            listing.languages_served,
            listing.target_groups,
            listing.valid_from,
            listing.valid_to,
            listing.status,
            organisation.key,
            organisation.name_fi,
            organisation.name_sv,
            organisation.name_en,
        )
        .join_from(ServiceListing.__table__, Organisation.__table__)
        .where(listing.id.in_(ids))
    ):
        service_id = row.id
        cards[service_id] = ListingCard(
            id=row.id,
            key=row.key,
            url=row.url,
            address=row.address,
            phone=row.phone,
            email=row.email,
            appointment_needed=row.appointment_needed,
            accessibility=row.accessibility,
            languages_served=row.languages_served,
            target_groups=row.target_groups,
            valid_from=row.valid_from,
            valid_to=row.valid_to,
            status=row.status,
            organisation=OrganisationCard(*row[13:]),
            municipalities=tuple(places[service_id]),
            topics=tuple(topics[service_id]),
            translations=tuple(translations[service_id]),
            opening_hours=tuple(hours[service_id]),
        )
    return [cards[service_id] for service_id in ids if service_id in cards]

"""Find the local services and activities that serve a municipality."""

from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from knowledge.answers import language_chain
from knowledge.models import (
    PUBLISHED,
    Municipality,
    ServiceListing,
    ServiceListingTranslation,
    Topic,
    service_municipality,
    service_topic,
)
from knowledge.places import fold


def find_services(
    session: Session,
    *,
    municipality_code: Optional[str] = None,
    topic: Optional[str] = None,
    language: Optional[str] = None,
    target_group: Optional[str] = None,
    words: Optional[str] = None,
    today: Optional[dt.date] = None,
) -> list[ServiceListing]:
    """Published listings valid today, the most local first (fewest municipalities served).

    `language` keeps listings that say they serve that language; listings that name no languages
    are kept too, since most official services do not list theirs. `words` must all appear (folded)
    in a name, description or the organisation's name, in any language.
    """
    today = today or dt.date.today()
    query = (
        select(ServiceListing)
        .where(ServiceListing.status == PUBLISHED)
        .options(
            selectinload(ServiceListing.translations),
            selectinload(ServiceListing.opening_hours),
            selectinload(ServiceListing.municipalities),
            selectinload(ServiceListing.topics),
            selectinload(ServiceListing.organisation),
        )
    )
    if municipality_code:
        query = query.where(
            ServiceListing.id.in_(
                select(service_municipality.c.service_id).where(
                    service_municipality.c.municipality_code == municipality_code
                )
            )
        )
    if topic:
        query = query.where(
            ServiceListing.id.in_(select(service_topic.c.service_id).where(service_topic.c.topic_key == topic))
        )
    listings = [listing for listing in session.scalars(query) if listing.is_valid_on(today)]
    if language:
        listings = [listing for listing in listings if not listing.language_codes or language in listing.language_codes]
    if target_group:
        listings = [listing for listing in listings if target_group in listing.target_group_keys]
    if words and words.strip():
        wanted = fold(words).split()
        listings = [listing for listing in listings if all(word in searchable_text(listing) for word in wanted)]
    return sorted(listings, key=lambda listing: (len(listing.municipalities), listing.key))


def searchable_text(listing: ServiceListing) -> str:
    names = " ".join(f"{t.name} {t.description}" for t in listing.translations)
    organisation = listing.organisation
    return fold(f"{names} {organisation.name_fi} {organisation.name_sv} {organisation.name_en}")


def municipality(session: Session, code: str) -> Optional[Municipality]:
    return session.get(Municipality, code)


def municipalities_with_services(session: Session) -> list[Municipality]:
    codes = select(service_municipality.c.municipality_code).distinct()
    return list(
        session.scalars(select(Municipality).where(Municipality.code.in_(codes)).order_by(Municipality.name_fi))
    )


def topics(session: Session) -> list[Topic]:
    return list(session.scalars(select(Topic).order_by(Topic.key)))


def listing_translation(listing: ServiceListing, language: str) -> Optional[ServiceListingTranslation]:
    """The listing's name and description in the user's language, else English, else Finnish."""
    return listing.translation(language_chain(language))

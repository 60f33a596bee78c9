"""Find the local services and activities that serve a municipality."""

from __future__ import annotations

import datetime as dt
from typing import Optional
from urllib.parse import urlencode

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from knowledge.answers import is_follow_up, language_chain
from knowledge.cards import ListingCard, ShownListing
from knowledge.models import ListingText, Municipality, Organisation, ServiceListing, Topic, service_municipality
from knowledge.search import Criteria, search
from knowledge.text import clean_or_none


def find_services(
    session: Session,
    *,
    municipality_code: Optional[str] = None,
    topic: Optional[str] = None,
    language: Optional[str] = None,
    target_group: Optional[str] = None,
    words: Optional[str] = None,
    today: Optional[dt.date] = None,
    limit: int = 20,
    offset: int = 0,
) -> list[ListingCard]:
    """Published listings valid today, the most local first (fewest municipalities served).

    `language` keeps listings that say they serve that language (a listing that names none is not
    promised to anyone: the directory says so and offers them). `words` match words of a name,
    description, the organisation or a place served, inflected or not: listings with every word
    first, then those with the most of them."""
    criteria = Criteria(
        clean_or_none(municipality_code),
        clean_or_none(topic),
        clean_or_none(language),
        clean_or_none(target_group),
        clean_or_none(words),
        today or dt.date.today(),
    )
    return search(session, criteria, limit, offset)


def municipality(session: Session, code: str) -> Optional[Municipality]:
    return session.get(Municipality, code)


def municipality_named(session: Session, name_or_code: str) -> Optional[Municipality]:
    """A municipality by its code ("564", "91") or its Finnish or Swedish name, in any case ("Oulu", "uleåborg")."""
    wanted = name_or_code.strip()
    if not wanted:
        return None
    if wanted.isdigit():
        return session.get(Municipality, wanted.zfill(3))
    lowered = wanted.lower()
    return session.scalars(
        select(Municipality).where(
            (func.lower(Municipality.name_fi) == lowered) | (func.lower(Municipality.name_sv) == lowered)
        )
    ).first()


def municipality_website(session: Session, code: str) -> Optional[str]:
    """The municipality's own website, known when the municipality (an organisation of kind
    "municipality") has a listing for that municipality alone; None otherwise (a city's listing that
    also serves its neighbours does not make it their municipality): Alku invents no addresses."""
    served = service_municipality.c
    only_here = (
        select(served.service_id)
        .group_by(served.service_id)
        .having(func.count() == 1)
        .having(func.min(served.municipality_code) == code)
    )
    found = (
        select(Organisation.url)
        .join(ServiceListing, ServiceListing.organisation_id == Organisation.id)
        .where(Organisation.kind == "municipality", ServiceListing.id.in_(only_here))
        .order_by(Organisation.id)
        .limit(1)
    )
    return session.scalars(found).first()


def municipalities_with_services(session: Session) -> list[Municipality]:
    codes = select(service_municipality.c.municipality_code).distinct()
    return list(
        session.scalars(select(Municipality).where(Municipality.code.in_(codes)).order_by(Municipality.name_fi))
    )


def topics(session: Session) -> list[Topic]:
    """The topics listings are filed under (follow-up answers have no listings of their own)."""
    return [topic for topic in session.scalars(select(Topic).order_by(Topic.key)) if not is_follow_up(topic.key)]


def listing_translation(listing: ShownListing, language: str) -> Optional[ListingText]:
    """The listing's name and description in the user's language, else English, else Finnish."""
    return listing.translation(language_chain(language))


def directory_link(base_url: str, municipality_code: str, topic: str, language: str) -> str:
    """The public directory's page of a municipality's services on a topic, in the user's language."""
    return f"{base_url}/?{urlencode({'lang': language, 'municipality': municipality_code, 'topic': topic})}"

"""Who may change which content (one rule for the pages, the API and imports)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Optional, Union

from sqlalchemy import select
from sqlalchemy.orm import Session

from handoff.models import ADMIN, EDITOR, NGO_EDITOR, Advisor
from knowledge.listings import listing_json
from knowledge.models import ContentChange, Organisation, ServiceListing


@dataclass(frozen=True)
class ContentScope:
    """What of a person's account decides what content they may change (kept by background imports)."""

    role: str
    organisation_id: Optional[int]
    municipalities: frozenset[str]

    @classmethod
    def of(cls, person: Union[Advisor, ContentScope]) -> ContentScope:
        if isinstance(person, ContentScope):
            return person
        return cls(person.role, person.organisation_id, frozenset(place.code for place in person.municipalities))


def may_edit_answer(person: Union[Advisor, ContentScope], municipality_code: Optional[str]) -> bool:
    """Admins edit everything; an editor edits the answers of their municipalities, and national answers
    when no municipality is assigned to them (a national editor)."""
    scope = ContentScope.of(person)
    if scope.role == ADMIN:
        return True
    if scope.role != EDITOR:
        return False
    return municipality_code in scope.municipalities if municipality_code else not scope.municipalities


def may_write_listing(
    person: Union[Advisor, ContentScope], organisation_id: Optional[int], municipalities: set[str]
) -> bool:
    """Admins write every listing; an editor, listings that serve only their municipalities (any listing
    for a national editor); an NGO editor, only their own organisation's listings."""
    scope = ContentScope.of(person)
    if scope.role == ADMIN:
        return True
    if scope.role == NGO_EDITOR:
        return scope.organisation_id is not None and scope.organisation_id == organisation_id
    if scope.role == EDITOR:
        return not scope.municipalities or bool(municipalities) and municipalities <= scope.municipalities
    return False


def may_publish_listing(session: Session, person: Union[Advisor, ContentScope], organisation_key: Any) -> bool:
    """Editors and admins publish what they may write; an NGO editor publishes only once an editor has
    marked their organisation trusted (until then their listings wait for review)."""
    scope = ContentScope.of(person)
    if scope.role != NGO_EDITOR:
        return True
    return bool(session.scalar(select(Organisation.trusted).where(Organisation.key == organisation_key)))


def may_review_listing(person: Union[Advisor, ContentScope], listing: ServiceListing) -> bool:
    """Municipal and national editors (and admins) publish the listings in review that they may write."""
    return ContentScope.of(person).role in (ADMIN, EDITOR) and may_edit_listing(person, listing)


def may_edit_listing(person: Union[Advisor, ContentScope], listing: ServiceListing) -> bool:
    """May the person change this listing as it is now."""
    return may_write_listing(person, listing.organisation_id, {place.code for place in listing.municipalities})


def may_save_listing(
    session: Session,
    person: Union[Advisor, ContentScope],
    data: dict[str, Any],
    listing: Optional[ServiceListing] = None,
) -> bool:
    """The person may write `data` (a listing as the API takes it), over `listing` when it exists: both
    the listing as it is and as it would become must be theirs."""
    if listing is not None and not may_edit_listing(person, listing):
        return False
    organisation = session.scalars(select(Organisation.id).where(Organisation.key == data.get("organisation"))).first()
    return may_write_listing(person, organisation, {str(code) for code in data.get("municipalities") or []})


def may_revert_listing(
    session: Session, person: Union[Advisor, ContentScope], change: ContentChange, listing: ServiceListing
) -> bool:
    """A revert writes the listing as it was: both the listing now and as it was must be the person's
    (a listing since moved into their organisation or place cannot be reverted into someone else's)."""
    restored = json.loads(change.before) if change.before else listing_json(listing)
    return may_save_listing(session, person, restored, listing)

"""The knowledge base: municipalities, organisations, topics, sourced answers and local services.

Content and its translations are separate rows (as in integreat-cms): an `Answer` is one topic,
national or for one municipality; each `AnswerTranslation` is that answer in one language with
its own source link, review dates and status.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Optional, Protocol

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
    and_,
    false,
    or_,
)
from sqlalchemy.orm import registry, relationship
from sqlalchemy.orm.decl_api import DeclarativeMeta

from knowledge.places import MunicipalityNames

mapper_registry = registry()


class Base(metaclass=DeclarativeMeta):
    """Declarative base spelled out so that type checkers see a class (SQLAlchemy 1.4)."""

    __abstract__ = True
    registry = mapper_registry
    metadata = mapper_registry.metadata

    if TYPE_CHECKING:
        __table__: ClassVar[Table]

        def __init__(self, **kwargs: Any) -> None: ...


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


PUBLISHED = "published"
DRAFT = "draft"
# A listing of an organisation not yet trusted, waiting for an editor to publish it.
IN_REVIEW = "in_review"


class OrganisationNames:
    name_fi: str
    name_sv: str
    name_en: str

    def name(self, language: str) -> str:
        return {"fi": self.name_fi, "sv": self.name_sv}.get(language, self.name_en)


class ListingText(Protocol):
    """A listing's name and description in one language (mapped, or a card's frozen copy)."""

    @property
    def language(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def description(self) -> str: ...


class ListingFields:
    """What a listing says of itself beyond its columns; shared by the mapped class and a card."""

    languages_served: str
    target_groups: str
    translations: Sequence[ListingText]

    @property
    def language_codes(self) -> list[str]:
        return [code for code in self.languages_served.split(",") if code]

    @property
    def target_group_keys(self) -> list[str]:
        return [key for key in self.target_groups.split(",") if key]

    def translation(self, languages: list[str]) -> Optional[ListingText]:
        """The first translation found in the order of `languages`, else any."""
        by_language = {t.language: t for t in self.translations}
        for language in languages:
            if language in by_language:
                return by_language[language]
        return next(iter(by_language.values()), None)


class Municipality(Base, MunicipalityNames):
    __tablename__ = "municipality"

    code = Column(String(3), primary_key=True)
    name_fi = Column(String(100), nullable=False)
    name_sv = Column(String(100), nullable=False)
    region_code = Column(String(2), nullable=False)
    region_fi = Column(String(100), nullable=False)
    region_sv = Column(String(100), nullable=False)
    language_status = Column(String(40), nullable=False)


class Organisation(Base, OrganisationNames):
    __tablename__ = "organisation"

    id = Column(Integer, primary_key=True)
    key = Column(String(80), unique=True, nullable=False)
    kind = Column(String(30), nullable=False)
    url = Column(String(500), nullable=False)
    name_fi = Column(String(200), nullable=False)
    name_sv = Column(String(200), nullable=False)
    name_en = Column(String(200), nullable=False)
    # An NGO's listings wait for an editor's review until an editor marks the organisation trusted.
    trusted = Column(Boolean, nullable=False, default=False, server_default=false())


class ImportJob(Base):
    """An import of answers or listings, kept in the database so that it survives a console restart
    (a job left running by a process that died is run again: an import is all or nothing) and any
    console process can show its progress."""

    __tablename__ = "import_job"

    id = Column(String(32), primary_key=True)
    kind = Column(String(20), nullable=False)
    file_format = Column(String(10), nullable=False)
    file_name = Column(String(200), nullable=False, default="")
    owner_id = Column(Integer, ForeignKey("advisor.id", ondelete="CASCADE"), nullable=False, index=True)
    # queued, running, done or failed
    state = Column(String(10), nullable=False, default="queued", index=True)
    total = Column(Integer, nullable=False, default=0)
    done = Column(Integer, nullable=False, default=0)
    started_at = Column(DateTime, nullable=False, default=utcnow)
    # Written while the job runs (where the database allows a second writer); a stale one means its
    # process is gone.
    heartbeat_at = Column(DateTime, nullable=True)
    finished_at = Column(DateTime, nullable=True)
    result = Column(Text, nullable=True)
    failure = Column(String(200), nullable=True)
    # The uploaded file until the job has run (then dropped).
    payload = Column(LargeBinary, nullable=True)


class JoinRequest(Base):
    """An NGO asking to join from the public form; an editor accepts it (the organisation is created
    and its contact person invited as its editor) or declines it."""

    __tablename__ = "join_request"

    id = Column(Integer, primary_key=True)
    organisation_name = Column(String(200), nullable=False)
    website = Column(String(500), nullable=False, default="")
    municipalities = Column(String(500), nullable=False, default="")
    contact_name = Column(String(200), nullable=False)
    contact_email = Column(String(200), nullable=False)
    message = Column(Text, nullable=False, default="")
    created_at = Column(DateTime, nullable=False, default=utcnow)
    # waiting, accepted or declined
    state = Column(String(10), nullable=False, default="waiting", index=True)
    decided_at = Column(DateTime, nullable=True)
    decided_by_id = Column(Integer, nullable=True)
    organisation_id = Column(Integer, ForeignKey("organisation.id"), nullable=True)


class Topic(Base):
    __tablename__ = "topic"

    key = Column(String(40), primary_key=True)
    needs_municipality = Column(Boolean, nullable=False, default=False)


class Answer(Base):
    """What Alku says about a topic: nationally (`municipality_code` is None) or in one municipality."""

    __tablename__ = "answer"
    __table_args__ = (UniqueConstraint("topic_key", "municipality_code"),)

    id = Column(Integer, primary_key=True)
    topic_key = Column(String(40), ForeignKey("topic.key"), nullable=False)
    municipality_code = Column(String(3), ForeignKey("municipality.code"), nullable=True)
    # The language the other translations are made from: when it changes, they become outdated.
    source_language = Column(String(8), nullable=False, default="en")

    topic = relationship(Topic)
    translations = relationship("AnswerTranslation", back_populates="answer", cascade="all, delete-orphan")


class AnswerTranslation(Base):
    __tablename__ = "answer_translation"
    __table_args__ = (UniqueConstraint("answer_id", "language"),)

    id = Column(Integer, primary_key=True)
    answer_id = Column(Integer, ForeignKey("answer.id"), nullable=False)
    language = Column(String(8), nullable=False)
    text = Column(Text, nullable=False)
    source_url = Column(String(500), nullable=False)
    reviewed_on = Column(Date, nullable=False)
    review_by = Column(Date, nullable=False)
    status = Column(String(20), nullable=False, default=PUBLISHED)
    updated_at = Column(DateTime, nullable=False, default=utcnow)
    # When the source-language text this translation follows was last changed, as of its writing.
    source_updated_at = Column(DateTime, nullable=True)

    answer = relationship(Answer, back_populates="translations")


class BotText(Base):
    """An editor's version of one of the bot's fixed texts (greeting, asking for the municipality,
    handoff messages …) in one language. Without one, the text in bot/texts/<lang>.yml is used."""

    __tablename__ = "bot_text"
    __table_args__ = (UniqueConstraint("key", "language"),)

    id = Column(Integer, primary_key=True)
    key = Column(String(80), nullable=False)
    language = Column(String(8), nullable=False)
    text = Column(Text, nullable=False)
    status = Column(String(20), nullable=False, default=DRAFT)
    updated_at = Column(DateTime, nullable=False, default=utcnow)


class ContentChange(Base):
    """One edit of content: who, when, and the row before and after (JSON), so that it can be reverted."""

    __tablename__ = "content_change"

    id = Column(Integer, primary_key=True)
    at = Column(DateTime, nullable=False, default=utcnow, index=True)
    editor_id = Column(Integer, nullable=True)
    editor_email = Column(String(200), nullable=False)
    entity = Column(String(40), nullable=False)
    entity_key = Column(String(100), nullable=False, index=True)
    before = Column(Text, nullable=True)
    after = Column(Text, nullable=True)
    reverts = Column(Integer, nullable=True)


service_municipality = Table(
    "service_municipality",
    Base.metadata,
    Column("service_id", ForeignKey("service_listing.id"), primary_key=True),
    Column("municipality_code", ForeignKey("municipality.code"), primary_key=True),
)

service_topic = Table(
    "service_topic",
    Base.metadata,
    Column("service_id", ForeignKey("service_listing.id"), primary_key=True),
    Column("topic_key", ForeignKey("topic.key"), primary_key=True),
)


class ServiceListing(Base, ListingFields):
    """A local service or activity a newcomer can go to, with where, when and how to reach it."""

    __tablename__ = "service_listing"

    id = Column(Integer, primary_key=True)
    key = Column(String(80), unique=True, nullable=False)
    organisation_id = Column(Integer, ForeignKey("organisation.id"), nullable=False)
    url = Column(String(500), nullable=False)
    address = Column(String(300), nullable=True)
    phone = Column(String(60), nullable=True)
    email = Column(String(200), nullable=True)
    appointment_needed = Column(Boolean, nullable=True)
    languages_served = Column(String(200), nullable=False, default="")
    target_groups = Column(String(300), nullable=False, default="")
    valid_from = Column(Date, nullable=True)
    valid_to = Column(Date, nullable=True)
    status = Column(String(20), nullable=False, default=PUBLISHED)
    accessibility = Column(Text, nullable=True)
    municipality_count = Column(Integer, nullable=False, default=0)

    __table_args__ = (Index("ix_service_listing_order", "municipality_count", "id"),)

    organisation = relationship(Organisation)
    municipalities = relationship(Municipality, secondary=service_municipality)
    topics = relationship(Topic, secondary=service_topic)
    translations = relationship("ServiceListingTranslation", back_populates="service", cascade="all, delete-orphan")
    opening_hours = relationship(
        "OpeningHours",
        back_populates="service",
        cascade="all, delete-orphan",
        order_by="(OpeningHours.weekday, OpeningHours.opens)",
    )

    @classmethod
    def shown_on(cls, day: dt.date, columns: Any = None) -> Any:
        """SQL: published and valid on the day (an activity that has ended is not shown); on the mapped
        class or on `columns`, the table's columns in a Core query."""
        listing = cls if columns is None else columns
        return and_(
            listing.status == PUBLISHED,
            or_(listing.valid_from.is_(None), listing.valid_from <= day),
            or_(listing.valid_to.is_(None), listing.valid_to >= day),
        )


class ListingTerm(Base):
    """One search term of a listing (knowledge/search.py): a word, stem or criterion."""

    __tablename__ = "listing_term"

    term = Column(String(80).with_variant(String(80, collation="C"), "postgresql"), primary_key=True)
    reach = Column(Integer, primary_key=True)
    """The number of municipalities the listing serves: postings are stored in result order."""
    listing_id = Column(Integer, ForeignKey("service_listing.id", ondelete="CASCADE"), primary_key=True)

    __table_args__ = (Index("ix_listing_term_listing", "listing_id", "term"),)


class TermCount(Base):
    """How many listings have a search term: the planner's statistics for choosing where a search
    starts (knowledge/search.py), refreshed after seeding and imports, so they may lag a little."""

    __tablename__ = "term_count"

    term = Column(String(80).with_variant(String(80, collation="C"), "postgresql"), primary_key=True)
    listings = Column(Integer, nullable=False)


class ServiceListingTranslation(Base):
    __tablename__ = "service_listing_translation"
    __table_args__ = (UniqueConstraint("service_id", "language"),)

    id = Column(Integer, primary_key=True)
    service_id = Column(Integer, ForeignKey("service_listing.id"), nullable=False)
    language = Column(String(8), nullable=False)
    name = Column(String(300), nullable=False)
    description = Column(Text, nullable=False, default="")

    service = relationship(ServiceListing, back_populates="translations")


class OpeningHours(Base):
    """One weekly opening period; weekday 0 is Monday."""

    __tablename__ = "opening_hours"

    id = Column(Integer, primary_key=True)
    service_id = Column(Integer, ForeignKey("service_listing.id"), nullable=False)
    weekday = Column(Integer, nullable=False)
    opens = Column(Time, nullable=False)
    closes = Column(Time, nullable=False)

    service = relationship(ServiceListing, back_populates="opening_hours")


class LinkCheck(Base):
    """The last look at one web address that an answer or a listing links (knowledge.links)."""

    __tablename__ = "link_check"

    id = Column(Integer, primary_key=True)
    url = Column(String(500), nullable=False, unique=True)
    # ok, moved (a permanent redirect: `location` is where), broken (an error status) or unreachable.
    outcome = Column(String(12), nullable=True)
    status = Column(Integer, nullable=True)
    location = Column(String(500), nullable=True)
    error = Column(String(200), nullable=True)
    checked_at = Column(DateTime, nullable=True, index=True)

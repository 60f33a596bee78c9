"""Tickets and the advisors who take them (Chatwoot-like inbox vocabulary: waiting → open → resolved).

Handoff tables live in the knowledge base's database and metadata, so that a ticket can name the
municipality and topic it is about.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Column, Date, DateTime, ForeignKey, Integer, String, Table, Text, Time, false
from sqlalchemy.orm import relationship

from knowledge.models import Base, Municipality

USER = "user"
ADVISOR_AUTHOR = "advisor"
NOTE = "note"

WAITING = "waiting"
OPEN = "open"
RESOLVED = "resolved"

ADMIN = "admin"
ADVISOR = "advisor"
PEER_ADVISOR = "peer_advisor"
EDITOR = "editor"
NGO_EDITOR = "ngo_editor"
ROLES = (ADMIN, ADVISOR, PEER_ADVISOR, EDITOR, NGO_EDITOR)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


team_municipality = Table(
    "team_municipality",
    Base.metadata,
    Column("team_id", ForeignKey("team.id"), primary_key=True),
    Column("municipality_code", ForeignKey("municipality.code"), primary_key=True),
)


class Team(Base):
    """Advisors who keep the same office hours: a municipality's advice service, an NGO's peer
    advisors. A team with no municipalities is a national pool that serves the whole country."""

    __tablename__ = "team"

    id = Column(Integer, primary_key=True)
    name = Column(String(200), unique=True, nullable=False)

    municipalities = relationship(Municipality, secondary=team_municipality)
    hours = relationship(
        "OfficeHours", cascade="all, delete-orphan", order_by="(OfficeHours.weekday, OfficeHours.opens)"
    )
    exceptions = relationship(
        "HoursException", cascade="all, delete-orphan", order_by="(HoursException.day, HoursException.opens)"
    )

    @property
    def serves_nationally(self) -> bool:
        return not self.municipalities


class OfficeHours(Base):
    """When a team is on duty, in the service's local time (settings.timezone); weekday 0 is Monday."""

    __tablename__ = "office_hours"

    id = Column(Integer, primary_key=True)
    team_id = Column(Integer, ForeignKey("team.id"), nullable=False, index=True)
    weekday = Column(Integer, nullable=False)
    opens = Column(Time, nullable=False)
    closes = Column(Time, nullable=False)


class HoursException(Base):
    """A day when a team's weekly hours do not hold: a holiday (no `opens`: closed all day) or
    different hours (one row per period). Local dates and times, like OfficeHours."""

    __tablename__ = "hours_exception"

    id = Column(Integer, primary_key=True)
    team_id = Column(Integer, ForeignKey("team.id"), nullable=False, index=True)
    day = Column(Date, nullable=False, index=True)
    opens = Column(Time, nullable=True)
    closes = Column(Time, nullable=True)
    reason = Column(String(200), nullable=False, default="")


advisor_municipality = Table(
    "advisor_municipality",
    Base.metadata,
    Column("advisor_id", ForeignKey("advisor.id"), primary_key=True),
    Column("municipality_code", ForeignKey("municipality.code"), primary_key=True),
)


class Advisor(Base):
    """A person who can take tickets. With no municipalities, an advisor serves the national pool."""

    __tablename__ = "advisor"

    id = Column(Integer, primary_key=True)
    email = Column(String(200), unique=True, nullable=False)
    name = Column(String(200), nullable=False)
    password_hash = Column(String(300), nullable=False)
    role = Column(String(20), nullable=False, default=ADVISOR)
    languages = Column(String(200), nullable=False, default="")
    active = Column(Boolean, nullable=False, default=True)
    team_id = Column(Integer, ForeignKey("team.id"), nullable=True)
    # An NGO editor edits only their own organisation's listings and activities.
    organisation_id = Column(Integer, ForeignKey("organisation.id"), nullable=True)
    # How newcomers see this person when they reply ("Aino"); empty: the first word of `name`.
    display_name = Column(String(80), nullable=True)
    # The staff console's language (fi, sv, en); empty: the browser's.
    ui_language = Column(String(8), nullable=True)
    # Raised when the password changes or the account is deactivated: API tokens carry the value they
    # were issued with, and older ones are refused at once (browser sessions are ended in the table).
    token_epoch = Column(Integer, nullable=False, default=0, server_default="0")
    created_at = Column(DateTime, nullable=True, default=utcnow)
    # The last request from this person's browser or API client (at most a minute old): an open ticket
    # whose advisor has been away longer than ALKU_ADVISOR_IDLE_MINUTES goes back to the queue.
    last_seen_at = Column(DateTime, nullable=True)
    # Two-factor sign-in (accounts.two_factor): the TOTP key, and the last time step whose code was used.
    totp_secret = Column(String(64), nullable=True)
    totp_last_step = Column(Integer, nullable=True)

    municipalities = relationship(Municipality, secondary=advisor_municipality)
    team = relationship(Team)

    @property
    def language_codes(self) -> list[str]:
        return [code for code in self.languages.split(",") if code]

    @property
    def shown_name(self) -> str:
        return (self.display_name or "").strip() or (self.name.split() or [""])[0]

    @property
    def serves_nationally(self) -> bool:
        return not self.municipalities


class ProfessionalTopic(Base):
    """A topic an admin has reserved for professional advisors (peer advisors escalate these)."""

    __tablename__ = "professional_topic"

    topic_key = Column(String(40), ForeignKey("topic.key"), primary_key=True)


class Ticket(Base):
    __tablename__ = "ticket"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(128), nullable=False, index=True)
    channel = Column(String(40), nullable=False)
    language = Column(String(8), nullable=False)
    topic_key = Column(String(40), nullable=True)
    municipality_code = Column(String(3), ForeignKey("municipality.code"), nullable=True)
    status = Column(String(10), nullable=False, default=WAITING, index=True)
    advisor_id = Column(Integer, ForeignKey("advisor.id"), nullable=True)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    claimed_at = Column(DateTime, nullable=True)
    resolved_at = Column(DateTime, nullable=True)
    rating = Column(Integer, nullable=True)
    # Set when a peer advisor escalates: from then on only professional advisors may take it.
    needs_professional = Column(Boolean, nullable=False, default=False)
    # Crisis wording or an urgent topic (knowledge.urgency): first in every inbox that may take it.
    urgent = Column(Boolean, nullable=False, default=False, server_default=false())
    # The user's message that led to the handoff, shown in the inbox before anyone opens the ticket.
    preview = Column(Text, nullable=True)
    # When the user was told an advisor would be there; once it passes unclaimed, they hear so once.
    expected_at = Column(DateTime, nullable=True)
    overdue_told_at = Column(DateTime, nullable=True)
    # The last "your message is waiting for the advisor" while the ticket waits (at most one a minute).
    acknowledged_at = Column(DateTime, nullable=True)

    advisor = relationship(Advisor)
    municipality = relationship(Municipality)
    messages = relationship("TicketMessage", back_populates="ticket", order_by="TicketMessage.id")


class TicketMessage(Base):
    """One line of a handed-off conversation: from the user, an advisor, or a private note."""

    __tablename__ = "ticket_message"

    id = Column(Integer, primary_key=True)
    ticket_id = Column(Integer, ForeignKey("ticket.id"), nullable=False, index=True)
    author = Column(String(10), nullable=False)
    advisor_id = Column(Integer, ForeignKey("advisor.id"), nullable=True)
    text = Column(Text, nullable=False)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    delivered_at = Column(DateTime, nullable=True)
    delivery_error = Column(Text, nullable=True)
    # What Rasa rendered and recorded for this reply (JSON), so that a retry pushes the same
    # message again instead of recording it twice.
    rendered = Column(Text, nullable=True)
    attempts = Column(Integer, nullable=False, default=0)
    next_attempt_at = Column(DateTime, nullable=True, index=True)
    failed_at = Column(DateTime, nullable=True)

    @property
    def is_note(self) -> bool:
        return self.author == NOTE

    ticket = relationship(Ticket, back_populates="messages")
    advisor = relationship(Advisor)


class CannedReply(Base):
    """A prepared reply in one language that an advisor picks and edits before sending."""

    __tablename__ = "canned_reply"

    id = Column(Integer, primary_key=True)
    language = Column(String(8), nullable=False, index=True)
    title = Column(String(200), nullable=False)
    text = Column(Text, nullable=False)
    position = Column(Integer, nullable=False, default=0)

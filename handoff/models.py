"""Tickets and the advisors who take them (Chatwoot-like inbox vocabulary: waiting → open → resolved).

Handoff tables live in the knowledge base's database and metadata, so that a ticket can name the
municipality and topic it is about.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import relationship

from knowledge.models import Base, Municipality

WAITING = "waiting"
OPEN = "open"
RESOLVED = "resolved"

ADMIN = "admin"
ADVISOR = "advisor"
PEER_ADVISOR = "peer_advisor"
EDITOR = "editor"
ROLES = (ADMIN, ADVISOR, PEER_ADVISOR, EDITOR)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


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

    municipalities = relationship(Municipality, secondary=advisor_municipality)

    @property
    def language_codes(self) -> list[str]:
        return [code for code in self.languages.split(",") if code]

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

    ticket = relationship(Ticket, back_populates="messages")

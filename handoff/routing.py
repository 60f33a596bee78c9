"""Which advisor may take which ticket, and each advisor's inbox."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from handoff.models import ADMIN, ADVISOR, OPEN, PEER_ADVISOR, WAITING, Advisor, ProfessionalTopic, Ticket

TAKES_TICKETS = (ADMIN, ADVISOR, PEER_ADVISOR)


def professional_topics(session: Session) -> set[str]:
    return set(session.scalars(select(ProfessionalTopic.topic_key)))


def may_take(advisor: Advisor, ticket: Ticket, professional_only: set[str]) -> bool:
    """An active advisor speaking the ticket's language, serving its municipality (or the whole
    country); a peer advisor never takes a topic reserved for professionals."""
    if not advisor.active or advisor.role not in TAKES_TICKETS:
        return False
    if ticket.language not in advisor.language_codes:
        return False
    served = {place.code for place in advisor.municipalities}
    if served and ticket.municipality_code not in served:
        return False
    needs_professional = ticket.needs_professional or ticket.topic_key in professional_only
    return not (advisor.role == PEER_ADVISOR and needs_professional)


def inbox(session: Session, advisor: Advisor) -> list[Ticket]:
    """Waiting tickets this advisor may take: urgent ones first, then oldest first."""
    waiting = session.scalars(
        select(Ticket)
        .where(Ticket.status == WAITING)
        .order_by(Ticket.urgent.desc(), Ticket.created_at, Ticket.id)
        .options(selectinload(Ticket.municipality))
    )
    reserved = professional_topics(session)
    return [ticket for ticket in waiting if may_take(advisor, ticket, reserved)]


def may_see(advisor: Advisor, ticket: Ticket, professional_only: set[str]) -> bool:
    """Admins see every ticket; an advisor sees their own and the waiting ones they may take."""
    return (
        advisor.role == ADMIN
        or ticket.advisor_id == advisor.id
        or (ticket.status == WAITING and may_take(advisor, ticket, professional_only))
    )


def open_tickets(session: Session, advisor: Advisor) -> list[Ticket]:
    """The conversations this advisor has now, oldest first."""
    return list(
        session.scalars(
            select(Ticket)
            .where(Ticket.status == OPEN, Ticket.advisor_id == advisor.id)
            .order_by(Ticket.claimed_at, Ticket.id)
            .options(selectinload(Ticket.municipality))
        )
    )

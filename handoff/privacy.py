"""Erasing what the handoff side keeps about a conversation, when the user asks to be forgotten."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from handoff.models import Ticket, TicketMessage


def erase_conversation(session: Session, conversation_id: str) -> int:
    """Delete the conversation's tickets and everything said in them; returns how many tickets."""
    tickets = list(session.scalars(select(Ticket.id).where(Ticket.conversation_id == conversation_id)))
    if tickets:
        session.execute(delete(TicketMessage).where(TicketMessage.ticket_id.in_(tickets)))
        session.execute(delete(Ticket).where(Ticket.id.in_(tickets)))
    session.flush()
    return len(tickets)

"""One timeline of a handed-off conversation for the advisor: what the user and the bot said (from
Rasa's tracker), the advisors' replies with their delivery state, and private notes (from the ticket)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Optional

from handoff.models import Ticket, TicketMessage

DELIVERED, SENDING, RETRYING, FAILED = "delivered", "sending", "retrying", "failed"


@dataclass(frozen=True)
class Line:
    author: str  # user, bot, advisor, note
    text: str
    at: dt.datetime  # UTC, naive
    delivery: Optional[str] = None
    message_id: Optional[int] = None
    choice: bool = False  # the user tapped a button; `text` is its title


def delivery_state(message: TicketMessage) -> str:
    if message.delivered_at is not None:
        return DELIVERED
    if message.failed_at is not None:
        return FAILED
    return RETRYING if message.delivery_error else SENDING


def timeline(ticket: Ticket, tracker_lines: Optional[list[dict[str, Any]]]) -> list[Line]:
    """Tracker lines (see Conversations.transcript) without the advisors' replies, which come from the
    ticket instead so that each shows whether it reached the user."""
    lines = [
        Line(
            entry["author"],
            entry["text"],
            dt.datetime.utcfromtimestamp(float(entry["timestamp"] or 0)),
            choice=bool(entry.get("choice")),
        )
        for entry in tracker_lines or []
        if entry["author"] in ("user", "bot")
    ]
    lines += [
        Line(
            message.author,
            message.text,
            message.created_at,
            None if message.is_note else delivery_state(message),
            message.id,
        )
        for message in ticket.messages
    ]
    return sorted(lines, key=lambda line: line.at)

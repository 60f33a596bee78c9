"""What an advisor does with a ticket, as one step each for the console's pages and its JSON API:
reply, resolve (the bot comes back and asks for a rating), hand back to the bot, return to the
queue, escalate to a professional; and for admins, hand a ticket over to another advisor."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Sequence
from typing import Any, Optional

from sqlalchemy.orm import Session

from handoff.advisors import author
from handoff.conversations import ADVISOR_LABEL_SLOT, Conversations, DeliveryFailed
from handoff.delivery import LEASE, deliver
from handoff.models import ADVISOR_AUTHOR, OPEN, Advisor, Ticket, TicketMessage, utcnow
from handoff.queue import NOT_YOURS, TicketUnavailable, add_message, claim, escalate, reassign, release, resolve

MAX_TEXT = 4000
ADVISOR_JOINED = "utter_advisor_joined"
BACK_IN_QUEUE = "utter_back_in_queue"


def take(session: Session, chats: Conversations, ticket_id: int, advisor: Advisor) -> tuple[Ticket, Optional[str]]:
    """Claim the ticket (TicketUnavailable when someone else was first), then tell the user, in their
    language, that a person has joined and who. Returns the ticket and the delivery error, if any: the
    claim stands even when the user's channel is down."""
    ticket = claim(session, ticket_id, advisor)
    session.commit()
    speaker = author(advisor, ticket.language)
    try:
        chats.say(
            ticket.conversation_id, ticket.channel, ADVISOR_JOINED, {ADVISOR_LABEL_SLOT: speaker["label"]}, speaker
        )
    except DeliveryFailed as failure:
        return ticket, str(failure)
    return ticket, None


def reply(
    session: Session,
    chats: Conversations,
    ticket: Ticket,
    advisor: Advisor,
    text: str,
    retry_seconds: Sequence[int],
) -> TicketMessage:
    """Store the reply first (so nothing is lost if delivery or this process fails), then send it.
    Raises TicketUnavailable unless the advisor has the ticket open."""
    if ticket.status != OPEN or ticket.advisor_id != advisor.id:
        raise TicketUnavailable(ticket.id, NOT_YOURS)
    message = add_message(session, ticket, ADVISOR_AUTHOR, text, advisor)
    # Held by this attempt; if the process dies before it ends, the retry worker takes it over.
    message.next_attempt_at = utcnow() + LEASE
    session.commit()
    deliver(session, chats, message, retry_seconds)
    return message


def send_again(
    session: Session, chats: Conversations, ticket: Ticket, message_id: int, retry_seconds: Sequence[int]
) -> Optional[TicketMessage]:
    """The advisor's "send again": one more attempt now, with a fresh retry schedule (also for a reply
    that had failed for good). None when the ticket has no such undelivered reply."""
    message = session.get(TicketMessage, message_id)
    if message is None or message.ticket_id != ticket.id or message.author != ADVISOR_AUTHOR or message.delivered_at:
        return None
    message.failed_at, message.attempts = None, 0
    deliver(session, chats, message, retry_seconds)
    return message


def _bot_back(chats: Conversations, ticket: Ticket, ask_rating: bool) -> Optional[str]:
    """Resume the bot and tell the user; returns the delivery error, if any."""
    try:
        chats.resume(ticket.conversation_id)
        chats.say(ticket.conversation_id, ticket.channel, "utter_assistant_back")
        if ask_rating:
            chats.say(ticket.conversation_id, ticket.channel, "utter_ask_rating")
    except DeliveryFailed as failure:
        return str(failure)
    return None


def finish(
    session: Session, chats: Conversations, ticket: Ticket, advisor: Advisor, ask_rating: bool = True
) -> dict[str, Any]:
    """Resolve the ticket and give the conversation back to the bot. `ask_rating=False` is the
    "hand back to the bot" button: the advisor only routed the user back, so there is nothing to rate."""
    resolve(session, ticket, advisor)
    session.commit()
    error = _bot_back(chats, ticket, ask_rating)
    return {"bot_back": error is None, "delivery_error": error}


def return_to_queue(session: Session, chats: Conversations, ticket: Ticket, by: Advisor) -> Optional[str]:
    """Back in the queue (by its advisor, or by an admin for an advisor who left); the user is told
    that the next advisor will continue. Returns the delivery error, if any."""
    release(session, ticket, by)
    session.commit()
    return tell(chats, ticket, BACK_IN_QUEUE)


def hand_over(session: Session, chats: Conversations, ticket: Ticket, to: Advisor, by: Advisor) -> Optional[str]:
    """An admin gives an open ticket to another advisor, or takes it over; the user hears who joined."""
    reassign(session, ticket, to, by)
    session.commit()
    speaker = author(to, ticket.language)
    try:
        chats.say(
            ticket.conversation_id, ticket.channel, ADVISOR_JOINED, {ADVISOR_LABEL_SLOT: speaker["label"]}, speaker
        )
    except DeliveryFailed as failure:
        return str(failure)
    return None


def tell(chats: Conversations, ticket: Ticket, response: str) -> Optional[str]:
    """One of the bot's texts to the ticket's user; the delivery error, if any."""
    try:
        chats.say(ticket.conversation_id, ticket.channel, response)
    except DeliveryFailed as failure:
        return str(failure)
    return None


def pass_to_professional(session: Session, chats: Conversations, ticket: Ticket, advisor: Advisor) -> Optional[str]:
    """A peer advisor escalates; the user is told a professional will answer. Returns a delivery error."""
    escalate(session, ticket, advisor)
    session.commit()
    return tell(chats, ticket, "utter_escalated")


def local_time(moment: dt.datetime, timezone: str) -> dt.datetime:
    """A stored UTC time (naive) as local wall-clock time."""
    return moment.replace(tzinfo=dt.timezone.utc).astimezone(zoneinfo.ZoneInfo(timezone)).replace(tzinfo=None)

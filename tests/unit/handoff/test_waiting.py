"""The promise to a waiting user: told once when the estimate has passed, and every message they
write while waiting acknowledged, at most once a minute. Rasa is stood in for by a recorder."""

import datetime as dt

from handoff.conversations import DeliveryFailed
from handoff.queue import claim, open_ticket, promise
from handoff.waiting import WAIT_OVERDUE, WAITING_ACK, acknowledge_waiting, tell_overdue


class Chats:
    """Stands in for handoff.conversations.Conversations: what was said, and the user's messages."""

    def __init__(self) -> None:
        self.said: list[tuple[str, str]] = []
        self.written: dict[str, list[dict]] = {}
        self.down = False

    def say(self, conversation_id, channel, response, slots=None, author=None):
        if self.down:
            raise DeliveryFailed("down")
        self.said.append((conversation_id, response))

    def write(self, conversation_id: str, at: dt.datetime) -> None:
        stamp = at.replace(tzinfo=dt.timezone.utc).timestamp()
        self.written.setdefault(conversation_id, []).append({"event": "user", "text": "hello?", "timestamp": stamp})

    def events(self, conversation_id):
        return self.written.get(conversation_id, [])


def test_the_user_hears_once_that_the_promised_time_has_passed(db):
    chats = Chats()
    ticket = open_ticket(db, conversation_id="c1", channel="telegram", language="so")
    promise(ticket, 5)
    db.commit()
    assert tell_overdue(db, chats, ticket.expected_at - dt.timedelta(seconds=1)) == 0
    assert tell_overdue(db, chats, ticket.expected_at) == 1
    assert tell_overdue(db, chats, ticket.expected_at + dt.timedelta(minutes=3)) == 0, "only once"
    assert chats.said == [("c1", WAIT_OVERDUE)]


def test_a_claimed_ticket_is_not_overdue(db, make_advisor):
    chats = Chats()
    ticket = open_ticket(db, conversation_id="c1", channel="telegram", language="fi")
    promise(ticket, 1)
    claim(db, ticket.id, make_advisor("anna@alku.fi"))
    db.commit()
    assert tell_overdue(db, chats, ticket.expected_at + dt.timedelta(minutes=5)) == 0


def test_messages_written_while_waiting_are_acknowledged_at_most_once_a_minute(db):
    chats = Chats()
    ticket = open_ticket(db, conversation_id="c1", channel="webchat", language="fa")
    db.commit()
    start = ticket.created_at
    chats.write("c1", start - dt.timedelta(seconds=1))  # the message that led to the handoff
    assert acknowledge_waiting(db, chats, start + dt.timedelta(seconds=5)) == 0, "already answered by the handover"
    chats.write("c1", start + dt.timedelta(seconds=10))
    assert acknowledge_waiting(db, chats, start + dt.timedelta(seconds=12)) == 1
    chats.write("c1", start + dt.timedelta(seconds=20))
    assert acknowledge_waiting(db, chats, start + dt.timedelta(seconds=30)) == 0, "not twice within a minute"
    assert acknowledge_waiting(db, chats, start + dt.timedelta(seconds=73)) == 1, "the later message, a minute on"
    assert acknowledge_waiting(db, chats, start + dt.timedelta(seconds=200)) == 0, "nothing new written"
    assert chats.said == [("c1", WAITING_ACK), ("c1", WAITING_ACK)]

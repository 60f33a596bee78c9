"""Delivery and retries of advisor replies. Rasa and the user's channel are stood in for by a small
recorder: the retry rules are what is under test here; the real path is in tests/integration."""

import datetime as dt
import json

import pytest

from handoff.conversations import DeliveryFailed
from handoff.delivery import deliver, recover, retry_due
from handoff.models import ADVISOR_AUTHOR, TicketMessage
from handoff.queue import add_message, claim, open_ticket

SCHEDULE = (5, 30)
NOW = dt.datetime(2026, 11, 23, 10, 0)


class Channel:
    """Records what Rasa was asked to record and what reached the user; `down` refuses pushes."""

    def __init__(self) -> None:
        self.recorded: list[str] = []
        self.pushed: list[str] = []
        self.down = False

    def record(self, conversation_id, response, slots=None):
        self.recorded.append(slots["advisor_reply"])
        return [{"text": slots["advisor_reply"]}]

    def push(self, conversation_id, channel, message):
        if self.down:
            raise DeliveryFailed("channel down")
        self.pushed.append(message["text"])


@pytest.fixture
def reply(db, make_advisor):
    advisor = make_advisor("anna@alku.fi")
    ticket = open_ticket(db, conversation_id="c1", channel="callback", language="fi")
    claim(db, ticket.id, advisor)
    message = add_message(db, ticket, ADVISOR_AUTHOR, "Hei, autan mielelläni.", advisor)
    db.commit()
    return message


def test_a_delivered_reply_is_marked_delivered(db, reply):
    channel = Channel()
    assert deliver(db, channel, reply, SCHEDULE, NOW)
    assert (reply.delivered_at, reply.attempts, reply.next_attempt_at) == (NOW, 1, None)
    assert channel.pushed == ["Hei, autan mielelläni."]


def test_a_refused_reply_is_retried_on_schedule_then_marked_failed(db, reply):
    channel = Channel()
    channel.down = True
    assert not deliver(db, channel, reply, SCHEDULE, NOW)
    assert reply.next_attempt_at == NOW + dt.timedelta(seconds=5) and reply.delivery_error == "channel down"
    assert retry_due(db, channel, SCHEDULE, NOW + dt.timedelta(seconds=4)) == 0, "not due yet"
    assert retry_due(db, channel, SCHEDULE, NOW + dt.timedelta(seconds=5)) == 0
    db.refresh(reply)
    assert reply.attempts == 2 and reply.next_attempt_at == NOW + dt.timedelta(seconds=35)
    retry_due(db, channel, SCHEDULE, NOW + dt.timedelta(seconds=35))
    db.refresh(reply)
    assert reply.attempts == 3 and reply.failed_at is not None and reply.next_attempt_at is None
    assert retry_due(db, channel, SCHEDULE, NOW + dt.timedelta(hours=1)) == 0, "a failed reply waits for a person"
    assert channel.recorded == ["Hei, autan mielelläni."], "Rasa records the reply once, however often it is sent"


def test_a_retry_delivers_once_the_channel_is_back(db, reply):
    channel = Channel()
    channel.down = True
    deliver(db, channel, reply, SCHEDULE, NOW)
    channel.down = False
    assert retry_due(db, channel, SCHEDULE, NOW + dt.timedelta(seconds=5)) == 1
    db.refresh(reply)
    assert reply.delivered_at is not None and reply.delivery_error is None
    assert channel.pushed == ["Hei, autan mielelläni."] and json.loads(reply.rendered) == [
        {"text": "Hei, autan mielelläni."}
    ]


def test_after_a_restart_replies_in_flight_are_sent_at_once(db, reply):
    reply.next_attempt_at = NOW + dt.timedelta(seconds=60)  # held by an attempt the stopped process never finished
    db.commit()
    assert recover(db, NOW) == 1
    channel = Channel()
    assert retry_due(db, channel, SCHEDULE, NOW) == 1 and channel.pushed == ["Hei, autan mielelläni."]
    assert db.get(TicketMessage, reply.id).delivered_at is not None


class LabelledChannel(Channel):
    """Also keeps the whole pushed messages, to see who they are from."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[dict] = []
        self.slots: list[dict] = []

    def record(self, conversation_id, response, slots=None):
        self.slots.append(dict(slots or {}))
        return super().record(conversation_id, response, slots)

    def push(self, conversation_id, channel, message):
        super().push(conversation_id, channel, message)
        self.messages.append(message)


def test_a_reply_carries_the_advisors_name_and_role_in_the_users_language(db, reply):
    reply.advisor.name, reply.advisor.display_name = "Anna Korhonen", None
    db.commit()
    channel = LabelledChannel()
    assert deliver(db, channel, reply, SCHEDULE, NOW)
    assert channel.messages[0]["author"] == {"name": "Anna", "role": "advisor", "label": "Anna (neuvoja)"}
    assert channel.slots[0]["advisor_label"] == "Anna (neuvoja)", "the label is recorded for the widget's history"
    reply.advisor.display_name = "Anni"
    db.commit()
    reply.delivered_at = None
    deliver(db, channel, reply, SCHEDULE, NOW)
    assert channel.messages[-1]["author"]["label"] == "Anni (neuvoja)"

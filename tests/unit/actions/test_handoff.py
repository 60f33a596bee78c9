import datetime as dt

import pytest
from rasa_sdk import Tracker
from sqlalchemy import select

from actions import resources
from actions.handoff import ActionHandOver
from handoff.db import create_schema
from handoff.models import WAITING, OfficeHours, Team, Ticket
from knowledge.db import make_engine, open_session
from knowledge.models import Municipality

MONDAY_10 = dt.datetime(2026, 11, 23, 10, 0)
FRIDAY_18 = dt.datetime(2026, 11, 27, 18, 0)


def tracker(
    channel: str, sender: str = "user-1", intent: str = "human_advisor", latest_action: str = "action_listen"
) -> Tracker:
    return Tracker(
        sender_id=sender,
        slots={"language": "fi", "language_locked": False, "municipality": "564", "topic": "kela_appeal"},
        latest_message={"text": "haluan puhua ihmisen kanssa", "intent": {"name": intent}, "entities": []},
        events=[{"event": "user", "text": "haluan puhua ihmisen kanssa", "input_channel": channel}],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name=latest_action,
    )


@pytest.fixture
def knowledge(own_knowledge: str) -> str:
    """A knowledge base of this test's own: these tests add teams and tickets."""
    return own_knowledge


@pytest.fixture
def desk(knowledge, monkeypatch):
    """The handoff tables and an Oulu team on duty Mon–Fri 8–16; returns a function to set the clock."""
    create_schema(make_engine(knowledge))
    with open_session(knowledge) as session, session.begin():
        session.add(
            Team(
                name="Oulu advice",
                municipalities=[session.get(Municipality, "564")],
                hours=[OfficeHours(weekday=day, opens=dt.time(8), closes=dt.time(16)) for day in range(5)],
            )
        )

    def at(moment: dt.datetime) -> None:
        monkeypatch.setattr(resources, "local_now", lambda: moment)

    return at


def test_on_duty_a_ticket_opens_with_place_and_wait_and_the_bot_pauses(knowledge, desk, run_action):
    desk(MONDAY_10)
    messages, events = run_action(ActionHandOver(), tracker("callback"))
    assert [message["response"] for message in messages] == ["utter_handed_over", "utter_estimated_wait"]
    assert messages[0]["position"] == 1 and messages[1]["wait_minutes"] >= 1
    assert [event["event"] for event in events] == ["pause"]
    with open_session(knowledge) as session:
        ticket = session.scalars(select(Ticket).where(Ticket.conversation_id == "user-1")).one()
        assert (ticket.status, ticket.language, ticket.topic_key, ticket.municipality_code) == (
            WAITING,
            "fi",
            "kela_appeal",
            "564",
        )
    run_action(ActionHandOver(), tracker("callback"))
    with open_session(knowledge) as session:
        assert len(session.scalars(select(Ticket).where(Ticket.conversation_id == "user-1")).all()) == 1


def test_out_of_hours_the_user_hears_when_advisors_are_back(knowledge, desk, run_action):
    desk(FRIDAY_18)
    messages, events = run_action(ActionHandOver(), tracker("callback", sender="late"))
    assert [message["response"] for message in messages] == ["utter_handed_over_out_of_hours"]
    assert messages[0]["back_at"] == "ma 30.11.2026 8.00"
    assert [event["event"] for event in events] == ["pause"]
    with open_session(knowledge) as session:
        assert session.scalars(select(Ticket).where(Ticket.conversation_id == "late")).one().status == WAITING


def test_with_no_office_hours_anywhere_the_user_is_told_someone_will_answer_later(knowledge, run_action, monkeypatch):
    create_schema(make_engine(knowledge))
    monkeypatch.setattr(resources, "local_now", lambda: MONDAY_10)
    messages, _ = run_action(ActionHandOver(), tracker("callback", sender="nobody"))
    assert [message["response"] for message in messages] == ["utter_handed_over_no_hours"]


def test_on_rest_a_request_for_a_person_gets_the_answer_on_advisors(knowledge, run_action):
    """REST answers only the request it gets, so the user hears where a person can help instead, and
    nothing after it says "I did not understand"."""
    messages, events = run_action(ActionHandOver(), tracker("rest", sender="user-2"))
    assert [message["response"] for message in messages][0] == "utter_topic_answer"
    assert "neuvo" in messages[0]["answer"].lower()
    assert "utter_default" not in [message["response"] for message in messages]
    assert events == []


def test_on_rest_an_emergency_answer_is_not_given_twice(knowledge, run_action):
    create_schema(make_engine(knowledge))
    messages, events = run_action(ActionHandOver(), tracker("rest", "user-3", "emergency", "action_answer_topic"))
    assert (messages, events) == ([], [])

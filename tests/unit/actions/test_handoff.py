from rasa_sdk import Tracker
from sqlalchemy import select

from actions.handoff import ActionHandOver
from handoff.db import create_schema
from handoff.models import WAITING, Ticket
from knowledge.db import make_engine, open_session


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


def test_on_a_push_channel_a_ticket_opens_and_the_bot_pauses(knowledge, run_action):
    create_schema(make_engine(knowledge))
    messages, events = run_action(ActionHandOver(), tracker("callback"))
    assert messages[0]["response"] == "utter_handed_over" and messages[0]["position"] >= 1
    assert [event["event"] for event in events] == ["pause"]
    with open_session(knowledge) as session:
        ticket = session.scalars(select(Ticket).where(Ticket.conversation_id == "user-1")).one()
        assert (ticket.status, ticket.language, ticket.topic_key, ticket.municipality_code) == (
            WAITING,
            "fi",
            "kela_appeal",
            "564",
        )
    messages_again, _ = run_action(ActionHandOver(), tracker("callback"))
    with open_session(knowledge) as session:
        assert len(session.scalars(select(Ticket).where(Ticket.conversation_id == "user-1")).all()) == 1


def test_on_rest_the_user_gets_the_answer_instead(knowledge, run_action):
    create_schema(make_engine(knowledge))
    messages, events = run_action(ActionHandOver(), tracker("rest", sender="user-2"))
    assert messages == []
    assert events[0]["event"] == "followup" and events[0]["name"] == "action_answer_topic"


def test_on_rest_an_emergency_answer_is_not_given_twice(knowledge, run_action):
    create_schema(make_engine(knowledge))
    messages, events = run_action(ActionHandOver(), tracker("rest", "user-3", "emergency", "action_answer_topic"))
    assert (messages, events) == ([], [])


def test_on_rest_repeated_misunderstanding_says_so_again(knowledge, run_action):
    create_schema(make_engine(knowledge))
    messages, events = run_action(ActionHandOver(), tracker("rest", "user-4", "nlu_fallback", "utter_default"))
    assert [message["response"] for message in messages] == ["utter_default"] and events == []

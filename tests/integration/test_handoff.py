"""A newcomer reaches a person and comes back to the bot in the same chat (Rasa's callback channel),
with the real Rasa, action server and console."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from zoneinfo import ZoneInfo

import httpx
import pytest

from handoff.models import Advisor
from handoff.passwords import hash_password
from knowledge.db import make_engine, session_factory
from tests.processes import ALWAYS, RETRY_SECONDS, admin_headers, ticket_of

pytestmark = pytest.mark.slow


def say(alku, sender: str, text: str) -> None:
    reply = httpx.post(
        f"{alku.rasa_url}/webhooks/callback/webhook", json={"sender": sender, "message": text}, timeout=30
    )
    assert reply.status_code == 200, reply.text


def handed_over(alku, callback_sink, text: str) -> tuple[str, dict[str, str], dict]:
    """A new callback user asks for a person; returns (sender, advisor's headers, their waiting ticket)."""
    sender = f"cb-{uuid.uuid4().hex[:10]}"
    say(alku, sender, text)
    callback_sink.wait_for(sender, "in the queue")
    headers = admin_headers(alku)
    return sender, headers, ticket_of(alku, headers, sender)


def test_handoff_reply_and_back_to_the_bot(alku, callback_sink):
    sender, headers, ticket = handed_over(alku, callback_sink, "I want to talk to a human advisor please")
    assert (ticket["language"], ticket["channel"], ticket["status"]) == ("en", "callback", "waiting")
    assert (
        httpx.post(f"{alku.console_url}/api/tickets/{ticket['id']}/claim", headers=headers, timeout=10).status_code
        == 200
    )

    before = len(callback_sink.texts(sender))
    say(alku, sender, "How do I get a Kela card?")
    time.sleep(1.5)
    assert len(callback_sink.texts(sender)) == before, "the bot must stay silent while a person has the chat"
    shown = httpx.get(f"{alku.console_url}/api/tickets/{ticket['id']}", headers=headers, timeout=10).json()
    assert "How do I get a Kela card?" in [line["text"] for line in shown["transcript"] if line["author"] == "user"]

    sent = httpx.post(
        f"{alku.console_url}/api/tickets/{ticket['id']}/messages",
        json={"text": "Hello, I am Anna. Let's look at your Kela card together."},
        headers=headers,
        timeout=30,
    )
    assert sent.status_code == 201 and sent.json()["delivered"] is True
    callback_sink.wait_for(sender, "Hello, I am Anna.")

    resolved = httpx.post(f"{alku.console_url}/api/tickets/{ticket['id']}/resolve", headers=headers, timeout=30)
    assert resolved.json()["status"] == "resolved" and resolved.json()["bot_back"] is True
    callback_sink.wait_for(sender, "assistant is back")
    say(alku, sender, "How do I get a tax card?")
    callback_sink.wait_for(sender, "Source: https://")


def test_reply_to_a_channel_that_is_down_is_kept_and_sent_again(alku, callback_sink):
    sender, headers, ticket = handed_over(alku, callback_sink, "can I talk to a real person")
    httpx.post(f"{alku.console_url}/api/tickets/{ticket['id']}/claim", headers=headers, timeout=10)
    callback_sink.refuse.add(sender)
    sent = httpx.post(
        f"{alku.console_url}/api/tickets/{ticket['id']}/messages",
        json={"text": "Are you still there?"},
        headers=headers,
        timeout=30,
    ).json()
    assert sent["delivered"] is False and sent["delivery_error"]
    shown = httpx.get(f"{alku.console_url}/api/tickets/{ticket['id']}", headers=headers, timeout=10).json()
    assert shown["messages"][-1]["delivered"] is False
    callback_sink.refuse.discard(sender)
    again = httpx.post(
        f"{alku.console_url}/api/tickets/{ticket['id']}/messages/{sent['id']}/retry", headers=headers, timeout=30
    ).json()
    assert again["delivered"] is True
    callback_sink.wait_for(sender, "Are you still there?")


def test_rest_users_are_not_handed_over_to_a_reply_they_cannot_receive(alku):
    reply = httpx.post(
        alku.rest_url,
        json={"sender": f"r-{uuid.uuid4().hex[:8]}", "message": "I want to talk to a human advisor"},
        timeout=30,
    )
    texts = " ".join(message["text"] for message in reply.json())
    assert "in the queue" not in texts and "Source: https://" in texts


def test_handoff_speaks_the_users_language(alku, callback_sink):
    sender = f"cb-{uuid.uuid4().hex[:10]}"
    say(alku, sender, "Хочу поговорить с живым консультантом, пожалуйста")
    callback_sink.wait_for(sender, "Ваш номер в очереди")
    ticket = ticket_of(alku, admin_headers(alku), sender)
    assert ticket["language"] == "ru"


def test_emergency_gives_112_first_then_a_person(alku, callback_sink):
    sender = f"cb-{uuid.uuid4().hex[:10]}"
    say(alku, sender, "my friend is not breathing what do i do")
    texts = callback_sink.wait_for(sender, "in the queue")
    first_112 = next(index for index, text in enumerate(texts) if "112" in text)
    handed_over = next(index for index, text in enumerate(texts) if "in the queue" in text)
    assert first_112 < handed_over


def claimed(alku, callback_sink, text: str = "I want to talk to a person") -> tuple[str, dict[str, str], int]:
    sender, headers, ticket = handed_over(alku, callback_sink, text)
    reply = httpx.post(f"{alku.console_url}/api/tickets/{ticket['id']}/claim", headers=headers, timeout=10)
    assert reply.status_code == 200, reply.text
    return sender, headers, ticket["id"]


def shown(alku, headers, ticket_id: int) -> dict:
    return httpx.get(f"{alku.console_url}/api/tickets/{ticket_id}", headers=headers, timeout=10).json()


def test_on_duty_the_user_hears_the_estimated_wait(alku, callback_sink):
    sender, _, _ = handed_over(alku, callback_sink, "I need to speak with an advisor")
    callback_sink.wait_for(sender, "The estimated wait is about")


def test_resolve_asks_for_a_rating_with_buttons_and_records_it(alku, callback_sink):
    sender, headers, ticket_id = claimed(alku, callback_sink)
    httpx.post(f"{alku.console_url}/api/tickets/{ticket_id}/resolve", headers=headers, timeout=30)
    callback_sink.wait_for(sender, "Choose from 1 (not at all) to 5 (very much)")
    asking = next(m for m in callback_sink.received[sender] if "Choose from 1" in m.get("text", ""))
    assert [button["title"] for button in asking["buttons"]] == ["1", "2", "3", "4", "5"]
    say(alku, sender, asking["buttons"][3]["payload"])
    callback_sink.wait_for(sender, "Thank you! Your rating helps us improve Alku.")
    assert shown(alku, headers, ticket_id)["rating"] == 4


def test_hand_back_gives_the_bot_back_without_a_rating(alku, callback_sink):
    sender, headers, ticket_id = claimed(alku, callback_sink)
    reply = httpx.post(
        f"{alku.console_url}/api/tickets/{ticket_id}/resolve", params={"hand_back": "true"}, headers=headers, timeout=30
    )
    assert reply.json()["bot_back"] is True
    callback_sink.wait_for(sender, "assistant is back")
    time.sleep(1)
    assert not any("Choose from 1" in text for text in callback_sink.texts(sender))


def test_out_of_hours_the_user_hears_when_advisors_are_back(alku, callback_sink):
    tomorrow = (dt.datetime.now(ZoneInfo(alku.settings.timezone)).weekday() + 1) % 7
    alku.set_office_hours([(tomorrow, dt.time(9), dt.time(15))])
    try:
        sender = f"cb-{uuid.uuid4().hex[:10]}"
        say(alku, sender, "I want to talk to an advisor")
        texts = callback_sink.wait_for(sender, "Advisors are not on duty right now; they are back")
        assert any("9.00" in text and "same chat" in text for text in texts)
        assert ticket_of(alku, admin_headers(alku), sender)["status"] == "waiting"
    finally:
        alku.set_office_hours(ALWAYS)


def test_two_misunderstandings_in_a_row_reach_a_person(alku, callback_sink):
    sender = f"cb-{uuid.uuid4().hex[:10]}"
    say(alku, sender, "🙂🙂")
    callback_sink.wait_for(sender, "did not understand")
    say(alku, sender, "???")
    callback_sink.wait_for(sender, "in the queue")


def test_crisis_wording_gets_the_crisis_line_and_112_then_a_person(alku, callback_sink):
    sender = f"cb-{uuid.uuid4().hex[:10]}"
    say(alku, sender, "en jaksa enää, haluan kuolla")
    texts = callback_sink.wait_for(sender, "jonossa")
    answer = next(index for index, text in enumerate(texts) if "112" in text and "09 2525 0111" in text)
    queued = next(index for index, text in enumerate(texts) if "jonossa" in text)
    assert answer < queued
    assert ticket_of(alku, admin_headers(alku), sender)["topic"] == "mental_health"


def test_a_reply_to_a_channel_that_is_down_is_retried_automatically(alku, callback_sink):
    sender, headers, ticket_id = claimed(alku, callback_sink)
    callback_sink.refuse.add(sender)
    sent = httpx.post(
        f"{alku.console_url}/api/tickets/{ticket_id}/messages",
        json={"text": "Still there?"},
        headers=headers,
        timeout=30,
    ).json()
    assert sent["delivered"] is False
    callback_sink.refuse.discard(sender)
    callback_sink.wait_for(sender, "Still there?", timeout=15)
    assert shown(alku, headers, ticket_id)["messages"][-1]["delivered"] is True
    assert callback_sink.texts(sender).count("Still there?") == 1


def test_a_reply_that_never_goes_through_is_shown_as_failed(alku, callback_sink):
    sender, headers, ticket_id = claimed(alku, callback_sink)
    callback_sink.refuse.add(sender)
    httpx.post(
        f"{alku.console_url}/api/tickets/{ticket_id}/messages", json={"text": "Hello?"}, headers=headers, timeout=30
    )
    deadline = time.monotonic() + 20
    while not shown(alku, headers, ticket_id)["messages"][-1]["failed"]:
        assert time.monotonic() < deadline, "the reply was never marked failed"
        time.sleep(0.5)
    assert shown(alku, headers, ticket_id)["messages"][-1]["attempts"] == 1 + len(RETRY_SECONDS)


def test_two_advisors_claiming_at_once_exactly_one_wins(alku, callback_sink):
    sender, headers, ticket = handed_over(alku, callback_sink, "talk to a human please")
    with session_factory(make_engine(alku.settings.database_url))() as session, session.begin():
        session.add(
            Advisor(
                email=f"second-{sender}@alku.test",
                name="Second",
                password_hash=hash_password("second-password"),
                languages="en",
            )
        )
    second = {
        "Authorization": "Bearer "
        + httpx.post(
            f"{alku.console_url}/api/auth/token",
            data={"username": f"second-{sender}@alku.test", "password": "second-password"},
            timeout=10,
        ).json()["access_token"]
    }
    with ThreadPoolExecutor(2) as pool:
        results = list(
            pool.map(
                lambda who: httpx.post(f"{alku.console_url}/api/tickets/{ticket['id']}/claim", headers=who, timeout=10),
                [headers, second],
            )
        )
    assert sorted(result.status_code for result in results) == [200, 409]


def test_nothing_is_lost_when_the_console_crashes_in_the_middle_of_a_handoff(alku, callback_sink):
    sender, headers, ticket_id = claimed(alku, callback_sink)
    callback_sink.refuse.add(sender)
    httpx.post(
        f"{alku.console_url}/api/tickets/{ticket_id}/messages",
        json={"text": "Sent just before the crash"},
        headers=headers,
        timeout=30,
    )
    alku.kill("console")
    say(alku, sender, "Are you there? I wrote while the console was down")
    callback_sink.refuse.discard(sender)
    alku.start("console")
    callback_sink.wait_for(sender, "Sent just before the crash", timeout=20)
    after = shown(alku, headers, ticket_id)
    assert "Are you there? I wrote while the console was down" in [
        line["text"] for line in after["transcript"] if line["author"] == "user"
    ]
    assert after["messages"][-1]["delivered"] is True


def test_nothing_is_lost_when_the_action_server_restarts_in_the_middle_of_a_handoff(alku, callback_sink):
    sender, headers, ticket_id = claimed(alku, callback_sink)
    alku.kill("actions")
    say(alku, sender, "My question while the action server is down")
    sent = httpx.post(
        f"{alku.console_url}/api/tickets/{ticket_id}/messages",
        json={"text": "I read you."},
        headers=headers,
        timeout=30,
    ).json()
    assert sent["delivered"] is True
    callback_sink.wait_for(sender, "I read you.")
    alku.start("actions")
    assert "My question while the action server is down" in [
        line["text"] for line in shown(alku, headers, ticket_id)["transcript"] if line["author"] == "user"
    ]
    httpx.post(f"{alku.console_url}/api/tickets/{ticket_id}/resolve", headers=headers, timeout=30)
    callback_sink.wait_for(sender, "assistant is back")
    say(alku, sender, "How do I get a tax card?")
    callback_sink.wait_for(sender, "Source: https://")


def test_the_user_hears_who_has_joined_and_the_advisors_words_carry_their_name(alku, callback_sink):
    sender, headers, ticket_id = claimed(alku, callback_sink, "Can I talk to a person, please?")
    callback_sink.wait_for(sender, "Admin (advisor) has joined the conversation")
    httpx.post(f"{alku.console_url}/api/tickets/{ticket_id}/messages", json={"text": "Hi, I am here."}, headers=headers)
    callback_sink.wait_for(sender, "Hi, I am here.")
    reply = next(m for m in callback_sink.received[sender] if m.get("text") == "Hi, I am here.")
    assert reply["author"] == {"name": "Admin", "role": "admin", "label": "Admin (advisor)"}


def test_domestic_violence_gets_nollalinja_and_an_urgent_ticket_first_in_the_queue(alku, callback_sink):
    routine, headers, _ = handed_over(alku, callback_sink, "I need to speak with an advisor")
    inbox = httpx.get(f"{alku.console_url}/api/tickets", headers=headers, timeout=10).json()
    urgent_ahead = sum(1 for ticket in inbox if ticket["urgent"] and ticket["language"] == "en")
    sender = f"cb-{uuid.uuid4().hex[:10]}"
    say(alku, sender, "my husband hits me and I am scared to go home")
    texts = callback_sink.wait_for(sender, "in the queue")
    assert any("080 005 005" in text and "112" in text for text in texts)
    assert f"You are number {urgent_ahead + 1} in the queue" in " ".join(texts), "only urgent tickets are ahead"
    inbox = httpx.get(f"{alku.console_url}/api/tickets", headers=headers, timeout=10).json()
    order = [ticket["conversation_id"].removeprefix("cb:") for ticket in inbox]
    mine = inbox[order.index(sender)]
    assert (mine["urgent"], mine["topic"]) == (True, "domestic_violence")
    assert mine["preview"] == "my husband hits me and I am scared to go home"
    assert all(ticket["urgent"] for ticket in inbox[: order.index(sender)])
    assert order.index(sender) < order.index(routine) and not inbox[order.index(routine)]["urgent"]


def test_a_message_written_while_waiting_is_acknowledged(alku, callback_sink):
    sender, _, _ = handed_over(alku, callback_sink, "Can I talk to a real person?")
    say(alku, sender, "Hello? Is anyone there?")
    callback_sink.wait_for(sender, "Your message is waiting for the advisor")


def test_a_ticket_returned_to_the_queue_tells_the_user_that_the_next_advisor_continues(alku, callback_sink):
    sender, headers, ticket_id = claimed(alku, callback_sink, "Could I talk to a person?")
    callback_sink.wait_for(sender, "has joined the conversation")
    back = httpx.post(f"{alku.console_url}/api/tickets/{ticket_id}/release", headers=headers, timeout=30)
    assert back.status_code == 200 and back.json()["status"] == "waiting" and back.json()["delivery_error"] is None
    callback_sink.wait_for(sender, "back in the queue and keeps its place")
    say(alku, sender, "ok, I will wait")
    callback_sink.wait_for(sender, "Your message is waiting for the advisor")

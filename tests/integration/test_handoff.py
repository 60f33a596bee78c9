"""A newcomer reaches a person and comes back to the bot in the same chat (Rasa's callback channel),
with the real Rasa, action server and console."""

from __future__ import annotations

import time
import uuid

import httpx
import pytest

from tests.integration.conftest import ADMIN_EMAIL, ADMIN_PASSWORD

pytestmark = pytest.mark.slow


def say(alku, sender: str, text: str) -> None:
    reply = httpx.post(
        f"{alku.rasa_url}/webhooks/callback/webhook", json={"sender": sender, "message": text}, timeout=30
    )
    assert reply.status_code == 200, reply.text


def advisor(alku) -> dict[str, str]:
    token = httpx.post(
        f"{alku.console_url}/api/auth/token", data={"username": ADMIN_EMAIL, "password": ADMIN_PASSWORD}, timeout=10
    ).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


def ticket_of(alku, headers, sender: str) -> dict:
    tickets = httpx.get(f"{alku.console_url}/api/tickets", headers=headers, timeout=10).json()
    return next(ticket for ticket in tickets if ticket["conversation_id"] == sender)


def handed_over(alku, callback_sink, text: str) -> tuple[str, dict[str, str], dict]:
    """A new callback user asks for a person; returns (sender, advisor's headers, their waiting ticket)."""
    sender = f"cb-{uuid.uuid4().hex[:10]}"
    say(alku, sender, text)
    callback_sink.wait_for(sender, "in the queue")
    headers = advisor(alku)
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
    ticket = ticket_of(alku, advisor(alku), sender)
    assert ticket["language"] == "ru"


def test_emergency_gives_112_first_then_a_person(alku, callback_sink):
    sender = f"cb-{uuid.uuid4().hex[:10]}"
    say(alku, sender, "my friend is not breathing what do i do")
    texts = callback_sink.wait_for(sender, "in the queue")
    first_112 = next(index for index, text in enumerate(texts) if "112" in text)
    handed_over = next(index for index, text in enumerate(texts) if "in the queue" in text)
    assert first_112 < handed_over

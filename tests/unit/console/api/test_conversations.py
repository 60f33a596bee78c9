"""Erasure over the API: everything of one conversation goes, nothing of another; admins erase any
conversation, an integration only those of its own channels."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import select

from handoff.models import Ticket
from knowledge.db import open_session
from tests.unit.console.conftest import PASSWORD, Browser

INTEGRATION = "an-integration-token-0123456789"


@pytest.fixture
def tracker(console_db, monkeypatch, tmp_path):
    """Rasa's events table with two conversations in it."""
    path = tmp_path / "rasa.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, type_name TEXT, data TEXT)")
        for sender in ("c-fi", "c-fi", "c-ar", "rest:crm-7"):
            connection.execute("INSERT INTO events (sender_id, type_name, data) VALUES (?, 'user', '{}')", (sender,))
    monkeypatch.setenv("ALKU_TRACKER_URL", f"sqlite:///{path}")
    monkeypatch.setenv("ALKU_INTEGRATION_TOKEN", INTEGRATION)
    return path


def _senders(path) -> list[str]:
    with sqlite3.connect(path) as connection:
        return sorted(row[0] for row in connection.execute("SELECT sender_id FROM events"))


def _bearer(client, email: str) -> dict[str, str]:
    token = client.post("/api/auth/token", data={"username": email, "password": PASSWORD}).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


def test_an_admin_erases_one_conversation_on_the_persons_request(console_db, tracker):
    client = Browser().client
    assert client.delete("/api/conversations/c-fi").status_code == 401
    assert client.delete("/api/conversations/c-fi", headers=_bearer(client, "oulu@alku.fi")).status_code == 403
    assert _senders(tracker) == ["c-ar", "c-fi", "c-fi", "rest:crm-7"], "a refusal erases nothing"

    admin = _bearer(client, "admin@alku.fi")
    assert client.delete("/api/conversations/c-fi", headers=admin).status_code == 204
    assert _senders(tracker) == ["c-ar", "rest:crm-7"]
    with open_session(console_db) as session:
        assert sorted(session.scalars(select(Ticket.conversation_id))) == ["c-appeal", "c-ar"]
    assert client.delete("/api/conversations/c-fi", headers=admin).status_code == 204, "again: nothing left, still fine"


def test_an_integration_erases_only_conversations_of_its_own_channels(console_db, tracker):
    client = Browser().client
    integration = {"Authorization": f"Bearer {INTEGRATION}"}
    assert client.delete("/api/conversations/tg:123456789", headers=integration).status_code == 403
    assert client.delete("/api/conversations/rest:crm-7", headers=integration).status_code == 204
    assert _senders(tracker) == ["c-ar", "c-fi", "c-fi"]

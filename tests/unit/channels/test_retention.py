"""The retention periods erase old conversations everywhere and close tickets nobody took."""

from __future__ import annotations

import datetime as dt
import sqlite3

from sqlalchemy import select

from channels.retention import enforce
from handoff.db import create_schema
from handoff.models import RESOLVED, WAITING, Ticket
from knowledge.db import make_engine, open_session
from settings import Settings

NOW = dt.datetime(2026, 12, 7, 12, 0)


def _ago(days: int) -> dt.datetime:
    return NOW - dt.timedelta(days=days)


def test_old_conversations_are_erased_and_forgotten_tickets_closed(fresh_db_url, tmp_path):
    tracker = tmp_path / "rasa.db"
    with sqlite3.connect(tracker) as connection:
        connection.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, timestamp REAL, data TEXT)")
        for sender, days in (("rest:old", 100), ("rest:old", 95), ("rest:new", 100), ("rest:new", 1)):
            stamp = _ago(days).replace(tzinfo=dt.timezone.utc).timestamp()
            connection.execute("INSERT INTO events (sender_id, timestamp, data) VALUES (?, ?, '{}')", (sender, stamp))
    create_schema(make_engine(fresh_db_url))
    with open_session(fresh_db_url) as session, session.begin():
        for conversation, status, created, resolved in (
            ("rest:old", RESOLVED, _ago(100), _ago(99)),
            ("tg:gone", RESOLVED, _ago(130), _ago(120)),  # Rasa no longer holds it
            ("rest:new", RESOLVED, _ago(100), _ago(99)),  # but the person wrote again yesterday
            ("web:waited", WAITING, _ago(20), None),
            ("web:fresh", WAITING, _ago(1), None),
        ):
            session.add(
                Ticket(
                    conversation_id=conversation,
                    channel="rest",
                    language="fi",
                    status=status,
                    created_at=created,
                    resolved_at=resolved,
                )
            )
    settings = Settings(database_url=fresh_db_url, tracker_url=f"sqlite:///{tracker}")

    outcome = enforce(settings, NOW)

    assert (outcome.conversations, outcome.tickets_closed) == (2, 1)
    with sqlite3.connect(tracker) as connection:
        assert {row[0] for row in connection.execute("SELECT sender_id FROM events")} == {"rest:new"}
    with open_session(fresh_db_url) as session:
        left = {ticket.conversation_id: ticket.status for ticket in session.scalars(select(Ticket))}
    assert left == {"rest:new": RESOLVED, "web:waited": RESOLVED, "web:fresh": WAITING}
    assert enforce(settings, NOW) == type(outcome)(0, 0), "a second run finds nothing more"
    assert enforce(
        Settings(
            database_url=fresh_db_url, tracker_url=f"sqlite:///{tracker}", retention_days=0, waiting_ticket_days=0
        ),
        NOW + dt.timedelta(days=400),
    ) == type(outcome)(0, 0)

"""The advisor JSON API over HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from console.app import app
from handoff.db import create_schema
from handoff.models import Advisor
from handoff.passwords import hash_password
from handoff.queue import open_ticket
from knowledge.db import make_engine, open_session
from knowledge.models import Municipality
from ops.run import free_port

PASSWORD = "a-long-enough-password"


@pytest.fixture
def api(monkeypatch, fresh_db_url):
    monkeypatch.setenv("ALKU_DATABASE_URL", fresh_db_url)
    monkeypatch.setenv("ALKU_RASA_PORT", str(free_port()))  # no Rasa there: every delivery fails
    create_schema(make_engine(fresh_db_url))
    with open_session(fresh_db_url) as session, session.begin():
        for email, languages, places in (
            ("oulu@alku.fi", "fi,en", ("564",)),
            ("national@alku.fi", "ar,fi", ()),
        ):
            advisor = Advisor(email=email, name=email, password_hash=hash_password(PASSWORD), languages=languages)
            advisor.municipalities = [session.get(Municipality, code) for code in places]
            session.add(advisor)
        for conversation, language, place in (("c-fi", "fi", "564"), ("c-ar", "ar", "905"), ("c-vaasa", "fi", "905")):
            open_ticket(
                session,
                conversation_id=conversation,
                channel="rest",
                language=language,
                topic="housing",
                municipality_code=place,
            )
    return TestClient(app)


def sign_in(client, email):
    reply = client.post("/api/auth/token", data={"username": email, "password": PASSWORD})
    assert reply.status_code == 200, reply.text
    assert reply.json()["token_type"] == "bearer"
    return {"Authorization": f"Bearer {reply.json()['access_token']}"}


def test_wrong_password_and_missing_token_are_refused(api):
    assert api.post("/api/auth/token", data={"username": "oulu@alku.fi", "password": "nope"}).status_code == 401
    assert api.get("/api/tickets").status_code == 401
    assert api.get("/api/tickets", headers={"Authorization": "Bearer forged"}).status_code == 401


def test_inbox_shows_only_what_the_advisor_may_take(api):
    oulu = sign_in(api, "oulu@alku.fi")
    national = sign_in(api, "national@alku.fi")
    assert [
        t["conversation_id"] for t in api.get("/api/tickets", params={"status": "waiting"}, headers=oulu).json()
    ] == ["c-fi"]
    assert [t["conversation_id"] for t in api.get("/api/tickets", headers=national).json()] == [
        "c-fi",
        "c-ar",
        "c-vaasa",
    ]
    assert api.get("/api/tickets", params={"status": "lost"}, headers=oulu).status_code == 422


def test_claim_reply_resolve(api):
    oulu = sign_in(api, "oulu@alku.fi")
    ticket_id = api.get("/api/tickets", headers=oulu).json()[0]["id"]
    assert api.post(f"/api/tickets/{ticket_id}/messages", json={"text": "Hei"}, headers=oulu).status_code == 409
    claimed = api.post(f"/api/tickets/{ticket_id}/claim", headers=oulu)
    assert claimed.status_code == 200 and claimed.json()["status"] == "open"
    assert claimed.json()["joined_delivered"] is False, "Rasa is not running here: the claim stands all the same"
    assert api.post(f"/api/tickets/{ticket_id}/messages", json={"text": "  "}, headers=oulu).status_code == 422
    sent = api.post(f"/api/tickets/{ticket_id}/messages", json={"text": "Hei! Autan mielelläni."}, headers=oulu)
    assert sent.status_code == 201
    assert sent.json()["delivered"] is False and "Rasa did not answer" in sent.json()["delivery_error"]
    shown = api.get(f"/api/tickets/{ticket_id}", headers=oulu).json()
    assert [m["text"] for m in shown["messages"]] == ["Hei! Autan mielelläni."]
    assert api.get("/api/tickets", params={"status": "open"}, headers=oulu).json()[0]["id"] == ticket_id
    resolved = api.post(f"/api/tickets/{ticket_id}/resolve", headers=oulu)
    assert resolved.status_code == 200 and resolved.json()["status"] == "resolved"


def test_a_claimed_ticket_is_no_one_elses(api):
    oulu, national = sign_in(api, "oulu@alku.fi"), sign_in(api, "national@alku.fi")
    ticket_id = next(t["id"] for t in api.get("/api/tickets", headers=oulu).json())
    assert api.post(f"/api/tickets/{ticket_id}/claim", headers=national).status_code == 200
    taken = api.post(f"/api/tickets/{ticket_id}/claim", headers=oulu)
    assert taken.status_code == 409 and "Another advisor" in taken.json()["detail"]
    assert api.post(f"/api/tickets/{ticket_id}/resolve", headers=oulu).status_code == 404
    assert ticket_id not in [t["id"] for t in api.get("/api/tickets", headers=oulu).json()]


def test_openapi_documents_the_api(api):
    paths = api.get("/openapi.json").json()["paths"]
    assert {
        "/api/auth/token",
        "/api/tickets",
        "/api/tickets/{ticket_id}/claim",
        "/api/tickets/{ticket_id}/messages",
        "/api/tickets/{ticket_id}/resolve",
    } <= set(paths)


def test_notes_release_and_escalation_over_the_api(api):
    oulu = sign_in(api, "oulu@alku.fi")
    ticket_id = next(t["id"] for t in api.get("/api/tickets", headers=oulu).json())
    assert api.post(f"/api/tickets/{ticket_id}/notes", json={"text": "x"}, headers=oulu).status_code == 201
    assert api.post(f"/api/tickets/{ticket_id}/release", headers=oulu).status_code == 409, "not claimed yet"
    api.post(f"/api/tickets/{ticket_id}/claim", headers=oulu)
    assert api.post(f"/api/tickets/{ticket_id}/escalate", headers=oulu).status_code == 409, "only peers escalate"
    released = api.post(f"/api/tickets/{ticket_id}/release", headers=oulu)
    assert released.status_code == 200 and released.json()["status"] == "waiting"
    shown = api.get(f"/api/tickets/{ticket_id}", headers=oulu).json()
    assert [(m["author"], m["text"]) for m in shown["messages"]] == [("note", "x")]
    assert api.post(f"/api/tickets/{ticket_id}/notes", json={"text": "   "}, headers=oulu).status_code == 422

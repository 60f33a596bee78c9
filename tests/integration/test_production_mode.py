"""Alku as production runs it: PostgreSQL for the knowledge base and the conversations, and a
token on Rasa's HTTP API."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import create_engine, text

from knowledge.db import make_engine
from knowledge.seed import seed
from ops.run import DEFAULT_MODEL, start, stop, throwaway_settings
from settings import Settings
from tests.processes import Running

pytestmark = pytest.mark.slow

TOKEN = "a-production-token-" + uuid.uuid4().hex
INTEGRATION = "an-integration-token-" + uuid.uuid4().hex
AUTH = {"Authorization": f"Bearer {INTEGRATION}"}


@pytest.fixture(scope="module")
def production(postgres, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    environment = {
        "ALKU_ENV": "production",
        "ALKU_SECRET_KEY": "a-production-secret-" + uuid.uuid4().hex,
        "ALKU_RASA_TOKEN": TOKEN,
        "ALKU_INTEGRATION_TOKEN": INTEGRATION,
        "ALKU_DATABASE_URL": postgres.create(),
        "ALKU_TRACKER_URL": postgres.create(),
    }
    logs = tmp_path_factory.mktemp("production") / "logs"
    settings = throwaway_settings(logs.parent, Settings.from_env(environment))
    seed(make_engine(settings.database_url))
    processes = start(settings, DEFAULT_MODEL, log_dir=logs)
    yield Running(settings, logs)
    stop(processes)


def test_chat_works_and_conversations_are_stored_in_postgresql(production):
    sender = f"prod-{uuid.uuid4().hex[:8]}"
    reply = httpx.post(
        production.rest_url, json={"sender": sender, "message": "How do I get a Kela card?"}, headers=AUTH, timeout=30
    )
    assert reply.status_code == 200
    assert any("Source: https://" in message["text"] for message in reply.json())
    with create_engine(production.settings.tracker_url, future=True).connect() as connection:
        stored = connection.execute(
            text("select count(*) from events where sender_id = :s"), {"s": f"rest:{sender}"}
        ).scalar()
    assert stored and stored > 3


def test_http_api_requires_the_token(production):
    url = f"{production.rasa_url}/conversations/someone/tracker"
    assert httpx.get(url, timeout=10).status_code in (401, 403)
    assert httpx.get(url, params={"token": TOKEN}, timeout=10).status_code == 200


def test_control_characters_do_not_break_postgresql(production):
    sender = f"prod-{uuid.uuid4().hex[:8]}"
    reply = httpx.post(
        production.rest_url, json={"sender": sender, "message": "Kela\u0000 card?"}, headers=AUTH, timeout=30
    )
    assert reply.status_code == 200 and reply.json()


def test_the_integration_channels_refuse_a_request_without_the_token(production):
    """Open REST or callback channels would let anyone write into any conversation."""
    message = {"sender": f"prod-{uuid.uuid4().hex[:8]}", "message": "Hei"}
    for channel in ("rest", "callback"):
        url = f"{production.rasa_url}/webhooks/{channel}/webhook"
        assert httpx.post(url, json=message, timeout=10).status_code == 401
        wrong = {"Authorization": "Bearer not-the-token-ä".encode()}
        assert httpx.post(url, json=message, headers=wrong, timeout=10).status_code == 401
    assert httpx.post(production.rest_url, json=message, headers=AUTH, timeout=30).status_code == 200

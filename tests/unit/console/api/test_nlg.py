"""The console's NLG endpoint, as Rasa calls it, and Rasa's side that falls back when it is down."""

import asyncio

from fastapi.testclient import TestClient
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot.nlg import EditableNLG
from console.api import nlg as nlg_module
from console.app import app
from handoff.db import create_schema
from knowledge.bot_texts import save_bot_text
from knowledge.db import make_engine, open_session
from knowledge.editing import Editor
from ops.run import free_port


def rasa_request(response: str, language: str, **arguments) -> dict:
    return {
        "response": response,
        "arguments": arguments,
        "tracker": {"sender_id": "u1", "slots": {"language": language, "municipality": "564"}},
        "channel": {"name": "telegram"},
    }


def test_the_endpoint_renders_the_text_in_the_conversations_language(monkeypatch, fresh_db_url):
    monkeypatch.setenv("ALKU_DATABASE_URL", fresh_db_url)
    create_schema(make_engine(fresh_db_url))
    nlg_module._cache["at"] = 0.0
    client = TestClient(app)
    body = client.post("/nlg", json=rasa_request("utter_handed_over", "ru", position=2)).json()
    assert "2" in body["text"] and "очеред" in body["text"]
    with open_session(fresh_db_url) as session, session.begin():
        save_bot_text(session, "utter_greet", "ru", "Здравствуйте! Это Alku.", "published", Editor(1, "e@alku.fi"))
    nlg_module._cache["at"] = 0.0  # as if the two seconds had passed
    assert client.post("/nlg", json=rasa_request("utter_greet", "ru")).json()["text"] == "Здравствуйте! Это Alku."


def test_rasa_keeps_talking_with_the_domains_texts_when_the_console_is_down():
    domain = Domain.from_dict({"responses": {"utter_greet": [{"text": "Hello from the domain"}]}})
    generator = EditableNLG(EndpointConfig(url=f"http://127.0.0.1:{free_port()}/nlg"), domain)
    tracker = DialogueStateTracker("u1", domain.slots)
    response = asyncio.run(generator.generate("utter_greet", tracker, "rest"))
    assert response["text"] == "Hello from the domain"

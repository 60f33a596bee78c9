"""Messages as people really write them, over the REST channel of the real, running Alku: a question
back when unsure, nonsense not understood, a language Alku does not speak answered with the languages
it does, a person always understood, a named town never ignored, follow-ups that keep the thread."""

from __future__ import annotations

import uuid

import httpx
import pytest

pytestmark = pytest.mark.slow


def chat(alku, sender: str, message: str) -> list[dict]:
    reply = httpx.post(alku.rest_url, json={"sender": sender, "message": message}, timeout=30)
    assert reply.status_code == 200, reply.text
    return reply.json()


def text_of(messages: list[dict]) -> str:
    return "\n".join(message.get("text", "") for message in messages)


def payloads(messages: list[dict]) -> list[str]:
    return [button["payload"] for message in messages for button in message.get("buttons") or []]


def new_sender() -> str:
    return f"un-{uuid.uuid4().hex[:12]}"


@pytest.mark.parametrize("mashing", ["asdfghjkl", "йцукен фыва", "ضصثقف شسيب"])
def test_keyboard_mashing_is_not_understood_and_the_language_stays(alku, mashing):
    sender = new_sender()
    chat(alku, sender, "Miten saan verokortin?")
    first = chat(alku, sender, mashing)
    assert text_of(first).startswith("Anteeksi, en ymmärtänyt")
    assert "/human_advisor" in payloads(first)
    second = chat(alku, sender, "qwertyuiop")
    assert text_of(second).startswith("Anteeksi, en ymmärtänyt")  # over REST no person can come later


@pytest.mark.parametrize(
    ("message", "start"),
    [
        ("Hola, ¿cómo puedo encontrar trabajo en Helsinki?", "Lo siento"),
        ("我在赫尔辛基怎么申请居留许可？", "抱歉"),
        ("Bonjour, comment puis-je obtenir une carte Kela pour mes enfants ?", "Désolé"),
        ("چۆن دەتوانم مۆڵەتی نیشتەجێبوون وەربگرم؟", "ببورە"),
    ],
)
def test_a_language_alku_does_not_speak_gets_no_guessed_answer(alku, message, start):
    sender = new_sender()
    reply = chat(alku, sender, message)
    assert text_of(reply).startswith(start)
    assert "https://" not in text_of(reply)  # no topic answer guessed from it
    assert '/choose_language{"language": "fi"}' in payloads(reply) and len(payloads(reply)) == 10
    chosen = chat(alku, sender, '/choose_language{"language": "en"}')
    assert "continue in English" in text_of(chosen)


@pytest.mark.parametrize(
    ("message", "answer"),
    [
        ("not a bot, a real person please", "human advisor"),
        ("I don't want to talk to a robot", "human advisor"),
        ("haluan puhua oikean ihmisen kanssa", "ihmisneuvoja"),
        ("хочу поговорить с живым человеком", "консультант"),
    ],
)
def test_asking_for_a_person_over_rest_is_understood_and_never_contradicted(alku, message, answer):
    reply = text_of(chat(alku, new_sender(), message))
    assert answer in reply
    assert "did not understand" not in reply and "en ymmärtänyt" not in reply and "не понял" not in reply


def test_a_clarifying_choice_answers_and_is_remembered_as_the_topic(alku):
    sender = new_sender()
    chosen = text_of(chat(alku, sender, "/kela_appeal"))
    assert "Source: https://" in chosen and "kela.fi" in chosen
    local = text_of(chat(alku, sender, "I live in Oulu"))
    assert "Oulu" in local


def test_a_named_town_is_never_ignored_on_a_national_topic(alku):
    reply = text_of(chat(alku, new_sender(), "How do I exchange my driving licence? I live in Pudasjärvi"))
    assert "Source: https://" in reply
    assert "Pudasjärvi" in reply and "https://www.pudasjarvi.fi" in reply


def test_follow_ups_keep_the_thread(alku):
    sender = new_sender()
    first = text_of(chat(alku, sender, "How do I renew my residence permit?"))
    assert "migri.fi" in first
    again = text_of(chat(alku, sender, "and what about my wife?"))
    assert "migri.fi" in again
    vaasa = text_of(chat(alku, sender, "and in Vaasa?"))
    assert "Vaasa" in vaasa
    finnish = text_of(chat(alku, sender, "suomeksi kiitos"))
    assert "suomeksi" in finnish and "Lähde: https://migri.fi" in finnish

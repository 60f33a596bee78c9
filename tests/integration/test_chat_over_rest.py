"""A newcomer asks over the REST channel of the real, running Alku."""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.processes import admin_headers

pytestmark = pytest.mark.slow


def ask(alku, sender: str, message: str) -> list[str]:
    reply = httpx.post(alku.rest_url, json={"sender": sender, "message": message}, timeout=30)
    assert reply.status_code == 200, reply.text
    return [item.get("text", "") for item in reply.json()]


def new_sender() -> str:
    return f"it-{uuid.uuid4().hex[:12]}"


def test_finnish_question_gets_finnish_answer_source_and_oulu_service(alku):
    reply = "\n".join(ask(alku, new_sender(), "Miten haen oleskelulupaa Oulussa?"))
    assert "Maahanmuuttovirasto" in reply
    assert "Lähde: https://migri.fi" in reply
    assert "Tarkistettu: " in reply
    assert "Palveluja kunnassa Oulu" in reply
    assert "International House Oulu" in reply


def test_english_question_gets_english_answer_with_source(alku):
    reply = "\n".join(ask(alku, new_sender(), "How do I get a Kela card?"))
    assert "Kela card" in reply
    assert "Source: https://kela.fi" in reply or "Source: https://www.kela.fi" in reply
    assert "Last reviewed: " in reply


def test_swedish_question_gets_swedish_answer_and_vasa_service(alku):
    reply = "\n".join(ask(alku, new_sender(), "Var lär jag mig finska i Vasa?"))
    assert "Källa: https://" in reply and "Granskad: " in reply
    assert "Tjänster i Vasa" in reply
    assert "Welcome Office" in reply


def test_municipality_is_asked_for_then_remembered(alku):
    sender = new_sender()
    first = "\n".join(ask(alku, sender, "where can I study finnish language"))
    assert "Which municipality do you live in?" in first
    second = "\n".join(ask(alku, sender, "I live in Espoo"))
    assert "Services in Espoo" in second
    third = "\n".join(ask(alku, sender, "how do i apply for daycare for my son"))
    assert "Services in Espoo" in third  # remembered without asking again


def test_explicit_language_choice_wins(alku):
    sender = new_sender()
    ask(alku, sender, "in English please")
    reply = "\n".join(ask(alku, sender, "Miten saan verokortin?"))
    assert "Source: https://" in reply and "Lähde" not in reply


@pytest.mark.parametrize("text", ["", "😀😀😀", "\x00\x07\x1b", "?!?!"])
def test_text_without_words_gets_a_polite_reply_in_the_conversation_language(alku, text):
    sender = new_sender()
    ask(alku, sender, "Miten saan verokortin?")
    reply = ask(alku, sender, text)
    assert reply and reply[0].startswith("Anteeksi, en ymmärtänyt")


def test_very_long_message_gets_a_reply(alku):
    assert ask(alku, new_sender(), "Kela " + "a" * 10_000)


def test_bad_requests_get_a_4xx_and_the_conversation_goes_on(alku):
    sender = new_sender()
    ask(alku, sender, "How do I get a Kela card?")
    broken = httpx.post(alku.rest_url, content=b'{"sender": "x", "message": "\xff\xfe"}', timeout=30)
    assert broken.status_code == 400 and "UTF-8" in broken.json()["error"]
    huge_sender = httpx.post(alku.rest_url, json={"sender": "s" * 5000, "message": "hi"}, timeout=30)
    assert huge_sender.status_code == 400 and "sender" in huge_sender.json()["error"]
    not_text = httpx.post(alku.rest_url, json={"sender": sender, "message": {"a": 1}}, timeout=30)
    assert not_text.status_code == 400
    reply = "\n".join(ask(alku, sender, "and how do I get a tax card?"))
    assert "Source: https://" in reply
    tracker = httpx.get(f"{alku.rasa_url}/conversations/rest:{sender}/tracker", timeout=30).json()
    said = [event.get("text") for event in tracker["events"] if event["event"] == "user"]
    assert said == ["How do I get a Kela card?", "and how do I get a tax card?"]


def test_console_serves_health_and_the_public_directory(alku):
    assert httpx.get(f"{alku.console_url}/health", timeout=10).json() == {"status": "ok"}
    page = httpx.get(f"{alku.console_url}/", params={"municipality": "285", "lang": "fi"}, timeout=10)
    assert page.status_code == 200 and "Kotka" in page.text


def ask_full(alku, sender: str, message: str) -> list[dict]:
    reply = httpx.post(alku.rest_url, json={"sender": sender, "message": message}, timeout=30)
    assert reply.status_code == 200, reply.text
    return reply.json()


def test_russian_question_gets_russian_answer_and_cyrillic_place(alku):
    sender = new_sender()
    reply = "\n".join(ask(alku, sender, "Как получить Kela-карту?"))
    assert "Источник: https://" in reply and "Последняя проверка: " in reply
    follow_up = "\n".join(ask(alku, sender, "Где учить финский язык в Хельсинки?"))
    assert "Helsinki" in follow_up


def test_arabic_reply_is_marked_right_to_left(alku):
    messages = ask_full(alku, new_sender(), "كيف أسجل في DVV؟")
    assert messages
    assert all(message["metadata"]["direction"] == "rtl" for message in messages)
    english = ask_full(alku, new_sender(), "How do I get a Kela card?")
    assert all(message["metadata"]["direction"] == "ltr" for message in english)


def test_explicit_switch_to_persian_is_remembered(alku):
    sender = new_sender()
    ask(alku, sender, "How do I get a tax card?")
    ask(alku, sender, "please answer in Persian")
    reply = ask_full(alku, sender, "where can I find an apartment")
    assert reply[0]["metadata"]["direction"] == "rtl"


def test_advisor_api_on_the_running_console(alku):
    token = httpx.post(
        f"{alku.console_url}/api/auth/token", data={"username": "nobody@alku.test", "password": "wrong"}, timeout=10
    )
    assert token.status_code == 401
    headers = admin_headers(alku)
    waiting = httpx.get(f"{alku.console_url}/api/tickets", headers=headers, timeout=10)
    assert waiting.status_code == 200 and all(ticket["status"] == "waiting" for ticket in waiting.json())
    assert httpx.get(f"{alku.console_url}/docs", timeout=10).status_code == 200


def test_a_permit_answer_offers_follow_ups_and_a_tap_gives_the_short_sourced_answer(alku):
    sender = new_sender()
    reply = httpx.post(
        f"{alku.rasa_url}/webhooks/rest/webhook",
        json={"sender": sender, "message": "How do I extend my residence permit before it ends?"},
        timeout=30,
    ).json()
    buttons = [button for message in reply for button in message.get("buttons") or []]
    renewal = next(button for button in buttons if "residence_permit.renewal" in button["payload"])
    assert renewal["title"] == "Extending your permit"
    texts = ask(alku, sender, renewal["payload"])
    assert any("Source: https://" in text for text in texts)
    assert not any("I did not understand" in text for text in texts)


def test_a_vague_question_is_asked_about_not_answered(alku):
    reply = httpx.post(
        f"{alku.rasa_url}/webhooks/rest/webhook",
        json={"sender": new_sender(), "message": "How do I apply for support?"},
        timeout=30,
    ).json()
    assert "Is your question about one of these?" in reply[0]["text"]
    assert len(reply[0]["buttons"]) >= 3, "the likeliest topics, something else and a person"

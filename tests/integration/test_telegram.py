"""Telegram end to end: updates go in through the webhook of the real Rasa process, and the test
asserts the exact Bot API calls that come out of it, at a fake Telegram server on loopback."""

from __future__ import annotations

import itertools
import time

import httpx
import pytest

from tests.processes import TELEGRAM_SECRET, TELEGRAM_WEBHOOK, admin_headers, ticket_of

pytestmark = pytest.mark.slow

update_ids = itertools.count(int(time.time()) * 1000)
chat_ids = itertools.count(900_000_000 + int(time.time()) % 1000 * 1000)


def user(chat_id: int, language: str = "fi") -> dict:
    return {"id": chat_id, "is_bot": False, "first_name": "Amina", "language_code": language}


def message_update(chat_id: int, text: str | None = None, language: str = "fi", **content) -> dict:
    message = {
        "message_id": next(update_ids) % 100000,
        "date": int(time.time()),
        "chat": {"id": chat_id, "type": "private"},
        "from": user(chat_id, language),
        **({"text": text} if text is not None else {}),
        **content,
    }
    return {"update_id": next(update_ids), "message": message}


def button_update(chat_id: int, data: str, language: str = "fi") -> dict:
    return {
        "update_id": next(update_ids),
        "callback_query": {
            "id": str(next(update_ids)),
            "from": user(chat_id, language),
            "chat_instance": "1",
            "data": data,
            "message": {
                "message_id": 1,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"},
                "text": "…",
            },
        },
    }


def post(alku, update: dict, secret: str | None = TELEGRAM_SECRET) -> httpx.Response:
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
    return httpx.post(f"{alku.rasa_url}/webhooks/telegram/webhook", json=update, headers=headers, timeout=10)


def test_webhook_and_commands_were_registered_at_start(alku, telegram):
    webhooks = telegram.calls_to("setWebhook")
    assert webhooks and webhooks[-1]["url"] == TELEGRAM_WEBHOOK
    assert webhooks[-1]["secret_token"] == TELEGRAM_SECRET
    commands = {params.get("language_code"): params["commands"] for params in telegram.calls_to("setMyCommands")}
    assert set(commands) >= {"fi", "ar", "so", None}
    assert [command["command"] for command in commands["fi"]] == ["start", "language", "help", "human", "forget"]
    assert commands["fi"][4]["description"] != commands["en" if "en" in commands else None][4]["description"]


def test_a_forged_secret_is_refused_and_nothing_is_sent(alku, telegram):
    chat = next(chat_ids)
    assert post(alku, message_update(chat, "Hei"), secret="wrong").status_code == 403
    assert post(alku, message_update(chat, "Hei"), secret=None).status_code == 403
    # A secret with non-ASCII characters is just as wrong (it was a server error).
    url = f"{alku.rasa_url}/webhooks/telegram/webhook"
    forged = {"X-Telegram-Bot-Api-Secret-Token": "väärä-salaisuus".encode()}
    assert httpx.post(url, json=message_update(chat, "Hei"), headers=forged, timeout=10).status_code == 403
    time.sleep(1)
    assert telegram.sent_to(chat) == []


def test_start_greets_in_the_app_language_and_offers_languages(alku, telegram):
    chat = next(chat_ids)
    assert post(alku, message_update(chat, "/start", language="ar")).status_code == 200
    sent = telegram.wait_for(chat, lambda params: bool(params.get("reply_markup")), "the language buttons")
    greeting, languages = sent[0], sent[-1]
    assert "ألكو" in greeting["text"] and greeting["parse_mode"] == "HTML", "the greeting is in the app's language"
    keyboard = languages["reply_markup"]["inline_keyboard"]
    titles = [button["text"] for row in keyboard for button in row]
    assert "Suomi" in titles and "العربية" in titles and len(titles) == 10
    assert {button["callback_data"] for row in keyboard for button in row} >= {'/choose_language{"language": "fi"}'}


def test_a_question_gets_the_sourced_answer_escaped_for_html(alku, telegram):
    chat = next(chat_ids)
    post(alku, message_update(chat, "Miten haen Kela-korttia? <b>kiitos</b> & terveisin"))
    sent = telegram.wait_for_text(chat, "https://")
    answer = next(params for params in sent if "https://" in params["text"])
    assert answer["parse_mode"] == "HTML" and "<b>" not in answer["text"]
    assert all("<" not in params["text"] or "&lt;" in params["text"] for params in sent)


def test_a_language_button_switches_the_language(alku, telegram):
    chat = next(chat_ids)
    post(alku, button_update(chat, '/choose_language{"language": "sv"}'))
    telegram.wait_for_text(chat, "svenska")
    assert telegram.calls_to("answerCallbackQuery"), "the button's spinner is stopped"


def test_a_topic_button_of_a_clarifying_question_is_answered(alku, telegram):
    """The buttons under "Is your question about one of these?" carry topic payloads; Telegram must let
    them through to Rasa like the language and rating buttons."""
    chat = next(chat_ids)
    post(alku, button_update(chat, "/kela_appeal"))
    sent = telegram.wait_for_text(chat, "https://")
    assert any("kela.fi" in params["text"] for params in sent)


def test_a_message_in_another_language_gets_alkus_languages_as_buttons(alku, telegram):
    chat = next(chat_ids)
    post(alku, message_update(chat, "Hola, ¿cómo puedo encontrar trabajo en Finlandia?", language="es"))
    sent = telegram.wait_for(chat, lambda params: bool(params.get("reply_markup")), "the language buttons")
    assert sent[-1]["text"].startswith("Lo siento")
    keyboard = sent[-1]["reply_markup"]["inline_keyboard"]
    assert len([button for row in keyboard for button in row]) == 10


def test_the_same_update_twice_is_handled_once(alku, telegram):
    chat = next(chat_ids)
    update = message_update(chat, "Hei, miten saan verokortin?")
    assert post(alku, update).status_code == 200
    assert post(alku, update).status_code == 200
    telegram.wait_for_text(chat, "https://")
    time.sleep(2)
    answers = [params for params in telegram.sent_to(chat) if "https://" in params["text"]]
    assert len(answers) == 1


@pytest.mark.parametrize(
    "content",
    [
        {"photo": [{"file_id": "p", "file_unique_id": "p", "width": 10, "height": 10}]},
        {"voice": {"file_id": "v", "file_unique_id": "v", "duration": 3}},
        {
            "sticker": {
                "file_id": "s",
                "file_unique_id": "s",
                "type": "regular",
                "width": 1,
                "height": 1,
                "is_animated": False,
                "is_video": False,
            }
        },
        {"location": {"latitude": 65.0, "longitude": 25.4}},
    ],
)
def test_non_text_gets_a_polite_reply_in_the_users_language(alku, telegram, content):
    chat = next(chat_ids)
    post(alku, message_update(chat, None, language="fi", **content))
    telegram.wait_for_text(chat, "kirjoitettuja viestejä")


def test_an_edited_message_gets_a_polite_reply(alku, telegram):
    chat = next(chat_ids)
    update = message_update(chat, "korjattu kysymys")
    update["edited_message"] = {**update.pop("message"), "edit_date": int(time.time())}
    post(alku, update)
    telegram.wait_for_text(chat, "uutena viestinä")


def test_long_answers_are_split_under_telegrams_limit(alku, telegram):
    chat = next(chat_ids)
    post(alku, message_update(chat, "x " * 3000 + " miten haen oleskelulupaa"))
    time.sleep(3)
    assert all(len(params["text"]) <= 4096 for params in telegram.sent_to(chat))


def test_forget_asks_first_then_erases_the_conversation(alku, telegram):
    chat = next(chat_ids)
    post(alku, message_update(chat, "Miten haen oleskelulupaa?"))
    telegram.wait_for_text(chat, "https://")
    post(alku, message_update(chat, "/forget"))
    question = telegram.wait_for_text(chat, "poistan")[-1]
    buttons = [button for row in question["reply_markup"]["inline_keyboard"] for button in row]
    assert [button["callback_data"] for button in buttons] == ["alku:forget:yes", "alku:forget:no"]
    tracker = httpx.get(f"{alku.rasa_url}/conversations/tg:{chat}/tracker", timeout=10).json()
    assert any(event.get("text") == "Miten haen oleskelulupaa?" for event in tracker["events"])
    post(alku, button_update(chat, "alku:forget:yes"))
    telegram.wait_for_text(chat, "poistettu")
    tracker = httpx.get(f"{alku.rasa_url}/conversations/tg:{chat}/tracker", timeout=10).json()
    assert not any(event.get("event") == "user" for event in tracker["events"])


def test_human_command_hands_over_and_the_advisor_reply_arrives_in_telegram(alku, telegram):
    chat = next(chat_ids)
    post(alku, message_update(chat, "/human", language="en"))
    telegram.wait_for_text(chat, "in the queue")
    headers = admin_headers(alku)
    ticket = ticket_of(alku, headers, str(chat))
    assert ticket["channel"] == "telegram"
    httpx.post(f"{alku.console_url}/api/tickets/{ticket['id']}/claim", headers=headers, timeout=10)
    sent = httpx.post(
        f"{alku.console_url}/api/tickets/{ticket['id']}/messages",
        json={"text": "Hello from Anna <advisor> & team"},
        headers=headers,
        timeout=30,
    ).json()
    assert sent["delivered"] is True
    reply = telegram.wait_for_text(chat, "Hello from Anna")[-1]
    assert (
        reply["text"] == "Admin (advisor):\nHello from Anna &lt;advisor&gt; &amp; team"
    ), "a person's words carry their name"
    assert reply["parse_mode"] == "HTML"
    httpx.post(f"{alku.console_url}/api/tickets/{ticket['id']}/resolve", headers=headers, timeout=30)
    rating = telegram.wait_for_text(chat, "Choose from 1")[-1]
    assert [b["callback_data"] for row in rating["reply_markup"]["inline_keyboard"] for b in row] == [
        f'/rate{{"rating": {n}}}' for n in range(1, 6)
    ]
    post(alku, button_update(chat, '/rate{"rating": 5}', language="en"))
    telegram.wait_for_text(chat, "Thank you! Your rating")


def test_a_rest_request_naming_a_telegram_users_id_cannot_reach_their_conversation(alku, telegram):
    """Each channel has its own conversations: a REST caller who knows a Telegram user's numeric id
    writes into a conversation of its own, not into theirs (nor restarts it while they wait)."""
    chat = next(chat_ids)
    post(alku, message_update(chat, "/human", language="en"))
    telegram.wait_for_text(chat, "in the queue")
    tracker = f"{alku.rasa_url}/conversations/tg:{chat}/tracker"
    before = httpx.get(tracker, timeout=10).json()["events"]
    reply = httpx.post(alku.rest_url, json={"sender": str(chat), "message": "/restart"}, timeout=30)
    assert reply.status_code == 200 and all(message["recipient_id"] == str(chat) for message in reply.json())
    assert httpx.get(tracker, timeout=10).json()["events"] == before, "the Telegram conversation is untouched"
    ticket = ticket_of(alku, admin_headers(alku), str(chat))
    assert (ticket["channel"], ticket["status"], ticket["conversation_id"]) == ("telegram", "waiting", f"tg:{chat}")

import pytest

from channels.outbound import callback_sender, telegram_sender, webchat_sender
from handoff.conversations import DeliveryFailed
from ops.run import free_port
from settings import Settings


def test_every_sender_reports_a_channel_that_is_down():
    closed = f"http://127.0.0.1:{free_port()}"
    settings = Settings(rasa_port=free_port(), telegram_bot_token="1:x", telegram_api_url=f"{closed}/bot")
    for send in (callback_sender(f"{closed}/callback"), telegram_sender(settings), webchat_sender(settings)):
        with pytest.raises(DeliveryFailed):
            send("12345", {"text": "Hei"})


def test_telegram_without_a_token_cannot_deliver():
    with pytest.raises(DeliveryFailed, match="not configured"):
        telegram_sender(Settings())("1", {"text": "Hei"})


def test_on_telegram_a_persons_message_starts_with_their_name():
    from channels.outbound import labelled

    person = {"text": "Hei!", "author": {"name": "Aino", "role": "advisor", "label": "Aino (neuvoja)"}}
    assert labelled(person) == "Aino (neuvoja):\nHei!"
    assert labelled({"text": "Alku is back."}) == "Alku is back."

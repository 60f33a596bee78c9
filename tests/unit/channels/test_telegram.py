"""The Telegram channel's own rules, against the fake Bot API server (the whole path through Rasa is
in tests/integration/test_telegram.py)."""

import asyncio

import pytest

from channels.telegram import COMMAND, TelegramInput, effective_secret, register
from settings import Settings
from tests.fake_telegram import FakeTelegram

TOKEN = "42:unit"


@pytest.fixture
def fake():
    server = FakeTelegram(TOKEN)
    yield server
    server.stop()


def polling_settings(fake: FakeTelegram, db_url: str) -> Settings:
    return Settings(telegram_bot_token=TOKEN, telegram_api_url=fake.base_url, database_url=db_url)


def test_polling_mode_fetches_updates_and_hands_each_over_once(fake, fresh_db_url):
    settings = polling_settings(fake, fresh_db_url)
    assert settings.telegram_mode == "polling"
    channel = TelegramInput(settings)
    handled: list[int] = []

    async def handle(data, on_new_message, agent):
        handled.append(data["update_id"])

    channel.handle = handle  # type: ignore[method-assign]
    update = {
        "update_id": 7001,
        "message": {"message_id": 1, "date": 0, "chat": {"id": 5, "type": "private"}, "text": "hei"},
    }
    fake.updates = [update, update]  # Telegram may send it twice

    async def run() -> None:
        await channel.bot.initialize()
        await register(channel.bot, settings)
        poller = asyncio.create_task(channel.poll(None, None))
        for _ in range(50):
            if handled:
                break
            await asyncio.sleep(0.1)
        await asyncio.sleep(0.5)
        poller.cancel()

    asyncio.run(run())
    assert handled == [7001]
    assert fake.calls_to("deleteWebhook"), "polling mode removes any webhook"
    assert not fake.calls_to("setWebhook")


def test_webhook_mode_registers_the_secret(fake, fresh_db_url):
    settings = polling_settings(fake, fresh_db_url).copy(
        update=dict(
            telegram_webhook_url="https://alku.example/webhooks/telegram/webhook",
            telegram_webhook_secret="a-secret-of-sufficient-length",
        )
    )
    channel = TelegramInput(settings)

    async def run() -> None:
        await channel.bot.initialize()
        await register(channel.bot, settings)

    asyncio.run(run())
    assert fake.calls_to("setWebhook")[0]["secret_token"] == "a-secret-of-sufficient-length"


def test_without_a_token_the_channel_is_idle():
    channel = TelegramInput(Settings())
    assert channel.bot is None and channel.get_output_channel() is None


def test_polling_mode_still_needs_a_secret_derived_from_the_console_secret():
    assert effective_secret(Settings()) != effective_secret(Settings(secret_key="another-secret-key-0123456789abcdef"))


@pytest.mark.parametrize("text", ["/start", "/start@alku_bot", "/HELP please", "/forget"])
def test_commands_are_recognised(text):
    assert COMMAND.match(text)

"""Sending a message to a user at any time (an advisor's reply, "the assistant is back"), per channel.

The console hands these to handoff.conversations.Conversations; each raises DeliveryFailed when the
message did not arrive, so that the reply is kept and tried again."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx
from telegram.error import TelegramError

from channels.ids import sender_of
from channels.telegram import make_bot, send
from handoff.conversations import DeliveryFailed, described, redacted
from settings import Settings

Sender = Callable[[str, dict[str, Any]], None]
PUSH_TOKEN_HEADER = "X-Alku-Push-Token"
TIMEOUT = 10.0


def callback_sender(url: str) -> Sender:
    """Rasa's callback channel: post the message to ALKU_CALLBACK_URL."""

    def push(recipient_id: str, message: dict[str, Any]) -> None:
        try:
            httpx.post(
                url, json={**message, "recipient_id": sender_of(recipient_id)}, timeout=TIMEOUT
            ).raise_for_status()
        except httpx.HTTPError as error:
            raise DeliveryFailed(f"the callback address did not take the message: {described(error)}") from error

    return push


def labelled(message: dict[str, Any]) -> str:
    """A person's message on Telegram, where every message comes from the bot's account: their name first."""
    text = str(message.get("text") or "")
    label = (message.get("author") or {}).get("label")
    return f"{label}:\n{text}" if label else text


def telegram_sender(settings: Settings) -> Sender:
    def push(recipient_id: str, message: dict[str, Any]) -> None:
        async def deliver() -> None:
            async with make_bot(settings, rate_limited=False) as bot:
                await send(bot, sender_of(recipient_id), labelled(message), message.get("buttons"))

        if settings.telegram_mode == "off":
            raise DeliveryFailed("Telegram is not configured (TELEGRAM_BOT_TOKEN)")
        try:
            asyncio.run(deliver())
        except (TelegramError, OSError, ValueError) as error:
            raise DeliveryFailed(f"Telegram did not take the message: {redacted(str(error))}") from error

    return push


def webchat_sender(settings: Settings) -> Sender:
    """The web widget: the Rasa process holds the user's websocket; ask it to pass the message on."""
    url = f"{settings.rasa_url}/webhooks/webchat/push"

    def push(recipient_id: str, message: dict[str, Any]) -> None:
        try:
            httpx.post(
                url,
                json={**message, "recipient_id": sender_of(recipient_id)},
                headers={PUSH_TOKEN_HEADER: settings.push_token},
                timeout=TIMEOUT,
            ).raise_for_status()
        except httpx.HTTPError as error:
            raise DeliveryFailed(f"the web chat did not take the message: {described(error)}") from error

    return push


def senders(settings: Settings) -> dict[str, Sender]:
    return {
        "callback": callback_sender(settings.callback_url),
        "telegram": telegram_sender(settings),
        "webchat": webchat_sender(settings),
    }

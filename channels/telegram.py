"""Telegram as a Rasa input channel (python-telegram-bot 22 for the Bot API), at
/webhooks/telegram/webhook.

Webhook mode (TELEGRAM_WEBHOOK_URL set): the address is registered with setWebhook and a secret
token; a request without that token gets 403. Each update is answered at once (Telegram waits for
nothing) and handled in the background, once per update_id, in order per chat. Polling mode (a token
but no webhook address, for development): the Rasa process fetches updates with getUpdates itself.

Commands: /start greets and offers the languages as buttons (the app's language_code is the
conversation's first language), /language, /help, /human, /forget (erase the conversation, after a
confirmation button). Photos, voice, stickers, locations and edited messages get a polite reply
saying what Alku can read.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any, Optional

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from telegram import Bot, BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import AIORateLimiter, ExtBot

from channels.forget import erase_on_request
from channels.ids import conversation_of, sender_of
from channels.payloads import as_typed, is_button_payload
from channels.telegram_format import PARSE_MODE, messages_for, to_html
from channels.telegram_updates import SeenUpdates
from channels.texts import TELEGRAM, texts
from knowledge.db import engine_for
from settings import Settings, get_settings

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]
# What a command means to Rasa (payloads skip NLU). /forget is the channel's own.
COMMANDS: dict[str, list[str]] = {
    "start": ["/greet", "/choose_language"],
    "language": ["/choose_language"],
    "help": ["/help"],
    "human": ["/human_advisor"],
}
FORGET = "forget"
FORGET_YES, FORGET_NO = "alku:forget:yes", "alku:forget:no"
COMMAND = re.compile(r"^/([A-Za-z_]+)(@\w+)?(\s|$)")


def effective_secret(settings: Settings) -> str:
    """TELEGRAM_WEBHOOK_SECRET, or in polling mode a secret derived from ALKU_SECRET_KEY."""
    return (
        settings.telegram_webhook_secret or hashlib.sha256(f"alku-telegram:{settings.secret_key}".encode()).hexdigest()
    )


def make_bot(settings: Settings, rate_limited: bool = True) -> Bot:
    if rate_limited:
        return ExtBot(settings.telegram_bot_token, base_url=settings.telegram_api_url, rate_limiter=AIORateLimiter())
    return Bot(settings.telegram_bot_token, base_url=settings.telegram_api_url)


async def send(bot: Bot, chat_id: str, text: str, buttons: Optional[list[dict[str, Any]]] = None) -> None:
    for parameters in messages_for(text, buttons):
        await bot.send_message(chat_id=int(chat_id), **parameters)


async def register(bot: Bot, settings: Settings) -> None:
    """Commands in every language's menu; the webhook in webhook mode, none in polling mode."""
    for language in (*settings.languages, None):
        words = texts(TELEGRAM, language or "en")["commands"]
        commands = [BotCommand(name, description) for name, description in words.items()]
        await bot.set_my_commands(commands, language_code=language)
    if settings.telegram_mode == "webhook":
        await bot.set_webhook(
            settings.telegram_webhook_url, secret_token=effective_secret(settings), allowed_updates=ALLOWED_UPDATES
        )
    else:
        await bot.delete_webhook()


class TelegramOutput(OutputChannel):
    @classmethod
    def name(cls) -> str:
        return "telegram"

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await send(self.bot, sender_of(recipient_id), text)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await send(self.bot, sender_of(recipient_id), text, buttons)

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await send(self.bot, sender_of(recipient_id), image)


class TelegramInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: Optional[dict[str, Any]]) -> InputChannel:
        return cls(get_settings())

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.bot: Optional[Bot] = make_bot(settings) if settings.telegram_mode != "off" else None
        self.seen = SeenUpdates(engine_for(settings.database_url)) if self.bot else None
        self.chat_locks: dict[int, asyncio.Lock] = {}
        self.background: set[asyncio.Task] = set()

    def get_output_channel(self) -> Optional[OutputChannel]:
        return TelegramOutput(self.bot) if self.bot else None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("telegram_webhook", __name__)
        channel = self

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok", "mode": channel.settings.telegram_mode})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if channel.bot is None:
                return response.json({"error": "Telegram is not configured (TELEGRAM_BOT_TOKEN)."}, status=503)
            sent = request.headers.get(SECRET_HEADER, "")
            # Bytes: a header with non-ASCII characters is a wrong secret, not a crash (compare_digest refuses
            # such strings).
            if not hmac.compare_digest(
                sent.encode("utf-8", "surrogateescape"), effective_secret(channel.settings).encode()
            ):
                return response.json({"error": "forbidden"}, status=403)
            try:
                data = request.json
                update_id = int(data["update_id"])
            except (ValueError, TypeError, KeyError, AttributeError):
                return response.json({"error": "The body must be a Telegram update with an update_id."}, status=400)
            channel.accept(data, update_id, on_new_message, request.app.ctx.agent)
            return response.json({"ok": True})

        @webhook.listener("after_server_start")
        async def connect(app: Any, _loop: Any) -> None:
            if channel.bot is None:
                return
            try:
                await channel.bot.initialize()
                await register(channel.bot, channel.settings)
            except TelegramError as error:
                logger.error("Telegram did not accept the bot's setup: %s", error)
                return
            if channel.settings.telegram_mode == "polling":
                channel._keep(asyncio.create_task(channel.poll(on_new_message, app.ctx.agent)))

        return webhook

    def _keep(self, task: asyncio.Task) -> None:
        self.background.add(task)
        task.add_done_callback(self.background.discard)

    def accept(self, data: dict[str, Any], update_id: int, on_new_message: Callable, agent: Any) -> bool:
        """Handle the update in the background unless it was handled before; True when new."""
        assert self.seen is not None
        if not self.seen.first_time(update_id):
            logger.info("Telegram update %s arrived again; ignored", update_id)
            return False
        self._keep(asyncio.create_task(self.handle(data, on_new_message, agent)))
        return True

    async def poll(self, on_new_message: Callable, agent: Any) -> None:
        """Development without a public address: fetch updates from Telegram and handle them."""
        assert self.bot is not None
        offset = 0
        while True:
            try:
                updates = await self.bot.get_updates(offset=offset, timeout=25, allowed_updates=ALLOWED_UPDATES)
            except TelegramError as error:
                logger.warning("getUpdates failed (%s); trying again", error)
                await asyncio.sleep(3)
                continue
            for update in updates:
                offset = update.update_id + 1
                self.accept(update.to_dict(), update.update_id, on_new_message, agent)

    async def handle(self, data: dict[str, Any], on_new_message: Callable, agent: Any) -> None:
        assert self.bot is not None
        update = Update.de_json(data, self.bot)
        chat = update.effective_chat
        if chat is None:
            return
        async with self.chat_locks.setdefault(chat.id, asyncio.Lock()):
            try:
                await self._handle(update, str(chat.id), on_new_message, agent)
            except Exception:
                logger.exception("Telegram update %s failed", update.update_id)

    async def _handle(self, update: Update, chat_id: str, on_new_message: Callable, agent: Any) -> None:
        assert self.bot is not None
        user = update.effective_user
        metadata = {"language_code": user.language_code if user and user.language_code else None}
        output = TelegramOutput(self.bot)

        async def say(text: str) -> None:
            conversation = conversation_of(self.name(), chat_id)
            await on_new_message(UserMessage(text, output, conversation, input_channel=self.name(), metadata=metadata))

        if update.callback_query is not None:
            query = update.callback_query
            await query.answer()
            payload = query.data or ""
            if payload in (FORGET_YES, FORGET_NO):
                await self._forget(
                    chat_id, agent, confirmed=payload == FORGET_YES, app_language=metadata["language_code"]
                )
            elif is_button_payload(payload):
                await say(payload)
            return
        if update.edited_message is not None:
            await self._reply(chat_id, agent, "edited", metadata["language_code"])
            return
        message = update.message
        if message is None:
            return
        if not message.text:
            await self._reply(chat_id, agent, "unsupported", metadata["language_code"])
            return
        command = COMMAND.match(message.text)
        if command and command.group(1).lower() == FORGET:
            await self._ask_to_forget(chat_id, agent, metadata["language_code"])
        elif command and command.group(1).lower() in COMMANDS:
            for payload in COMMANDS[command.group(1).lower()]:
                await say(payload)
        else:
            # A slash that is not one of our commands must not reach Rasa as an intent name (`/restart{}` too).
            await say(as_typed(message.text))

    async def _language(self, chat_id: str, agent: Any, app_language: Optional[str]) -> str:
        tracker = await agent.tracker_store.retrieve(conversation_of(self.name(), chat_id))
        language = tracker.get_slot("language") if tracker else None
        candidates = [language, (app_language or "")[:2].lower(), self.settings.default_language]
        return next(code for code in candidates if code in self.settings.languages)

    async def _reply(self, chat_id: str, agent: Any, key: str, app_language: Optional[str]) -> None:
        assert self.bot is not None
        words = texts(TELEGRAM, await self._language(chat_id, agent, app_language))
        await send(self.bot, chat_id, words[key])

    async def _ask_to_forget(self, chat_id: str, agent: Any, app_language: Optional[str]) -> None:
        assert self.bot is not None
        words = texts(TELEGRAM, await self._language(chat_id, agent, app_language))
        await self.bot.send_message(
            chat_id=int(chat_id),
            text=to_html(words["forget_question"]),
            parse_mode=PARSE_MODE,
            reply_markup=InlineKeyboardMarkup(
                [
                    [
                        InlineKeyboardButton(words["forget_yes"], callback_data=FORGET_YES),
                        InlineKeyboardButton(words["forget_no"], callback_data=FORGET_NO),
                    ]
                ]
            ),
        )

    async def _forget(self, chat_id: str, agent: Any, confirmed: bool, app_language: Optional[str]) -> None:
        """Erase the conversation from Rasa's tracker store and the handoff tables, then say so."""
        assert self.bot is not None
        words = texts(TELEGRAM, await self._language(chat_id, agent, app_language))
        if confirmed:
            erase_on_request(self.settings, conversation_of(self.name(), chat_id))
        await send(self.bot, chat_id, words["forgotten" if confirmed else "not_forgotten"])

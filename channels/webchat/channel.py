"""The web widget's Rasa input channel: a websocket at /webhooks/webchat/ws?session=<id>.

The browser keeps a random session id (the Rasa sender id) in localStorage, so a reload reconnects to
the same conversation and gets its history from the tracker. The bot's answers, and an advisor's
replies pushed by the console (POST /webhooks/webchat/push with the shared push token), go to every
open tab of that session.

Client → server: {"type": "message", "text": "…", "language": "fi"} (text may be a button payload),
{"type": "forget"} (erase this conversation).
Server → client: {"type": "history", "messages": [...]}, {"type": "bot", "text", "buttons", "direction"},
{"type": "forgotten"}, {"type": "error", "error": "…"}.
"""

from __future__ import annotations

import hmac
import json
import logging
import re
from collections import defaultdict
from collections.abc import Awaitable, Callable
from typing import Any, Optional

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.shared.core.trackers import EventVerbosity
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.direction import text_direction
from channels.forget import erase_on_request
from channels.ids import conversation_of, sender_of
from channels.outbound import PUSH_TOKEN_HEADER
from channels.payloads import as_typed
from channels.rest import MAX_MESSAGE_LENGTH, clean_text
from handoff.conversations import ADVISOR_LABEL_SLOT, ADVISOR_REPLY
from settings import Settings, get_settings

logger = logging.getLogger(__name__)

SESSION = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def bot_message(
    text: Optional[str], buttons: Optional[list[dict[str, Any]]] = None, author: Optional[str] = None
) -> dict[str, Any]:
    """A message for the widget; `author` names the person who wrote it ("Aino (advisor)") when it
    is an advisor's, so that the widget never shows a person's words as the bot's."""
    message = {
        "type": "bot",
        "text": text or "",
        "buttons": [{"title": b.get("title"), "payload": b.get("payload")} for b in buttons or []],
        "direction": text_direction(text or ""),
    }
    if author:
        message["author"] = author
    return message


def history(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What the widget shows again after a reload: the user's typed messages and the bot's answers
    (button presses, sent as payloads, are left out)."""
    shown: list[dict[str, Any]] = []
    speaker: Optional[str] = None
    for event in events:
        if event.get("event") == "slot" and event.get("name") == ADVISOR_LABEL_SLOT:
            speaker = event.get("value")
        elif event.get("event") == "user" and event.get("text") and not str(event["text"]).startswith("/"):
            shown.append({"type": "user", "text": event["text"], "direction": text_direction(event["text"])})
        elif event.get("event") == "bot" and event.get("text"):
            by_person = (event.get("metadata") or {}).get("utter_action") == ADVISOR_REPLY
            shown.append(
                bot_message(event["text"], (event.get("data") or {}).get("buttons"), speaker if by_person else None)
            )
    return shown


class WebchatOutput(OutputChannel):
    @classmethod
    def name(cls) -> str:
        return "webchat"

    def __init__(self, channel: WebchatInput) -> None:
        self.channel = channel

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self.channel.emit(sender_of(recipient_id), bot_message(text))

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self.channel.emit(sender_of(recipient_id), bot_message(text, buttons))


class WebchatInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "webchat"

    @classmethod
    def from_credentials(cls, credentials: Optional[dict[str, Any]]) -> InputChannel:
        return cls(get_settings())

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.sockets: dict[str, set[Any]] = defaultdict(set)

    def get_output_channel(self) -> Optional[OutputChannel]:
        return WebchatOutput(self)

    async def emit(self, session: str, message: dict[str, Any]) -> int:
        """Send to every open tab of the session; returns how many got it."""
        data = json.dumps(message, ensure_ascii=False)
        reached = 0
        for socket in list(self.sockets.get(session, ())):
            try:
                await socket.send(data)
                reached += 1
            except Exception:  # a tab that closed meanwhile
                self.sockets[session].discard(socket)
        return reached

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("webchat_webhook", __name__)
        channel = self

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/push", methods=["POST"])
        async def push(request: Request) -> HTTPResponse:
            sent = request.headers.get(PUSH_TOKEN_HEADER, "").encode("utf-8", "surrogateescape")
            if not hmac.compare_digest(sent, channel.settings.push_token.encode()):
                return response.json({"error": "forbidden"}, status=403)
            body = request.json or {}
            session = str(body.get("recipient_id") or "")
            if not SESSION.match(session):
                return response.json({"error": "unknown web chat session"}, status=400)
            # Rasa has recorded the message: a closed widget shows it with the history when it opens again.
            given = body.get("author")
            author: dict[str, Any] = given if isinstance(given, dict) else {}
            message = bot_message(body.get("text"), body.get("buttons"), str(author.get("label") or "") or None)
            reached = await channel.emit(session, message)
            return response.json({"ok": True, "open_tabs": reached})

        @webhook.websocket("/ws")
        async def chat(request: Request, socket: Any) -> None:
            session = request.args.get("session", "")
            if not SESSION.match(session):
                await socket.send(json.dumps({"type": "error", "error": "invalid session id"}))
                return
            channel.sockets[session].add(socket)
            try:
                tracker = await request.app.ctx.agent.tracker_store.retrieve(conversation_of(channel.name(), session))
                events = tracker.current_state(EventVerbosity.AFTER_RESTART)["events"] if tracker else []
                await socket.send(json.dumps({"type": "history", "messages": history(events)}, ensure_ascii=False))
                while True:
                    raw = await socket.recv()
                    if raw is None:
                        break
                    await channel.receive(session, raw, on_new_message)
            finally:
                channel.sockets[session].discard(socket)

        return webhook

    async def receive(self, session: str, raw: str, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        try:
            data = json.loads(raw)
            text = clean_text(str(data.get("text") or ""))
        except (ValueError, AttributeError):
            await self.emit(session, {"type": "error", "error": "bad message"})
            return
        if data.get("type") == "forget":
            # The person asked (and confirmed in the widget): their conversation is erased, and every tab
            # of it starts afresh under a new session.
            erase_on_request(self.settings, conversation_of(self.name(), session))
            await self.emit(session, {"type": "forgotten"})
            return
        if not text.strip() or len(text) > MAX_MESSAGE_LENGTH:
            await self.emit(session, {"type": "error", "error": "empty or too long"})
            return
        text = as_typed(text)
        language = str(data.get("language") or "")[:8]
        await on_new_message(
            UserMessage(
                text,
                WebchatOutput(self),
                conversation_of(self.name(), session),
                input_channel=self.name(),
                metadata={"language_code": language},
            )
        )

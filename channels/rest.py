"""Rasa's REST channel with the request checked first.

Rasa's own REST channel trusts its input: a body that is not UTF-8 JSON, a missing or huge sender
id, or a non-text message end in a server error or an unusable tracker. Here each gets a 400 with
a message saying what to send instead, and text is cleaned of control characters (PostgreSQL
refuses NUL bytes) before Rasa stores it. A typed slash is filtered like on every channel (only Alku's
own button payloads skip understanding), and with ALKU_INTEGRATION_TOKEN set (production requires it)
a request without `Authorization: Bearer <token>` is refused: these channels are for integrations,
and an open one would let anyone write into any conversation.
"""

from __future__ import annotations

import hmac
import json
import logging
from asyncio import CancelledError
from collections.abc import Awaitable, Callable
from typing import Any, Optional

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.direction import text_direction
from channels.ids import conversation_of, sender_of
from channels.payloads import as_typed
from knowledge.text import clean_text
from settings import get_settings

logger = logging.getLogger(__name__)

# The conversation id adds the channel's prefix (channels/ids.py) and must fit the 128 characters tickets keep.
MAX_SENDER_LENGTH = 120
MAX_MESSAGE_LENGTH = 20_000
MAX_BODY_BYTES = 64 * 1024
MAX_METADATA_BYTES = 4096


class RequestProblem(ValueError):
    """A request the channel refuses, with the message the client gets."""


def carries_integration_token(authorization: Optional[str]) -> bool:
    """Whether an Authorization header is `Bearer <ALKU_INTEGRATION_TOKEN>` (never when no token is set).
    The one check for the channels and the console's API alike."""
    token = get_settings().integration_token
    scheme, _, sent = (authorization or "").partition(" ")
    return (
        bool(token)
        and scheme.lower() == "bearer"
        and hmac.compare_digest(sent.encode("utf-8", "surrogateescape"), token.encode())
    )


def refused(request: Request) -> Optional[HTTPResponse]:
    """401 unless the request carries the integration token (when one is set)."""
    if not get_settings().integration_token or carries_integration_token(request.headers.get("authorization")):
        return None
    return response.json({"error": "Send Authorization: Bearer <ALKU_INTEGRATION_TOKEN>."}, status=401)


def parse_body(body: bytes) -> dict[str, Any]:
    if len(body) > MAX_BODY_BYTES:
        raise RequestProblem(f"The request body must be at most {MAX_BODY_BYTES} bytes.")
    try:
        payload = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise RequestProblem("The request body must be UTF-8 encoded JSON.") from error
    except json.JSONDecodeError as error:
        raise RequestProblem('The request body must be a JSON object like {"sender": "…", "message": "…"}.') from error
    if not isinstance(payload, dict):
        raise RequestProblem('The request body must be a JSON object like {"sender": "…", "message": "…"}.')
    sender = payload.get("sender")
    if not isinstance(sender, str) or not sender.strip():
        raise RequestProblem("'sender' must be a non-empty string that identifies the conversation.")
    if len(sender) > MAX_SENDER_LENGTH:
        raise RequestProblem(f"'sender' must be at most {MAX_SENDER_LENGTH} characters long.")
    if clean_text(sender) != sender:
        raise RequestProblem("'sender' must not contain control characters.")
    message = payload.get("message", "")
    if not isinstance(message, str):
        raise RequestProblem("'message' must be a string.")
    if len(message) > MAX_MESSAGE_LENGTH:
        raise RequestProblem(f"'message' must be at most {MAX_MESSAGE_LENGTH} characters long.")
    metadata = payload.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        raise RequestProblem("'metadata' must be a JSON object when given.")
    if metadata is not None and len(json.dumps(metadata)) > MAX_METADATA_BYTES:
        raise RequestProblem(f"'metadata' must be at most {MAX_METADATA_BYTES} bytes as JSON.")
    return {**payload, "message": as_typed(clean_text(message))}


class MarkedOutputChannel(CollectingOutputChannel):
    """Collects the bot's messages, each marked with the direction its text reads in
    (`"metadata": {"direction": "rtl"}` for Arabic and Persian), so clients can lay it out."""

    @staticmethod
    def _message(  # type: ignore[override]
        recipient_id: str,
        text: Optional[str] = None,
        image: Optional[str] = None,
        buttons: Optional[list[dict[str, Any]]] = None,
        attachment: Optional[str] = None,
        custom: Optional[dict[str, Any]] = None,
    ) -> dict[str, Any]:
        # The integration knows the person by its own id, not by Alku's conversation id.
        message = CollectingOutputChannel._message(sender_of(recipient_id), text, image, buttons, attachment, custom)
        if text:
            message["metadata"] = {"direction": text_direction(text)}
        return message


class CheckedRestInput(RestInput):
    """The REST channel at /webhooks/rest/webhook, checking each request before Rasa sees it."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("checked_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            refusal = refused(request)
            if refusal is not None:
                return refusal
            try:
                payload = parse_body(request.body)
            except RequestProblem as problem:
                return response.json({"error": str(problem)}, status=400)
            collector = MarkedOutputChannel()
            message = UserMessage(
                payload["message"],
                collector,
                conversation_of(self.name(), payload["sender"]),
                input_channel=self.name(),
                metadata=payload.get("metadata"),
            )
            try:
                await on_new_message(message)
            except CancelledError:
                logger.error("REST message from %s timed out", payload["sender"])
            except Exception:
                logger.exception("REST message from %s failed", payload["sender"])
            return response.json(collector.messages)

        return webhook

"""Rasa's callback channel (/webhooks/callback/webhook → ALKU_CALLBACK_URL), made safe to lose.

Rasa's own callback output logs an HTTP error answer but lets a refused connection or a timeout
escape, and then the whole turn is lost: the user's message never reaches the tracker, so an
advisor would never see it. Here a failed post is logged and the turn is kept. Requests are checked
like the REST channel's.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from rasa.core.channels.callback import CallbackInput, CallbackOutput
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.direction import text_direction
from channels.ids import conversation_of, sender_of
from channels.rest import RequestProblem, parse_body, refused

logger = logging.getLogger(__name__)


class SafeCallbackOutput(CallbackOutput):
    async def _persist_message(self, message: dict[str, Any]) -> None:
        message["recipient_id"] = sender_of(str(message.get("recipient_id") or ""))
        if message.get("text"):
            message["metadata"] = {**(message.get("metadata") or {}), "direction": text_direction(message["text"])}
        try:
            await super()._persist_message(message)
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as error:
            logger.error("the callback address did not take a message for %s: %s", message.get("recipient_id"), error)


class SafeCallbackInput(CallbackInput):
    @classmethod
    def name(cls) -> str:
        return "callback"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("safe_callback_webhook", __name__)

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
            await on_new_message(
                UserMessage(
                    payload["message"],
                    self.get_output_channel(),
                    conversation_of(self.name(), payload["sender"]),
                    input_channel=self.name(),
                    metadata=payload.get("metadata"),
                )
            )
            return response.text("success")

        return webhook

    def get_output_channel(self) -> CollectingOutputChannel:
        return SafeCallbackOutput(self.callback_endpoint)

"""Rasa's REST channel with the request checked first.

Rasa's own REST channel trusts its input: a body that is not UTF-8 JSON, a missing or huge sender
id, or a non-text message end in a server error or an unusable tracker. Here each gets a 400 with
a message saying what to send instead, and text is cleaned of control characters (PostgreSQL
refuses NUL bytes) before Rasa stores it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any, Optional

from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

MAX_SENDER_LENGTH = 128
MAX_MESSAGE_LENGTH = 20_000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class RequestProblem(ValueError):
    """A request the channel refuses, with the message the client gets."""


def clean_text(text: str) -> str:
    """NFC-normalised text without control characters other than tab and newline."""
    return _CONTROL.sub("", unicodedata.normalize("NFC", text))


def parse_body(body: bytes) -> dict[str, Any]:
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
    return {**payload, "message": clean_text(message)}


class CheckedRestInput(RestInput):
    """The REST channel at /webhooks/rest/webhook, checking each request before Rasa sees it."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Any) -> Blueprint:
        blueprint = super().blueprint(on_new_message)

        @blueprint.on_request
        async def check(request: Request) -> Optional[HTTPResponse]:
            if request.method != "POST":
                return None
            try:
                request.ctx.payload = parse_body(request.body)
            except RequestProblem as problem:
                return response.json({"error": str(problem)}, status=400)
            return None

        return blueprint

    async def _extract_sender(self, req: Request) -> Optional[str]:
        return req.ctx.payload["sender"]

    def _extract_message(self, req: Request) -> Optional[str]:
        return req.ctx.payload["message"]

    def _extract_input_channel(self, req: Request) -> str:
        return self.name()

    def get_metadata(self, request: Request) -> Optional[dict[str, Any]]:
        return request.ctx.payload.get("metadata")

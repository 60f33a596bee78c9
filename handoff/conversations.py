"""The handed-off conversation as Rasa keeps it, and delivery of what the advisor says to the user.

Rasa stays the record of the conversation: the advisor's reply and the "assistant is back" message are
rendered and recorded by Rasa (HTTP API `execute`, in the user's language), then pushed to the user's
channel here, where we can tell whether it arrived. Rasa's own output channels log a failed push and
carry on, which would lose a reply without anyone knowing.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Optional
from urllib.parse import quote

import httpx

# Channels that can receive a message at any time, not only as the answer to a request.
PUSH_CHANNELS = frozenset({"callback", "telegram", "webchat"})


_ADDRESS = re.compile(r"\b[a-z][a-z0-9+.-]*://\S+", re.IGNORECASE)


def redacted(text: str) -> str:
    """A failure's text without any address in it (a bot token or a query token hides in addresses)."""
    return _ADDRESS.sub("<address>", text)


def described(error: httpx.HTTPError) -> str:
    """What went wrong, fit to store and show to advisors: never the address asked (it may carry a
    token in its query), only the answer's status or the kind of failure."""
    if isinstance(error, httpx.HTTPStatusError):
        return f"answered {error.response.status_code} {error.response.reason_phrase}".strip()
    return f"{type(error).__name__}: {redacted(str(error))}".rstrip(": ")


class DeliveryFailed(Exception):
    """The message did not reach the user's channel; it is kept and can be sent again."""


ADVISOR_REPLY = "utter_advisor_reply"
# Set before an advisor's words are recorded: who they are, as the user sees them ("Aino (advisor)").
ADVISOR_LABEL_SLOT = "advisor_label"


def _payload_words(payload: str) -> str:
    """A payload whose button is no longer known, readable: "/choose_language{"language": "fi"}" →
    "choose_language: fi"."""
    intent, _, rest = payload[1:].partition("{")
    try:
        values = json.loads("{" + rest) if rest else {}
    except ValueError:
        values = {}
    shown = ", ".join(str(value) for value in values.values()) if isinstance(values, dict) else ""
    return f"{intent}: {shown}" if shown else intent


# After a ticket is resolved the person rates it and may say goodbye: that much is still the ticket's.
AFTER_RESOLVED = dt.timedelta(minutes=15)


def ticket_window(
    events: list[dict[str, Any]], opened_at: Optional[dt.datetime], resolved_at: Optional[dt.datetime]
) -> list[dict[str, Any]]:
    """The events of the session a ticket was opened in (from the last session start before it), up to
    AFTER_RESOLVED after it was resolved. Times are the stored UTC times; events carry Unix timestamps."""
    if opened_at is None:
        return events
    opened = opened_at.replace(tzinfo=dt.timezone.utc).timestamp()
    starts = [
        float(event.get("timestamp") or 0)
        for event in events
        if event.get("event") == "session_started" and float(event.get("timestamp") or 0) <= opened
    ]
    since = max(starts, default=float("-inf"))
    until = (resolved_at.replace(tzinfo=dt.timezone.utc) + AFTER_RESOLVED).timestamp() if resolved_at else float("inf")
    return [event for event in events if since <= float(event.get("timestamp") or since) <= until]


def _author(event: dict[str, Any]) -> str:
    """user, bot, or advisor (an advisor's reply that Rasa recorded for us)."""
    if event["event"] == "user":
        return "user"
    return "advisor" if (event.get("metadata") or {}).get("utter_action") == ADVISOR_REPLY else "bot"


@dataclass(frozen=True)
class Conversations:
    rasa_url: str
    rasa_token: str = ""
    # How to reach a user on each channel that can receive a message at any time (channels/outbound.py);
    # a sender raises DeliveryFailed when the message did not arrive.
    senders: Mapping[str, Callable[[str, dict[str, Any]], None]] = field(default_factory=dict)
    timeout: float = 10.0

    def _rasa(self, method: str, path: str, json: Any = None) -> Any:
        params = {"token": self.rasa_token} if self.rasa_token else {}
        try:
            reply = httpx.request(method, f"{self.rasa_url}{path}", params=params, json=json, timeout=self.timeout)
            reply.raise_for_status()
        except httpx.HTTPError as error:
            raise DeliveryFailed(f"Rasa did not answer: {described(error)}") from error
        return reply.json()

    def events(self, conversation_id: str) -> list[dict[str, Any]]:
        """Everything Rasa holds of the conversation, oldest first."""
        # The channel prefix's colon stays as it is: Rasa's server does not decode %3A in the path.
        tracker = self._rasa("GET", f"/conversations/{quote(conversation_id, safe=':')}/tracker")
        return list(tracker.get("events", []))

    def transcript(
        self, conversation_id: str, opened_at: Optional[dt.datetime] = None, resolved_at: Optional[dt.datetime] = None
    ) -> list[dict[str, Any]]:
        """What the user and the bot said, oldest first. A button the user tapped is shown by its title
        (`choice`), not by the payload it sent ("/choose_language{…}"). With the ticket's times, only the
        conversation's session in which the ticket was opened, up to a little after it was resolved: an
        advisor reads what the ticket is about, not the person's other conversations with the bot."""
        lines, buttons = [], {}
        for event in ticket_window(self.events(conversation_id), opened_at, resolved_at):
            if event.get("event") not in ("user", "bot") or not event.get("text"):
                continue
            text, choice = str(event.get("text") or ""), False
            if event["event"] == "bot":
                offered = (event.get("data") or {}).get("buttons") or []
                buttons = {str(button.get("payload")): str(button.get("title")) for button in offered}
            elif text.startswith("/"):
                text, choice = buttons.get(text) or _payload_words(text), True
            lines.append(
                {"author": _author(event), "text": text, "timestamp": event.get("timestamp"), "choice": choice}
            )
        return lines

    def say(
        self,
        conversation_id: str,
        channel: str,
        response: str,
        slots: Optional[dict[str, Any]] = None,
        author: Optional[dict[str, str]] = None,
    ) -> None:
        """Have Rasa render `response` in the conversation's language and record it; push it to the user,
        labelled with its `author` when a person, not the bot, speaks."""
        for message in self.record(conversation_id, response, slots):
            self.push(conversation_id, channel, {**message, "author": author} if author else message)

    def record(
        self, conversation_id: str, response: str, slots: Optional[dict[str, Any]] = None
    ) -> list[dict[str, Any]]:
        """Have Rasa render `response` in the conversation's language and record it as the bot's turn;
        returns the rendered messages, ready to push."""
        path = f"/conversations/{quote(conversation_id, safe=':')}"
        if slots:
            self._rasa(
                "POST", f"{path}/tracker/events", [{"event": "slot", "name": k, "value": v} for k, v in slots.items()]
            )
        result = self._rasa("POST", f"{path}/execute", {"name": response})
        # Hand the turn back to the user, as after any bot turn, so that rules match the next message.
        self._rasa("POST", f"{path}/tracker/events", [{"event": "action", "name": "action_listen"}])
        return list(result.get("messages", []))

    def resume(self, conversation_id: str) -> None:
        self._rasa("POST", f"/conversations/{quote(conversation_id, safe=':')}/tracker/events", [{"event": "resume"}])

    def push(self, conversation_id: str, channel: str, message: dict[str, Any]) -> None:
        sender = self.senders.get(channel)
        if sender is None:
            raise DeliveryFailed(f"the {channel!r} channel cannot receive a message Alku starts")
        sender(conversation_id, message)

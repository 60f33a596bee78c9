"""Conversation ids: one namespace per channel.

A conversation's id in Rasa and in the handoff tables is the channel's prefix and the id the channel
knows the person by (`tg:123456789` for a Telegram chat, `web:<session>` for the widget, `rest:…`
and `cb:…` for integrations). Without it, a REST request naming a Telegram user's numeric id would
write into that user's conversation, restart it, or rate their ticket. The prefix is added where a
message comes in and taken off where one goes out to the channel.
"""

from __future__ import annotations

PREFIXES = {"telegram": "tg", "webchat": "web", "rest": "rest", "callback": "cb"}


def conversation_of(channel: str, sender: str) -> str:
    """The conversation of `sender` on `channel`."""
    return f"{PREFIXES[channel]}:{sender}"


def sender_of(conversation_id: str) -> str:
    """The id the conversation's channel knows the person by (the id itself when it has no prefix)."""
    prefix, _, sender = conversation_id.partition(":")
    return sender if sender and prefix in PREFIXES.values() else conversation_id


def channel_of(conversation_id: str) -> str:
    """The channel a conversation id belongs to ("" for an id from before the namespaces)."""
    prefix = conversation_id.partition(":")[0]
    return next((channel for channel, known in PREFIXES.items() if known == prefix), "")

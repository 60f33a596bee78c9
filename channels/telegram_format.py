"""Turning Alku's messages into Telegram messages: HTML parse mode with everything escaped, inline
keyboards for the bot's buttons, and texts longer than Telegram's limit split cleanly."""

from __future__ import annotations

import html
from typing import Any, Optional

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions

MAX_TEXT = 4096  # Telegram's limit for one message, in characters after entity parsing
MAX_CALLBACK_DATA = 64  # bytes
PARSE_MODE = "HTML"
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Parts of at most `limit` characters, cut at a paragraph, else a line, else a space, else hard."""
    parts: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        window = rest[:limit]
        cut = max(window.rfind("\n\n"), 0) or max(window.rfind("\n"), 0) or max(window.rfind(" "), 0) or limit
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        parts.append(rest)
    return parts


def to_html(text: str) -> str:
    """Plain text for parse mode HTML: only <, > and & are special, and all are escaped."""
    return html.escape(text, quote=False)


def keyboard(buttons: Optional[list[dict[str, Any]]]) -> Optional[InlineKeyboardMarkup]:
    """One button per row for long titles, up to five in a row for short ones (ratings 1–5)."""
    usable = [
        button
        for button in buttons or []
        if button.get("title") and len(str(button.get("payload", "")).encode("utf-8")) <= MAX_CALLBACK_DATA
    ]
    if not usable:
        return None
    keys = [InlineKeyboardButton(str(button["title"]), callback_data=str(button["payload"])) for button in usable]
    width = 5 if all(len(str(button["title"])) <= 3 for button in usable) else 2
    return InlineKeyboardMarkup([keys[index : index + width] for index in range(0, len(keys), width)])


def messages_for(text: str, buttons: Optional[list[dict[str, Any]]] = None) -> list[dict[str, Any]]:
    """sendMessage parameters (without chat_id) for one bot message; buttons go under the last part."""
    parts = split_text(text) or [""]
    markup = keyboard(buttons)
    return [
        {
            "text": to_html(part),
            "parse_mode": PARSE_MODE,
            "reply_markup": markup if index == len(parts) - 1 else None,
            # Answers end with their source link; a preview card of it would bury the answer.
            "link_preview_options": NO_PREVIEW,
        }
        for index, part in enumerate(parts)
        if part
    ]

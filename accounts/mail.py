"""Sending an invitation or a password link by e-mail (ALKU_SMTP_URL). The admin always sees the link
too: e-mail is a convenience, never the only way in, and a failure to send is reported, not hidden."""

from __future__ import annotations

import datetime as dt
import smtplib
import ssl
from email.message import EmailMessage
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

import yaml

from accounts import links
from handoff.models import Advisor
from settings import Settings, get_settings

HERE = Path(__file__).parent
TIMEOUT_SECONDS = 15


class MailNotSent(Exception):
    """The message did not leave: no server configured, or the server refused or did not answer."""


@lru_cache(maxsize=1)
def _texts() -> dict[str, dict[str, str]]:
    return yaml.safe_load((HERE / "texts.yml").read_text(encoding="utf-8"))


def compose(
    settings: Settings, purpose: str, to: str, name: str, link: str, until: dt.datetime, language: str
) -> EmailMessage:
    texts = _texts().get(language) or _texts()["en"]
    local = until.replace(tzinfo=dt.timezone.utc).astimezone(ZoneInfo(settings.timezone))
    fields: dict[str, Any] = {
        "name": name,
        "link": link,
        "until": local.strftime("%d.%m.%Y %H:%M"),
        "console": settings.directory_url,
    }
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = to
    message["Subject"] = texts[f"{purpose}_subject"]
    message.set_content(texts[f"{purpose}_body"].format(**fields))
    return message


def send(settings: Settings, message: EmailMessage) -> None:
    if not settings.smtp_url:
        raise MailNotSent("no mail server is configured (ALKU_SMTP_URL)")
    address = urlsplit(settings.smtp_url)
    secure = address.scheme == "smtps"
    host, port = address.hostname or "localhost", address.port or (465 if secure else 25)
    try:
        if secure:
            server: smtplib.SMTP = smtplib.SMTP_SSL(
                host, port, timeout=TIMEOUT_SECONDS, context=ssl.create_default_context()
            )
        else:
            server = smtplib.SMTP(host, port, timeout=TIMEOUT_SECONDS)
        with server:
            server.ehlo()
            if not secure and server.has_extn("starttls"):
                server.starttls(context=ssl.create_default_context())
                server.ehlo()
            if address.username:
                server.login(unquote(address.username), unquote(address.password or ""))
            server.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        raise MailNotSent(type(error).__name__) from None


def send_link(advisor: Advisor, purpose: str, token: str, until: dt.datetime, ui: str) -> tuple[str, bool]:
    """The link's address, and whether it went out by e-mail (in the person's console language)."""
    settings = get_settings()
    address = links.url(settings.directory_url, token)
    if not settings.smtp_url:
        return address, False
    message = compose(settings, purpose, advisor.email, advisor.shown_name, address, until, advisor.ui_language or ui)
    try:
        send(settings, message)
    except MailNotSent:
        return address, False
    return address, True

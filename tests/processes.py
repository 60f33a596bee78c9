"""The real processes (Rasa, action server, console) on free loopback ports, and a stand-in for the
user's channel that Rasa's callback channel and the console post to. Shared by tests/integration and
tests/e2e."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import signal
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from handoff.advisors import ensure_admin
from handoff.models import OfficeHours, Team
from handoff.seed import NATIONAL_TEAM, seed_handoff
from knowledge.db import make_engine, session_factory
from knowledge.seed import seed
from ops.run import DEFAULT_MODEL, Process, start, stop, throwaway_settings
from settings import Settings
from tests.fake_telegram import FakeTelegram

ADMIN_EMAIL = "admin@alku.test"
ADMIN_PASSWORD = "integration-admin-password"


# Advisor replies that do not go through are tried again after 1, 1 and 2 seconds, then marked failed.
RETRY_SECONDS = (1, 1, 2)
ALWAYS = [(day, dt.time(0), dt.time.max) for day in range(7)]


@dataclasses.dataclass
class Running:
    settings: Settings
    log_dir: Path
    processes: list[Process] = dataclasses.field(default_factory=list)

    def kill(self, name: str) -> None:
        """Stop one process at once, as a crash would (SIGKILL, no clean shutdown)."""
        for process in self.processes:
            if process.name == name and process.popen is not None:
                os.killpg(process.popen.pid, signal.SIGKILL)
                process.popen.wait()

    def start(self, name: str) -> None:
        started = start(self.settings, DEFAULT_MODEL, log_dir=self.log_dir, only={name})
        self.processes = [process for process in self.processes if process.name != name] + started

    def set_office_hours(self, hours: list[tuple[int, dt.time, dt.time]]) -> None:
        """Give the national team these hours (weekday, opens, closes)."""
        with session_factory(make_engine(self.settings.database_url))() as session, session.begin():
            team = session.scalars(select(Team).where(Team.name == NATIONAL_TEAM)).one()
            team.hours = [OfficeHours(weekday=day, opens=opens, closes=closes) for day, opens, closes in hours]

    @property
    def rest_url(self) -> str:
        return f"http://{self.settings.host}:{self.settings.rasa_port}/webhooks/rest/webhook"

    @property
    def rasa_url(self) -> str:
        return f"http://{self.settings.host}:{self.settings.rasa_port}"

    @property
    def console_url(self) -> str:
        return f"http://{self.settings.host}:{self.settings.console_port}"


class CallbackSink:
    """What Rasa's callback channel and Alku's advisor replies post to ALKU_CALLBACK_URL, by recipient.
    Recipients listed in `refuse` get a 503, as a channel that is down would answer."""

    def __init__(self) -> None:
        self.received: dict[str, list[dict]] = {}
        self.refuse: set[str] = set()
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the standard library's name
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                recipient = body.get("recipient_id", "")
                if recipient in sink.refuse:
                    self.send_response(503)
                else:
                    sink.received.setdefault(recipient, []).append(body)
                    self.send_response(200)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/callback"

    def texts(self, recipient: str) -> list[str]:
        return [message.get("text", "") for message in self.received.get(recipient, [])]

    def wait_for(self, recipient: str, fragment: str, timeout: float = 20) -> list[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(fragment in text for text in self.texts(recipient)):
                return self.texts(recipient)
            time.sleep(0.1)
        raise AssertionError(f"{fragment!r} never reached {recipient}: {self.texts(recipient)}")


@pytest.fixture(scope="session")
def callback_sink() -> Iterator[CallbackSink]:
    sink = CallbackSink()
    yield sink
    sink.server.shutdown()


TELEGRAM_TOKEN = "123456:TEST-token"
TELEGRAM_SECRET = "telegram-webhook-secret-for-tests"
TELEGRAM_WEBHOOK = "https://alku.example/webhooks/telegram/webhook"


@pytest.fixture(scope="session")
def telegram() -> Iterator[FakeTelegram]:
    fake = FakeTelegram(TELEGRAM_TOKEN)
    yield fake
    fake.stop()


@pytest.fixture(scope="session")
def alku(
    tmp_path_factory: pytest.TempPathFactory, callback_sink: CallbackSink, telegram: FakeTelegram
) -> Iterator[Running]:
    if not DEFAULT_MODEL.exists():
        pytest.fail(f"no trained model at {DEFAULT_MODEL}: run `make train` (make test does)")
    work = tmp_path_factory.mktemp("alku")
    settings = throwaway_settings(work).copy(
        update=dict(
            callback_url=callback_sink.url,
            delivery_retry_seconds=RETRY_SECONDS,
            telegram_bot_token=TELEGRAM_TOKEN,
            telegram_webhook_url=TELEGRAM_WEBHOOK,
            telegram_webhook_secret=TELEGRAM_SECRET,
            telegram_api_url=telegram.base_url,
        )
    )
    engine = make_engine(settings.database_url)
    seed(engine)
    with session_factory(engine)() as session, session.begin():
        ensure_admin(session, ADMIN_EMAIL, ADMIN_PASSWORD, settings.languages)
        seed_handoff(session)
    running = Running(settings, work / "logs")
    running.set_office_hours(ALWAYS)
    running.processes = start(settings, DEFAULT_MODEL, log_dir=running.log_dir)
    yield running
    stop(running.processes)


def admin_headers(running: Running) -> dict[str, str]:
    """The first admin's bearer token for the console API."""
    token = httpx.post(
        f"{running.console_url}/api/auth/token",
        data={"username": ADMIN_EMAIL, "password": ADMIN_PASSWORD},
        timeout=10,
    ).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


def ticket_of(running: Running, headers: dict[str, str], sender: str) -> dict:
    """The ticket of the person its channel knows as `sender`, as the advisor API lists it."""
    from channels.ids import sender_of

    tickets = httpx.get(f"{running.console_url}/api/tickets", headers=headers, timeout=10).json()
    return next(ticket for ticket in tickets if sender_of(ticket["conversation_id"]) == sender)

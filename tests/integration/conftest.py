"""Start the real processes (Rasa, action server, console) on free loopback ports."""

from __future__ import annotations

import dataclasses
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from handoff.advisors import ensure_admin
from handoff.db import create_schema
from knowledge.db import make_engine, session_factory
from knowledge.seed import seed
from ops.run import DEFAULT_MODEL, start, stop, throwaway_settings
from settings import Settings

ADMIN_EMAIL = "admin@alku.test"
ADMIN_PASSWORD = "integration-admin-password"


@dataclasses.dataclass(frozen=True)
class Running:
    settings: Settings
    log_dir: Path

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


@pytest.fixture(scope="session")
def alku(tmp_path_factory: pytest.TempPathFactory, callback_sink: CallbackSink) -> Iterator[Running]:
    if not DEFAULT_MODEL.exists():
        pytest.fail(f"no trained model at {DEFAULT_MODEL}: run `make train` (make test does)")
    work = tmp_path_factory.mktemp("alku")
    settings = dataclasses.replace(throwaway_settings(work), callback_url=callback_sink.url)
    engine = make_engine(settings.database_url)
    seed(engine)
    create_schema(engine)
    with session_factory(engine)() as session, session.begin():
        ensure_admin(session, ADMIN_EMAIL, ADMIN_PASSWORD, settings.languages)
    processes = start(settings, DEFAULT_MODEL, log_dir=work / "logs")
    yield Running(settings, work / "logs")
    stop(processes)

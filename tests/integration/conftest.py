"""Start the real processes (Rasa, action server, console) on free loopback ports."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
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


@pytest.fixture(scope="session")
def alku(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    if not DEFAULT_MODEL.exists():
        pytest.fail(f"no trained model at {DEFAULT_MODEL}: run `make train` (make test does)")
    work = tmp_path_factory.mktemp("alku")
    settings = throwaway_settings(work)
    engine = make_engine(settings.database_url)
    seed(engine)
    create_schema(engine)
    with session_factory(engine)() as session, session.begin():
        ensure_admin(session, ADMIN_EMAIL, ADMIN_PASSWORD, settings.languages)
    processes = start(settings, DEFAULT_MODEL, log_dir=work / "logs")
    yield Running(settings, work / "logs")
    stop(processes)

"""Shared fixtures: a real knowledge base seeded from the project's content, on SQLite (the embedded
default) and on PostgreSQL (production), so every knowledge, action and console test runs on both.

PostgreSQL comes from ALKU_TEST_POSTGRES_URL (default: this machine's loopback server); each test
session creates its own databases and drops them afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from knowledge.db import dispose_engine, make_engine, session_factory
from knowledge.seed import seed

POSTGRES_ADMIN_URL = os.environ.get("ALKU_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
BACKENDS = ["sqlite", "postgresql"]


class PostgresDatabases:
    """Creates throw-away databases on the PostgreSQL server and drops them at the end."""

    def __init__(self, admin_url: str) -> None:
        self._admin = create_engine(admin_url, future=True, isolation_level="AUTOCOMMIT")
        self._base = make_url(admin_url)
        self._created: list[str] = []
        try:
            with self._admin.connect() as connection:
                connection.execute(text("select 1"))
        except Exception as error:  # noqa: BLE001 - any connection failure means the same thing here
            raise RuntimeError(
                f"PostgreSQL is not reachable at {admin_url}: start it or set ALKU_TEST_POSTGRES_URL"
            ) from error

    def create(self) -> str:
        name = f"alku_test_{uuid.uuid4().hex[:12]}"
        with self._admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        self._created.append(name)
        return self._base.set(database=name).render_as_string(hide_password=False)

    def drop(self, url: str) -> None:
        """Drop one database now, closing this process's connections to it first."""
        dispose_engine(url)
        name = make_url(url).database
        with self._admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self._created.remove(name)

    def drop_all(self) -> None:
        for name in list(self._created):
            self.drop(self._base.set(database=name).render_as_string(hide_password=False))


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresDatabases]:
    databases = PostgresDatabases(POSTGRES_ADMIN_URL)
    yield databases
    databases.drop_all()


@pytest.fixture(scope="session")
def new_database(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], str]:
    """Make an empty database on `backend` and return its URL."""

    def make(backend: str) -> str:
        if backend == "postgresql":
            return request.getfixturevalue("postgres").create()
        return f"sqlite:///{tmp_path_factory.mktemp('knowledge') / 'alku.db'}"

    return make


@pytest.fixture(scope="session", params=BACKENDS)
def seeded_db_url(request: pytest.FixtureRequest, new_database: Callable[[str], str]) -> str:
    url = new_database(request.param)
    engine = make_engine(url)
    seed(engine)
    engine.dispose()
    return url


@pytest.fixture(params=BACKENDS)
def fresh_db_url(request: pytest.FixtureRequest, new_database: Callable[[str], str], tmp_path: Path) -> Iterator[str]:
    """A database of its own for tests that change content; a PostgreSQL one is dropped right after the
    test, so that connections do not pile up towards the server's limit."""
    url = new_database(request.param)
    engine = make_engine(url)
    seed(engine)
    engine.dispose()
    yield url
    if request.param == "postgresql":
        request.getfixturevalue("postgres").drop(url)
    else:
        dispose_engine(url)


@pytest.fixture
def session(seeded_db_url: str) -> Iterator[Session]:
    with session_factory(make_engine(seeded_db_url))() as db_session:
        yield db_session

"""Shared fixtures: a real SQLite knowledge base seeded from the project's content."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from knowledge.db import make_engine, session_factory
from knowledge.seed import seed


@pytest.fixture(scope="session")
def seeded_db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("knowledge") / "alku.db"
    url = f"sqlite:///{path}"
    seed(make_engine(url))
    return url


@pytest.fixture
def fresh_db_url(tmp_path: Path) -> str:
    """A database of its own for tests that change content."""
    url = f"sqlite:///{tmp_path / 'alku.db'}"
    seed(make_engine(url))
    return url


@pytest.fixture
def session(seeded_db_url: str) -> Iterator[Session]:
    with session_factory(make_engine(seeded_db_url))() as db_session:
        yield db_session

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from sqlalchemy.orm import Session

from handoff.db import create_schema
from handoff.models import ADVISOR, Advisor
from handoff.passwords import hash_password
from knowledge.db import make_engine, session_factory
from knowledge.models import Municipality


@pytest.fixture
def handoff_url(fresh_db_url: str) -> str:
    create_schema(make_engine(fresh_db_url))
    return fresh_db_url


@pytest.fixture
def db(handoff_url: str) -> Iterator[Session]:
    with session_factory(make_engine(handoff_url))() as session:
        yield session


@pytest.fixture
def make_advisor(db: Session) -> Callable[..., Advisor]:
    def make(email: str, languages: str = "fi,en", role: str = ADVISOR, places: tuple[str, ...] = ()) -> Advisor:
        advisor = Advisor(
            email=email, name=email.split("@")[0], password_hash=hash_password("pw"), role=role, languages=languages
        )
        advisor.municipalities = [db.get(Municipality, code) for code in places]
        db.add(advisor)
        db.commit()
        return advisor

    return make

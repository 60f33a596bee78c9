"""The migrations build the schema the models describe, and upgrade an older database in place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

import accounts.models  # noqa: F401 - staff accounts' tables on the shared metadata
import handoff.models  # noqa: F401 - the advisor desk's tables on the shared metadata
from knowledge.db import make_engine
from knowledge.models import Base
from migrations import BASELINE, HERE, config, current, downgrade, upgrade
from tests.conftest import BACKENDS

HEAD = ScriptDirectory(str(HERE)).get_current_head()


@pytest.fixture(params=BACKENDS)
def empty_url(request: pytest.FixtureRequest, new_database: Callable[[str], str]) -> str:
    return new_database(request.param)


def test_an_empty_database_gets_exactly_the_models_schema(empty_url: str) -> None:
    engine = make_engine(empty_url)
    upgrade(engine)
    with engine.connect() as connection:
        differences = compare_metadata(
            MigrationContext.configure(connection, opts={"compare_type": True}), Base.metadata
        )
    assert differences == []
    assert current(engine) == HEAD


def test_upgrading_twice_changes_nothing(empty_url: str) -> None:
    engine = make_engine(empty_url)
    upgrade(engine)
    upgrade(engine)
    assert current(engine) == HEAD


def test_a_database_made_before_migrations_keeps_its_tickets_and_gains_the_new_columns(empty_url: str) -> None:
    """A database as the previous version left it: the baseline's tables, rows, and no version table."""
    engine = make_engine(empty_url)
    with engine.begin() as connection:
        command.upgrade(config(connection), BASELINE)
        connection.execute(text("DROP TABLE alembic_version"))
        connection.execute(
            text(
                "INSERT INTO advisor (id, email, name, password_hash, role, languages, active) "
                "VALUES (1, 'aino@example.org', 'Aino Virtanen', 'x', 'advisor', 'fi,en', :yes)"
            ),
            {"yes": True},
        )
        connection.execute(
            text(
                "INSERT INTO ticket (id, conversation_id, channel, language, status, created_at, needs_professional) "
                "VALUES (7, 'tg:42', 'telegram', 'ar', 'waiting', :at, :no)"
            ),
            {"at": dt.datetime(2026, 12, 1, 9, 30), "no": False},
        )
    upgrade(engine)
    assert current(engine) == HEAD
    with engine.connect() as connection:
        ticket = connection.execute(text("SELECT conversation_id, language, status, urgent FROM ticket")).one()
        advisor = connection.execute(text("SELECT email, display_name FROM advisor")).one()
    assert tuple(ticket) == ("tg:42", "ar", "waiting", False)
    assert tuple(advisor) == ("aino@example.org", None)


def _row_counts(engine) -> dict[str, int]:
    from sqlalchemy import inspect

    with engine.connect() as connection:
        tables = sorted(set(inspect(connection).get_table_names()) - {"alembic_version"})
        return {table: connection.execute(text(f'SELECT COUNT(*) FROM "{table}"')).scalar_one() for table in tables}


def test_the_newest_migration_goes_down_to_the_previous_release_and_up_again_keeping_every_row(fresh_db_url):
    """A seeded database with tickets and staff, taken down to the previous release's schema (what
    a site runs today) and upgraded again: every row of every table is still there, both ways."""
    from handoff.queue import open_ticket
    from handoff.seed import seed_handoff
    from knowledge.db import open_session

    with open_session(fresh_db_url) as session, session.begin():
        seed_handoff(session)
        open_ticket(session, conversation_id="tg:42", channel="telegram", language="ar", topic="housing")
    engine = make_engine(fresh_db_url)
    at_head = _row_counts(engine)
    previous = ScriptDirectory(str(HERE)).get_revision(HEAD).down_revision
    downgrade(engine, previous)
    assert current(engine) == previous
    at_previous = _row_counts(engine)
    assert {table: count for table, count in at_head.items() if table in at_previous} == at_previous
    assert sum(at_previous.values()) > 1000, "a real amount of data went down and up"
    upgrade(engine)
    assert current(engine) == HEAD
    assert {table: count for table, count in _row_counts(engine).items() if table in at_previous} == at_previous


def test_seeding_an_older_database_upgrades_it_and_says_so(fresh_db_url, monkeypatch, capsys):
    from ops.seed import main

    engine = make_engine(fresh_db_url)
    previous = ScriptDirectory(str(HERE)).get_revision(HEAD).down_revision
    downgrade(engine, previous)
    monkeypatch.setenv("ALKU_DATABASE_URL", fresh_db_url)
    assert main() == 0
    assert f"database schema: upgraded from revision {previous} to {HEAD}; every row kept" in capsys.readouterr().out
    assert main() == 0
    assert f"database schema: up to date (revision {HEAD})" in capsys.readouterr().out


def test_tickets_from_before_the_channel_namespaces_get_their_channels_prefix_and_lose_it_going_down(
    empty_url: str,
) -> None:
    engine = make_engine(empty_url)
    with engine.begin() as connection:
        command.upgrade(config(connection), "0004")
        for number, (channel, conversation) in enumerate(
            (("telegram", "123456789"), ("webchat", "a" * 20), ("rest", "crm-7"), ("callback", "cb:already")), 1
        ):
            connection.execute(
                text(
                    "INSERT INTO ticket (id, conversation_id, channel, language, status, created_at, "
                    "needs_professional, urgent) VALUES (:id, :conversation, :channel, 'fi', 'waiting', :now, :no, :no)"
                ),
                {
                    "id": number,
                    "conversation": conversation,
                    "channel": channel,
                    "now": dt.datetime(2026, 12, 1),
                    "no": False,
                },
            )
    upgrade(engine)
    ids = lambda: {row[0] for row in engine.connect().execute(text("SELECT conversation_id FROM ticket"))}  # noqa: E731
    assert ids() == {"tg:123456789", "web:" + "a" * 20, "rest:crm-7", "cb:already"}
    downgrade(engine, "0004")
    assert ids() == {"123456789", "a" * 20, "crm-7", "already"}

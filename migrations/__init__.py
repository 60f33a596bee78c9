"""The database schema's versions (Alembic). `upgrade` brings any database to the newest schema
without losing what it holds: every revision runs in order, on an empty database too, and one made
before migrations existed is recognised as the first revision. The revisions are plain operations:
nothing here imports the models, so the knowledge base and the advisor desk both call `upgrade`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import inspect
from sqlalchemy.engine import Connection, Engine

HERE = Path(__file__).resolve().parent
# The schema as it was when migrations were introduced: databases made before have these tables
# and no version table.
BASELINE = "0001"


def config(connection: Connection) -> Config:
    settings = Config()
    settings.set_main_option("script_location", str(HERE))
    settings.attributes["connection"] = connection
    return settings


class UnknownSchema(Exception):
    """The database holds tables but is not one this version can upgrade (made before the first
    revision, or by something else). Nothing was changed."""


@contextmanager
def _migrating(engine: Engine) -> Iterator[Connection]:
    """One transaction for the whole run. On SQLite, foreign keys are off meanwhile: Alembic's batch
    mode changes a table by copying it, dropping the old one and renaming the copy, which a table that
    others refer to would refuse (SQLite ignores the pragma inside a transaction, so it comes first)."""
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            with connection.begin():
                yield connection
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"the migration left rows pointing at nothing: {broken[:5]}")
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


def downgrade(engine: Engine, revision: str) -> None:
    """Back to an older revision (to undo an upgrade), keeping the rows its tables can hold."""
    with _migrating(engine) as connection:
        command.downgrade(config(connection), revision)


def upgrade(engine: Engine) -> None:
    with _migrating(engine) as connection:
        settings = config(connection)
        tables = set(inspect(connection).get_table_names())
        if tables and "alembic_version" not in tables:
            missing = baseline_tables() - tables
            if missing:
                raise UnknownSchema(
                    "the database has tables but not those of Alku's first schema version "
                    f"(missing: {', '.join(sorted(missing))})"
                )
            command.stamp(settings, BASELINE)
        command.upgrade(settings, "head")


def baseline_tables() -> set[str]:
    """The tables of the first revision, read from an empty in-memory database brought to it."""
    from sqlalchemy import create_engine

    scratch = create_engine("sqlite://", future=True)
    with scratch.begin() as connection:
        command.upgrade(config(connection), BASELINE)
        return set(inspect(connection).get_table_names()) - {"alembic_version"}


def current(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()

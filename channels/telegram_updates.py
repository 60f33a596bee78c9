"""Telegram delivers an update again when it is unsure we got it; each update_id is handled once.

The ids are kept in the database (not in memory), so a duplicate that arrives after a restart is
still recognised. Only the id and the time are stored."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Column, DateTime, MetaData, Table, delete, insert
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

metadata = MetaData()
seen_updates = Table(
    "telegram_update",
    metadata,
    Column("update_id", BigInteger, primary_key=True, autoincrement=False),
    Column("received_at", DateTime, nullable=False),
)
KEEP = dt.timedelta(days=2)  # Telegram keeps undelivered updates for at most 24 hours


class SeenUpdates:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        metadata.create_all(engine)

    def first_time(self, update_id: int) -> bool:
        """Record the update; False when it was recorded before."""
        now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
        try:
            with self.engine.begin() as connection:
                connection.execute(insert(seen_updates).values(update_id=update_id, received_at=now))
        except IntegrityError:
            return False
        if update_id % 100 == 0:
            with self.engine.begin() as connection:
                connection.execute(delete(seen_updates).where(seen_updates.c.received_at < now - KEEP))
        return True

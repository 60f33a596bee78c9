"""Rasa's SQL tracker store, with SQLite set up for a chat server's write pattern.

Every turn appends a few events. In SQLite's default rollback-journal mode each commit waits for
two fsyncs and blocks readers; write-ahead logging with `synchronous=NORMAL` keeps commits durable
against a process crash while letting the Rasa server answer other conversations meanwhile.
PostgreSQL (production) is left as Rasa configures it.
"""

from __future__ import annotations

from typing import Any

from rasa.core.tracker_store import SQLTrackerStore
from sqlalchemy import event


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class AlkuTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
            self.engine.dispose()

    def erase(self, sender_id: str) -> int:
        """Delete every event of a conversation (the user asked to be forgotten); returns how many."""
        with self.session_scope() as session:
            deleted = session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == sender_id).delete()
            session.commit()
        return int(deleted)

"""Rasa's SQL tracker store, with SQLite set up for a chat server's write pattern.

Every turn appends a few events. In SQLite's default rollback-journal mode each commit waits for
two fsyncs and blocks readers; write-ahead logging with `synchronous=NORMAL` keeps commits durable
against a process crash while letting the Rasa server answer other conversations meanwhile.
PostgreSQL (production) is left as Rasa configures it.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore
from sqlalchemy import and_, event, not_

from channels.ids import PREFIXES

logger = logging.getLogger(__name__)


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
        moved = self.namespace_conversations()
        if moved:
            logger.info("conversation ids: %d conversations from before the channel namespaces given theirs", moved)

    def namespace_conversations(self) -> int:
        """Give each conversation from before the channel namespaces (channels/ids.py) its channel's
        prefix, found in its first message's input channel; returns how many were renamed. Alembic's
        revision 0005 does the same to the tickets."""
        Event = self.SQLEvent
        unprefixed = and_(*(not_(Event.sender_id.startswith(f"{prefix}:")) for prefix in PREFIXES.values()))
        renamed = 0
        with self.session_scope() as session:
            senders = [row[0] for row in session.query(Event.sender_id).filter(unprefixed).distinct()]
            for sender in senders:
                first = (
                    session.query(Event.data)
                    .filter(Event.sender_id == sender, Event.type_name == "user")
                    .order_by(Event.id)
                    .first()
                )
                channel = json.loads(first[0]).get("input_channel") if first and first[0] else None
                if channel not in PREFIXES:
                    continue
                session.query(Event).filter(Event.sender_id == sender).update(
                    {Event.sender_id: f"{PREFIXES[channel]}:{sender}"}, synchronize_session=False
                )
                renamed += 1
            session.commit()
        return renamed

"""What the console's routes share: the database session, the Rasa conversations client, settings."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Path
from sqlalchemy.orm import Session

from channels.outbound import senders
from handoff.conversations import Conversations
from knowledge.db import open_session
from settings import get_settings


def conversations() -> Conversations:
    settings = get_settings()
    return Conversations(settings.rasa_url, settings.rasa_token, senders(settings))


def database() -> Iterator[Session]:
    with open_session(get_settings().database_url) as session:
        yield session


Database = Annotated[Session, Depends(database)]
Chats = Annotated[Conversations, Depends(conversations)]
# A row id in a path: beyond PostgreSQL's integer the database would fail (a 500); here it is a 422.
RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]

"""Create the handoff tables next to the knowledge base's."""

from __future__ import annotations

from sqlalchemy.engine import Engine

import handoff.models  # noqa: F401 - registers the tables on the shared metadata
from knowledge.models import Base


def create_schema(engine: Engine) -> None:
    Base.metadata.create_all(engine)

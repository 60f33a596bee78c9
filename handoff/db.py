"""The advisor desk's tables live in the knowledge base's database and its migrations."""

from __future__ import annotations

import handoff.models  # noqa: F401 - registers the tables on the shared metadata
from knowledge.db import create_schema

__all__ = ["create_schema"]

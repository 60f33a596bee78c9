from __future__ import annotations

from tests.unit.handoff.conftest import db, handoff_url, make_advisor  # noqa: F401 - the same database fixtures

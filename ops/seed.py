"""Prepare the database: knowledge base seed content, handoff tables, the first admin.

python -m ops.seed        # the database of ALKU_DATABASE_URL
"""

from __future__ import annotations

import sys

from handoff.advisors import ensure_admin
from handoff.db import create_schema
from knowledge.db import make_engine, session_factory
from knowledge.seed import seed
from settings import get_settings


def main() -> int:
    settings = get_settings()
    engine = make_engine(settings.database_url)
    counts = seed(engine)
    create_schema(engine)
    with session_factory(engine)() as session, session.begin():
        admin = ensure_admin(session, settings.admin_email, settings.admin_password, settings.languages)
    print("seeded: " + ", ".join(f"{count} {what}" for what, count in counts.items()))
    print(f"admin: {admin.email}" if admin else "admin: none (set ALKU_ADMIN_EMAIL and ALKU_ADMIN_PASSWORD)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Prepare the database: knowledge base seed content, handoff tables, the first admin, a national
advisor team with office hours, canned replies, and demo accounts when ALKU_DEMO_PASSWORD is set.

python -m ops.seed        # the database of ALKU_DATABASE_URL
"""

from __future__ import annotations

import sys

from sqlalchemy.exc import OperationalError, ProgrammingError

from handoff.advisors import ensure_admin
from handoff.seed import seed_handoff
from knowledge.db import make_engine, session_factory
from knowledge.seed import seed
from migrations import UnknownSchema, current
from settings import get_settings


def schema_report(before: str | None, after: str | None) -> str:
    """What the migrations did, in one line (make run and make seed print it)."""
    if before == after:
        return f"database schema: up to date (revision {after})"
    if before is None:
        return f"database schema: created or brought under migrations, now revision {after}"
    return f"database schema: upgraded from revision {before} to {after}; every row kept"


def main() -> int:
    settings = get_settings()
    engine = make_engine(settings.database_url)
    before = current(engine)
    try:
        # seed() runs the migrations first: a database made by any earlier version gets this one's schema.
        counts = seed(engine)
    except UnknownSchema as error:
        print(
            f"The database at {settings.database_url} does not match this version of Alku ({error}).\n"
            "Nothing was changed. Point ALKU_DATABASE_URL at Alku's own database, or at an empty one.",
            file=sys.stderr,
        )
        return 1
    except (OperationalError, ProgrammingError) as error:
        print(
            f"The database at {settings.database_url} could not be brought to this version of Alku "
            f"({error.orig}).\nNothing was deleted; the error above says what the database refused.",
            file=sys.stderr,
        )
        return 1
    with session_factory(engine)() as session, session.begin():
        admin = ensure_admin(session, settings.admin_email, settings.admin_password, settings.languages)
        counts.update(seed_handoff(session, settings.demo_password))
    print(schema_report(before, current(engine)))
    print("seeded: " + ", ".join(f"{count} {what}" for what, count in counts.items()))
    if settings.demo_password:
        print("demo accounts: advisor@alku.localhost, peer@alku.localhost, editor@alku.localhost (ALKU_DEMO_PASSWORD)")
    print(f"admin: {admin.email}" if admin else "admin: none (set ALKU_ADMIN_EMAIL and ALKU_ADMIN_PASSWORD)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

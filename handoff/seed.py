"""What the handoff side needs before its first day: a national team with office hours, canned replies,
and (in development) demo accounts. Like the knowledge seed, it only adds what is missing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from handoff.advisors import by_email
from handoff.canned import seed_canned_replies
from handoff.models import Advisor, OfficeHours, Team
from handoff.passwords import hash_password

DEMO_ACCOUNTS = Path(__file__).parent / "content" / "demo_accounts.yml"
NATIONAL_TEAM = "National advisors"
# Weekdays 8–16, as public advice services in Finland commonly keep; admins change it in the console.
DEFAULT_HOURS = [(weekday, dt.time(8), dt.time(16)) for weekday in range(5)]


def seed_team(session: Session) -> bool:
    """A national team with default office hours, unless any team exists."""
    if session.scalar(select(Team.id).limit(1)) is not None:
        return False
    session.add(
        Team(
            name=NATIONAL_TEAM,
            hours=[OfficeHours(weekday=day, opens=opens, closes=closes) for day, opens, closes in DEFAULT_HOURS],
        )
    )
    session.flush()
    return True


def seed_demo_accounts(session: Session, password: str, path: Path = DEMO_ACCOUNTS) -> int:
    if not password:
        return 0
    added = 0
    team = session.scalars(select(Team).where(Team.name == NATIONAL_TEAM)).first()
    for account in yaml.safe_load(path.read_text(encoding="utf-8")):
        if by_email(session, account["email"]) is not None:
            continue
        session.add(
            Advisor(
                email=account["email"],
                name=account["name"],
                role=account["role"],
                languages=",".join(account["languages"]),
                password_hash=hash_password(password),
                team=team,
            )
        )
        added += 1
    session.flush()
    return added


def seed_handoff(session: Session, demo_password: str = "") -> dict[str, int]:
    return {
        "teams": int(seed_team(session)),
        "canned replies": seed_canned_replies(session),
        "demo accounts": seed_demo_accounts(session, demo_password),
    }

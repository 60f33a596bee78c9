"""Canned replies: seeded once per language from content, then edited by admins in the console."""

from __future__ import annotations

from pathlib import Path

import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from handoff.models import CannedReply

CONTENT = Path(__file__).parent / "content" / "canned_replies.yml"


def seed_canned_replies(session: Session, path: Path = CONTENT) -> int:
    """Add the content file's replies for languages that have none yet; never touches edited ones."""
    content: dict[str, list[dict[str, str]]] = yaml.safe_load(path.read_text(encoding="utf-8"))
    present = set(session.scalars(select(CannedReply.language).distinct()))
    added = 0
    for language, replies in content.items():
        if language in present:
            continue
        for index, reply in enumerate(replies):
            session.add(CannedReply(language=language, title=reply["title"], text=reply["text"], position=index))
            added += 1
    session.flush()
    return added


def canned_replies(session: Session, language: str) -> list[CannedReply]:
    return list(
        session.scalars(
            select(CannedReply).where(CannedReply.language == language).order_by(CannedReply.position, CannedReply.id)
        )
    )


def next_position(session: Session, language: str) -> int:
    highest = session.scalar(select(func.max(CannedReply.position)).where(CannedReply.language == language))
    return int(highest) + 1 if highest is not None else 0

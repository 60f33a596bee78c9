"""Conversation ids namespaced per channel (tg:, web:, rest:, cb:)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 21:20:00

A ticket's conversation id gets its channel's prefix (channels/ids.py), as Rasa's conversations do
(bot/tracker_store.namespace_conversations): without it one channel could reach another's person.
Data only: no table changes shape.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# As channels/ids.py has them on the day of this migration (a migration does not follow later edits).
PREFIXES = {"telegram": "tg", "webchat": "web", "rest": "rest", "callback": "cb"}
ticket = sa.table("ticket", sa.column("channel", sa.String), sa.column("conversation_id", sa.String))


def upgrade() -> None:
    for channel, prefix in PREFIXES.items():
        op.execute(
            ticket.update()
            .where(ticket.c.channel == channel, sa.not_(ticket.c.conversation_id.startswith(f"{prefix}:")))
            .values(conversation_id=sa.literal(f"{prefix}:") + ticket.c.conversation_id)
        )


def downgrade() -> None:
    for channel, prefix in PREFIXES.items():
        op.execute(
            ticket.update()
            .where(ticket.c.channel == channel, ticket.c.conversation_id.startswith(f"{prefix}:"))
            .values(conversation_id=sa.func.substr(ticket.c.conversation_id, len(prefix) + 2))
        )

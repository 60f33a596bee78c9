"""Urgent tickets, the wait promise, advisors' display names

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-07 14:19:19.734120
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("advisor", schema=None) as batch_op:
        batch_op.add_column(sa.Column("display_name", sa.String(length=80), nullable=True))
    with op.batch_alter_table("ticket", schema=None) as batch_op:
        batch_op.add_column(sa.Column("urgent", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column("preview", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("expected_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("overdue_told_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("acknowledged_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("ticket", schema=None) as batch_op:
        batch_op.drop_column("acknowledged_at")
        batch_op.drop_column("overdue_told_at")
        batch_op.drop_column("expected_at")
        batch_op.drop_column("preview")
        batch_op.drop_column("urgent")

    with op.batch_alter_table("advisor", schema=None) as batch_op:
        batch_op.drop_column("display_name")

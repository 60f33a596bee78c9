"""Link checks: the last look at every linked web page

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07 14:51:52.049334
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "link_check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("outcome", sa.String(length=12), nullable=True),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("location", sa.String(length=500), nullable=True),
        sa.Column("error", sa.String(length=200), nullable=True),
        sa.Column("checked_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("url"),
    )
    with op.batch_alter_table("link_check", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_link_check_checked_at"), ["checked_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("link_check", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_link_check_checked_at"))

    op.drop_table("link_check")

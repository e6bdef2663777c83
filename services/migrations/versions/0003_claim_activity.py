"""claim activity and releases: escalation.operator_seen_at, released_at, release_reason, released_from

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # plain ADD COLUMNs (nullable, no constraint): no table rebuild on SQLite
    op.add_column("escalation", sa.Column("operator_seen_at", sa.DateTime(), nullable=True))
    op.add_column("escalation", sa.Column("released_at", sa.DateTime(), nullable=True))
    op.add_column("escalation", sa.Column("release_reason", sa.String(length=20), nullable=True))
    op.add_column("escalation", sa.Column("released_from", sa.String(length=120), nullable=True))
    # claims made before this revision: their claim time is the last activity known
    op.execute("UPDATE escalation SET operator_seen_at = claimed_at WHERE status = 'claimed'")


def downgrade() -> None:
    with op.batch_alter_table("escalation", schema=None) as batch_op:
        batch_op.drop_column("released_from")
        batch_op.drop_column("release_reason")
        batch_op.drop_column("released_at")
        batch_op.drop_column("operator_seen_at")

"""referral threads: referral_message (center ↔ person, text encrypted), referral.thread_open_at,
referral.citizen_notified_at

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "referral_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("sender", sa.String(length=20), nullable=False),
        sa.Column("author", sa.String(length=120), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("sender IN ('center', 'citizen')", name=op.f("ck_referral_message_sender")),
        sa.ForeignKeyConstraint(["referral_id"], ["referral.id"],
                                name=op.f("fk_referral_message_referral_id_referral"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral_message")),
    )
    with op.batch_alter_table("referral_message", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_referral_message_referral_id"), ["referral_id"], unique=False)
    # plain ADD COLUMNs (nullable, no constraint): no table rebuild on SQLite
    op.add_column("referral", sa.Column("thread_open_at", sa.DateTime(), nullable=True))
    op.add_column("referral", sa.Column("citizen_notified_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.drop_column("citizen_notified_at")
        batch_op.drop_column("thread_open_at")
    with op.batch_alter_table("referral_message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referral_message_referral_id"))
    op.drop_table("referral_message")

"""login throttling counters (console_login_counters) replace the attempts log (console_login_attempts)

Revision ID: c0002
Revises: c0001
Create Date: 2026-12-05 13:00:00

The old table held one row per attempt and was counted before each password check (a check-then-record
race: parallel attempts all saw the same count). The counters are updated by one atomic upsert each. The
attempts log held only throttling data (rows older than a day were purged), so it is dropped, not copied.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c0002"
down_revision: str | Sequence[str] | None = "c0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "console_login_counters",
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("account", sa.String(length=64), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("window_start", sa.DateTime(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("scope", "account", "address", name=op.f("pk_console_login_counters")),
    )
    op.create_index("ix_console_login_counters_window_start", "console_login_counters", ["window_start"])
    op.drop_table("console_login_attempts")


def downgrade() -> None:
    op.create_table(
        "console_login_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.Column("success", sa.Boolean(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_console_login_attempts")),
    )
    op.create_index(op.f("ix_console_login_attempts_username"), "console_login_attempts", ["username"])
    op.create_index(op.f("ix_console_login_attempts_client"), "console_login_attempts", ["client"])
    op.create_index("ix_console_login_attempts_at", "console_login_attempts", ["at"])
    op.drop_table("console_login_counters")

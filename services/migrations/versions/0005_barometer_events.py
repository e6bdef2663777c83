"""social barometer: the anonymous ``barometer_event`` table and the console role ``analyst``

Revision ID: 0005_barometer
Revises: 0004 (the referral thread)
Create Date: 2026-12-05 14:00:00

``barometer_event`` holds anonymous events only (ISO week, region, province, need, variety, channel, kind,
outcome, a random id; ``services/barometer.py``). The console's ``console_users.role`` check constraint also
accepts ``analyst`` (the barometer's readers), hence ``depends_on`` the console branch. On SQLite the table is
rebuilt (a CHECK constraint cannot be altered there); the rows of the tables that reference it
(``console_user_centers``, ``console_sessions``) are kept aside and put back, because dropping the old table
with foreign keys on would cascade to them.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_barometer"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = "c0001"

ROLES_BEFORE = "role IN ('admin', 'operator', 'staff')"
ROLES_AFTER = "role IN ('admin', 'operator', 'staff', 'analyst')"
CHILDREN = ("console_user_centers", "console_sessions")


def _users_table(check: str) -> sa.Table:
    return sa.Table(
        "console_users", sa.MetaData(),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=128), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("locale", sa.String(length=16), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(check, name="ck_console_users_role"),
        sa.PrimaryKeyConstraint("id", name="pk_console_users"),
        sa.Index("ix_console_users_username", "username", unique=True),
    )


def _set_roles(check: str, previous: str) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        op.drop_constraint(op.f("ck_console_users_role"), "console_users", type_="check")
        op.create_check_constraint(op.f("ck_console_users_role"), "console_users", check)
        return
    for table in CHILDREN:  # DROP TABLE console_users would delete them (ON DELETE CASCADE)
        op.execute(f"CREATE TEMP TABLE _keep_{table} AS SELECT * FROM {table}")
    with op.batch_alter_table("console_users", recreate="always", copy_from=_users_table(previous)) as batch:
        batch.drop_constraint(op.f("ck_console_users_role"), type_="check")
        batch.create_check_constraint(op.f("ck_console_users_role"), sa.text(check))
    for table in CHILDREN:
        op.execute(f"DELETE FROM {table}")
        op.execute(f"INSERT INTO {table} SELECT * FROM _keep_{table}")
        op.execute(f"DROP TABLE _keep_{table}")


def upgrade() -> None:
    op.create_table(
        "barometer_event",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("week", sa.String(length=8), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("region", sa.Integer(), nullable=True),
        sa.Column("province", sa.String(length=80), nullable=True),
        sa.Column("need", sa.String(length=20), nullable=True),
        sa.Column("variety", sa.String(length=10), nullable=True),
        sa.Column("channel", sa.String(length=20), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_barometer_event")),
    )
    op.create_index("ix_barometer_event_week_kind", "barometer_event", ["week", "kind"], unique=False)
    _set_roles(ROLES_AFTER, ROLES_BEFORE)


def downgrade() -> None:
    op.execute("DELETE FROM console_users WHERE role = 'analyst'")
    _set_roles(ROLES_BEFORE, ROLES_AFTER)
    op.drop_index("ix_barometer_event_week_kind", table_name="barometer_event")
    op.drop_table("barometer_event")

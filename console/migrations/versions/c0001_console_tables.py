"""console tables: accounts, center bindings, sessions, login attempts, audit log

Revision ID: c0001
Revises:
Create Date: 2026-11-29 09:50:00

A branch of its own (label ``console``) that depends on the project's first revision (``0001``, which
creates ``center``); ``upgrade heads`` applies both branches.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("console",)
depends_on: str | Sequence[str] | None = "0001"


def upgrade() -> None:
    op.create_table(
        "console_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=128), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("locale", sa.String(length=16), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("role IN ('admin', 'operator', 'staff')", name=op.f("ck_console_users_role")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_console_users")),
    )
    op.create_index(op.f("ix_console_users_username"), "console_users", ["username"], unique=True)
    op.create_table(
        "console_user_centers",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("center_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["console_users.id"], ondelete="CASCADE",
                                name=op.f("fk_console_user_centers_user_id_console_users")),
        sa.ForeignKeyConstraint(["center_id"], ["center.id"], ondelete="CASCADE",
                                name=op.f("fk_console_user_centers_center_id_center")),
        sa.PrimaryKeyConstraint("user_id", "center_id", name=op.f("pk_console_user_centers")),
    )
    op.create_table(
        "console_sessions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["console_users.id"], ondelete="CASCADE",
                                name=op.f("fk_console_sessions_user_id_console_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_console_sessions")),
    )
    op.create_index(op.f("ix_console_sessions_user_id"), "console_sessions", ["user_id"])
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
    op.create_table(
        "console_audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("object_type", sa.String(length=32), nullable=False),
        sa.Column("object_id", sa.String(length=64), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_console_audit_log")),
    )
    op.create_index(op.f("ix_console_audit_log_at"), "console_audit_log", ["at"])
    op.create_index("ix_console_audit_object", "console_audit_log", ["object_type", "object_id"])


def downgrade() -> None:
    op.drop_table("console_audit_log")
    op.drop_table("console_login_attempts")
    op.drop_table("console_sessions")
    op.drop_table("console_user_centers")
    op.drop_table("console_users")

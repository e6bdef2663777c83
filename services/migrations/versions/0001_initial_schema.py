"""initial schema: directory, booking, referrals, escalations, identities, reminders

Revision ID: 0001
Revises:
Create Date: 2026-11-29 09:28:18.472271
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("jisr",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "center_type",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("label_ar", sa.String(length=200), nullable=False),
        sa.Column("label_fr", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_center_type")),
    )
    op.create_table(
        "conversation_identity",
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("channel", sa.String(length=40), nullable=False),
        sa.Column("recipient", sa.Text(), nullable=False),
        sa.Column("variety", sa.String(length=10), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_conversation_identity")),
    )
    op.create_table(
        "escalation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_key", sa.String(length=128), nullable=False),
        sa.Column("channel", sa.String(length=40), nullable=False),
        sa.Column("variety", sa.String(length=10), nullable=False),
        sa.Column("journey", sa.String(length=60), nullable=True),
        sa.Column("region_code", sa.Integer(), nullable=True),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=60), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("claimed_by", sa.String(length=120), nullable=True),
        sa.Column("outcome", sa.String(length=120), nullable=True),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("claimed_at", sa.DateTime(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("status IN ('open', 'claimed', 'closed')", name=op.f("ck_escalation_status")),
        sa.CheckConstraint("priority BETWEEN 0 AND 2", name=op.f("ck_escalation_priority")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_escalation")),
    )
    with op.batch_alter_table("escalation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_escalation_conversation_key"), ["conversation_key"], unique=False
        )
        batch_op.create_index(
            "ix_escalation_status_priority", ["status", "priority", "opened_at"], unique=False
        )
        batch_op.create_index(
            "uq_escalation_active_conversation",
            ["conversation_key"],
            unique=True,
            postgresql_where=sa.text("status IN ('open', 'claimed')"),
            sqlite_where=sa.text("status IN ('open', 'claimed')"),
        )

    op.create_table(
        "person_lock",
        sa.Column("person_key", sa.String(length=128), nullable=False),
        sa.Column("touched_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("person_key", name=op.f("pk_person_lock")),
    )
    op.create_table(
        "region",
        sa.Column("code", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("name_fr", sa.String(length=120), nullable=False),
        sa.Column("name_ar", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_region")),
    )
    op.create_table(
        "center_type_need",
        sa.Column("type_code", sa.String(length=40), nullable=False),
        sa.Column("need", sa.String(length=20), nullable=False),
        sa.CheckConstraint(
            "need IN ('violence', 'mediation', 'disability', 'child', 'elderly', 'homeless')",
            name=op.f("ck_center_type_need_need"),
        ),
        sa.ForeignKeyConstraint(
            ["type_code"],
            ["center_type.code"],
            name=op.f("fk_center_type_need_type_code_center_type"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("type_code", "need", name=op.f("pk_center_type_need")),
    )
    with op.batch_alter_table("center_type_need", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_center_type_need_need"), ["need"], unique=False)

    op.create_table(
        "escalation_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("escalation_id", sa.Integer(), nullable=False),
        sa.Column("sender", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "sender IN ('citizen', 'operator', 'bot')", name=op.f("ck_escalation_message_sender")
        ),
        sa.ForeignKeyConstraint(
            ["escalation_id"],
            ["escalation.id"],
            name=op.f("fk_escalation_message_escalation_id_escalation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_escalation_message")),
    )
    with op.batch_alter_table("escalation_message", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_escalation_message_escalation_id"), ["escalation_id"], unique=False
        )

    op.create_table(
        "province",
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("region_code", sa.Integer(), nullable=False),
        sa.Column("name_fr", sa.String(length=120), nullable=False),
        sa.Column("name_ar", sa.String(length=120), nullable=True),
        sa.ForeignKeyConstraint(
            ["region_code"], ["region.code"], name=op.f("fk_province_region_code_region")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_province")),
    )
    with op.batch_alter_table("province", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_province_region_code"), ["region_code"], unique=False)

    op.create_table(
        "place",
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("name_fr", sa.String(length=120), nullable=False),
        sa.Column("name_ar", sa.String(length=120), nullable=True),
        sa.Column("region_code", sa.Integer(), nullable=False),
        sa.Column("province_id", sa.String(length=80), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.Column("population", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["province_id"], ["province.id"], name=op.f("fk_place_province_id_province")),
        sa.ForeignKeyConstraint(["region_code"], ["region.code"], name=op.f("fk_place_region_code_region")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_place")),
    )
    with op.batch_alter_table("place", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_place_region_code"), ["region_code"], unique=False)

    op.create_table(
        "center",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seed_id", sa.String(length=80), nullable=True),
        sa.Column("type_code", sa.String(length=40), nullable=False),
        sa.Column("name_ar", sa.String(length=300), nullable=False),
        sa.Column("name_fr", sa.String(length=300), nullable=False),
        sa.Column("place_id", sa.String(length=80), nullable=False),
        sa.Column("region_code", sa.Integer(), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.Column("coordinates_precision", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("address_source", sa.Text(), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("phone_source", sa.Text(), nullable=True),
        sa.Column("hours", sa.Text(), nullable=True),
        sa.Column("hours_source", sa.Text(), nullable=True),
        sa.Column("source_document", sa.String(length=300), nullable=True),
        sa.Column("source_lines", sa.JSON(), nullable=True),
        sa.Column("source_quote", sa.Text(), nullable=True),
        sa.Column("bookable", sa.Boolean(), nullable=False),
        sa.Column("demo_hours", sa.Boolean(), nullable=False),
        sa.Column("slot_minutes", sa.Integer(), nullable=False),
        sa.Column("capacity_per_slot", sa.Integer(), nullable=False),
        sa.Column("min_lead_hours", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "coordinates_precision IN ('exact', 'place_centroid')",
            name=op.f("ck_center_coordinates_precision"),
        ),
        sa.CheckConstraint("status IN ('existing', 'in_progress', 'planned')", name=op.f("ck_center_status")),
        sa.CheckConstraint(
            "address IS NULL OR address_source IS NOT NULL", name=op.f("ck_center_address_sourced")
        ),
        sa.CheckConstraint("hours IS NULL OR hours_source IS NOT NULL", name=op.f("ck_center_hours_sourced")),
        sa.CheckConstraint("phone IS NULL OR phone_source IS NOT NULL", name=op.f("ck_center_phone_sourced")),
        sa.CheckConstraint(
            "slot_minutes > 0 AND capacity_per_slot > 0 AND min_lead_hours >= 0",
            name=op.f("ck_center_booking"),
        ),
        sa.ForeignKeyConstraint(["place_id"], ["place.id"], name=op.f("fk_center_place_id_place")),
        sa.ForeignKeyConstraint(["region_code"], ["region.code"], name=op.f("fk_center_region_code_region")),
        sa.ForeignKeyConstraint(
            ["type_code"], ["center_type.code"], name=op.f("fk_center_type_code_center_type")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_center")),
        sa.UniqueConstraint("seed_id", name=op.f("uq_center_seed_id")),
    )
    with op.batch_alter_table("center", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_center_place_id"), ["place_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_center_region_code"), ["region_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_center_type_code"), ["type_code"], unique=False)

    op.create_table(
        "appointment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=16), nullable=False),
        sa.Column("center_id", sa.Integer(), nullable=False),
        sa.Column("start_utc", sa.DateTime(), nullable=False),
        sa.Column("end_utc", sa.DateTime(), nullable=False),
        sa.Column("person_key", sa.String(length=128), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('booked', 'cancelled', 'attended', 'no_show')", name=op.f("ck_appointment_status")
        ),
        sa.ForeignKeyConstraint(["center_id"], ["center.id"], name=op.f("fk_appointment_center_id_center")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appointment")),
        sa.UniqueConstraint("reference", name=op.f("uq_appointment_reference")),
    )
    with op.batch_alter_table("appointment", schema=None) as batch_op:
        batch_op.create_index("ix_appointment_center_start", ["center_id", "start_utc"], unique=False)
        batch_op.create_index(batch_op.f("ix_appointment_person_key"), ["person_key"], unique=False)

    op.create_table(
        "appointment_slot",
        sa.Column("center_id", sa.Integer(), nullable=False),
        sa.Column("start_utc", sa.DateTime(), nullable=False),
        sa.Column("booked", sa.Integer(), nullable=False),
        sa.CheckConstraint("booked >= 0", name=op.f("ck_appointment_slot_booked")),
        sa.ForeignKeyConstraint(
            ["center_id"],
            ["center.id"],
            name=op.f("fk_appointment_slot_center_id_center"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("center_id", "start_utc", name=op.f("pk_appointment_slot")),
    )
    op.create_table(
        "closure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("center_id", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=True),
        sa.CheckConstraint("start_date <= end_date", name=op.f("ck_closure_range")),
        sa.ForeignKeyConstraint(
            ["center_id"], ["center.id"], name=op.f("fk_closure_center_id_center"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_closure")),
    )
    with op.batch_alter_table("closure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_closure_center_id"), ["center_id"], unique=False)

    op.create_table(
        "opening_hours",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("center_id", sa.Integer(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("opens", sa.Time(), nullable=False),
        sa.Column("closes", sa.Time(), nullable=False),
        sa.CheckConstraint("opens < closes", name=op.f("ck_opening_hours_interval")),
        sa.CheckConstraint("weekday BETWEEN 0 AND 6", name=op.f("ck_opening_hours_weekday")),
        sa.ForeignKeyConstraint(
            ["center_id"], ["center.id"], name=op.f("fk_opening_hours_center_id_center"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_opening_hours")),
    )
    with op.batch_alter_table("opening_hours", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_opening_hours_center_id"), ["center_id"], unique=False)

    op.create_table(
        "referral",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("center_id", sa.Integer(), nullable=False),
        sa.Column("conversation_key", sa.String(length=128), nullable=False),
        sa.Column("need", sa.String(length=20), nullable=False),
        sa.Column("shared", sa.Text(), nullable=False),
        sa.Column("consent_text_key", sa.String(length=120), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("handled_by", sa.String(length=120), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("accepted_at", sa.DateTime(), nullable=True),
        sa.Column("declined_at", sa.DateTime(), nullable=True),
        sa.Column("contacted_at", sa.DateTime(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "need IN ('violence', 'mediation', 'disability', 'child', 'elderly', 'homeless')",
            name=op.f("ck_referral_need"),
        ),
        sa.CheckConstraint(
            "status IN ('new', 'accepted', 'declined', 'contacted', 'closed')",
            name=op.f("ck_referral_status"),
        ),
        sa.ForeignKeyConstraint(["center_id"], ["center.id"], name=op.f("fk_referral_center_id_center")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral")),
    )
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_referral_center_id"), ["center_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_referral_conversation_key"), ["conversation_key"], unique=False)

    op.create_table(
        "appointment_reminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("appointment_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claimed_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "status IN ('sending', 'sent', 'failed')", name=op.f("ck_appointment_reminder_status")
        ),
        sa.ForeignKeyConstraint(
            ["appointment_id"],
            ["appointment.id"],
            name=op.f("fk_appointment_reminder_appointment_id_appointment"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appointment_reminder")),
        sa.UniqueConstraint(
            "appointment_id", "kind", name=op.f("uq_appointment_reminder_appointment_id_kind")
        ),
    )


def downgrade() -> None:

    op.drop_table("appointment_reminder")
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referral_conversation_key"))
        batch_op.drop_index(batch_op.f("ix_referral_center_id"))

    op.drop_table("referral")
    with op.batch_alter_table("opening_hours", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_opening_hours_center_id"))

    op.drop_table("opening_hours")
    with op.batch_alter_table("closure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_closure_center_id"))

    op.drop_table("closure")
    op.drop_table("appointment_slot")
    with op.batch_alter_table("appointment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_appointment_person_key"))
        batch_op.drop_index("ix_appointment_center_start")

    op.drop_table("appointment")
    with op.batch_alter_table("center", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_center_type_code"))
        batch_op.drop_index(batch_op.f("ix_center_region_code"))
        batch_op.drop_index(batch_op.f("ix_center_place_id"))

    op.drop_table("center")
    with op.batch_alter_table("place", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_place_region_code"))

    op.drop_table("place")
    with op.batch_alter_table("province", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_province_region_code"))

    op.drop_table("province")
    with op.batch_alter_table("escalation_message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_escalation_message_escalation_id"))

    op.drop_table("escalation_message")
    with op.batch_alter_table("center_type_need", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_center_type_need_need"))

    op.drop_table("center_type_need")
    op.drop_table("region")
    op.drop_table("person_lock")
    with op.batch_alter_table("escalation", schema=None) as batch_op:
        batch_op.drop_index("uq_escalation_active_conversation")
        batch_op.drop_index("ix_escalation_status_priority")
        batch_op.drop_index(batch_op.f("ix_escalation_conversation_key"))

    op.drop_table("escalation")
    op.drop_table("conversation_identity")
    op.drop_table("center_type")

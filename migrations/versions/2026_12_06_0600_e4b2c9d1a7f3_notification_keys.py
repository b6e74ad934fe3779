"""Notification keys: one row per user and event they were told of, so that a repeated sweep
tells nobody twice (a vote session opened or about to close, a proposal returned, a request for
reconsideration, a decision in force).

Reviewed by hand.

Revision ID: e4b2c9d1a7f3
Revises: e5b1c7a2d9f4
Create Date: 2026-12-06 06:00:00.000000
"""
import sqlalchemy as sa
from alembic import op

revision = "e4b2c9d1a7f3"
down_revision = "e5b1c7a2d9f4"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "notification_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(length=100), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"],
                                name=op.f("fk_notification_key_user_id_user_account"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_key")),
        sa.UniqueConstraint("event", "user_id", name=op.f("uq_notification_key_event_user_id")),
    )
    with op.batch_alter_table("notification_key") as batch_op:
        batch_op.create_index(batch_op.f("ix_notification_key_user_id"), ["user_id"],
                              unique=False)


def downgrade():
    with op.batch_alter_table("notification_key") as batch_op:
        batch_op.drop_index(batch_op.f("ix_notification_key_user_id"))
    op.drop_table("notification_key")

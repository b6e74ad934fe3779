"""Partner matching: subscriptions to a digest of new partner suggestions, and what was sent.

Reviewed by hand: two tables, constraint names from the naming convention, nothing else.

Revision ID: a3c9d2e4f5b6
Revises: 0d1a6daf01ae
Create Date: 2026-11-23 07:05:00
"""
import sqlalchemy as sa
from alembic import op

revision = "a3c9d2e4f5b6"
down_revision = "0d1a6daf01ae"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "match_subscription",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("schedule", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("schedule IN ('daily', 'weekly')",
                           name=op.f("ck_match_subscription_schedule_known")),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"],
                                name=op.f("fk_match_subscription_organisation_id_organisation"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"],
                                name=op.f("fk_match_subscription_user_id_user_account"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_subscription")),
        sa.UniqueConstraint("user_id", "organisation_id",
                            name=op.f("uq_match_subscription_user_id_organisation_id")),
    )
    with op.batch_alter_table("match_subscription") as batch_op:
        batch_op.create_index(batch_op.f("ix_match_subscription_organisation_id"),
                              ["organisation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_match_subscription_user_id"), ["user_id"],
                              unique=False)
    op.create_table(
        "match_sent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subscription_id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["partner_id"], ["organisation.id"],
                                name=op.f("fk_match_sent_partner_id_organisation"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["subscription_id"], ["match_subscription.id"],
                                name=op.f("fk_match_sent_subscription_id_match_subscription"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_sent")),
        sa.UniqueConstraint("subscription_id", "partner_id",
                            name=op.f("uq_match_sent_subscription_id_partner_id")),
    )
    with op.batch_alter_table("match_sent") as batch_op:
        batch_op.create_index(batch_op.f("ix_match_sent_subscription_id"), ["subscription_id"],
                              unique=False)


def downgrade():
    with op.batch_alter_table("match_sent") as batch_op:
        batch_op.drop_index(batch_op.f("ix_match_sent_subscription_id"))
    op.drop_table("match_sent")
    with op.batch_alter_table("match_subscription") as batch_op:
        batch_op.drop_index(batch_op.f("ix_match_subscription_user_id"))
        batch_op.drop_index(batch_op.f("ix_match_subscription_organisation_id"))
    op.drop_table("match_subscription")

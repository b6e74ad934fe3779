"""Partner matching: a stored vector per need, offer and description of an organisation.

Reviewed by hand: one table, constraint names from the naming convention, nothing else.

Revision ID: 7e088ad4d625
Revises: e585befeeb55
Create Date: 2026-11-23 05:04:06.539416
"""
import sqlalchemy as sa
from alembic import op

revision = "7e088ad4d625"
down_revision = "e585befeeb55"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "organisation_vector",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text_hash", sa.String(length=64), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.Column("model", sa.String(length=40), nullable=False),
        sa.CheckConstraint("kind IN ('need', 'offer', 'description')",
                           name=op.f("ck_organisation_vector_kind_known")),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"],
                                name=op.f("fk_organisation_vector_organisation_id_organisation"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation_vector")),
        sa.UniqueConstraint("organisation_id", "kind", "position",
                            name=op.f("uq_organisation_vector_organisation_id_kind_position")),
    )
    with op.batch_alter_table("organisation_vector") as batch_op:
        batch_op.create_index(batch_op.f("ix_organisation_vector_organisation_id"),
                              ["organisation_id"], unique=False)


def downgrade():
    with op.batch_alter_table("organisation_vector") as batch_op:
        batch_op.drop_index(batch_op.f("ix_organisation_vector_organisation_id"))
    op.drop_table("organisation_vector")

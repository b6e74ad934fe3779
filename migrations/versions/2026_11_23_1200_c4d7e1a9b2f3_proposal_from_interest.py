"""A proposal remembers the accepted expression of interest it was started from.

Reviewed by hand. ``proposal.interest_id`` is a nullable reference to
``expression_of_interest`` (set to NULL if the interest ever goes; proposals made on the call's
own page have none). A partial unique index keeps one live proposal per interest, lead
organisation and call: a second "start a joint proposal" opens the existing draft instead of
adding another, and a withdrawn one no longer counts. Existing proposals get NULL; nothing to
carry over. The downgrade drops the index and the column.

Revision ID: c4d7e1a9b2f3
Revises: 35b39b12b86c
Create Date: 2026-11-23 12:00:00.000000
"""
import sqlalchemy as sa
from alembic import op

revision = "c4d7e1a9b2f3"
down_revision = "35b39b12b86c"
branch_labels = None
depends_on = None

LIVE_FROM_INTEREST = "interest_id IS NOT NULL AND status <> 'withdrawn'"


def upgrade():
    with op.batch_alter_table("proposal") as batch_op:
        batch_op.add_column(sa.Column("interest_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_proposal_interest_id_expression_of_interest"),
            "expression_of_interest", ["interest_id"], ["id"], ondelete="SET NULL")
        batch_op.create_index(batch_op.f("ix_proposal_interest_id"), ["interest_id"],
                              unique=False)
        batch_op.create_index(
            "uq_proposal_from_interest", ["interest_id", "lead_organisation_id", "call_id"],
            unique=True, sqlite_where=sa.text(LIVE_FROM_INTEREST),
            postgresql_where=sa.text(LIVE_FROM_INTEREST))


def downgrade():
    with op.batch_alter_table("proposal") as batch_op:
        batch_op.drop_index("uq_proposal_from_interest")
        batch_op.drop_index(batch_op.f("ix_proposal_interest_id"))
        batch_op.drop_constraint(batch_op.f("fk_proposal_interest_id_expression_of_interest"),
                                 type_="foreignkey")
        batch_op.drop_column("interest_id")

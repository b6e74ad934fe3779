"""Exchange rates say where they come from: ``exchange_rate.source`` (``manual`` for the rates
recorded before, ``cbr`` for the Central Bank of Russia's, ``csv`` for an import).

Reviewed by hand. The table keeps its name; its model moves to the money feature.

Revision ID: e5b1c7a2d9f4
Revises: d8a3f1c6e2b7
Create Date: 2026-12-06 05:30:00.000000
"""
import sqlalchemy as sa
from alembic import op

revision = "e5b1c7a2d9f4"
down_revision = "d8a3f1c6e2b7"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("exchange_rate", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source", sa.String(length=100), nullable=False,
                                      server_default="manual"))


def downgrade():
    with op.batch_alter_table("exchange_rate", schema=None) as batch_op:
        batch_op.drop_column("source")

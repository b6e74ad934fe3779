"""The log of the organisations whose matching changed: each host keeps its own copy of the
matching index and overlays the organisations changed after it, read from the database.

Reviewed by hand: a new table with no foreign key (the change of an organisation that is gone
is kept) and an index on the organisation and on the time of the change (old rows are pruned by
it). Nothing to fill: an existing portal's hosts build their copy from the stored vectors.

Revision ID: b7e3a5d2c8f1
Revises: 9846e01021b8
Create Date: 2026-12-06 16:00:00.000000
"""
import sqlalchemy as sa
from alembic import op

revision = 'b7e3a5d2c8f1'
down_revision = '9846e01021b8'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('matching_change',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_matching_change'))
    )
    with op.batch_alter_table('matching_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_matching_change_changed_at'), ['changed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_matching_change_organisation_id'), ['organisation_id'], unique=False)


def downgrade():
    with op.batch_alter_table('matching_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_matching_change_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_matching_change_changed_at'))

    op.drop_table('matching_change')

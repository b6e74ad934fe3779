"""Requests and reminders for a partner's confirmation or endorsement: one row per partner,
kind and day, so that a repeated reminder sweep sends nothing twice.

Reviewed by hand: the kind is a named CHECK; the unique constraint is the idempotence key.

Revision ID: 5b2e7c9d4a10
Revises: a3c9d2e4f5b6
Create Date: 2026-11-23 07:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b2e7c9d4a10'
down_revision = 'a3c9d2e4f5b6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('partner_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('sent_on', sa.Date(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recipients', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('confirmation', 'endorsement')", name=op.f('ck_partner_request_kind_known')),
    sa.ForeignKeyConstraint(['partner_id'], ['proposal_partner.id'], name=op.f('fk_partner_request_partner_id_proposal_partner'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partner_request')),
    sa.UniqueConstraint('partner_id', 'kind', 'sent_on', name=op.f('uq_partner_request_partner_id_kind_sent_on'))
    )
    with op.batch_alter_table('partner_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partner_request_partner_id'), ['partner_id'], unique=False)


def downgrade():
    with op.batch_alter_table('partner_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partner_request_partner_id'))
    op.drop_table('partner_request')

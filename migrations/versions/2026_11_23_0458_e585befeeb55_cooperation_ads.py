"""Cooperation ads, their technology fields, expiry reminders and followers; expressions of interest.

Reviewed by hand: every constraint is named by the metadata convention; one organisation has at
most one pending or accepted interest in an ad (a partial unique index, on both databases); a
reminder is sent once per ad and kind (a unique constraint the sweep inserts against). The
downgrade drops the tables, their indexes with them.

Revision ID: e585befeeb55
Revises: 5b601ee5e7bb
Create Date: 2026-11-23 04:57:44.309041

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e585befeeb55'
down_revision = '5b601ee5e7bb'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('ad',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('anonymous', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('renewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('technology_offer', 'technology_request', 'business_offer', 'business_request', 'rd_request', 'partner_search')", name=op.f('ck_ad_kind_known')),
    sa.CheckConstraint("status IN ('active', 'expired', 'withdrawn')", name=op.f('ck_ad_status_known')),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_ad_author_id_user_account')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_ad_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ad'))
    )
    with op.batch_alter_table('ad', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ad_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_ad_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ad_status'), ['status'], unique=False)

    op.create_table('ad_follow',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ad_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['ad_id'], ['ad.id'], name=op.f('fk_ad_follow_ad_id_ad'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_ad_follow_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ad_follow')),
    sa.UniqueConstraint('ad_id', 'user_id', name=op.f('uq_ad_follow_ad_id_user_id'))
    )
    with op.batch_alter_table('ad_follow', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ad_follow_user_id'), ['user_id'], unique=False)

    op.create_table('ad_reminder',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ad_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('30_days', '7_days')", name=op.f('ck_ad_reminder_kind_known')),
    sa.ForeignKeyConstraint(['ad_id'], ['ad.id'], name=op.f('fk_ad_reminder_ad_id_ad'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ad_reminder')),
    sa.UniqueConstraint('ad_id', 'kind', name=op.f('uq_ad_reminder_ad_id_kind'))
    )
    op.create_table('ad_technology_field',
    sa.Column('ad_id', sa.Integer(), nullable=False),
    sa.Column('field_key', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['ad_id'], ['ad.id'], name=op.f('fk_ad_technology_field_ad_id_ad'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['field_key'], ['technology_field.key'], name=op.f('fk_ad_technology_field_field_key_technology_field')),
    sa.PrimaryKeyConstraint('ad_id', 'field_key', name=op.f('pk_ad_technology_field'))
    )
    op.create_table('expression_of_interest',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ad_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('sender_id', sa.Integer(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("status IN ('pending', 'accepted', 'declined', 'expired')", name=op.f('ck_expression_of_interest_status_known')),
    sa.ForeignKeyConstraint(['ad_id'], ['ad.id'], name=op.f('fk_expression_of_interest_ad_id_ad'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['answered_by_id'], ['user_account.id'], name=op.f('fk_expression_of_interest_answered_by_id_user_account')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_expression_of_interest_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['sender_id'], ['user_account.id'], name=op.f('fk_expression_of_interest_sender_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_expression_of_interest'))
    )
    with op.batch_alter_table('expression_of_interest', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_expression_of_interest_ad_id'), ['ad_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_expression_of_interest_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_expression_of_interest_status'), ['status'], unique=False)
        batch_op.create_index('uq_expression_of_interest_open', ['ad_id', 'organisation_id'], unique=True, sqlite_where=sa.text("status IN ('pending', 'accepted')"), postgresql_where=sa.text("status IN ('pending', 'accepted')"))


def downgrade():
    for table in ("expression_of_interest", "ad_technology_field", "ad_reminder", "ad_follow", "ad"):
        op.drop_table(table)

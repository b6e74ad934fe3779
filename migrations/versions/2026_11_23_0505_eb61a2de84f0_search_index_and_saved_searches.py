"""Search: the inverted index (documents and postings) and saved searches.

Reviewed by hand: constraints named by the metadata convention; the postings' primary key
(term, document_id) is the index a query reads; (document_id, term) serves re-indexing and the
facet counts. The index is derived data: after upgrading, `portal search reindex` fills it.

Revision ID: eb61a2de84f0
Revises: 7e088ad4d625
Create Date: 2026-11-23 05:00:13.049680

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'eb61a2de84f0'
down_revision = '7e088ad4d625'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('search_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('public', sa.Boolean(), nullable=False),
    sa.Column('state_code', sa.String(length=2), nullable=True),
    sa.Column('region_code', sa.String(length=6), nullable=True),
    sa.Column('category', sa.String(length=30), nullable=True),
    sa.Column('length', sa.Float(), nullable=False),
    sa.Column('indexed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_document')),
    sa.UniqueConstraint('kind', 'object_id', name=op.f('uq_search_document_kind_object_id'))
    )
    with op.batch_alter_table('search_document', schema=None) as batch_op:
        batch_op.create_index('ix_search_document_public_title', ['public', 'title'], unique=False)

    op.create_table('saved_search',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('schedule', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_result_ids', sa.JSON(), nullable=False),
    sa.CheckConstraint("schedule IN ('daily', 'weekly', 'off')", name=op.f('ck_saved_search_schedule_known')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_saved_search_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_search'))
    )
    with op.batch_alter_table('saved_search', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_saved_search_user_id'), ['user_id'], unique=False)

    op.create_table('search_posting',
    sa.Column('term', sa.String(length=80), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('weight', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['search_document.id'], name=op.f('fk_search_posting_document_id_search_document'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('term', 'document_id', name=op.f('pk_search_posting'))
    )
    with op.batch_alter_table('search_posting', schema=None) as batch_op:
        batch_op.create_index('ix_search_posting_document_id_term', ['document_id', 'term'], unique=False)



def downgrade():
    with op.batch_alter_table('search_posting', schema=None) as batch_op:
        batch_op.drop_index('ix_search_posting_document_id_term')

    op.drop_table('search_posting')
    with op.batch_alter_table('saved_search', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_saved_search_user_id'))

    op.drop_table('saved_search')
    with op.batch_alter_table('search_document', schema=None) as batch_op:
        batch_op.drop_index('ix_search_document_public_title')

    op.drop_table('search_document')

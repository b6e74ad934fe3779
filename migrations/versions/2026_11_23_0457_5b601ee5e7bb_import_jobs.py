"""Import jobs: uploads of organisations in JSON Lines, imported by the worker.

Reviewed by hand: one table, its constraints named by the metadata convention (the status is
checked against the four states of ``ImportStatus``).

Revision ID: 5b601ee5e7bb
Revises: 7f19a6fa608b
Create Date: 2026-11-23 04:57:39.721897

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b601ee5e7bb'
down_revision = '7f19a6fa608b'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'import_job',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('filename', sa.String(length=255), nullable=False),
        sa.Column('stored_name', sa.String(length=80), nullable=False),
        sa.Column('publish', sa.Boolean(), nullable=False),
        sa.Column('update_existing', sa.Boolean(), nullable=False),
        sa.Column('total_lines', sa.Integer(), nullable=False),
        sa.Column('processed_lines', sa.Integer(), nullable=False),
        sa.Column('created_count', sa.Integer(), nullable=False),
        sa.Column('updated_count', sa.Integer(), nullable=False),
        sa.Column('published_count', sa.Integer(), nullable=False),
        sa.Column('problems', sa.JSON(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("status IN ('queued', 'running', 'done', 'failed')",
                           name=op.f('ck_import_job_status_known')),
        sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'],
                                name=op.f('fk_import_job_created_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_import_job')),
        sa.UniqueConstraint('stored_name', name=op.f('uq_import_job_stored_name')),
    )
    with op.batch_alter_table('import_job', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_job_created_by_id'), ['created_by_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('import_job', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_job_created_by_id'))
    op.drop_table('import_job')

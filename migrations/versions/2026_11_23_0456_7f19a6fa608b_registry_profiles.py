"""Registry profiles: languages, size, cluster figures, structured quality label, return reason.

Reviewed by hand. The columns are added with ``ALTER TABLE … ADD COLUMN`` and their CHECK
constraints inline, named as the metadata convention names them, on both databases: a batch
rebuild of ``organisation`` on SQLite would drop the table under its foreign keys (and cascade
the technology-field links away). ``updated_at`` starts as ``created_at`` for existing rows.

Revision ID: 7f19a6fa608b
Revises: 7241eb45fb88
Create Date: 2026-11-23 04:56:34.085974

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.schema import CreateColumn


# revision identifiers, used by Alembic.
revision = '7f19a6fa608b'
down_revision = '7241eb45fb88'
branch_labels = None
depends_on = None

SIZES = "'micro', 'small', 'medium', 'large'"
CURRENCIES = "'AMD', 'BYN', 'KZT', 'KGS', 'RUB', 'USD', 'EUR'"


def _add_checked_column(table: str, column: sa.Column, *checks: tuple[str, str]) -> None:
    """Add ``column`` with its named CHECK constraints in one statement."""
    spec = CreateColumn(column).compile(dialect=op.get_bind().dialect)
    constraints = " ".join(f"CONSTRAINT {name} CHECK ({condition})" for name, condition in checks)
    op.execute(f"ALTER TABLE {table} ADD COLUMN {spec} {constraints}")


def upgrade():
    op.add_column('organisation', sa.Column('languages', sa.JSON(), nullable=False,
                                            server_default='[]'))
    _add_checked_column('organisation', sa.Column('size', sa.String(length=10), nullable=True),
                        ('ck_organisation_size_known', f"size IN ({SIZES})"))
    op.add_column('organisation', sa.Column('return_reason', sa.Text(), nullable=True))
    op.add_column('organisation', sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE organisation SET updated_at = created_at")

    op.add_column('cluster', sa.Column('specialisation', sa.Text(), nullable=True))
    op.add_column('cluster', sa.Column('member_count_declared', sa.Integer(), nullable=True))
    op.add_column('cluster', sa.Column('jobs', sa.Integer(), nullable=True))
    op.add_column('cluster', sa.Column('budget', sa.BigInteger(), nullable=True))
    # The currency check names budget too: SQLite drops budget_currency, then budget.
    _add_checked_column('cluster', sa.Column('budget_currency', sa.String(length=3), nullable=True),
                        ('ck_cluster_budget_currency_known', f"budget_currency IN ({CURRENCIES})"),
                        ('ck_cluster_budget_has_currency',
                         "budget IS NULL OR budget_currency IS NOT NULL"))
    op.add_column('cluster', sa.Column('management_team_size', sa.Integer(), nullable=True))
    op.add_column('cluster', sa.Column('quality_label_issuer', sa.String(length=200), nullable=True))
    op.add_column('cluster', sa.Column('quality_label_expires_on', sa.Date(), nullable=True))
    op.add_column('cluster', sa.Column('return_reason', sa.Text(), nullable=True))


def downgrade():
    for column in ('return_reason', 'quality_label_expires_on', 'quality_label_issuer',
                   'management_team_size', 'budget_currency', 'budget', 'jobs',
                   'member_count_declared', 'specialisation'):
        op.drop_column('cluster', column)
    for column in ('updated_at', 'return_reason', 'size', 'languages'):
        op.drop_column('organisation', column)

"""Funded projects: a project per approved proposal with its grant agreement and the grant of
each partner, its reporting periods, the partners' reports (indicator values, milestones
reached, spending) with every submitted version, and each call's reporting period.

Reviewed by hand: the call's new column is filled with the default of six months for the
calls that exist, then loses its server default like the model's other columns.

Revision ID: d9dbaa8acbad
Revises: e4b2c9d1a7f3
Create Date: 2026-12-06 08:14:41.770508
"""
import sqlalchemy as sa
from alembic import op

revision = 'd9dbaa8acbad'
down_revision = 'e4b2c9d1a7f3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('project',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=True),
    sa.Column('signed_on', sa.Date(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('reporting_period_months', sa.Integer(), nullable=False),
    sa.Column('conditions_note', sa.Text(), nullable=False),
    sa.Column('agreement_filename', sa.String(length=255), nullable=True),
    sa.Column('agreement_stored_name', sa.String(length=64), nullable=True),
    sa.Column('agreement_size', sa.Integer(), nullable=True),
    sa.Column('agreement_sha256', sa.String(length=64), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('ends_on > starts_on', name=op.f('ck_project_ends_after_start')),
    sa.CheckConstraint('reporting_period_months >= 1 AND reporting_period_months <= 24', name=op.f('ck_project_reporting_period_range')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_project_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['decision_id'], ['decision.id'], name=op.f('fk_project_decision_id_decision')),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_project_proposal_id_proposal')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project')),
    sa.UniqueConstraint('agreement_stored_name', name=op.f('uq_project_agreement_stored_name')),
    sa.UniqueConstraint('proposal_id', name=op.f('uq_project_proposal_id'))
    )
    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_decision_id'), ['decision_id'], unique=False)

    op.create_table('project_grant',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.CheckConstraint('amount > 0', name=op.f('ck_project_grant_amount_positive')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_project_grant_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_project_grant_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_grant')),
    sa.UniqueConstraint('project_id', 'organisation_id', name=op.f('uq_project_grant_project_id_organisation_id'))
    )
    with op.batch_alter_table('project_grant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_grant_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('reporting_period',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('final', sa.Boolean(), nullable=False),
    sa.CheckConstraint('ends_on >= starts_on AND due_on > ends_on', name=op.f('ck_reporting_period_dates_in_order')),
    sa.CheckConstraint('number >= 1', name=op.f('ck_reporting_period_number_positive')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_reporting_period_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reporting_period')),
    sa.UniqueConstraint('project_id', 'number', name=op.f('uq_reporting_period_project_id_number'))
    )
    with op.batch_alter_table('reporting_period', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reporting_period_due_on'), ['due_on'], unique=False)

    op.create_table('report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('narrative', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('assessed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('assessed_by_id', sa.Integer(), nullable=True),
    sa.Column('return_reason', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("status IN ('draft', 'submitted', 'accepted', 'returned')", name=op.f('ck_report_status_known')),
    sa.ForeignKeyConstraint(['assessed_by_id'], ['user_account.id'], name=op.f('fk_report_assessed_by_id_user_account')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_report_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['period_id'], ['reporting_period.id'], name=op.f('fk_report_period_id_reporting_period'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_report_project_id_project'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['user_account.id'], name=op.f('fk_report_submitted_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report')),
    sa.UniqueConstraint('period_id', name=op.f('uq_report_period_id'))
    )
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_status'), ['status'], unique=False)

    op.create_table('indicator_value',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Numeric(precision=18, scale=4), nullable=False),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicator.id'], name=op.f('fk_indicator_value_indicator_id_indicator')),
    sa.ForeignKeyConstraint(['report_id'], ['report.id'], name=op.f('fk_indicator_value_report_id_report'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_value')),
    sa.UniqueConstraint('report_id', 'indicator_id', name=op.f('uq_indicator_value_report_id_indicator_id'))
    )
    with op.batch_alter_table('indicator_value', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicator_value_indicator_id'), ['indicator_id'], unique=False)

    op.create_table('milestone_reached',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('milestone_id', sa.Integer(), nullable=False),
    sa.Column('reached_on', sa.Date(), nullable=False),
    sa.Column('deliverable', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['milestone_id'], ['milestone.id'], name=op.f('fk_milestone_reached_milestone_id_milestone')),
    sa.ForeignKeyConstraint(['report_id'], ['report.id'], name=op.f('fk_milestone_reached_report_id_report'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_milestone_reached')),
    sa.UniqueConstraint('report_id', 'milestone_id', name=op.f('uq_milestone_reached_report_id_milestone_id'))
    )
    with op.batch_alter_table('milestone_reached', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_milestone_reached_milestone_id'), ['milestone_id'], unique=False)

    op.create_table('report_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_by_id', sa.Integer(), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.Column('outcome_reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['report.id'], name=op.f('fk_report_version_report_id_report'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['user_account.id'], name=op.f('fk_report_version_submitted_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_version')),
    sa.UniqueConstraint('report_id', 'number', name=op.f('uq_report_version_report_id_number'))
    )
    op.create_table('spending',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('amount', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.CheckConstraint("category IN ('staff', 'equipment', 'travel', 'subcontracting', 'consumables', 'other')", name=op.f('ck_spending_category_known')),
    sa.CheckConstraint("currency IN ('AMD', 'BYN', 'KZT', 'KGS', 'RUB', 'USD', 'EUR')", name=op.f('ck_spending_currency_known')),
    sa.CheckConstraint('amount >= 0', name=op.f('ck_spending_amount_not_negative')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_spending_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['report_id'], ['report.id'], name=op.f('fk_spending_report_id_report'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_spending')),
    sa.UniqueConstraint('report_id', 'organisation_id', 'category', name=op.f('uq_spending_report_id_organisation_id_category'))
    )
    with op.batch_alter_table('spending', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_spending_organisation_id'), ['organisation_id'], unique=False)

    with op.batch_alter_table('call', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reporting_period_months', sa.Integer(), nullable=False,
                                      server_default="6"))
    with op.batch_alter_table('call', schema=None) as batch_op:
        batch_op.alter_column('reporting_period_months', server_default=None)
        batch_op.create_check_constraint(
            op.f('ck_call_reporting_period_range'),
            'reporting_period_months >= 1 AND reporting_period_months <= 24')



def downgrade():
    with op.batch_alter_table('call', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_call_reporting_period_range'), type_='check')
        batch_op.drop_column('reporting_period_months')

    with op.batch_alter_table('spending', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_spending_organisation_id'))

    op.drop_table('spending')
    op.drop_table('report_version')
    with op.batch_alter_table('milestone_reached', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_milestone_reached_milestone_id'))

    op.drop_table('milestone_reached')
    with op.batch_alter_table('indicator_value', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicator_value_indicator_id'))

    op.drop_table('indicator_value')
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_status'))
        batch_op.drop_index(batch_op.f('ix_report_project_id'))

    op.drop_table('report')
    with op.batch_alter_table('reporting_period', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reporting_period_due_on'))

    op.drop_table('reporting_period')
    with op.batch_alter_table('project_grant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_grant_organisation_id'))

    op.drop_table('project_grant')
    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_decision_id'))
        batch_op.drop_index(batch_op.f('ix_project_created_at'))

    op.drop_table('project')

"""Calls, proposals (consortium, budget, indicators, milestones, attachments, snapshots, status
history), expert review and the council (seats, vote sessions, agenda items, ballots, recusals,
decisions, reconsideration requests).

Reviewed by hand: every constraint is named by the metadata convention; workflow invariants are
CHECK constraints (known statuses, closing after opening, rates as fractions, scores on the 0-5
scale); one counted ballot per item and seat, one undecided agenda item per proposal and one
rapporteur per proposal are partial unique indexes on both databases; proposal snapshots are
immutable (triggers refuse UPDATE and DELETE on both databases, dropped first on downgrade).
The downgrade drops the tables in reverse order, their indexes with them.

Revision ID: 0d1a6daf01ae
Revises: eb61a2de84f0
Create Date: 2026-11-23 06:42:44.038406

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0d1a6daf01ae'
down_revision = 'eb61a2de84f0'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('exchange_rate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('quote', sa.String(length=3), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('rate', sa.Numeric(precision=18, scale=8), nullable=False),
    sa.CheckConstraint('rate > 0', name=op.f('ck_exchange_rate_rate_positive')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exchange_rate')),
    sa.UniqueConstraint('currency', 'quote', 'on', name=op.f('uq_exchange_rate_currency_quote_on'))
    )
    op.create_table('call',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('opens_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closes_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('budget', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('max_grant', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('min_cofinancing_rate', sa.Numeric(precision=5, scale=4), nullable=False),
    sa.Column('min_states', sa.Integer(), nullable=False),
    sa.Column('requires_endorsement', sa.Boolean(), nullable=False),
    sa.Column('required_attachments', sa.JSON(), nullable=False),
    sa.Column('overall_threshold', sa.Numeric(precision=4, scale=2), nullable=False),
    sa.Column('experts_per_proposal', sa.Integer(), nullable=False),
    sa.Column('review_days', sa.Integer(), nullable=False),
    sa.Column('decision_rule', sa.String(length=20), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("currency IN ('AMD', 'BYN', 'KZT', 'KGS', 'RUB', 'USD', 'EUR')", name=op.f('ck_call_currency_known')),
    sa.CheckConstraint("decision_rule IN ('consensus', 'qualified_majority')", name=op.f('ck_call_decision_rule_known')),
    sa.CheckConstraint('budget > 0 AND max_grant > 0 AND max_grant <= budget', name=op.f('ck_call_grant_within_budget')),
    sa.CheckConstraint('closes_at > opens_at', name=op.f('ck_call_closes_after_opening')),
    sa.CheckConstraint('experts_per_proposal >= 1', name=op.f('ck_call_experts_positive')),
    sa.CheckConstraint('min_cofinancing_rate >= 0 AND min_cofinancing_rate < 1', name=op.f('ck_call_cofinancing_rate_fraction')),
    sa.CheckConstraint('min_states >= 2 AND min_states <= 5', name=op.f('ck_call_min_states_range')),
    sa.CheckConstraint('overall_threshold >= 0 AND overall_threshold <= 5', name=op.f('ck_call_overall_threshold_scale')),
    sa.CheckConstraint('review_days >= 1', name=op.f('ck_call_review_days_positive')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_call_created_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call'))
    )
    with op.batch_alter_table('call', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_call_closes_at'), ['closes_at'], unique=False)

    op.create_table('council_seat',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('state_code', sa.String(length=2), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('titular_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('number IN (1, 2)', name=op.f('ck_council_seat_number_range')),
    sa.ForeignKeyConstraint(['state_code'], ['member_state.code'], name=op.f('fk_council_seat_state_code_member_state')),
    sa.ForeignKeyConstraint(['titular_id'], ['user_account.id'], name=op.f('fk_council_seat_titular_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_council_seat')),
    sa.UniqueConstraint('state_code', 'number', name=op.f('uq_council_seat_state_code_number'))
    )
    with op.batch_alter_table('council_seat', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_council_seat_titular_id'), ['titular_id'], unique=False)

    op.create_table('expert_profile',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('state_code', sa.String(length=2), nullable=False),
    sa.Column('expertise', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['state_code'], ['member_state.code'], name=op.f('fk_expert_profile_state_code_member_state')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_expert_profile_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_expert_profile'))
    )
    with op.batch_alter_table('expert_profile', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_expert_profile_state_code'), ['state_code'], unique=False)

    op.create_table('vote_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('opens_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closes_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('seats_per_state', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('meeting', 'written')", name=op.f('ck_vote_session_kind_known')),
    sa.CheckConstraint("status IN ('open', 'closing', 'closed')", name=op.f('ck_vote_session_status_known')),
    sa.CheckConstraint('closes_at > opens_at', name=op.f('ck_vote_session_closes_after_opening')),
    sa.CheckConstraint('seats_per_state IN (1, 2)', name=op.f('ck_vote_session_seats_per_state_range')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_vote_session_created_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vote_session'))
    )
    with op.batch_alter_table('vote_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vote_session_closes_at'), ['closes_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_vote_session_status'), ['status'], unique=False)

    op.create_table('call_criterion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('weight', sa.Numeric(precision=4, scale=2), nullable=False),
    sa.Column('threshold', sa.Numeric(precision=4, scale=2), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint('threshold >= 0 AND threshold <= 5', name=op.f('ck_call_criterion_threshold_scale')),
    sa.CheckConstraint('weight > 0', name=op.f('ck_call_criterion_weight_positive')),
    sa.ForeignKeyConstraint(['call_id'], ['call.id'], name=op.f('fk_call_criterion_call_id_call'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call_criterion')),
    sa.UniqueConstraint('call_id', 'key', name=op.f('uq_call_criterion_call_id_key'))
    )
    op.create_table('call_technology_field',
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('field_key', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['call_id'], ['call.id'], name=op.f('fk_call_technology_field_call_id_call'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['field_key'], ['technology_field.key'], name=op.f('fk_call_technology_field_field_key_technology_field')),
    sa.PrimaryKeyConstraint('call_id', 'field_key', name=op.f('pk_call_technology_field'))
    )
    op.create_table('expert_technology_field',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('field_key', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['field_key'], ['technology_field.key'], name=op.f('fk_expert_technology_field_field_key_technology_field')),
    sa.ForeignKeyConstraint(['user_id'], ['expert_profile.user_id'], name=op.f('fk_expert_technology_field_user_id_expert_profile'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'field_key', name=op.f('pk_expert_technology_field'))
    )
    op.create_table('expert_affiliation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_expert_affiliation_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['user_id'], ['expert_profile.user_id'], name=op.f('fk_expert_affiliation_user_id_expert_profile'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_expert_affiliation')),
    sa.UniqueConstraint('user_id', 'organisation_id', name=op.f('uq_expert_affiliation_user_id_organisation_id'))
    )
    with op.batch_alter_table('expert_affiliation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_expert_affiliation_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_expert_affiliation_user_id'), ['user_id'], unique=False)

    op.create_table('proposal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('acronym', sa.String(length=30), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('work_plan', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('duration_months', sa.Integer(), nullable=False),
    sa.Column('lead_organisation_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=30), nullable=False),
    sa.Column('classification', sa.String(length=20), nullable=False),
    sa.Column('eligibility_passed', sa.Boolean(), nullable=True),
    sa.Column('eligibility_reasons', sa.JSON(), nullable=False),
    sa.Column('eligibility_checked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('snapshot_number', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("status IN ('draft', 'submitted', 'ineligible', 'eligible', 'returned_to_applicant', 'in_review', 'consolidation', 'ready_for_council', 'on_agenda', 'approved', 'approved_with_conditions', 'rejected', 'no_consensus', 'in_implementation', 'completed', 'withdrawn')", name=op.f('ck_proposal_status_known')),
    sa.CheckConstraint('duration_months >= 1 AND duration_months <= 120', name=op.f('ck_proposal_duration_range')),
    sa.ForeignKeyConstraint(['call_id'], ['call.id'], name=op.f('fk_proposal_call_id_call')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_proposal_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['lead_organisation_id'], ['organisation.id'], name=op.f('fk_proposal_lead_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal'))
    )
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_call_id'), ['call_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposal_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposal_lead_organisation_id'), ['lead_organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposal_status'), ['status'], unique=False)

    op.create_table('agenda_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('rule', sa.String(length=20), nullable=False),
    sa.Column('sensitive', sa.Boolean(), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.Column('tallied_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("outcome IN ('adopted', 'rejected', 'no_consensus')", name=op.f('ck_agenda_item_outcome_known')),
    sa.CheckConstraint("rule IN ('consensus', 'qualified_majority')", name=op.f('ck_agenda_item_rule_known')),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_agenda_item_proposal_id_proposal')),
    sa.ForeignKeyConstraint(['session_id'], ['vote_session.id'], name=op.f('fk_agenda_item_session_id_vote_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_item')),
    sa.UniqueConstraint('session_id', 'proposal_id', name=op.f('uq_agenda_item_session_id_proposal_id'))
    )
    with op.batch_alter_table('agenda_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_item_proposal_id'), ['proposal_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_agenda_item_session_id'), ['session_id'], unique=False)
        batch_op.create_index('uq_agenda_item_undecided', ['proposal_id'], unique=True, sqlite_where=sa.text('outcome IS NULL'), postgresql_where=sa.text('outcome IS NULL'))

    op.create_table('assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('expert_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('rapporteur', sa.Boolean(), nullable=False),
    sa.Column('assigned_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('declared_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('responded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decline_reason', sa.Text(), nullable=False),
    sa.CheckConstraint("status IN ('invited', 'accepted', 'declined', 'conflict', 'overdue', 'submitted')", name=op.f('ck_assignment_status_known')),
    sa.ForeignKeyConstraint(['expert_id'], ['user_account.id'], name=op.f('fk_assignment_expert_id_user_account')),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_assignment_proposal_id_proposal'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assignment')),
    sa.UniqueConstraint('proposal_id', 'expert_id', name=op.f('uq_assignment_proposal_id_expert_id'))
    )
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assignment_due_at'), ['due_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_assignment_expert_id'), ['expert_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assignment_proposal_id'), ['proposal_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assignment_status'), ['status'], unique=False)
        batch_op.create_index('uq_assignment_rapporteur', ['proposal_id'], unique=True, sqlite_where=sa.text('rapporteur'), postgresql_where=sa.text('rapporteur'))

    op.create_table('attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('stored_name', sa.String(length=64), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('letter_of_intent', 'consortium_agreement', 'financial_statement', 'other')", name=op.f('ck_attachment_kind_known')),
    sa.CheckConstraint('size > 0', name=op.f('ck_attachment_size_positive')),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_attachment_proposal_id_proposal'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user_account.id'], name=op.f('fk_attachment_uploaded_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachment')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_attachment_stored_name'))
    )
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachment_proposal_id'), ['proposal_id'], unique=False)

    op.create_table('consensus_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('scores', sa.JSON(), nullable=False),
    sa.Column('total', sa.Numeric(precision=4, scale=2), nullable=False),
    sa.Column('recommendation', sa.String(length=30), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('conditions', sa.Text(), nullable=False),
    sa.Column('disagreement', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('locked_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("recommendation IN ('fund', 'fund_with_conditions', 'do_not_fund')", name=op.f('ck_consensus_report_recommendation_known')),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_consensus_report_author_id_user_account')),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_consensus_report_proposal_id_proposal'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consensus_report')),
    sa.UniqueConstraint('proposal_id', name=op.f('uq_consensus_report_proposal_id'))
    )
    op.create_table('indicator',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('unit', sa.String(length=50), nullable=False),
    sa.Column('baseline', sa.Numeric(precision=18, scale=4), nullable=True),
    sa.Column('target', sa.Numeric(precision=18, scale=4), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_indicator_proposal_id_proposal'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator'))
    )
    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicator_proposal_id'), ['proposal_id'], unique=False)

    op.create_table('milestone',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('deliverable', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint('month >= 1', name=op.f('ck_milestone_month_positive')),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_milestone_proposal_id_proposal'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_milestone'))
    )
    with op.batch_alter_table('milestone', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_milestone_proposal_id'), ['proposal_id'], unique=False)

    op.create_table('proposal_partner',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('cofinancing_rate', sa.Numeric(precision=5, scale=4), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('confirmed_by_id', sa.Integer(), nullable=True),
    sa.Column('endorsed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('endorsed_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('cofinancing_rate >= 0 AND cofinancing_rate <= 1', name=op.f('ck_proposal_partner_cofinancing_rate_fraction')),
    sa.ForeignKeyConstraint(['confirmed_by_id'], ['user_account.id'], name=op.f('fk_proposal_partner_confirmed_by_id_user_account')),
    sa.ForeignKeyConstraint(['endorsed_by_id'], ['user_account.id'], name=op.f('fk_proposal_partner_endorsed_by_id_user_account')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_proposal_partner_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_proposal_partner_proposal_id_proposal'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_partner')),
    sa.UniqueConstraint('proposal_id', 'organisation_id', name=op.f('uq_proposal_partner_proposal_id_organisation_id'))
    )
    with op.batch_alter_table('proposal_partner', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_partner_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('proposal_snapshot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('taken_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('taken_by_id', sa.Integer(), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_proposal_snapshot_proposal_id_proposal')),
    sa.ForeignKeyConstraint(['taken_by_id'], ['user_account.id'], name=op.f('fk_proposal_snapshot_taken_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_snapshot')),
    sa.UniqueConstraint('proposal_id', 'number', name=op.f('uq_proposal_snapshot_proposal_id_number'))
    )
    with op.batch_alter_table('proposal_snapshot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_snapshot_proposal_id'), ['proposal_id'], unique=False)

    op.create_table('proposal_technology_field',
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('field_key', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['field_key'], ['technology_field.key'], name=op.f('fk_proposal_technology_field_field_key_technology_field')),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_proposal_technology_field_proposal_id_proposal'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('proposal_id', 'field_key', name=op.f('pk_proposal_technology_field'))
    )
    op.create_table('status_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sa.String(length=30), nullable=False),
    sa.Column('to_status', sa.String(length=30), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.CheckConstraint("to_status IN ('draft', 'submitted', 'ineligible', 'eligible', 'returned_to_applicant', 'in_review', 'consolidation', 'ready_for_council', 'on_agenda', 'approved', 'approved_with_conditions', 'rejected', 'no_consensus', 'in_implementation', 'completed', 'withdrawn')", name=op.f('ck_status_change_to_status_known')),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_status_change_actor_id_user_account')),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_status_change_proposal_id_proposal'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_status_change'))
    )
    with op.batch_alter_table('status_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_status_change_proposal_id'), ['proposal_id'], unique=False)

    op.create_table('ballot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('state_code', sa.String(length=2), nullable=False),
    sa.Column('seat_number', sa.Integer(), nullable=False),
    sa.Column('voter_id', sa.Integer(), nullable=False),
    sa.Column('choice', sa.String(length=10), nullable=False),
    sa.Column('cast_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('counted', sa.Boolean(), nullable=False),
    sa.CheckConstraint("choice IN ('for', 'against', 'abstain')", name=op.f('ck_ballot_choice_known')),
    sa.ForeignKeyConstraint(['item_id'], ['agenda_item.id'], name=op.f('fk_ballot_item_id_agenda_item'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['state_code'], ['member_state.code'], name=op.f('fk_ballot_state_code_member_state')),
    sa.ForeignKeyConstraint(['voter_id'], ['user_account.id'], name=op.f('fk_ballot_voter_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ballot'))
    )
    with op.batch_alter_table('ballot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ballot_item_id'), ['item_id'], unique=False)
        batch_op.create_index('uq_ballot_counted', ['item_id', 'state_code', 'seat_number'], unique=True, sqlite_where=sa.text('counted'), postgresql_where=sa.text('counted'))

    op.create_table('budget_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('amount', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('rate', sa.Numeric(precision=18, scale=8), nullable=True),
    sa.Column('rate_date', sa.Date(), nullable=True),
    sa.CheckConstraint("category IN ('staff', 'equipment', 'travel', 'subcontracting', 'consumables', 'other')", name=op.f('ck_budget_line_category_known')),
    sa.CheckConstraint("currency IN ('AMD', 'BYN', 'KZT', 'KGS', 'RUB', 'USD', 'EUR')", name=op.f('ck_budget_line_currency_known')),
    sa.CheckConstraint('amount >= 0', name=op.f('ck_budget_line_amount_not_negative')),
    sa.CheckConstraint('rate IS NULL OR rate > 0', name=op.f('ck_budget_line_rate_positive')),
    sa.ForeignKeyConstraint(['partner_id'], ['proposal_partner.id'], name=op.f('fk_budget_line_partner_id_proposal_partner'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_line'))
    )
    with op.batch_alter_table('budget_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_line_partner_id'), ['partner_id'], unique=False)

    op.create_table('decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('rule', sa.String(length=20), nullable=False),
    sa.Column('conditions', sa.Text(), nullable=False),
    sa.Column('rationale', sa.Text(), nullable=False),
    sa.Column('ballots', sa.JSON(), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('objection_until', sa.DateTime(timezone=True), nullable=False),
    sa.Column('entered_into_force_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reconsideration_requested_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("outcome IN ('adopted', 'rejected', 'no_consensus')", name=op.f('ck_decision_outcome_known')),
    sa.ForeignKeyConstraint(['item_id'], ['agenda_item.id'], name=op.f('fk_decision_item_id_agenda_item')),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_decision_proposal_id_proposal')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decision')),
    sa.UniqueConstraint('item_id', name=op.f('uq_decision_item_id')),
    sa.UniqueConstraint('number', name=op.f('uq_decision_number'))
    )
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decision_objection_until'), ['objection_until'], unique=False)
        batch_op.create_index(batch_op.f('ix_decision_proposal_id'), ['proposal_id'], unique=False)

    op.create_table('recusal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('state_code', sa.String(length=2), nullable=False),
    sa.Column('seat_number', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['agenda_item.id'], name=op.f('fk_recusal_item_id_agenda_item'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['state_code'], ['member_state.code'], name=op.f('fk_recusal_state_code_member_state')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_recusal_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recusal')),
    sa.UniqueConstraint('item_id', 'state_code', 'seat_number', name=op.f('uq_recusal_item_id_state_code_seat_number'))
    )
    with op.batch_alter_table('recusal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recusal_item_id'), ['item_id'], unique=False)

    op.create_table('review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('scores', sa.JSON(), nullable=False),
    sa.Column('comments', sa.JSON(), nullable=False),
    sa.Column('recommendation', sa.String(length=30), nullable=False),
    sa.Column('total', sa.Numeric(precision=4, scale=2), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("recommendation IN ('fund', 'fund_with_conditions', 'do_not_fund')", name=op.f('ck_review_recommendation_known')),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignment.id'], name=op.f('fk_review_assignment_id_assignment'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review')),
    sa.UniqueConstraint('assignment_id', name=op.f('uq_review_assignment_id'))
    )
    op.create_table('review_reminder',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('7_days_before', '2_days_before', '1_day_after')", name=op.f('ck_review_reminder_kind_known')),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignment.id'], name=op.f('fk_review_reminder_assignment_id_assignment'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_reminder')),
    sa.UniqueConstraint('assignment_id', 'kind', name=op.f('uq_review_reminder_assignment_id_kind'))
    )
    op.create_table('reconsideration_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('state_code', sa.String(length=2), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['decision_id'], ['decision.id'], name=op.f('fk_reconsideration_request_decision_id_decision')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['user_account.id'], name=op.f('fk_reconsideration_request_requested_by_id_user_account')),
    sa.ForeignKeyConstraint(['state_code'], ['member_state.code'], name=op.f('fk_reconsideration_request_state_code_member_state')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reconsideration_request')),
    sa.UniqueConstraint('decision_id', 'state_code', name=op.f('uq_reconsideration_request_decision_id_state_code'))
    )
    with op.batch_alter_table('reconsideration_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reconsideration_request_decision_id'), ['decision_id'], unique=False)

    _create_snapshot_triggers()


def downgrade():
    _drop_snapshot_triggers()
    with op.batch_alter_table('reconsideration_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reconsideration_request_decision_id'))

    op.drop_table('reconsideration_request')
    op.drop_table('review_reminder')
    op.drop_table('review')
    with op.batch_alter_table('recusal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recusal_item_id'))

    op.drop_table('recusal')
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decision_proposal_id'))
        batch_op.drop_index(batch_op.f('ix_decision_objection_until'))

    op.drop_table('decision')
    with op.batch_alter_table('budget_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_line_partner_id'))

    op.drop_table('budget_line')
    with op.batch_alter_table('ballot', schema=None) as batch_op:
        batch_op.drop_index('uq_ballot_counted', sqlite_where=sa.text('counted'), postgresql_where=sa.text('counted'))
        batch_op.drop_index(batch_op.f('ix_ballot_item_id'))

    op.drop_table('ballot')
    with op.batch_alter_table('status_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_status_change_proposal_id'))

    op.drop_table('status_change')
    op.drop_table('proposal_technology_field')
    with op.batch_alter_table('proposal_snapshot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_snapshot_proposal_id'))

    op.drop_table('proposal_snapshot')
    with op.batch_alter_table('proposal_partner', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_partner_organisation_id'))

    op.drop_table('proposal_partner')
    with op.batch_alter_table('milestone', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_milestone_proposal_id'))

    op.drop_table('milestone')
    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicator_proposal_id'))

    op.drop_table('indicator')
    op.drop_table('consensus_report')
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachment_proposal_id'))

    op.drop_table('attachment')
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.drop_index('uq_assignment_rapporteur', sqlite_where=sa.text('rapporteur'), postgresql_where=sa.text('rapporteur'))
        batch_op.drop_index(batch_op.f('ix_assignment_status'))
        batch_op.drop_index(batch_op.f('ix_assignment_proposal_id'))
        batch_op.drop_index(batch_op.f('ix_assignment_expert_id'))
        batch_op.drop_index(batch_op.f('ix_assignment_due_at'))

    op.drop_table('assignment')
    with op.batch_alter_table('agenda_item', schema=None) as batch_op:
        batch_op.drop_index('uq_agenda_item_undecided', sqlite_where=sa.text('outcome IS NULL'), postgresql_where=sa.text('outcome IS NULL'))
        batch_op.drop_index(batch_op.f('ix_agenda_item_session_id'))
        batch_op.drop_index(batch_op.f('ix_agenda_item_proposal_id'))

    op.drop_table('agenda_item')
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_status'))
        batch_op.drop_index(batch_op.f('ix_proposal_lead_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_proposal_created_by_id'))
        batch_op.drop_index(batch_op.f('ix_proposal_call_id'))

    op.drop_table('proposal')
    with op.batch_alter_table('expert_affiliation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_expert_affiliation_user_id'))
        batch_op.drop_index(batch_op.f('ix_expert_affiliation_organisation_id'))

    op.drop_table('expert_affiliation')
    op.drop_table('expert_technology_field')
    op.drop_table('call_technology_field')
    op.drop_table('call_criterion')
    with op.batch_alter_table('vote_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vote_session_status'))
        batch_op.drop_index(batch_op.f('ix_vote_session_closes_at'))

    op.drop_table('vote_session')
    with op.batch_alter_table('expert_profile', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_expert_profile_state_code'))

    op.drop_table('expert_profile')
    with op.batch_alter_table('council_seat', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_council_seat_titular_id'))

    op.drop_table('council_seat')
    with op.batch_alter_table('call', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_call_closes_at'))

    op.drop_table('call')
    op.drop_table('exchange_rate')


def _create_snapshot_triggers():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("""
            CREATE FUNCTION proposal_snapshot_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'proposal_snapshot rows are immutable';
            END $$
        """)
        op.execute("""
            CREATE TRIGGER proposal_snapshot_immutable BEFORE UPDATE OR DELETE ON proposal_snapshot
            FOR EACH ROW EXECUTE FUNCTION proposal_snapshot_immutable()
        """)
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(f"""
                CREATE TRIGGER proposal_snapshot_no_{event.lower()} BEFORE {event}
                ON proposal_snapshot
                BEGIN SELECT RAISE(ABORT, 'proposal_snapshot rows are immutable'); END
            """)


def _drop_snapshot_triggers():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER proposal_snapshot_immutable ON proposal_snapshot")
        op.execute("DROP FUNCTION proposal_snapshot_immutable()")
    else:
        for event in ("update", "delete"):
            op.execute(f"DROP TRIGGER proposal_snapshot_no_{event}")

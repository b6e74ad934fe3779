"""The studies' model of cooperation (DESIGN 4.10): clusters across member states (their
invitations, the members that manage a state's side, the cluster's classification), national
envelopes of a call with their co-funders (and the common envelope made optional), each state's
commitment in a decision, the IP section of a proposal with its background IP, the call's
consortium-agreement rule, the patents and licences of a report, and the co-funder role.

Reviewed by hand: new columns that may not be empty are added with a server default for the
rows that exist, which is then dropped like the model's other defaults (except the cluster's
classification, added in place like the registry's other cluster columns); every existing
cluster is classified from its members' regions with the rule of DESIGN 4.1. On SQLite the
foreign keys are off while tables are rebuilt (``migrations/env.py``) and checked after. Downgrading gives a call
without a common envelope its maximum grant as envelope (the old schema needs one) and removes
the co-funder role's assignments before the old list of roles is restored.

Revision ID: 9846e01021b8
Revises: d9dbaa8acbad
Create Date: 2026-12-06 11:30:52.190262
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.schema import CreateColumn

from portal.reference.classifier import classify

revision = '9846e01021b8'
down_revision = 'd9dbaa8acbad'
branch_labels = None
depends_on = None

OLD_ROLES = ("'admin', 'secretariat', 'contact_point', 'council_member', 'council_alternate', "
             "'expert', 'org_admin', 'org_member', 'cluster_manager'")
NEW_ROLES = OLD_ROLES + ", 'co_funder'"


def upgrade():
    op.create_table('call_envelope',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('state_code', sa.String(length=2), nullable=False),
    sa.Column('amount', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('co_funder_organisation_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("currency IN ('AMD', 'BYN', 'KZT', 'KGS', 'RUB', 'USD', 'EUR')", name=op.f('ck_call_envelope_currency_known')),
    sa.CheckConstraint('amount > 0', name=op.f('ck_call_envelope_amount_positive')),
    sa.ForeignKeyConstraint(['call_id'], ['call.id'], name=op.f('fk_call_envelope_call_id_call'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['co_funder_organisation_id'], ['organisation.id'], name=op.f('fk_call_envelope_co_funder_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['state_code'], ['member_state.code'], name=op.f('fk_call_envelope_state_code_member_state')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call_envelope')),
    sa.UniqueConstraint('call_id', 'state_code', name=op.f('uq_call_envelope_call_id_state_code'))
    )
    with op.batch_alter_table('call_envelope', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_call_envelope_co_funder_organisation_id'), ['co_funder_organisation_id'], unique=False)

    op.create_table('cluster_invitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cluster_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('helix_role', sa.String(length=20), nullable=False),
    sa.Column('manages', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('invited_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("helix_role IN ('business', 'academia', 'government', 'intermediary')", name=op.f('ck_cluster_invitation_helix_role_known')),
    sa.CheckConstraint("status IN ('invited', 'accepted', 'declined', 'withdrawn')", name=op.f('ck_cluster_invitation_status_known')),
    sa.ForeignKeyConstraint(['answered_by_id'], ['user_account.id'], name=op.f('fk_cluster_invitation_answered_by_id_user_account')),
    sa.ForeignKeyConstraint(['cluster_id'], ['cluster.id'], name=op.f('fk_cluster_invitation_cluster_id_cluster'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invited_by_id'], ['user_account.id'], name=op.f('fk_cluster_invitation_invited_by_id_user_account')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_cluster_invitation_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cluster_invitation'))
    )
    with op.batch_alter_table('cluster_invitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cluster_invitation_cluster_id'), ['cluster_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cluster_invitation_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index('uq_cluster_invitation_open', ['cluster_id', 'organisation_id'], unique=True, sqlite_where=sa.text("status = 'invited'"), postgresql_where=sa.text("status = 'invited'"))

    op.create_table('background_ip',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('terms', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('patent', 'know_how', 'software', 'data', 'other')", name=op.f('ck_background_ip_kind_known')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_background_ip_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_background_ip_proposal_id_proposal'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_background_ip'))
    )
    with op.batch_alter_table('background_ip', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_background_ip_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_background_ip_proposal_id'), ['proposal_id'], unique=False)

    with op.batch_alter_table('call', schema=None) as batch_op:
        batch_op.add_column(sa.Column('requires_consortium_agreement', sa.Boolean(),
                                      nullable=False, server_default=sa.false()))
        batch_op.alter_column('budget', existing_type=sa.NUMERIC(precision=18, scale=2),
                              nullable=True)
        batch_op.drop_constraint(op.f('ck_call_grant_within_budget'), type_='check')
    with op.batch_alter_table('call', schema=None) as batch_op:
        batch_op.alter_column('requires_consortium_agreement', server_default=None)
        batch_op.create_check_constraint(
            op.f('ck_call_grant_within_budget'),
            'max_grant > 0 AND (budget IS NULL OR (budget > 0 AND max_grant <= budget))')

    # As in the registry's profiles: the column and its CHECK in one statement, so that SQLite
    # never rebuilds the cluster table (older downgrades drop its columns in place). The server
    # default stays: SQLite cannot drop it without a rebuild, and both databases keep the same.
    column = sa.Column('classification', sa.String(length=20), nullable=False,
                       server_default='national')
    spec = CreateColumn(column).compile(dialect=op.get_bind().dialect)
    op.execute(f"ALTER TABLE cluster ADD COLUMN {spec} CONSTRAINT ck_cluster_classification_known "
               "CHECK (classification IN ('cross_border', 'transnational', 'national'))")
    op.create_index(op.f('ix_cluster_classification'), 'cluster', ['classification'], unique=False)
    _classify_clusters()

    with op.batch_alter_table('cluster_member', schema=None) as batch_op:
        batch_op.add_column(sa.Column('manages', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column('accepted_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_cluster_member_accepted_by_id_user_account'), 'user_account', ['accepted_by_id'], ['id'])
    with op.batch_alter_table('cluster_member', schema=None) as batch_op:
        batch_op.alter_column('manages', server_default=None)

    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.add_column(sa.Column('commitments', sa.JSON(), nullable=False,
                                      server_default='[]'))
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.alter_column('commitments', server_default=None)

    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ip_results_ownership', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('ip_access_rights', sa.Text(), nullable=False,
                                      server_default=''))
        batch_op.create_check_constraint(
            op.f('ck_proposal_ip_results_ownership_known'),
            "ip_results_ownership IN ('creator', 'joint', 'lead')")
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.alter_column('ip_access_rights', server_default=None)

    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.add_column(sa.Column('patents_filed', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('licences_granted', sa.Integer(), nullable=True))
        batch_op.create_check_constraint(op.f('ck_report_patents_filed_not_negative'),
                                         'patents_filed IS NULL OR patents_filed >= 0')
        batch_op.create_check_constraint(op.f('ck_report_licences_granted_not_negative'),
                                         'licences_granted IS NULL OR licences_granted >= 0')

    with op.batch_alter_table('role_assignment', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_role_assignment_known_role'), type_='check')
        batch_op.create_check_constraint(op.f('ck_role_assignment_known_role'),
                                         f"role IN ({NEW_ROLES})")


def _classify_clusters():
    """Classify every cluster from the regions of its members, as the registry does."""
    connection = op.get_bind()
    borders = connection.execute(sa.text("SELECT region_a, region_b FROM border_pair")).all()
    regions: dict[int, list[str]] = {}
    for cluster_id, region in connection.execute(sa.text(
            "SELECT m.cluster_id, o.region_code FROM cluster_member m "
            "JOIN organisation o ON o.id = m.organisation_id")):
        regions.setdefault(cluster_id, []).append(region)
    for cluster_id, members in regions.items():
        verdict = classify(members, [tuple(pair) for pair in borders]).classification
        connection.execute(sa.text("UPDATE cluster SET classification = :c WHERE id = :id"),
                           {"c": str(verdict), "id": cluster_id})



def downgrade():
    op.execute("DELETE FROM role_assignment WHERE role = 'co_funder'")
    with op.batch_alter_table('role_assignment', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_role_assignment_known_role'), type_='check')
        batch_op.create_check_constraint(op.f('ck_role_assignment_known_role'),
                                         f"role IN ({OLD_ROLES})")

    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_report_licences_granted_not_negative'), type_='check')
        batch_op.drop_constraint(op.f('ck_report_patents_filed_not_negative'), type_='check')
        batch_op.drop_column('licences_granted')
        batch_op.drop_column('patents_filed')

    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_proposal_ip_results_ownership_known'), type_='check')
        batch_op.drop_column('ip_access_rights')
        batch_op.drop_column('ip_results_ownership')

    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.drop_column('commitments')

    with op.batch_alter_table('cluster_member', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_cluster_member_accepted_by_id_user_account'), type_='foreignkey')
        batch_op.drop_column('accepted_by_id')
        batch_op.drop_column('manages')

    op.drop_index(op.f('ix_cluster_classification'), table_name='cluster')
    op.drop_column('cluster', 'classification')

    op.execute("UPDATE call SET budget = max_grant WHERE budget IS NULL")
    with op.batch_alter_table('call', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_call_grant_within_budget'), type_='check')
        batch_op.alter_column('budget', existing_type=sa.NUMERIC(precision=18, scale=2),
                              nullable=False)
        batch_op.drop_column('requires_consortium_agreement')
        batch_op.create_check_constraint(op.f('ck_call_grant_within_budget'),
                                         'budget > 0 AND max_grant > 0 AND max_grant <= budget')

    with op.batch_alter_table('background_ip', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_background_ip_proposal_id'))
        batch_op.drop_index(batch_op.f('ix_background_ip_organisation_id'))

    op.drop_table('background_ip')
    with op.batch_alter_table('cluster_invitation', schema=None) as batch_op:
        batch_op.drop_index('uq_cluster_invitation_open', sqlite_where=sa.text("status = 'invited'"), postgresql_where=sa.text("status = 'invited'"))
        batch_op.drop_index(batch_op.f('ix_cluster_invitation_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_cluster_invitation_cluster_id'))

    op.drop_table('cluster_invitation')
    with op.batch_alter_table('call_envelope', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_call_envelope_co_funder_organisation_id'))

    op.drop_table('call_envelope')

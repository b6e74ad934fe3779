"""Loading the demo data of DESIGN 7: twice, and through the command. What the loaded data holds
is tested in ``test_demo_contents.py``, which loads it once for all its tests."""

from sqlalchemy import func, select

from portal.accounts import services as accounts
from portal.accounts import two_factor
from portal.accounts.models import User
from portal.core.audit import AuditEntry
from portal.council.models import Ballot, Decision, VoteSession
from portal.demo.clusters import CLUSTERS
from portal.demo.loader import DEMO_PASSWORD, demo_people, load_demo
from portal.notifications.models import OutboxMessage
from portal.proposals.models import Proposal, ProposalSnapshot, StatusChange
from portal.registry.models import Cluster, ClusterMember, Organisation
from portal.review.models import Assignment, Review

MODELS = (User, Organisation, Cluster, ClusterMember, AuditEntry, Proposal, ProposalSnapshot,
          StatusChange, Assignment, Review, VoteSession, Ballot, Decision, OutboxMessage)


def _count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_loading_twice_creates_nothing_the_second_time_and_the_audit_log_verifies(session,
                                                                                  runner):
    first = load_demo()
    totals = [_count(session, model) for model in MODELS]
    second = load_demo()
    assert first == {"users created": 72, "organisations created": 105, "clusters created": 12,
                     "members added": 109, "invitations sent": 6,
                     "exchange rates stored": 14, "calls opened": 2,
                     "proposals created": 19,
                     "vote sessions created": 4, "decisions taken": 7,
                     "projects started": 3, "reports written": 9}
    assert set(second.values()) == {0}
    assert [_count(session, model) for model in MODELS] == totals
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "intact" in result.output


def test_demo_load_command_prints_every_login_and_two_factor_codes_sign_in(session, runner):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert "105 organisations created" in result.output and DEMO_PASSWORD in result.output
    assert "19 proposals created" in result.output and "3 projects started" in result.output
    for person in demo_people():
        assert person.email in result.output
    assert "cluster_manager:" in result.output and "org_admin:" in result.output
    needing = [u for u in session.scalars(select(User)) if two_factor.requires_two_factor(u)]
    assert len(needing) == 17 and all(u.totp_secret for u in needing)
    step = accounts.check_credentials("council.kz@demo.portal", DEMO_PASSWORD)
    assert step.needs_code and not step.needs_setup
    printed = runner.invoke(args=["users", "totp", "council.kz@demo.portal"]).output.strip()
    assert accounts.check_second_factor(step.user, printed)


def test_catalogue_keeps_one_management_organisation_first_in_each_cluster():
    assert len(CLUSTERS) == 12
    assert len({c.key for c in CLUSTERS}) == 12
    for cluster in CLUSTERS:
        assert cluster.members[0].helix in {"intermediary", "academia"}
        assert cluster.members[cluster.member_login].helix == "business"

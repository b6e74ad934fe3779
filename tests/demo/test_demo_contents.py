"""The demo data of DESIGN 7 as a newcomer finds it: loaded once for the module (loading takes
seconds), each test in a savepoint of that one transaction, rolled back after it. Tests that load
for themselves (twice, or through the command) are in ``test_demo.py``."""

from collections import Counter
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from portal.accounts import services as accounts
from portal.accounts.roles import Role
from portal.core.audit import AuditEntry
from portal.council import services as council
from portal.council.models import Decision, VoteSession
from portal.council.permissions import is_open_for_votes
from portal.council.seats import seat_of
from portal.demo.council import DEMO_SESSION_TITLE
from portal.demo.loader import DEMO_PASSWORD, demo_logins, demo_people
from portal.money.models import ExchangeRate
from portal.proposals import facts
from portal.proposals.models import Proposal, StatusChange
from portal.proposals.workflow import ProposalStatus
from portal.reference.models import NaceCode, Region
from portal.registry.classification import classification_of
from portal.registry.models import Cluster, ClusterInvitation, ClusterMember, Organisation
from portal.review import services as review
from portal.review.models import ExpertProfile
from tests.demo.support import demo_in_a_transaction

#: Smolensk and Kaluga with the members of other states that accepted their invitations.
MEMBERS_BY_REGION = {"RU-KLU": 15, "RU-SPE": 12, "RU-YAR": 8, "RU-ALT": 8, "RU-SMO": 10,
                     "KZ-35": 8, "KZ-79": 10, "KZ-55": 6, "BY-VI": 10, "BY-HM": 8, "KG-C": 6,
                     "AM-ER": 8}


@pytest.fixture(scope="module")
def loaded(app):
    """The demo, loaded once in a transaction of its own that is rolled back after the module."""
    with demo_in_a_transaction(app) as session:
        yield session


@pytest.fixture
def demo(loaded):
    """The loaded demo; what the test writes is rolled back."""
    savepoint = loaded.begin_nested()
    try:
        yield loaded
    finally:
        if savepoint.is_active:
            savepoint.rollback()


def _demo_organisations(session) -> list[Organisation]:
    return list(session.scalars(select(Organisation).where(Organisation.external_ref.like("demo-%"))))


def test_twelve_published_demo_clusters_have_the_member_counts_of_the_design(demo):
    clusters = demo.scalars(select(Cluster)).all()
    assert {c.region_code: len(c.members) for c in clusters} == MEMBERS_BY_REGION
    assert all("(demo)" in c.name and c.status == "published" for c in clusters)
    assert all(c.management_organisation_id in {m.organisation_id for m in c.members}
               for c in clusters)


def test_quality_labels_and_the_university_led_vitebsk_cluster(demo):
    by_region = {c.region_code: c for c in demo.scalars(select(Cluster))}
    assert by_region["RU-KLU"].quality_label == "ESCA Silver (since 2017)"
    assert by_region["KZ-79"].quality_label == "ESCA Bronze (2019)"
    vitebsk = by_region["BY-VI"]
    assert vitebsk.founded_year == 2015
    assert vitebsk.management_organisation.kind == "university"


def test_every_organisation_has_a_nace_class_a_helix_role_and_a_real_region_of_its_state(demo):
    organisations = _demo_organisations(demo)
    assert len(organisations) == 105
    classes = set(demo.scalars(select(NaceCode.code).where(NaceCode.level == "class")))
    regions = {r.code: r.state_code for r in demo.scalars(select(Region))}
    roles = dict(demo.execute(select(ClusterMember.organisation_id, ClusterMember.helix_role)).all())
    for organisation in organisations:
        assert organisation.nace_codes and set(organisation.nace_codes) <= classes, organisation.name
        assert roles[organisation.id] in {"business", "academia", "government", "intermediary"}
        assert regions[organisation.region_code] == organisation.state_code, organisation.name
        assert organisation.status == "published"
        assert organisation.description and 1 <= len(organisation.offers) <= 3
        assert len(organisation.needs) <= 3 and organisation.technology_fields


def test_members_of_another_state_joined_by_accepting(demo):
    for cluster in demo.scalars(select(Cluster)):
        assert all(m.accepted_by_id is not None for m in cluster.members
                   if m.organisation.state_code != cluster.state_code), cluster.name


def test_smolensk_is_cross_border_and_kaluga_transnational(demo):
    by_region = {c.region_code: c for c in demo.scalars(select(Cluster))}
    smolensk, kaluga = by_region["RU-SMO"], by_region["RU-KLU"]
    assert smolensk.classification == "cross_border"
    assert ("BY-VI", "RU-SMO") in classification_of(smolensk).border_pairs
    assert kaluga.classification == "transnational"
    assert classification_of(kaluga).states == ("AM", "RU")
    invest = next(m for m in smolensk.members if "Витебск-Инвест" in m.organisation.name)
    assert invest.manages
    assert accounts.user_by_email("office.vitebsk-invest@demo.portal").has_role(
        Role.CLUSTER_MANAGER, smolensk.id)
    waiting = demo.scalars(select(ClusterInvitation).where(
        ClusterInvitation.status == "invited")).all()
    assert [(i.cluster_id, i.organisation.state_code) for i in waiting] == [(smolensk.id, "BY")]
    assert waiting[0].organisation_id not in {m.organisation_id for m in smolensk.members}


def test_members_are_mostly_businesses_with_a_fifth_from_academia(demo):
    roles = Counter(demo.scalars(select(ClusterMember.helix_role)))
    total = sum(roles.values())
    assert 0.6 <= roles["business"] / total <= 0.7
    assert 0.15 <= roles["academia"] / total <= 0.25
    kinds = Counter(o.kind for o in _demo_organisations(demo))
    assert set(kinds) == {"enterprise", "university", "research_institute", "government",
                          "development_institution", "financial"}


def test_profiles_are_written_in_the_languages_of_their_states(demo):
    languages = Counter((o.state_code == "AM", o.language) for o in _demo_organisations(demo))
    assert languages[(True, "en")] > languages[(True, "ru")]
    assert languages[(False, "ru")] > 4 * languages[(False, "en")] > 0


def _texts(session, region_prefix: str, attribute: str) -> str:
    return " ".join(" ".join(getattr(o, attribute)) for o in _demo_organisations(session)
                    if o.region_code.startswith(region_prefix)).lower()


def test_needs_meet_offers_across_borders_and_languages(demo):
    assert "стерилизация медицинских изделий этиленоксидом" in _texts(demo, "RU-SMO", "needs")
    assert "ethylene-oxide sterilisation of medical devices" in _texts(demo, "BY-VI", "offers")
    assert "каустической соды" in _texts(demo, "RU-ALT", "needs")
    assert "caustic soda" in _texts(demo, "KZ-55", "offers")
    assert "биоудобрения" in _texts(demo, "KZ-31", "needs")
    assert "biofertilisers" in _texts(demo, "KG-C", "offers")


def test_demo_creation_is_audited_with_the_demo_actor(demo):
    actions = Counter(demo.scalars(select(AuditEntry.action).where(AuditEntry.actor == "demo")))
    assert actions["organisation.create"] == actions["organisation.publish"] == 105
    assert actions["cluster.create"] == actions["cluster.publish"] == 12
    assert actions["cluster.member_add"] == 104
    assert actions["user.create"] == 72


def test_every_role_of_the_design_has_a_demo_login(demo):
    roles = {role.partition(":")[0] for line, _email in demo_logins() for role in line.split(", ")}
    assert roles == {str(role) for role in Role}
    users = {accounts.user_by_email(person.email) for person in demo_people()}
    assert None not in users
    assert {Role(r.role) for user in users for r in user.roles} == set(Role)


def test_cluster_logins_are_scoped_to_their_cluster_and_organisations(demo):
    kaluga = demo.scalar(select(Cluster).where(Cluster.region_code == "RU-KLU"))
    manager = accounts.user_by_email("manager.kaluga@demo.portal")
    office = accounts.user_by_email("office.kaluga@demo.portal")
    member = accounts.user_by_email("member.kaluga@demo.portal")
    assert manager.has_role(Role.CLUSTER_MANAGER, kaluga.id)
    assert office.has_role(Role.ORG_ADMIN, kaluga.management_organisation_id)
    firm = demo.scalar(select(Organisation).where(Organisation.external_ref == "demo-ru-klu-02"))
    assert member.has_role(Role.ORG_MEMBER, firm.id)


def test_every_demo_user_signs_in_with_the_demo_password(demo):
    for person in demo_people()[::9]:
        assert accounts.check_credentials(person.email, DEMO_PASSWORD).user.email == person.email


def _proposal(session, acronym: str) -> Proposal:
    return session.scalar(select(Proposal).where(Proposal.acronym == acronym))


def test_every_status_of_the_workflow_has_a_demo_proposal(demo):
    statuses = set(demo.scalars(select(Proposal.status)))
    assert statuses == {str(status) for status in ProposalStatus}


def test_the_proposals_of_the_design_have_their_rule_outcomes(demo):
    expected = {"STERIL-BORDER": "cross_border", "ALTAI-IRTYSH": "cross_border",
                "CHUY-TARAZ-BIO": "cross_border", "BIOEQ-KV": "transnational",
                "PHYTO-API": "transnational", "PET-ARARAT": "transnational",
                "EURASIA-BIOSIM": "transnational", "SMOL-BRYANSK": "national"}
    for acronym, classification in expected.items():
        assert _proposal(demo, acronym).classification == classification, acronym
    regions = {p.organisation.region_code for p in _proposal(demo, "ALTAI-IRTYSH").partners}
    assert regions == {"RU-ALT", "KZ-55", "KZ-10"}
    states = {p.organisation.state_code for p in _proposal(demo, "EURASIA-BIOSIM").partners}
    assert states == {"RU", "BY", "KZ"}
    national = _proposal(demo, "SMOL-BRYANSK")
    assert national.status == "ineligible"
    assert [reason["code"] for reason in national.eligibility_reasons] == ["too_few_states"]


def test_demo_budgets_are_in_each_partners_currency_and_totalled_at_dated_rates(demo):
    proposal = _proposal(demo, "EURASIA-BIOSIM")
    currencies = {p.organisation.state_code: {line.currency for line in p.budget}
                  for p in proposal.partners}
    assert currencies == {"RU": {"RUB"}, "BY": {"BYN"}, "KZ": {"KZT"}}
    lines = [line for partner in proposal.partners for line in partner.budget]
    assert all(line.rate is not None and line.rate_date is not None for line in lines)
    assert {line.rate for line in lines if line.currency == "KZT"} == {Decimal("0.1548")}
    summary = facts.budget_summary(proposal)
    total = sum((line.amount * line.rate for line in lines), Decimal(0))
    assert summary is not None and summary.total == total.quantize(Decimal("0.01"))
    assert Decimal(30_000_000) < summary.total < Decimal(36_000_000)
    assert demo.scalar(select(func.count()).select_from(ExchangeRate).where(
        ExchangeRate.quote == "RUB", ExchangeRate.currency.in_(["KZT", "BYN", "AMD", "KGS"]))
    ) == 8
    for acronym in ("DENTAL-STERIL", "CHUY-TARAZ-BIO"):
        assert facts.budget_summary(_proposal(demo, acronym)) is not None, acronym


def test_the_demos_eligible_proposals_pass_their_check_with_their_budgets_converted(demo):
    for proposal in demo.scalars(select(Proposal).where(Proposal.eligibility_passed.is_(True))):
        assert facts.check(proposal, proposal.submitted_at) == (), proposal.acronym


def test_proposals_went_through_the_workflow_with_history_snapshots_and_reviews(demo):
    completed = _proposal(demo, "VOLGA-INJECT")
    path = list(demo.scalars(select(StatusChange.to_status).where(
        StatusChange.proposal_id == completed.id).order_by(StatusChange.id)))
    assert path == ["submitted", "eligible", "in_review", "consolidation", "ready_for_council",
                    "on_agenda", "approved", "in_implementation", "completed"]
    assert completed.snapshot_number == 1
    panel = review.panel(completed)
    assert len({a.expert_id for a in panel}) == 3 and all(a.status == "submitted" for a in panel)
    assert len({demo.get(ExpertProfile, a.expert_id).state_code for a in panel}) == 3
    assert demo.scalar(select(func.count()).select_from(ExpertProfile)) == 6


def test_vote_sessions_show_each_tally_rule(demo):
    outcomes = {}
    for decision in demo.scalars(select(Decision)):
        proposal = demo.get(Proposal, decision.proposal_id)
        choices = Counter(b["choice"] for b in decision.ballots)
        outcomes[proposal.acronym] = (decision.outcome, decision.rule, len(decision.ballots),
                                      choices["for"], decision.entered_into_force_at is not None)
    assert outcomes == {
        "VOLGA-INJECT": ("adopted", "consensus", 5, 5, True),
        "STERIL-BORDER": ("adopted", "consensus", 5, 5, True),
        "ERTIS-CHUY": ("adopted", "consensus", 5, 5, True),
        "PHYTO-API": ("adopted", "consensus", 5, 4, False),
        "BIOEQ-KV": ("no_consensus", "consensus", 5, 4, False),
        "AMPOULE-GLASS": ("rejected", "qualified_majority", 10, 6, False),
        "ALTAI-IRTYSH": ("adopted", "qualified_majority", 10, 7, False),
    }
    assert _proposal(demo, "PHYTO-API").status == "approved_with_conditions"


def test_a_newcomer_votes_in_the_open_written_procedure_with_a_demo_council_login(demo):
    session = demo.scalar(select(VoteSession).where(VoteSession.title == DEMO_SESSION_TITLE))
    assert session.kind == "written" and session.status == "open"
    assert is_open_for_votes(session)
    assert {demo.get(Proposal, item.proposal_id).status for item in session.items} == {
        "on_agenda"}
    member = accounts.user_by_email("council.kz@demo.portal")
    ballot = council.cast_ballot(session.items[0].id, member, "for")
    assert (ballot.state_code, ballot.seat_number, ballot.counted) == ("KZ", 1, True)


def test_board_mode_has_a_second_seat_per_state(demo):
    for state in ("AM", "BY", "KG", "KZ", "RU"):
        second = accounts.user_by_email(f"council2.{state.lower()}@demo.portal")
        first = accounts.user_by_email(f"council.{state.lower()}@demo.portal")
        assert second.has_role(Role.COUNCIL_MEMBER, state)
        assert (seat_of(first).number, seat_of(second).number) == (1, 2)


def test_the_co_funders_represent_a_development_agency_of_their_state(demo):
    for email, name in (
            ("cofunder.ru@demo.portal", "Агентство промышленной кооперации «Калуга-Интеграция»"),
            ("cofunder.by@demo.portal", "Агентство регионального развития «Витебск-Инвест»")):
        agency = demo.scalar(select(Organisation).where(Organisation.name == name))
        user = accounts.user_by_email(email)
        assert [str(spec) for spec in user.role_specs()] == [f"co_funder:{agency.id}"]
        assert (f"co_funder:{agency.id}", email) in demo_logins()

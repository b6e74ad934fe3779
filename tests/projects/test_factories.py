"""The shared builders of funded projects agree with the schedule's rules."""

from tests.factories import make_project


def test_a_built_project_has_its_schedule_and_a_grant_per_partner(session):
    project = make_project(period_months=6)

    assert [period.number for period in project.periods] == [1, 2, 3, 4]
    assert [period.final for period in project.periods] == [False, False, False, True]
    assert len(project.grants) == len(project.proposal.partners)
    assert project.proposal.status == "in_implementation"

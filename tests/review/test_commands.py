"""``portal experts add``: the expert profile from the command line."""

from __future__ import annotations

from portal.extensions import db
from portal.review.models import ExpertAffiliation, ExpertProfile
from tests.factories import make_organisation, make_user


def test_experts_add_creates_the_profile_and_gives_the_role(runner, session):
    user = make_user(email="new-expert@example.org")
    organisation = make_organisation()
    session.commit()
    result = runner.invoke(args=["experts", "add", "new-expert@example.org", "--state", "kz",
                                 "--field", "it_electronics", "--affiliation", str(organisation.id)])
    assert result.exit_code == 0, result.output
    profile = db.session.get(ExpertProfile, user.id)
    assert profile.state_code == "KZ" and [f.key for f in profile.technology_fields] == ["it_electronics"]
    assert db.session.query(ExpertAffiliation).filter_by(user_id=user.id).count() == 1
    db.session.refresh(user)
    assert user.has_role("expert")


def test_experts_add_refuses_unknown_values(runner, session):
    make_user(email="other-expert@example.org")
    session.commit()
    result = runner.invoke(args=["experts", "add", "other-expert@example.org", "--state", "ZZ",
                                 "--field", "nothing", "--affiliation", "999999"])
    assert result.exit_code != 0
    assert "state" in result.output and "fields" in result.output and "affiliations" in result.output
    assert runner.invoke(args=["experts", "add", "nobody@example.org", "--state", "KZ"]).exit_code != 0

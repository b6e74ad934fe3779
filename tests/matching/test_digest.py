"""The match digest: a member subscribes; a due digest mails the new suggestions once; a
repeated run sends nothing; a new or better suggestion is news again."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.core.db import utcnow
from portal.core.errors import PermissionDenied, ValidationError
from portal.extensions import db
from portal.matching.digest import subscribe_to_digest, unsubscribe_from_digest
from portal.matching.models import MatchSent, MatchSubscription
from portal.matching.services import embed_organisation, rebuild_index
from portal.matching.tasks import send_digests
from portal.registry.services import create_organisation, publish_organisation
from tests.accounts.helpers import mails
from tests.factories import make_user


def _member(matching_set, email="member@example.org", language="en"):
    user = make_user(f"org_member:{matching_set['seeker']}", email=email)
    user.language = language
    return user


def test_a_due_digest_mails_the_new_suggestions_once(session, matching_set):
    user = _member(matching_set)
    subscribe_to_digest(matching_set["seeker"], "daily", user)
    db.session.commit()
    assert send_digests.run() == 1
    [mail] = mails("match_digest", "member@example.org")
    assert "Смоленские изделия" in mail.subject
    assert "Vitebsk Beam" in mail.body and "Almaty Irradiation" in mail.body
    assert "offers “Electron-beam sterilisation" in mail.body
    assert "Московская стерилизация" not in mail.body  # same state: not a partner across borders
    assert f"/organisations/{matching_set['seeker']}/matches" in mail.body
    sent = db.session.scalars(db.select(MatchSent)).all()
    assert {row.partner_id for row in sent} >= {matching_set["vitebsk"], matching_set["almaty"]}
    assert send_digests.run() == 0  # not due again until tomorrow
    assert len(mails("match_digest")) == 1


def test_the_next_digest_names_only_new_suggestions(session, matching_set):
    user = _member(matching_set, "next@example.org")
    subscription = subscribe_to_digest(matching_set["seeker"], "daily", user)
    db.session.commit()
    send_digests.run()
    subscription.last_sent_at = utcnow() - timedelta(days=1)
    db.session.commit()
    assert send_digests.run() == 0  # due, but nothing new: no mail
    newcomer = create_organisation(
        actor="test", name="Minsk Beam Lab", kind="research_institute", state="BY",
        region="BY-MI", language="ru",
        offers=["Радиационная стерилизация одноразовых медицинских изделий и имплантатов"])
    publish_organisation(newcomer.id, "test")
    embed_organisation(newcomer.id)
    db.session.commit()
    rebuild_index()
    subscription.last_sent_at = utcnow() - timedelta(days=1)
    db.session.commit()
    assert send_digests.run() == 1
    second = mails("match_digest", "next@example.org")[-1]
    assert "Minsk Beam Lab" in second.body and "Vitebsk Beam" not in second.body


def test_a_weekly_digest_waits_a_week_and_is_in_the_users_language(session, matching_set):
    user = _member(matching_set, "weekly@example.org", language="ru")
    subscription = subscribe_to_digest(matching_set["seeker"], "weekly", user)
    subscription.last_sent_at = utcnow() - timedelta(days=3)
    db.session.commit()
    assert send_digests.run() == 0
    subscription.last_sent_at = utcnow() - timedelta(days=7)
    db.session.commit()
    assert send_digests.run() == 1
    [mail] = mails("match_digest", "weekly@example.org")
    assert mail.language == "ru"


def test_only_members_subscribe_and_a_bad_schedule_is_refused(session, matching_set):
    outsider = make_user(email="outsider@example.org")
    with pytest.raises(PermissionDenied):
        subscribe_to_digest(matching_set["seeker"], "daily", outsider)
    member = _member(matching_set, "choosy@example.org")
    with pytest.raises(ValidationError):
        subscribe_to_digest(matching_set["seeker"], "hourly", member)
    subscribe_to_digest(matching_set["seeker"], "daily", member)
    subscribe_to_digest(matching_set["seeker"], "weekly", member)  # rescheduled, not doubled
    [subscription] = db.session.scalars(db.select(MatchSubscription)).all()
    assert subscription.schedule == "weekly"
    unsubscribe_from_digest(matching_set["seeker"], member)
    assert db.session.scalars(db.select(MatchSubscription)).all() == []

"""The mails of funded projects: reminders 14 and 3 days before a report's due date and the day
after it (on the call's local day), the escalation at 30 days overdue, a report submitted,
returned or accepted, a project completed. Each goes to the right people, in their language and
time zone, once, however often the sweep runs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from portal.accounts.models import RoleAssignment
from portal.core.db import utcnow
from portal.extensions import db
from portal.notifications.models import NotificationKey, OutboxMessage
from portal.projects import notices, reminders
from portal.projects.models import Report, ReportVersion
from portal.projects.reminders import ReminderKind
from portal.projects.tasks import send_report_notices
from tests.factories import (
    make_approved_proposal,
    make_call,
    make_organisation,
    make_project,
    make_user,
)
from tests.perf.test_statement_counts import statements

#: UTC+10 all year: a local day starts at 14:00 UTC the day before.
ZONE = "Asia/Vladivostok"
K = ReminderKind


@dataclass
class World:
    project: object
    period: object
    lead_member: object
    partner_admin: object
    outsider: object
    secretary: object
    cp_lead: object
    cp_partner: object
    council: list


@pytest.fixture
def world(session) -> World:
    call = make_call(timezone=ZONE)
    lead, partner = make_organisation("RU", "RU-SMO"), make_organisation("BY", "BY-VI")
    lead_member = make_user(f"org_member:{lead.id}")
    lead_member.timezone = "Asia/Almaty"
    partner_admin = make_user(f"org_admin:{partner.id}", language="ru")
    partner_admin.timezone = "Europe/Moscow"
    outsider = make_user(f"org_member:{make_organisation('RU', 'RU-MOW').id}")
    secretary = make_user("secretariat")
    proposal = make_approved_proposal(call=call, partners=[lead, partner], creator=lead_member,
                                      acronym="PHARMA", title="Aseptic fill-finish lines")
    project = make_project(proposal, signed_on=date(2027, 1, 14), creator=secretary)
    council = [make_user(f"council_{kind}:{state}") for kind in ("member", "alternate")
               for state in ("RU", "BY")]
    db.session.flush()
    return World(project, project.periods[0], lead_member, partner_admin, outsider, secretary,
                 make_user("contact_point:RU"), make_user("contact_point:BY"), council)


def local(day: date, hour: int, minute: int) -> datetime:
    """A moment of the call's local day, in UTC."""
    return datetime.combine(day, time(hour, minute), tzinfo=ZoneInfo(ZONE)).astimezone(UTC)


def on_day(period, offset: int, hour: int = 0, minute: int = 5) -> datetime:
    return local(period.due_on + timedelta(days=offset), hour, minute)


def told(template: str) -> dict[int, list[OutboxMessage]]:
    found: dict[int, list[OutboxMessage]] = {}
    for message in db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.template == template).order_by(OutboxMessage.id)):
        found.setdefault(message.user_id, []).append(message)
    return found


def ids(*users) -> set[int]:
    return {user.id for user in users}


def add_report(world: World, status: str, submissions: int = 1, **fields) -> Report:
    report = Report(period_id=world.period.id, project_id=world.project.id, status=status,
                    created_by_id=world.lead_member.id, **fields)
    report.versions = [ReportVersion(number=n, submitted_by_id=world.lead_member.id, content={})
                       for n in range(1, submissions + 1)] if status != "draft" else []
    db.session.add(report)
    db.session.flush()
    return report


OFFSETS = [(K.BEFORE_14, -14), (K.BEFORE_3, -3), (K.AFTER_1, 1), (K.OVERDUE_30, 30)]


@pytest.mark.parametrize(("kind", "offset"), OFFSETS)
def test_each_reminder_is_due_on_its_local_day_only(kind, offset):
    due_on = date(2027, 3, 15)

    def due(day_offset, hour, minute):
        return reminders.reminder_due(
            due_on, ZONE, local(due_on + timedelta(days=day_offset), hour, minute))

    assert due(offset, 0, 0) is kind and due(offset, 0, 5) is kind and due(offset, 23, 59) is kind
    assert due(offset - 1, 23, 59) is None and due(offset + 1, 0, 0) is None
    # 00:05 local is 14:05 UTC the day before: the UTC date would have been a day off
    assert local(due_on + timedelta(days=offset), 0, 5).date() == (
        due_on + timedelta(days=offset - 1))


def test_no_reminder_on_the_due_date_itself_nor_between_the_steps():
    due_on = date(2027, 3, 15)
    for offset in (-15, -13, -4, -2, -1, 0, 2, 29, 31):
        moment = local(due_on + timedelta(days=offset), 12, 0)
        assert reminders.reminder_due(due_on, ZONE, moment) is None, offset


def test_the_sweep_looks_only_at_due_dates_from_31_days_ago_to_15_ahead():
    first, last = reminders.sweep_window(datetime(2027, 3, 15, 12, tzinfo=UTC))
    assert (first, last) == (date(2027, 2, 12), date(2027, 3, 30))


@pytest.mark.parametrize(("kind", "offset", "subject"), [
    (K.BEFORE_14, -14, "is due in 14 days"), (K.BEFORE_3, -3, "is due in 3 days"),
    (K.AFTER_1, 1, "is overdue")])
def test_each_partner_reminder_goes_on_its_day_to_the_partners_members_once(
        world, kind, offset, subject):
    period = world.period
    assert notices.send_reminders(on_day(period, offset - 1, 23, 55)) == 0
    sent = notices.send_reminders(on_day(period, offset, 0, 5))
    assert notices.send_reminders(on_day(period, offset, 0, 5)) == 0
    assert notices.send_reminders(on_day(period, offset, 23, 55)) == 0
    assert notices.send_reminders(on_day(period, offset + 1, 0, 5)) == 0
    mails = told("project_report_reminder")
    assert set(mails) == ids(world.lead_member, world.partner_admin) and sent == 2
    assert all(len(sent_to) == 1 for sent_to in mails.values())
    english = mails[world.lead_member.id][0]
    assert subject in english.subject and "PHARMA" in english.subject
    assert "Aseptic fill-finish lines" in english.body
    assert f"Report of period 1: from {period.starts_on:%B} " in english.body
    assert notices.reports_link(world.project) in english.body
    keys = set(db.session.scalars(select(NotificationKey.event)))
    assert keys == {f"report.{kind}:{period.id}"}


def test_the_due_date_is_shown_in_the_calls_zone_and_the_readers_in_their_language(world):
    notices.send_reminders(on_day(world.period, -3))
    mails = told("project_report_reminder")
    english, russian = mails[world.lead_member.id][0], mails[world.partner_admin.id][0]
    due = world.period.due_on
    assert english.language == "en" and "Hello," in english.body
    assert f"Due on {due:%B} {due.day}, {due.year}" in english.body
    assert "(UTC+10:00 Vladivostok)" in english.body and "(UTC+05:00 Almaty)" in english.body
    assert russian.language == "ru" and "Здравствуйте" in russian.body
    assert "Владивосток" in russian.body and "Москва" in russian.body


@pytest.mark.parametrize("status", ["draft", "returned"])
def test_a_draft_or_returned_report_is_still_reminded(world, status):
    add_report(world, status)
    assert notices.send_reminders(on_day(world.period, -14)) == 2


@pytest.mark.parametrize("status", ["submitted", "accepted"])
def test_nothing_is_sent_for_a_submitted_or_accepted_report(world, status):
    add_report(world, status, submitted_at=utcnow())
    for _kind, offset in OFFSETS:
        assert notices.send_reminders(on_day(world.period, offset)) == 0
    assert not told("project_report_reminder") and not told("project_report_overdue")


def test_a_completed_project_is_not_reminded(world):
    world.project.completed_at = utcnow()
    db.session.flush()
    assert notices.send_reminders(on_day(world.period, -3)) == 0


def test_at_30_days_overdue_the_secretariat_and_the_lead_states_contact_points_are_told(world):
    other_secretary = make_user("secretariat", language="ru")
    add_report(world, "draft")
    assert notices.send_reminders(on_day(world.period, 29, 23, 55)) == 0
    sent = notices.send_reminders(on_day(world.period, 30))
    assert notices.send_reminders(on_day(world.period, 30, 18)) == 0
    secretariat = set(db.session.scalars(select(RoleAssignment.user_id).where(
        RoleAssignment.role == "secretariat")))
    mails = told("project_report_overdue")
    assert set(mails) == secretariat | ids(world.cp_lead) and sent == len(mails)
    assert other_secretary.id in mails and world.cp_partner.id not in mails
    assert not set(mails) & ids(world.lead_member, world.partner_admin, *world.council)
    body = mails[world.cp_lead.id][0].body
    assert "30 days overdue" in mails[world.cp_lead.id][0].subject
    assert "(Russia)" in body and "started the report but not submitted it" in body
    assert not told("project_report_reminder")
    assert mails[other_secretary.id][0].language == "ru"


def test_the_secretariat_is_told_of_each_submission_and_the_partners_of_each_return(world):
    now = utcnow()
    report = add_report(world, "submitted", submitted_at=now - timedelta(hours=1))
    assert notices.tell_submitted(now) >= 1 and notices.tell_submitted(now) == 0
    assert set(told("project_report_submitted")) >= ids(world.secretary)
    assert world.lead_member.id not in told("project_report_submitted")

    report.status, report.assessed_at = "returned", now
    report.return_reason = "Add the spending of the Belarusian partner."
    db.session.flush()
    assert notices.tell_returned(now) == 2 and notices.tell_returned(now) == 0
    returned = told("project_report_returned")
    assert set(returned) == ids(world.lead_member, world.partner_admin)
    assert "Add the spending of the Belarusian partner." in returned[world.lead_member.id][0].body
    assert "Здравствуйте" in returned[world.partner_admin.id][0].body

    # submitted again and returned again: both told again
    report.versions.append(ReportVersion(number=2, submitted_by_id=world.lead_member.id,
                                         content={}))
    report.status, report.submitted_at = "submitted", now + timedelta(hours=1)
    db.session.flush()
    assert notices.tell_submitted(now + timedelta(hours=1)) >= 1
    assert "submission 2" in told("project_report_submitted")[world.secretary.id][1].body
    report.status, report.assessed_at, report.return_reason = "returned", now, "Still missing."
    db.session.flush()
    assert notices.tell_returned(now + timedelta(hours=2)) == 2
    assert notices.send_report_notices(now + timedelta(hours=2)) == 0
    assert [len(m) for m in told("project_report_returned").values()] == [2, 2]


def test_the_partners_are_told_once_that_their_report_is_accepted(world):
    now = utcnow()
    add_report(world, "accepted", submitted_at=now - timedelta(days=2), assessed_at=now)
    assert notices.tell_accepted(now) == 2 and notices.tell_accepted(now) == 0
    mails = told("project_report_accepted")
    assert set(mails) == ids(world.lead_member, world.partner_admin)
    assert mails[world.lead_member.id][0].subject == "Report accepted: PHARMA"
    assert not notices.tell_accepted(now + notices.LOOKBACK + timedelta(minutes=1))


def test_the_council_is_told_once_of_a_completed_project(world):
    now = utcnow()
    stale = make_project(make_approved_proposal(acronym="OLD"))
    stale.completed_at = now - notices.COMPLETION_LOOKBACK - timedelta(hours=1)
    world.project.completed_at = now - timedelta(days=1)
    db.session.flush()
    council = set(db.session.scalars(select(RoleAssignment.user_id).where(
        RoleAssignment.role.in_(["council_member", "council_alternate"]))))
    assert notices.tell_completed(now) == len(council)
    assert notices.tell_completed(now + timedelta(days=1)) == 0
    mails = told("project_completed")
    assert set(mails) == council >= ids(*world.council)
    assert all(len(sent_to) == 1 for sent_to in mails.values())
    assert mails[world.council[0].id][0].subject == "Project completed: PHARMA"
    assert world.secretary.id not in mails and world.lead_member.id not in mails


def test_a_deactivated_member_is_told_nothing(world):
    world.partner_admin.is_active_account = False
    db.session.flush()
    assert notices.send_reminders(on_day(world.period, -14)) == 1
    assert set(told("project_report_reminder")) == ids(world.lead_member)


def _zone_far_from_midnight() -> str:
    """A zone of the portal whose local time is now between 02:00 and 22:00, so that a test of
    the task (which reads the clock) cannot straddle a local midnight."""
    from portal.core.timezones import ZONES
    return next(zone for zone in ZONES if 2 <= datetime.now(ZoneInfo(zone)).hour < 22)


def test_the_task_sends_todays_reminders_and_a_repeated_run_sends_nothing(app, world):
    app.extensions["celery"].set_current()
    app.extensions["celery"].set_default()
    zone = _zone_far_from_midnight()
    world.project.proposal.call.timezone = zone
    period = world.period
    period.due_on = datetime.now(ZoneInfo(zone)).date() + timedelta(days=3)
    period.ends_on = period.due_on - timedelta(days=30)
    period.starts_on = period.ends_on - timedelta(days=180)
    db.session.flush()
    count = lambda: db.session.scalar(select(func.count(OutboxMessage.id)))  # noqa: E731
    before = count()
    assert send_report_notices.apply().get() == 2
    assert send_report_notices.apply().get() == 0
    assert count() == before + 2


def test_a_sweep_with_nothing_due_reads_its_window_in_as_many_statements_for_more_periods(world):
    moment, due_on = on_day(world.period, -5), world.period.due_on
    call, signed_on = world.project.proposal.call, world.project.signed_on

    def sweep_statements() -> int:
        db.session.expunge_all()
        with statements() as sent:
            assert notices.send_reminders(moment) == 0
        return len(sent)

    few = sweep_statements()
    for _ in range(3):
        project = make_project(make_approved_proposal(call=db.session.merge(call)),
                               signed_on=signed_on)
        assert project.periods[0].due_on == due_on
    assert sweep_statements() == few <= 2

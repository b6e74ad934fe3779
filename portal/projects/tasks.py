"""The funded projects' tasks. Thin and idempotent: the sweep decides from the rows what is due
and sends each notice once (:mod:`portal.projects.notices`), then commits once."""

from __future__ import annotations

from portal.core.celery import portal_task
from portal.core.db import utcnow
from portal.extensions import db
from portal.projects import notices


@portal_task(time_limit=300, soft_time_limit=240)
def send_report_notices() -> int:
    """Every ten minutes: the reminders of the reports due (14 and 3 days before, the day
    after), the escalation at 30 days overdue, and the reports submitted, returned or accepted
    and the projects completed; each recipient is told once, so a repeated run (or a delivery
    twice) sends nothing twice."""
    try:
        sent = notices.send_report_notices(utcnow())
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return sent

"""The Celery application bound to the Flask app: every task runs in its own app context.

The web tier uses it only to publish by name (``portal.core.jobs``); the worker process
(``workers``) registers the tasks on it.
"""

from __future__ import annotations

from celery import Celery, Task
from celery.schedules import crontab
from flask import Flask

from portal.core.jobs import TaskName

BEAT_SCHEDULE = {
    "sweep-outbox": {"task": str(TaskName.SWEEP_OUTBOX), "schedule": crontab(minute="*")},
    "ad-reminders": {"task": str(TaskName.AD_REMINDERS), "schedule": crontab(minute="5")},
    "expire-ads": {"task": str(TaskName.EXPIRE_ADS), "schedule": crontab(minute="10")},
    "expire-interests": {"task": str(TaskName.EXPIRE_INTERESTS), "schedule": crontab(minute="15")},
    "search-digests": {"task": str(TaskName.SEND_SEARCH_DIGESTS),
                       "schedule": crontab(minute=15, hour=6)},
    "review-reminders": {"task": str(TaskName.REVIEW_REMINDERS), "schedule": crontab(minute="20")},
    "match-digests": {"task": str(TaskName.SEND_MATCH_DIGESTS),
                      "schedule": crontab(minute=30, hour=6)},
    "clean-import-uploads": {"task": str(TaskName.CLEAN_IMPORT_UPLOADS),
                             "schedule": crontab(minute=45, hour=3)},
    "reconcile-proposals": {"task": str(TaskName.RECONCILE_PROPOSALS),
                            "schedule": crontab(minute="*/5")},
    "partner-reminders": {"task": str(TaskName.PARTNER_REMINDERS),
                          "schedule": crontab(minute=20, hour=7)},
    "close-due-vote-sessions": {"task": str(TaskName.CLOSE_DUE_SESSIONS),
                                "schedule": crontab(minute="*")},
    "decisions-into-force": {"task": str(TaskName.ENTER_DECISIONS_INTO_FORCE),
                             "schedule": crontab(minute="25")},
}


def celery_init_app(app: Flask) -> Celery:
    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            with app.app_context():
                return self.run(*args, **kwargs)

    celery_app = Celery(app.import_name, task_cls=FlaskTask)
    celery_app.config_from_object(app.config["CELERY"])
    celery_app.conf.beat_schedule = BEAT_SCHEDULE
    celery_app.set_default()
    app.extensions["celery"] = celery_app
    return celery_app

"""The worker process: ``celery -A workers worker`` and ``celery -A workers beat``.

Builds the Flask app (no app context is pushed here: each task runs in its own, see
``portal.core.celery``) and registers the tasks on its Celery application.
"""

from celery.signals import worker_process_init

from portal import create_app

flask_app = create_app()
app = celery = flask_app.extensions["celery"]

from workers import (  # noqa: E402,F401  (registers the tasks)
    council_tasks,
    discovery_tasks,
    proposals_tasks,
    review_tasks,
    tasks,
)


@worker_process_init.connect
def _fresh_connections_after_fork(**_kwargs) -> None:
    from portal.extensions import db

    with flask_app.app_context():
        db.engine.dispose(close=False)

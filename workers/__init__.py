"""The worker process: ``celery -A workers worker`` and ``celery -A workers beat``.

Builds the Flask app, whose features register their tasks (each feature's ``tasks.py``, see
``portal.core.celery``; no app context is pushed here: each task runs in its own), and gives its
Celery application the beat schedule (:mod:`workers.schedule`).
"""

import resource

from celery.signals import worker_process_init

from portal import create_app
from workers.schedule import beat_schedule

flask_app = create_app()
app = celery = flask_app.extensions["celery"]
app.conf.beat_schedule = beat_schedule()


@worker_process_init.connect
def _fresh_connections_after_fork(**_kwargs) -> None:
    from portal.extensions import db

    with flask_app.app_context():
        db.engine.dispose(close=False)


@worker_process_init.connect
def _bounded_memory(**_kwargs) -> None:
    """Each pool process gets the address space of ``WORKER_MEMORY_LIMIT_MB`` (0: unbounded)."""
    limit_address_space(flask_app.config["WORKER_MEMORY_LIMIT_MB"])


def limit_address_space(megabytes: int) -> None:
    """Bound this process's address space (``RLIMIT_AS``, soft and hard: a task cannot lift it),
    never above a bound it already has."""
    if not megabytes:
        return
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = megabytes * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

"""The Celery application bound to the Flask app (every task runs in its own app context), and
:func:`portal_task`, the one decorator every feature's task is declared with.

A feature keeps its tasks in its own ``tasks.py``, imported by its ``init_app``, so that every
app built by the factory (the worker's included) registers them. A task's registered name is
the dotted path of its function, so the name says where the code is. The web tier sends tasks
through :mod:`portal.core.jobs`; the worker process and its beat schedule live in ``workers``.
"""

from __future__ import annotations

from collections.abc import Callable

from celery import Celery, Task, shared_task
from flask import Flask
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError

#: Settings shared by the tasks: acknowledged once done, retried with backoff on the database
#: failures that pass.
RELIABLE = {
    "acks_late": True,
    "autoretry_for": (OperationalError, StaleDataError),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 8,
}


def portal_task(function: Callable | None = None, *, retry_also: tuple[type[Exception], ...] = (),
                **options):
    """Declare a task with the :data:`RELIABLE` settings, named by its function's dotted path;
    ``retry_also`` adds exceptions that are retried too, ``options`` (time limits, ``bind``)
    go to Celery as they are. Used bare (``@portal_task``) or called (``@portal_task(...)``)."""

    def register(task_function: Callable):
        settings = {**RELIABLE, **options,
                    "autoretry_for": (*RELIABLE["autoretry_for"], *retry_also)}
        name = f"{task_function.__module__}.{task_function.__qualname__}"
        return shared_task(name=name, **settings)(task_function)

    return register(function) if function is not None else register


def celery_init_app(app: Flask) -> Celery:
    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            with app.app_context():
                return self.run(*args, **kwargs)

    celery_app = Celery(app.import_name, task_cls=FlaskTask)
    celery_app.config_from_object(app.config["CELERY"])
    celery_app.set_default()
    app.extensions["celery"] = celery_app
    return celery_app

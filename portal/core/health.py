"""``/healthz``: the process is alive. ``/readyz``: the database and the broker answer."""

from __future__ import annotations

import os

from flask import Blueprint, current_app

from portal.extensions import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    return {"status": "ok"}


def _database_ready() -> bool:
    """``SELECT 1`` outside any ORM transaction: on SQLite every transaction starts with
    ``BEGIN IMMEDIATE``, which would wait for a busy writer and report a healthy database down."""
    try:
        connection = db.engine.raw_connection()
        try:
            cursor = connection.cursor()
            cursor.execute("SELECT 1")
            cursor.close()
        finally:
            connection.close()
        return True
    except Exception as error:
        current_app.logger.warning("readiness: database unreachable: %s", error)
        return False


def _broker_ready() -> bool:
    """One connection attempt to the broker; for the embedded filesystem broker, whose
    "connection" always succeeds, its queue folder must also be writable."""
    celery = current_app.extensions["celery"]
    try:
        with celery.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, interval_start=0, timeout=2)
        folder = celery.conf.broker_transport_options.get("data_folder_in")
        if folder and not os.access(folder, os.W_OK):
            raise OSError(f"the broker folder {folder} is not writable")
        return True
    except Exception as error:
        current_app.logger.warning("readiness: broker unreachable: %s", error)
        return False


@bp.get("/readyz")
def readyz():
    checks = {"database": _database_ready(), "broker": _broker_ready()}
    ready = all(checks.values())
    return {"status": "ready" if ready else "not_ready", "checks": checks}, 200 if ready else 503

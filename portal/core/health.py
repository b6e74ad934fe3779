"""``/healthz``: the process is alive. ``/readyz``: the database and the broker answer."""

from __future__ import annotations

from flask import Blueprint, current_app
from sqlalchemy import text

from portal.extensions import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    return {"status": "ok"}


def _database_ready() -> bool:
    try:
        db.session.execute(text("SELECT 1"))
        return True
    except Exception:
        current_app.logger.exception("readiness: database unreachable")
        return False


def _broker_ready() -> bool:
    try:
        with current_app.extensions["celery"].connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:
        current_app.logger.exception("readiness: broker unreachable")
        return False


@bp.get("/readyz")
def readyz():
    checks = {"database": _database_ready(), "broker": _broker_ready()}
    ready = all(checks.values())
    return {"status": "ready" if ready else "not_ready", "checks": checks}, 200 if ready else 503

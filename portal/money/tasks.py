"""The money feature's task: the daily fetch of the Central Bank of Russia's rates."""

from __future__ import annotations

import logging

from flask import current_app

from portal.core.audit import WORKER_ACTOR
from portal.core.celery import portal_task
from portal.extensions import db
from portal.money import published
from portal.money.services import store_published_rates

log = logging.getLogger(__name__)

#: Tries of a fetch that failed, an hour apart at most, before the day is given up.
FETCH_RETRIES = 5


@portal_task(bind=True, time_limit=120, soft_time_limit=90)
def fetch_exchange_rates(self) -> str:
    """Fetch the day's rates from ``RATES_SOURCE_URL`` (from the beat, daily) and store each
    currency's rate in roubles with the source ``cbr``; nothing when the setting is empty.
    Storing is idempotent (a rate already stored that day is kept). A source that is down,
    slow or sends something else is logged and tried again later; the worker goes on."""
    url = current_app.config.get("RATES_SOURCE_URL") or ""
    if not url:
        return "not configured"
    try:
        content = published.fetch(url, current_app.config["RATES_TIMEOUT"])
        day, rates = published.parse_cbr_daily(content)
    except published.RatesUnavailable as error:
        if self.request.retries < FETCH_RETRIES:
            log.warning("exchange rates unavailable, trying again: %s", error)
            raise self.retry(countdown=min(300 * 2 ** self.request.retries, 3600)) from error
        log.error("exchange rates unavailable, giving up for today: %s", error)
        return "failed"
    stored = store_published_rates(((code, "RUB", rate, day) for code, rate in rates),
                                   published.CBR, WORKER_ACTOR)
    db.session.commit()
    log.info("exchange rates of %s: %d stored", day.isoformat(), stored)
    return f"stored {stored}"

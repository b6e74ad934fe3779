"""The daily fetch of the Central Bank of Russia's rates, against a local HTTP server serving a
recorded document: windows-1251, comma decimals, ``Nominal`` dividing; stored as currency→RUB
with the source ``cbr``, once; a source that fails is logged and retried, never a crash."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.money import published
from portal.money.models import ExchangeRate
from portal.money.tasks import FETCH_RETRIES, fetch_exchange_rates

RECORDED = Path(__file__).parent.parent / "data" / "cbr" / "XML_daily_2026-12-05.xml"


@pytest.fixture(autouse=True)
def _tasks_run_in_this_app(app):
    """The task runs in the Flask app its Celery app was made with: the latest one built, unless
    this test's is made the default again (other tests build apps of their own)."""
    app.extensions["celery"].set_current()
    app.extensions["celery"].set_default()


@contextmanager
def serving(body: bytes, status: int = 200, delay: float = 0) -> Iterator[str]:
    """A local HTTP server in a thread answering every GET with ``body``; yields its URL."""
    requests: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            if delay:
                threading.Event().wait(delay)
            self.send_response(status)
            self.send_header("Content-Type", "application/xml; charset=windows-1251")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/scripts/XML_daily.asp"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _stored() -> dict[str, tuple]:
    return {r.currency: (r.quote, r.rate, r.on, r.source)
            for r in db.session.scalars(select(ExchangeRate))}


def test_the_recorded_document_parses_with_nominals_dividing():
    day, rates = published.parse_cbr_daily(RECORDED.read_bytes())
    found = dict(rates)
    assert day == date(2026, 12, 5)
    assert found["KZT"] == Decimal("0.154812") and found["BYN"] == Decimal("26.3512")
    assert found["KGS"] == Decimal("0.90341") and found["AMD"] == Decimal("0.204562")
    assert len(rates) == 10


def test_the_task_stores_each_known_currency_in_roubles_once(app, session, monkeypatch):
    with serving(RECORDED.read_bytes()) as url:
        monkeypatch.setitem(app.config, "RATES_SOURCE_URL", url)
        assert fetch_exchange_rates.apply().get() == "stored 7"
        assert fetch_exchange_rates.apply().get() == "stored 0"
    stored = _stored()
    assert set(stored) == {"AMD", "BYN", "CNY", "EUR", "KGS", "KZT", "USD"}
    assert stored["KZT"] == ("RUB", Decimal("0.15481200"), date(2026, 12, 5), "cbr")
    assert stored["KGS"][1] == Decimal("0.90341000")


def test_without_a_source_url_the_task_does_nothing(app, session, monkeypatch):
    monkeypatch.setitem(app.config, "RATES_SOURCE_URL", "")
    assert fetch_exchange_rates.apply().get() == "not configured"
    assert _stored() == {}


@pytest.mark.parametrize(("body", "status"), [
    (b"<html>Service unavailable</html>", 503),
    (b"<html>not the rates</html>", 200),
    (b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'aaaa'>]><ValCurs Date='05.12.2026'/>", 200),
    (b"<ValCurs Date='yesterday'></ValCurs>", 200),
    (b"<ValCurs Date='05.12.2026'><Valute><CharCode>KZT</CharCode><Nominal>0</Nominal>"
     b"<Value>15,1</Value></Valute></ValCurs>", 200),
    (b"x" * (published.MAX_BYTES + 10), 200),
])
def test_a_failing_source_is_logged_and_retried_and_nothing_is_stored(
        app, session, monkeypatch, caplog, body, status):
    with serving(body, status) as url:
        monkeypatch.setitem(app.config, "RATES_SOURCE_URL", url)
        result = fetch_exchange_rates.apply()
    assert result.get() == "failed"
    warnings = [r for r in caplog.records if "trying again" in r.getMessage()]
    assert len(warnings) == FETCH_RETRIES
    assert any("giving up" in r.getMessage() for r in caplog.records)
    assert _stored() == {}


def test_a_slow_source_times_out(app, session, monkeypatch):
    with serving(RECORDED.read_bytes(), delay=2) as url:
        monkeypatch.setitem(app.config, "RATES_SOURCE_URL", url)
        with pytest.raises(published.RatesUnavailable):
            published.fetch(url, timeout=0.3)


def test_only_http_addresses_are_fetched():
    with pytest.raises(published.RatesUnavailable):
        published.fetch("file:///etc/passwd", timeout=1)
